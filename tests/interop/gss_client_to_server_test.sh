#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# MIT's gss-client against the crossauth example server (or `crossauth
# serve`): mutual authentication, wrapped messages and the server's MICs
# over them, which gss-client verifies. Checks the identities both sides
# report.
#
#   gss_client_to_server_test.sh MECH GSS_CLIENT_OPTS SERVER_COMMAND...
#
# MECH: kerberos (gss-client -krb5) or negotiate (gss-client -spnego).
# GSS_CLIENT_OPTS: extra gss-client options, word-split, or "": -mcount N,
# -seq, -nx (integrity-only wrap), -nw (a clear message), -nm (no MIC), or
# -na (no authentication, which the server must refuse). The server command
# is run with the example server's flags appended, so a runner prefix works:
# `wine crossauth-example-server.exe`, `crossauth serve`. Runs inside
# `crossauth-test-realm run` with the service HTTP/localhost.
set -euo pipefail
mech=$1 client_opts=$2
shift 2
[ "$client_opts" != none ] || client_opts=
server=("$@")
. "$(dirname "$0")/../support/interop_lib.sh"

read -ra opts <<<"$client_opts"
mcount=1 wrap="wrapped, encrypted" mic=1 auth=1
for ((i = 0; i < ${#opts[@]}; i++)); do
  case "${opts[i]}" in
    -mcount) mcount=${opts[i + 1]} ;;
    -nx) [ "$wrap" = "in the clear" ] || wrap="wrapped, integrity only" ;;
    -nw) wrap="in the clear" ;;
    -nm) mic=0 ;;
    -na) auth=0 ;;
  esac
done
case "$mech" in
  kerberos) mech_opt=-krb5 ;;
  negotiate) mech_opt=-spnego ;;
  *) echo "unknown mechanism $mech"; exit 2 ;;
esac

"${server[@]}" --port 0 --port-file "$work/port" --once --mech "$mech" \
  --principal HTTP@localhost --expect-peer "alice@$realm" \
  >"$work/server.out" 2>&1 &
server_pid=$!
port=$(wait_for_port "$work/port" "$work/server.out")

status=0
gss-client -port "$port" "$mech_opt" "${opts[@]}" 127.0.0.1 HTTP@localhost \
  "gss-sample says hi" >"$work/gss-client.out" 2>&1 || status=$?
finish_server
show server "$work/server.out"
show gss-client "$work/gss-client.out"

if [ "$auth" = 0 ]; then
  # An unauthenticated client is refused before any message is read.
  [ "$server_status" = 1 ] || { echo "FAILED: server exit status $server_status, not 1"; exit 1; }
  # gss-client fails when the connection closes: exit 1, or SIGPIPE (141)
  # when it was still writing its message.
  [ "$status" = 1 ] || [ "$status" = 141 ] || { echo "FAILED: gss-client exit status $status"; exit 1; }
  expect "$work/server.out" "server: FAILED: the gss-sample client does not authenticate (gss-client -na); refused"
  expect "$work/server.out" "server: Release() -> "
  if grep -qF "received" "$work/server.out"; then echo "FAILED: the server read a message"; exit 1; fi
  echo "MIT gss-client $client_opts -> crossauth server: refused as expected"
  exit 0
fi
[ "$status" = 0 ] || { echo "FAILED: gss-client exit status $status"; exit 1; }
[ "$server_status" = 0 ] || { echo "FAILED: server exit status $server_status"; exit 1; }

expect "$work/gss-client.out" "\"alice@$realm\" to \"HTTP/localhost@$realm\", lifetime"
expect "$work/gss-client.out" "context flag: GSS_C_MUTUAL_FLAG"
if [ "$mic" = 1 ]; then
  expect_count "$work/gss-client.out" "Signature verified." "$mcount"
  reply="a MIC over it"
else
  expect_count "$work/gss-client.out" "Response received." "$mcount"
  reply="an empty NOOP"
fi
expect "$work/server.out" "server: the client speaks gss-sample (MIT gss-client)"
expect "$work/server.out" "server: authenticated alice@$realm; I am HTTP/localhost@$realm"
expect_count "$work/server.out" "server: received \"gss-sample says hi\" ($wrap); replying with $reply" "$mcount"
expect "$work/server.out" "server: End() -> "
expect "$work/server.out" "server: Release() -> "
if [ "$mech" = negotiate ]; then
  expect "$work/server.out" "Kerberos (negotiated with SPNEGO)"
else
  expect "$work/server.out" "Kerberos (raw, no SPNEGO)"
fi
echo "MIT gss-client ($mech${client_opts:+ $client_opts}) -> crossauth server: OK"
