#!/usr/bin/env bash
# Run once by the postgres image when it creates its data folder (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d). Creates the two roles of a deployment (README "Database roles") and the database:
#   disputes_owner    owns the database and its schema; runs the migrations (the one-shot `migrate` service)
#   disputes_service  what the app connects as; the migration grants it reading and writing rows, nothing more
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DISPUTES_OWNER_PASSWORD" -v service_password="$DISPUTES_SERVICE_PASSWORD" <<'SQL'
CREATE ROLE disputes_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'owner_password';
CREATE ROLE disputes_service LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOINHERIT PASSWORD :'service_password';
CREATE DATABASE disputes OWNER disputes_owner;
REVOKE ALL ON DATABASE disputes FROM PUBLIC;
GRANT CONNECT ON DATABASE disputes TO disputes_service;
SQL
