#!/bin/sh
# Runs a command with a throw-away PostgreSQL cluster on loopback when PostgreSQL is installed,
# exporting PLANREVIEW_TEST_POSTGRES_URL; otherwise runs it as is (PostgreSQL tests skip).
set -u
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ] || [ -n "${PLANREVIEW_TEST_POSTGRES_URL:-}" ]; then
    exec "$@"
fi
PGDIR=$(mktemp -d /tmp/planreview-pg.XXXXXX)
PGPORT=${PLANREVIEW_TEST_PGPORT:-55432}
RUNAS=""
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PGDIR"
    RUNAS="runuser -u postgres --"
fi
$RUNAS "$PGBIN/initdb" -D "$PGDIR/data" -U planreview --auth=trust >/dev/null 2>&1 &&
$RUNAS "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off" start >/dev/null 2>&1
if [ $? -ne 0 ]; then
    echo "note: could not start PostgreSQL (see $PGDIR/log); PostgreSQL tests will skip" >&2
    exec "$@"
fi
export PLANREVIEW_TEST_POSTGRES_URL="postgresql://planreview@127.0.0.1:$PGPORT/postgres"
"$@"
status=$?
$RUNAS "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1
rm -rf "$PGDIR"
exit $status
