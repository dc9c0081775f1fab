#!/usr/bin/env bash
# Run the registry tests against a real PostgreSQL server (issue 6): install Debian's `postgresql`
# when absent, start a throwaway cluster in a temp dir on loopback, run tests/registry with
# DOCGEN_TEST_PG_URL set, then stop the server and remove its files — whatever the tests did.
#
#   scripts/ci-postgres.sh [extra pytest args]
set -euo pipefail

cd "$(dirname "$0")/.."

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "ci-postgres: installing Debian's postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    BIN="$(find_bin)"
fi

python3 -c "import psycopg" 2>/dev/null || {
    echo "ci-postgres: psycopg is missing: pip install 'psycopg[binary]'" >&2
    exit 1
}

WORK="$(mktemp -d /tmp/docgen-pg.XXXXXX)"
PORT="${DOCGEN_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

# initdb and postgres refuse to run as root: use the postgres account when we are root.
if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$WORK" postgres
    chown postgres "$WORK"
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi

stop() {
    "${AS_PG[@]}" "$BIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap stop EXIT

"${AS_PG[@]}" "$BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
"${AS_PG[@]}" "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
    -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >/dev/null \
    || { cat "$WORK/server.log" >&2; exit 1; }
"${AS_PG[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres docgen_test

export DOCGEN_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/docgen_test"
echo "ci-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
python3 -m pytest tests/registry tests/portal -q "$@"
