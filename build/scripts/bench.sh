#!/usr/bin/env bash
# npm run bench: every test/bench/*.bench.ts (test/bench/run.ts), with a throwaway PostgreSQL
# server on loopback (with-postgres.sh) when PostgreSQL is installed, so the benches that measure
# the PostgreSQL ledger have one; without it they print that there is none and measure SQLite.
# Inside with-keychain.sh, so the gateway call bench reads secrets from a real keychain.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH"
if [ -z "${CONSOLE_TEST_PG_URL:-}" ] && { [ -n "${CONSOLE_PG_BINDIR:-}" ] || [ -n "$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -name initdb 2>/dev/null | head -n 1)" ]; }; then
  exec bash build/scripts/with-keychain.sh bash build/scripts/with-postgres.sh node test/bench/run.ts "$@"
fi
exec bash build/scripts/with-keychain.sh node test/bench/run.ts "$@"
