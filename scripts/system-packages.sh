#!/usr/bin/env bash
# Install the Debian packages the portal needs, only those still missing.
#   scripts/system-packages.sh run    -- what the portal needs to run (WeasyPrint, CJK fonts)
#   scripts/system-packages.sh test   -- plus what the test suite needs
set -euo pipefail
run_pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk)
test_pkgs=(poppler-utils chromium chromium-driver postgresql)
pkgs=("${run_pkgs[@]}")
[ "${1:-run}" = "test" ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
