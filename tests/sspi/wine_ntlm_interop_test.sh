#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# NTLM between the backends: the SSPI example client under Wine (Wine's NTLM
# package, which runs Samba's ntlm_auth) against the native GSS-API example
# server with gss-ntlmssp, over loopback TCP.
#
#   wine_ntlm_interop_test.sh CASE NATIVE_SERVER MECH_CONFIG NTLM_USERS -- \
#     WINE_CLIENT_COMMAND...
#
# CASE:
#   ntlm             --mech ntlm on both sides: handshake, Wrap/Unwrap both
#                    ways, a MIC; the server names carol;
#   negotiate        Negotiate with NTLM allowed on both sides, for carol,
#                    whom the KDC does not know: it ends in NTLM;
#   wrong-password   --mech ntlm with carol's password wrong: the server
#                    refuses, and the client fails;
#   refused          the client allows NTLM, the server's Negotiate does not
#                    (the default): the server refuses with the allow-list
#                    error.
# MECH_CONFIG is gss-ntlmssp's GSS_MECH_CONFIG file and NTLM_USERS its
# NTLM_USER_FILE (tests/ntlm/ntlm_users); only the native server gets
# them, and Wine keeps the realm's empty GSS_MECH_CONFIG. Runs inside
# `crossauth-test-realm run`; the Wine client needs CROSSAUTH_WINE_NTLM=on
# (scripts/lib/wine-run). Wine's NTLM acceptor is tested in-process by the
# ntlm suite (tests/ntlm/ntlm_test.cc, with tests/sspi/with_winbindd.sh).
set -euo pipefail
case_name=$1 native=$2 mech_config=$3 ntlm_users=$4
[ "$5" = -- ] || { echo "usage: wine_ntlm_interop_test.sh CASE NATIVE_SERVER MECH_CONFIG NTLM_USERS -- WINE_CLIENT_COMMAND..."; exit 2; }
shift 5
wine=("$@")
# interop_lib.sh sets realm, work, server_pid and server_status, and its trap stops
# the background server and removes $work.
# shellcheck source-path=SCRIPTDIR source=../support/interop_lib.sh
. "$(dirname "$0")/../support/interop_lib.sh"

[ -x "$native" ] || { echo "FAILED: the native server $native is missing"; exit 1; }
[ "${CROSSAUTH_WINE_NTLM:-}" = on ] || { echo "FAILED: CROSSAUTH_WINE_NTLM is not on"; exit 1; }
[ -f "$mech_config" ] || { echo "FAILED: no gss-ntlmssp configuration at $mech_config"; exit 1; }
[ -f "$ntlm_users" ] || { echo "FAILED: no NTLM user file at $ntlm_users"; exit 1; }

user='CROSSAUTH\carol'
printf '%s\n' carol-Pw-2468 >"$work/password"
server_flags=(--mech ntlm)
client_flags=(--mech ntlm)
expect_success=1
case "$case_name" in
  ntlm) ;;
  negotiate)
    server_flags=(--mech negotiate --allow-ntlm)
    client_flags=(--mech negotiate --allow-ntlm)
    ;;
  wrong-password)
    printf '%s\n' not-carols-password >"$work/password"
    expect_success=0
    ;;
  refused)
    server_flags=(--mech negotiate)
    client_flags=(--mech negotiate --allow-ntlm)
    expect_success=0
    ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac

GSS_MECH_CONFIG="$mech_config" NTLM_USER_FILE="$ntlm_users" \
  "$native" --port 0 --port-file "$work/port" --once "${server_flags[@]}" \
  >"$work/server.out" 2>&1 &
server_pid=$!
port=$(wait_for_port "$work/port" "$work/server.out")
status=0
"${wine[@]}" --port "$port" --target HTTP@localhost "${client_flags[@]}" \
  --user "$user" --password-file "$work/password" --no-mutual --messages 2 \
  >"$work/client.out" 2>&1 || status=$?
finish_server
show "client (SSPI, Wine)" "$work/client.out"
show "server (native)" "$work/server.out"
s="$work/client.out" g="$work/server.out"

# The password never shows.
if grep -qF -e carol-Pw-2468 -e not-carols-password "$s" "$g"; then
  echo "FAILED: a password appears in the output"
  exit 1
fi
expect "$s" "(backend sspi)"
expect "$g" "(backend gssapi)"

if [ "$expect_success" = 0 ]; then
  [ "$status" = 1 ] || { echo "FAILED: the client's exit status was $status, not 1"; exit 1; }
  [ "$server_status" = 1 ] || { echo "FAILED: the server's exit status was $server_status, not 1"; exit 1; }
  expect "$s" "client: FAILED: the server refused"
  if [ "$case_name" = refused ]; then
    expect "$g" "server: refused: gss_accept_sec_context: the client offered only NTLM, and NTLM is not on the allow-list"
  else
    expect "$g" "server: refused: gss_accept_sec_context: "
    expect "$g" "the NTLM client's user name or password was refused"
  fi
  expect_count "$g" "authenticated" 0
  echo "checked: $case_name is refused"
  exit 0
fi

[ "$status" = 0 ] || { echo "FAILED: client exit status $status"; exit 1; }
[ "$server_status" = 0 ] || { echo "FAILED: server exit status $server_status"; exit 1; }
expect "$s" "client: credential for $user (backend sspi)"
# gss-ntlmssp names the client DOMAIN\user.
expect "$g" "server: authenticated $user;"
expect "$s" "client: authenticated as $user;"
# Raw NTLM on the wire, also from Wine's Negotiate, and no mutual
# authentication (NTLM cannot prove the server).
expect "$s" "client: NTLM (raw, no SPNEGO); flags replay,sequence,conf,integ;"
expect "$g" "server: NTLM (raw, no SPNEGO); flags conf,integ;"
expect "$g" 'server: received "hello 1"'
expect "$g" 'server: received "hello 2"'
expect "$s" 'server replied "echo: hello 1"'
expect "$s" 'server replied "echo: hello 2"'
expect "$g" 'server: "goodbye": MIC verified'
expect "$s" "server says: MIC verified"
expect "$s" "client: End() -> DeleteSecurityContext: OK"
expect "$s" "client: Release() -> FreeCredentialsHandle: released now"
expect "$g" "server: End() -> gss_delete_sec_context: OK"
echo "checked: the Wine NTLM client and gss-ntlmssp ($case_name)"
