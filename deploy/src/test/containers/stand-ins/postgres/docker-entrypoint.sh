#!/bin/bash
# The PostgreSQL stand-in's entrypoint, after the official image's: on an empty PGDATA it makes the
# cluster with POSTGRES_USER (postgres) as superuser and POSTGRES_PASSWORD as its password, and the
# database POSTGRES_DB (the user's name); then it runs the command (postgres) as the postgres user,
# listening on every address with password authentication.
set -euo pipefail
PATH=$(ls -d /usr/lib/postgresql/*/bin | tail -1):$PATH
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  user=${POSTGRES_USER:-postgres}
  database=${POSTGRES_DB:-$user}
  initdb -D "$PGDATA" -U "$user" --pwfile=<(printf '%s' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 > /dev/null
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  if [ "$database" != postgres ]; then
    # The temporary server logs as the official image's does: tools wait for its readiness twice.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
    psql -v ON_ERROR_STOP=1 -U "$user" -d postgres -q -c "create database \"$database\""
    pg_ctl -D "$PGDATA" -m fast -w stop > /dev/null
  fi
fi
exec "$@"
