#!/usr/bin/env bash
# Start Debian's local PostgreSQL cluster (installed by scripts/system-packages.sh test),
# make sure the test role exists, and print the server URL for PORTAL_TEST_POSTGRES_URL.
set -euo pipefail
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

cluster=$(pg_lsclusters --no-header 2>/dev/null | head -n 1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  as_root pg_createcluster "$version" main >/dev/null
  cluster=$(pg_lsclusters --no-header | head -n 1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  as_root pg_ctlcluster "$version" "$name" start >&2
fi
for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p "$port" && break
  sleep 1
done
# Superuser on this throwaway local cluster only: dropping a test database WITH (FORCE) must
# be able to stop an autovacuum worker that happens to be in it.
if ! as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'portal_test'" | grep -q 1; then
  as_postgres psql -q -p "$port" -c "CREATE ROLE portal_test LOGIN PASSWORD 'portal_test' SUPERUSER" >&2
else
  as_postgres psql -q -p "$port" -c "ALTER ROLE portal_test SUPERUSER" >&2
fi
echo "postgresql://portal_test:portal_test@127.0.0.1:${port}/postgres"
