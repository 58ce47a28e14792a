#!/usr/bin/env bash
# Installs what a fresh clone needs, then returns. Idempotent: skips whatever is already there.
#   setup.sh            everything npm start needs (keychain libraries, npm packages)
#   setup.sh --test     also what npm test needs (Chromium, a headless keychain daemon, and a
#                       PostgreSQL server that with-postgres.sh starts for the run)
set -euo pipefail
cd "$(dirname "$0")/../.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# keytar builds against libsecret; the Secret Service itself comes from GNOME Keyring.
for pkg in libsecret-1-dev python3 make g++; do have_pkg "$pkg" || missing+=("$pkg"); done
if [ "$want_test" = 1 ]; then
  # strace: ledger-flush-order.test.ts watches the order of fsyncs and renames.
  for pkg in gnome-keyring dbus dbus-x11 chromium postgresql strace; do have_pkg "$pkg" || missing+=("$pkg"); done
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]} (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages. Run:"
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# The Electron binary is fetched from the internet on first launch, never during install:
# installs must succeed on offline machines.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ ! -x node_modules/.bin/node ]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

node_bin=node_modules/.bin/node
major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 24 ]; then
  echo "setup: node_modules/.bin/node is Node $major; Node 24 is required (devDependency node@24)" >&2
  exit 1
fi
