#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Runs COMMAND with a private winbindd that knows carol (password
# carol-Pw-2468, domain CROSSAUTH), so that Wine's NTLM acceptor can check
# NTLM logons: it runs `ntlm_auth --helper-protocol=squid-2.5-ntlmssp`, and
# ntlm_auth asks winbindd.
#
#   with_winbindd.sh COMMAND...
#
# Needs root (CI is) and Debian's winbind package. Nothing on the host
# changes: the script re-executes itself in a private mount namespace
# (unshare --mount) where
# - /etc/samba is a tmpfs with an smb.conf for a standalone server named
#   CROSSAUTH (the local SAM domain of a standalone server is its NetBIOS
#   name), all of whose state lives in a temporary directory;
# - /etc/passwd and /etc/group are copies with a user carol (Samba's passdb
#   needs a Unix account);
# - /run is a tmpfs, for winbindd's socket directory /run/samba/winbindd,
#   which libwbclient (ntlm_auth) finds only there.
# winbindd, and any other Samba program left in the namespace, is stopped
# when COMMAND ends; COMMAND's exit status is returned.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: with_winbindd.sh COMMAND..."; exit 2; }
if [ "${CROSSAUTH_IN_WINBINDD_NAMESPACE:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "FAILED: with_winbindd.sh needs root (for unshare --mount)"; exit 1; }
  for tool in winbindd wbinfo smbpasswd ntlm_auth; do
    command -v "$tool" >/dev/null ||
      { echo "FAILED: $tool is missing; install Debian's winbind (scripts/install-deps)"; exit 1; }
  done
  CROSSAUTH_IN_WINBINDD_NAMESPACE=1 exec unshare --mount bash "$0" "$@"
fi

# Only ever inside the namespace unshare made: the cleanup below kills every
# process in this mount namespace.
if [ "$(readlink "/proc/$PPID/ns/mnt")" = "$(readlink /proc/self/ns/mnt)" ]; then
  echo "FAILED: with_winbindd.sh is not in a private mount namespace"
  exit 1
fi

state=$(mktemp -d)
winbindd_pid=
# shellcheck disable=SC2317  # cleanup runs from the trap
cleanup() {
  if [ -n "$winbindd_pid" ]; then
    kill "$winbindd_pid" 2>/dev/null || true
    wait "$winbindd_pid" 2>/dev/null || true
  fi
  # Any other Samba program still in this private mount namespace (a helper
  # winbindd started, say) goes too. Wine's own processes are left to
  # wineserver, which ends them properly; killing them strands threads.
  local ours dir exe
  ours=$(readlink /proc/self/ns/mnt)
  for dir in /proc/[0-9]*; do
    [ "$(readlink "$dir/ns/mnt" 2>/dev/null)" = "$ours" ] || continue
    exe=$(readlink "$dir/exe" 2>/dev/null) || continue
    case "$exe" in
      /usr/sbin/winbindd | /usr/libexec/samba/*) kill "${dir#/proc/}" 2>/dev/null || true ;;
    esac
  done
  rm -rf "$state"
}
trap cleanup EXIT

mkdir -p "$state"/{private,lock,state,cache,pid,ncalrpc,log}
mount -t tmpfs tmpfs /etc/samba
cat >/etc/samba/smb.conf <<EOF
[global]
  workgroup = WORKGROUP
  netbios name = CROSSAUTH
  server role = standalone server
  security = user
  passdb backend = tdbsam:$state/private/passdb.tdb
  private dir = $state/private
  lock directory = $state/lock
  state directory = $state/state
  cache directory = $state/cache
  pid directory = $state/pid
  ncalrpc dir = $state/ncalrpc
  log file = $state/log/%m.log
  log level = 1
  # No samba-dcerpcd helpers (they would outlive the test).
  rpc start on demand helpers = no
EOF
cp /etc/passwd "$state/passwd"
cp /etc/group "$state/group"
echo 'carol:x:4242:4242:carol:/nonexistent:/usr/sbin/nologin' >>"$state/passwd"
echo 'carol:x:4242:' >>"$state/group"
mount --bind "$state/passwd" /etc/passwd
mount --bind "$state/group" /etc/group
mount -t tmpfs tmpfs /run
mkdir -p /run/samba/winbindd

printf 'carol-Pw-2468\ncarol-Pw-2468\n' | smbpasswd -s -a carol >"$state/log/smbpasswd.out" 2>&1 ||
  { cat "$state/log/smbpasswd.out"; echo "FAILED: smbpasswd -a carol"; exit 1; }
winbindd --foreground --no-process-group >"$state/log/winbindd.out" 2>&1 &
winbindd_pid=$!
ready=0
for _ in $(seq 150); do
  if wbinfo -p >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$winbindd_pid" 2>/dev/null || break
  sleep 0.2
done
if [ "$ready" != 1 ]; then
  cat "$state/log/winbindd.out" "$state"/log/*.log 2>/dev/null || true
  echo "FAILED: winbindd did not answer within 30 s"
  exit 1
fi
# The logon the tests rely on, checked once so a broken setup says so here.
if ! ntlm_auth --username=carol --domain=CROSSAUTH --password=carol-Pw-2468 \
    >"$state/log/check.out" 2>&1; then
  cat "$state/log/check.out"
  echo "FAILED: winbindd does not accept CROSSAUTH\\carol"
  exit 1
fi
echo "with_winbindd.sh: winbindd answers for CROSSAUTH\\carol"
status=0
"$@" || status=$?
exit "$status"
