#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# An SSPI Negotiate acceptor under Wine that does not allow NTLM, against a
# native SPNEGO client that can only offer NTLM (carol, whom the KDC does not
# know), on a machine where MIT's GSS-API has gss-ntlmssp: Wine's Kerberos
# package accepts through MIT's SPNEGO, which would settle on NTLM, and
# SSPI under Wine cannot say which mechanism it used. The acceptor must
# refuse from the client's SPNEGO offer, before any package sees it; with
# NTLM allowed it declines (Unimplemented under Wine) rather than run a
# context it cannot describe.
#
#   wine_ntlm_spnego_refusal_test.sh NATIVE_CLIENT MECH_CONFIG NTLM_USERS -- \
#     WINE_SERVER_COMMAND...
#
# MECH_CONFIG (gss-ntlmssp's GSS_MECH_CONFIG file) and NTLM_USERS
# (tests/ntlm/ntlm_users) go to both sides, so that gss-ntlmssp inside Wine
# could check carol's logon if it were asked to. Runs inside
# `crossauth-test-realm run`.
set -euo pipefail
native=$1 mech_config=$2 ntlm_users=$3
[ "${4:-}" = -- ] || { echo "usage: wine_ntlm_spnego_refusal_test.sh NATIVE_CLIENT MECH_CONFIG NTLM_USERS -- WINE_SERVER_COMMAND..."; exit 2; }
shift 4
wine=("$@")
# shellcheck source-path=SCRIPTDIR source=../support/interop_lib.sh
. "$(dirname "$0")/../support/interop_lib.sh"

[ -x "$native" ] || { echo "FAILED: the native client $native is missing"; exit 1; }
[ -f "$mech_config" ] || { echo "FAILED: no gss-ntlmssp configuration at $mech_config"; exit 1; }
[ -f "$ntlm_users" ] || { echo "FAILED: no NTLM user file at $ntlm_users"; exit 1; }
export GSS_MECH_CONFIG="$mech_config" NTLM_USER_FILE="$ntlm_users"
printf '%s\n' carol-Pw-2468 >"$work/password"

# serve NAME SERVER_FLAGS...: the Wine server in the background, the native
# client (Negotiate, NTLM allowed, as carol) in the foreground.
serve() {
  local name=$1
  shift
  rm -f "$work/port"
  "${wine[@]}" --port 0 --port-file "$work/port" --once --mech negotiate "$@" \
    >"$work/$name-server.out" 2>&1 &
  server_pid=$!
  local port
  port=$(wait_for_port "$work/port" "$work/$name-server.out")
  client_status=0
  "$native" --port "$port" --target HTTP@localhost --mech negotiate \
    --allow-ntlm --user 'CROSSAUTH\carol' --password-file "$work/password" \
    --no-mutual --messages 1 >"$work/$name-client.out" 2>&1 || client_status=$?
  finish_server
  show "$name: server (SSPI, Wine)" "$work/$name-server.out"
  show "$name: client (native)" "$work/$name-client.out"
}

serve default
s="$work/default-server.out" c="$work/default-client.out"
[ "$client_status" = 1 ] || { echo "FAILED: the client's exit status was $client_status, not 1"; exit 1; }
[ "$server_status" = 1 ] || { echo "FAILED: the server's exit status was $server_status, not 1"; exit 1; }
expect "$s" "(backend sspi)"
expect "$s" "server: refused: AcceptSecurityContext: the client offered no mechanism on this server's allow-list, and NTLM is not on the allow-list"
expect_count "$s" "server: authenticated" 0
expect "$c" "client: FAILED: the server refused"
echo "checked: Wine's Negotiate acceptor refuses a SPNEGO offer of NTLM alone"

# With NTLM allowed, Wine still cannot be trusted with it inside SPNEGO (it
# would report Kerberos and garble the messages): Unimplemented, said so.
serve allowed --allow-ntlm
s="$work/allowed-server.out" c="$work/allowed-client.out"
[ "$client_status" = 1 ] || { echo "FAILED: the client's exit status was $client_status, not 1"; exit 1; }
[ "$server_status" = 1 ] || { echo "FAILED: the server's exit status was $server_status, not 1"; exit 1; }
expect "$s" "server: NTLM is on the allow-list"
expect "$s" "server: refused: AcceptSecurityContext: NTLM inside SPNEGO is not available under Wine"
expect_count "$s" "server: authenticated" 0
echo "checked: with NTLM allowed, Wine's acceptor declines NTLM inside SPNEGO"
