#!/usr/bin/env bash
# Runs a command with a working Secret Service. Uses the desktop session's keychain when there is
# one; on a headless machine starts a private D-Bus session with an unlocked GNOME Keyring that
# lives only as long as the command.
set -euo pipefail
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${CONSOLE_PRIVATE_KEYRING:-}" ]; then
  exec "$@"
fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "No keychain: install gnome-keyring and dbus (sudo apt-get install -y gnome-keyring dbus dbus-x11)" >&2
  exit 1
fi
# The private keyring's files go to a folder of its own: daemons of concurrent runs would otherwise
# share (and overwrite) one keyring file in the user's data folder, losing each other's entries.
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/console-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
dbus-run-session -- bash -c '
  printf "\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"
' keychain-session "$@" 2> >(grep --line-buffered -v "Failed to set fd limit" >&2)
