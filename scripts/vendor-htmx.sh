#!/usr/bin/env bash
# Refresh the vendored htmx from the npm registry: scripts/vendor-htmx.sh [VERSION]
set -euo pipefail
version="${1:-2.0.11}"
dest="$(dirname "$0")/../static/vendor/htmx"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@$version" >/dev/null && tar xzf htmx.org-*.tgz)
mkdir -p "$dest"
cp "$tmp/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
echo "htmx $version vendored into static/vendor/htmx"
