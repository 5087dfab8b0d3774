#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Channel bindings across processes: the example client (native, or the SSPI
# one under Wine) against the native example server, for each pairing of
# what the client sends (none, right, wrong) with the server's policy
# (ignore, if-present, require), over loopback TCP with Kerberos.
#
#   channel_bindings_interop_test.sh native|wine SERVER -- CLIENT_COMMAND...
#
# Runs inside `crossauth-test-realm run` with the standard principals.
#
# Under Wine the client can only send no bindings: Wine 8's SSPI passes
# GSS_C_NO_CHANNEL_BINDINGS to MIT whatever it is given, so crossauth's SSPI
# backend refuses ClientOptions::channel_bindings there (Unimplemented)
# rather than pretend. The "none" column runs in full; "right" and "wrong"
# check that refusal, made before anything is sent.
set -euo pipefail
side=$1 server=$2
[ "${3:-}" = -- ] || { echo "usage: channel_bindings_interop_test.sh native|wine SERVER -- CLIENT_COMMAND..."; exit 2; }
shift 3
client=("$@")
# shellcheck source-path=SCRIPTDIR source=../support/interop_lib.sh
. "$(dirname "$0")/../support/interop_lib.sh"

case "$side" in native | wine) ;; *) echo "unknown side $side"; exit 2 ;; esac
[ -x "$server" ] || { echo "FAILED: the native server $server is missing"; exit 1; }

binding="tls-server-end-point:0123456789abcdef"
checked=0

# pair SENT POLICY OUTCOME: OUTCOME is ok, refused-missing (the server needs
# bindings the client did not send), refused-differ (wrong bindings), or
# wine-refuses (the SSPI client under Wine will not send them).
pair() {
  local sent=$1 policy=$2 outcome=$3 name="$1-$2"
  local client_flags=()
  case "$sent" in
    none) ;;
    right) client_flags=(--channel-bindings "$binding") ;;
    wrong) client_flags=(--channel-bindings "tls-server-end-point:fedcba9876543210") ;;
  esac
  rm -f "$work/port"
  "$server" --port 0 --port-file "$work/port" --once --mech kerberos \
    --channel-bindings "$binding" --channel-binding-policy "$policy" \
    >"$work/$name-server.out" 2>&1 &
  server_pid=$!
  local port client_status=0
  port=$(wait_for_port "$work/port" "$work/$name-server.out")
  "${client[@]}" --port "$port" --target HTTP@localhost --mech kerberos \
    --messages 1 "${client_flags[@]}" >"$work/$name-client.out" 2>&1 ||
    client_status=$?
  if [ "$outcome" = wine-refuses ]; then
    # The client stopped before connecting; end the waiting server.
    kill "$server_pid" 2>/dev/null || true
  fi
  finish_server
  show "$name: server (native)" "$work/$name-server.out"
  show "$name: client ($side)" "$work/$name-client.out"
  local s="$work/$name-server.out" c="$work/$name-client.out"
  case "$outcome" in
    ok)
      [ "$client_status" = 0 ] || { echo "FAILED: $name: client exit status $client_status"; exit 1; }
      [ "$server_status" = 0 ] || { echo "FAILED: $name: server exit status $server_status"; exit 1; }
      expect "$s" "server: authenticated alice@$realm;"
      expect "$s" 'server: received "hello 1"'
      if [ "$sent" = right ] && [ "$policy" != ignore ]; then
        expect "$s" "channel-bound"
      else
        expect_count "$s" "channel-bound" 0
      fi
      ;;
    refused-missing | refused-differ)
      [ "$client_status" = 1 ] || { echo "FAILED: $name: client exit status $client_status, not 1"; exit 1; }
      [ "$server_status" = 1 ] || { echo "FAILED: $name: server exit status $server_status, not 1"; exit 1; }
      expect_count "$s" "server: authenticated" 0
      if [ "$outcome" = refused-missing ]; then
        expect "$s" "server: refused: ServerSession::Step(): the client sent no channel bindings, and this server requires them"
      else
        expect "$s" "server: refused: gss_accept_sec_context: "
        expect "$s" "the channel bindings differ"
      fi
      ;;
    wine-refuses)
      [ "$client_status" = 1 ] || { echo "FAILED: $name: client exit status $client_status, not 1"; exit 1; }
      expect "$c" "client: FAILED: ClientOptions::channel_bindings: not available under Wine"
      expect_count "$c" "client: connected" 0
      ;;
  esac
  checked=$((checked + 1))
  echo "checked: $name: $outcome"
}

for policy in ignore if-present require; do
  if [ "$policy" = require ]; then pair none "$policy" refused-missing
  else pair none "$policy" ok; fi
  for sent in right wrong; do
    if [ "$side" = wine ]; then
      pair "$sent" "$policy" wine-refuses
    elif [ "$sent" = wrong ] && [ "$policy" != ignore ]; then
      pair "$sent" "$policy" refused-differ
    else
      pair "$sent" "$policy" ok
    fi
  done
done
[ "$checked" = 9 ] || { echo "FAILED: $checked pairings checked, not 9"; exit 1; }
echo "checked: all 9 pairings ($side client)"
