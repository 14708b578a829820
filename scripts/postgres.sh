#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for tests and benchmarks: Debian's PostgreSQL 15 (installed with apt if missing),
# run as the `postgres` user, with a data folder of its own, listening on 127.0.0.1 only.
#
#   scripts/postgres.sh start            # idempotent; prints the superuser's connection string
#   scripts/postgres.sh createdb NAME    # a database owned by the owner role; prints the owner's and the service's connection strings
#   scripts/postgres.sh stop
#
# Two roles besides the superuser, created by `start` (README "Database roles"): disputes_owner owns the schema and
# runs the migrations (ConnectionStrings:DisputesOwner); disputes_service is what the service connects as
# (ConnectionStrings:Disputes) and may only read and write rows. Authentication is `trust` on 127.0.0.1: no passwords.
#
# Settings (environment): DISPUTES_PG_PORT (default 55432), DISPUTES_PG_DATA (default /tmp/disputes-pgdata-PORT).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${DISPUTES_PG_PORT:-55432}"
# Outside the repository by default: the postgres user must be able to reach it, whatever the clone's parent folders allow.
DATA="${DISPUTES_PG_DATA:-${TMPDIR:-/tmp}/disputes-pgdata-$PORT}"
PGBIN=""

find_pgbin() {
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then PGBIN="$dir"; fi
  done
}

as_postgres() {
  if [[ "$(id -un)" == "postgres" ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

install_postgres() {
  echo "PostgreSQL server not found: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-contrib >&2
}

start() {
  find_pgbin
  if [[ -z "$PGBIN" ]]; then install_postgres; find_pgbin; fi
  [[ -n "$PGBIN" ]] || { echo "PostgreSQL could not be installed" >&2; exit 1; }
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres

  mkdir -p "$DATA"
  chown postgres "$DATA"
  chmod 700 "$DATA"
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    as_postgres "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
  fi
  if as_postgres "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    :
  else
    as_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null
  fi
  for _ in $(seq 1 60); do
    "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q && break
    sleep 0.5
  done
  "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q || { echo "PostgreSQL did not start; see $DATA/server.log" >&2; exit 1; }
  roles
  echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
}

# The owner and service roles (idempotent).
roles() {
  "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'disputes_owner') THEN
    CREATE ROLE disputes_owner LOGIN NOSUPERUSER NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'disputes_service') THEN
    CREATE ROLE disputes_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
SQL
}

createdb() {
  local name="$1"
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "usage: $0 createdb NAME (lower case, digits, _)" >&2; exit 2; }
  start >/dev/null
  if ! "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAq -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE \"$name\" OWNER disputes_owner" >/dev/null
  fi
  echo "ConnectionStrings__DisputesOwner=Host=127.0.0.1;Port=$PORT;Username=disputes_owner;Database=$name"
  echo "ConnectionStrings__Disputes=Host=127.0.0.1;Port=$PORT;Username=disputes_service;Database=$name"
}

stop() {
  find_pgbin
  [[ -n "$PGBIN" && -f "$DATA/PG_VERSION" ]] || return 0
  as_postgres "$PGBIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  createdb) find_pgbin; createdb "${2:-}" ;;
  stop) stop ;;
  bin) find_pgbin; echo "$PGBIN" ;;
  *) echo "usage: $0 start|createdb NAME|stop|bin" >&2; exit 2 ;;
esac
