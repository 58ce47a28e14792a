#!/usr/bin/env bash
# npm start: the console in Electron; where the Electron runtime cannot be obtained (an offline
# machine), browser mode instead. npm run start:browser goes straight to browser mode.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=electron
[ "${1:-}" = "--browser" ] && mode=browser
if [ "$mode" = browser ]; then bash build/scripts/setup.sh --test; else bash build/scripts/setup.sh; fi
export PATH="$PWD/node_modules/.bin:$PATH"

vite build --config build/vite.renderer.config.ts --logLevel warn

if [ "$mode" = electron ]; then
  # The electron package fetches its runtime on first launch; give that one bounded try.
  if ! node -e "require('node:fs').accessSync(require('electron'))" >/dev/null 2>&1 \
     && ! timeout 120 node node_modules/electron/install.js >/dev/null 2>&1; then
    echo "Electron runtime could not be downloaded (offline?); starting browser mode instead."
    mode=browser
  fi
fi

if [ "$mode" = electron ]; then
  node build/scripts/build-electron.ts
  exec electron .
fi
# One bundled file (build-electron.ts) starts in a fraction of the time of the sources; Node keeps
# its compiled code between starts.
node build/scripts/build-electron.ts >/dev/null
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/payments-console/node-compile-cache}"
exec bash build/scripts/with-keychain.sh node dist-electron/browser-main.mjs
