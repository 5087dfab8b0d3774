#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# The crossauth example client (or `crossauth connect`) against MIT's
# gss-server, in gss-sample's protocol: mutual authentication, two wrapped
# and encrypted messages, and gss-server's MICs over them, which the client
# verifies. Checks the identities both sides report.
#
#   client_to_gss_server_test.sh INETD_ONCE MECH GSS_SERVER_OPTS CLIENT_COMMAND...
#
# INETD_ONCE: crossauth-inetd-once, which runs gss-server -inetd on a free
# loopback port. MECH: kerberos or negotiate. GSS_SERVER_OPTS: extra
# gss-server options, word-split (for example "-export"), or none. The client
# command is run with the example client's flags appended, so a runner
# prefix works: `wine crossauth-example-client.exe`, `crossauth connect`.
# Runs inside `crossauth-test-realm run` with the service host/localhost.
set -euo pipefail
inetd_once=$1 mech=$2 server_opts=$3
shift 3
[ "$server_opts" != none ] || server_opts=
client=("$@")
. "$(dirname "$0")/../support/interop_lib.sh"

# gss-server -inetd closes its standard output, where it prints the client's
# name, so the name it accepted is read from its Kerberos trace instead.
# shellcheck disable=SC2086  # the options are meant to be word-split
KRB5_TRACE="$work/gss-server.trace" "$inetd_once" "$work/port" \
  gss-server -inetd -verbose -logfile "$work/gss-server.out" $server_opts \
  host@localhost 2>"$work/inetd.err" &
server_pid=$!
port=$(wait_for_port "$work/port" "$work/inetd.err")

status=0
"${client[@]}" --protocol gss-sample --port "$port" --target host@localhost \
  --mech "$mech" --messages 2 --expect-peer "host/localhost@$realm" \
  >"$work/client.out" 2>&1 || status=$?
finish_server
touch "$work/gss-server.out"
show gss-server "$work/gss-server.out"
show client "$work/client.out"
[ "$status" = 0 ] || { echo "FAILED: client exit status $status"; exit 1; }
[ "$server_status" = 0 ] || { echo "FAILED: gss-server exit status $server_status"; exit 1; }

expect "$work/client.out" "client: authenticated as alice@$realm; the server proved it is host/localhost@$realm"
expect "$work/client.out" "client: connected to 127.0.0.1:$port, authenticating to host@localhost with"
expect "$work/client.out" 'client: sent "hello 1" ('
expect "$work/client.out" 'client: sent "hello 2" ('
expect_count "$work/client.out" "-byte MIC over it: MIC verified" 2
expect "$work/client.out" "client: End() -> "
expect "$work/client.out" "client: Release() -> "
if [ "$mech" = negotiate ]; then
  expect "$work/client.out" "Kerberos (negotiated with SPNEGO)"
else
  expect "$work/client.out" "Kerberos (raw, no SPNEGO)"
fi
# Only the names: the trace line goes on with the session key's enctype.
touch "$work/gss-server.trace"
grep -o "AP-REQ ticket: [^ ]* -> [^ ,]*" "$work/gss-server.trace" >"$work/gss-server.names" || true
show gss-server "$work/gss-server.names"
expect "$work/gss-server.names" "AP-REQ ticket: alice@$realm -> host/localhost@$realm"
expect "$work/gss-server.out" "Accepted connection using mechanism OID { 1 2 840 113554 1 2 2 }."
expect "$work/gss-server.out" 'Received message: "hello 1"'
expect "$work/gss-server.out" 'Received message: "hello 2"'
expect "$work/gss-server.out" "context flag: GSS_C_MUTUAL_FLAG"
expect "$work/gss-server.out" "NOOP token"
echo "crossauth client -> MIT gss-server ($mech${server_opts:+ $server_opts}): OK"
