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
# The private keyring's files go to a folder of its own, the home and data folders of the session's
# D-Bus daemon and of the keyring daemon (also one D-Bus would start on demand): daemons of
# concurrent runs would otherwise share (and overwrite) one keyring file in the user's data folder,
# losing each other's entries, or rewrite the user's own login keyring. The command gets the
# caller's HOME and XDG folders back. The folder goes when the session ends.
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/console-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
mkdir -p "$keyring_home/data" "$keyring_home/config" "$keyring_home/cache"
export CONSOLE_KEYRING_HOME="$keyring_home"
for name in HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME; do
  if [ -n "${!name+set}" ]; then export "CONSOLE_CALLER_$name=${!name}"; fi
done
HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" XDG_CONFIG_HOME="$keyring_home/config" XDG_CACHE_HOME="$keyring_home/cache" \
dbus-run-session -- bash -c '
  printf "\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  for name in HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME; do
    caller="CONSOLE_CALLER_$name"
    if [ -n "${!caller+set}" ]; then export "$name=${!caller}"; else unset "$name"; fi
    unset "$caller"
  done
  exec "$@"
' keychain-session "$@" 2> >(grep --line-buffered -v "Failed to set fd limit" >&2)
