#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the test run.
#
# Installs Debian's postgresql when its binaries are absent, initialises a cluster
# in a temporary directory owned by the `postgres` user, starts it on 127.0.0.1 at
# a free port with trust authentication (loopback only, test data only), creates
# the database `marsad_test`, and prints ONE line to stdout:
#
#     MARSAD_TEST_PG_URL=postgresql+pg8000://postgres@127.0.0.1:PORT/marsad_test
#
# so that CI can run `export "$(bash scripts/ci_postgres.sh)"`.  Everything else
# goes to stderr.  The server runs until the machine's session ends; to stop it
# earlier: `runuser -u postgres -- pg_ctl -D "$PGDATA" stop` (PGDATA is printed to stderr).
set -euo pipefail

log() { echo "ci_postgres: $*" >&2; }

find_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bindir="$(find_bindir)"
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
    log "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
    bindir="$(find_bindir)"
fi
[[ -x "$bindir/initdb" ]] || { log "no initdb under /usr/lib/postgresql"; exit 1; }

id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres

workdir="$(mktemp -d -t marsad-pg.XXXXXX)"
chown postgres "$workdir"
chmod 700 "$workdir"
pgdata="$workdir/data"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

as_postgres() { runuser -u postgres -- "$@"; }

log "initialising a cluster in $pgdata"
as_postgres "$bindir/initdb" -D "$pgdata" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
# The socket lives in the temporary directory: /var/run/postgresql may not exist or be writable.
as_postgres "$bindir/pg_ctl" -D "$pgdata" -l "$workdir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c full_page_writes=off" start >&2
as_postgres "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres marsad_test >&2

log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (PGDATA=$pgdata)"
echo "MARSAD_TEST_PG_URL=postgresql+pg8000://postgres@127.0.0.1:$port/marsad_test"
