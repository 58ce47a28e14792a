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
# The private keyring keeps its file in a folder of its own: every daemon started for the same user
# otherwise shares ~/.local/share/keyrings/login.keyring, and two runs at once overwrite each
# other's entries (a stored credential reads back as missing).
exec dbus-run-session -- bash -c '
  keyrings=$(mktemp -d)
  printf "\n" | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  "$@"
  status=$?
  rm -rf "$keyrings"
  exit $status
' keychain-session "$@" 2> >(grep --line-buffered -v "Failed to set fd limit" >&2)
