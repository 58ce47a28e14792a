#!/usr/bin/env bash
# npm test: installs what is missing, then typecheck, lint, renderer build, and every test
# (unit, Electron shell, integration over HTTP with the real keychain, the conformance suite over
# every registered gateway, end to end in Chromium). The tests get a throwaway PostgreSQL server on
# loopback (with-postgres.sh) for the PostgreSQL ledger, stopped when they end.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash build/scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== typecheck"; tsc -p tsconfig.json --noEmit
echo "== lint"; eslint . --max-warnings=0
echo "== security scan (Electronegativity)"; node build/scripts/security-scan.ts
echo "== renderer build"; vite build --config build/vite.renderer.config.ts --logLevel warn

suites=("test/unit/**/*.test.ts" "test/ledger-port/**/*.test.ts" "test/electron-shell/**/*.test.ts" "test/integration/**/*.test.ts" "test/conformance/**/*.test.ts" "test/e2e/**/*.test.ts" "test/soak/**/*.test.ts")
if [ "$#" -gt 0 ]; then suites=("$@"); fi
echo "== tests"
CONSOLE_PRIVATE_KEYRING=1 bash build/scripts/with-keychain.sh bash build/scripts/with-postgres.sh \
  node --test --test-concurrency=2 --test-timeout=180000 "${suites[@]}"
