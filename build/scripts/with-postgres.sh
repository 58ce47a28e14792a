#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: a fresh cluster in a temporary folder,
# listening on 127.0.0.1 at a free port (and on a unix socket inside that folder), reachable at
# CONSOLE_TEST_PG_URL for the command. The server is stopped and its folder removed when the
# command ends, whatever its exit status, and on Ctrl-C. Exits with the command's status.
#   with-postgres.sh node --test test/unit/ledger/postgres-*.test.ts
# PostgreSQL refuses to run as root (CI runs as root): then the cluster belongs to the `postgres`
# user that Debian's package creates and the server runs as that user; otherwise as the caller.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: with-postgres.sh <command> [args…]" >&2
  exit 2
fi

bindir=${CONSOLE_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  # Debian installs each major version side by side; the newest one runs the tests.
  bindir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "No PostgreSQL server: install Debian's package (sudo apt-get install -y postgresql) or run build/scripts/setup.sh --test" >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "Running as root, but there is no 'postgres' user to run the server as (Debian's postgresql package creates it)" >&2
    exit 1
  fi
  # /tmp rather than $TMPDIR: root's own temporary folder may be closed to the postgres user.
  pg_home=$(mktemp -d /tmp/console-pg.XXXXXX)
  chown postgres: "$pg_home"
  as_server() { runuser -u postgres -- "$@"; }
else
  pg_home=$(mktemp -d "${TMPDIR:-/tmp}/console-pg.XXXXXX")
  as_server() { "$@"; }
fi

started=0
cleanup() {
  if [ "$started" = 1 ]; then
    # immediate: the data is thrown away, so there is nothing to flush; waits until it has exited.
    as_server "$bindir/pg_ctl" -D "$pg_home/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_home"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Trust on loopback only: the server listens nowhere else and lives as long as the command.
as_server "$bindir/initdb" -D "$pg_home/data" -A trust -U console -E UTF8 --locale=C.UTF-8 --no-sync >"$pg_home/initdb.log" 2>&1 || {
  cat "$pg_home/initdb.log" >&2
  exit 1
}

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Another process may take the port between asking and binding: try a few.
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  # fsync off: a throwaway cluster has nothing to keep across a crash, and the tests run faster.
  if as_server "$bindir/pg_ctl" -D "$pg_home/data" -l "$pg_home/server.log" -w -t 30 \
    -o "-p $port -k $pg_home -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 2>&1; then
    started=1
    break
  fi
  if [ "$attempt" = 5 ]; then
    echo "PostgreSQL did not start; its log:" >&2
    cat "$pg_home/server.log" >&2 || true
    exit 1
  fi
done

export CONSOLE_TEST_PG_URL="postgresql://console@127.0.0.1:$port/postgres"
export CONSOLE_TEST_PG_SOCKET_DIR="$pg_home"
set +e
"$@"
status=$?
set -e
exit "$status"
