#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# A python-gssapi client (python_gssapi_client.py) against the crossauth
# example server: it authenticates, then sends one wrapped message twice,
# the second time as a byte-for-byte replay. The server must never print
# the message twice.
#
#   python_client_to_server_test.sh MECH FLAGS EXPECT SERVER_COMMAND...
#
# FLAGS: the context flags the client requests (see the client).
# EXPECT:
#   unprotected  the client asked for neither replay nor sequence detection:
#                the server refuses the first message (FailedPrecondition)
#                and reads no plaintext at all;
#   replay       the server opens the first message and refuses the replay.
# Runs inside `crossauth-test-realm run` with the service HTTP/localhost.
set -euo pipefail
mech=$1 flags=$2 want=$3
shift 3
server=("$@")
. "$(dirname "$0")/../support/interop_lib.sh"

"${server[@]}" --port 0 --port-file "$work/port" --once --mech "$mech" \
  --principal HTTP@localhost --expect-peer "alice@$realm" \
  >"$work/server.out" 2>&1 &
server_pid=$!
port=$(wait_for_port "$work/port" "$work/server.out")

status=0
/usr/bin/python3 "$(dirname "$0")/python_gssapi_client.py" "$port" \
  HTTP@localhost "$mech" "$flags" >"$work/client.out" 2>&1 || status=$?
finish_server
show server "$work/server.out"
show python-client "$work/client.out"

expect "$work/client.out" "client: authenticated"
expect "$work/server.out" "server: authenticated alice@$realm; I am HTTP/localhost@$realm"
[ "$server_status" = 1 ] || { echo "FAILED: server exit status $server_status, not 1"; exit 1; }
case "$want" in
  unprotected)
    expect "$work/server.out" "server: FAILED: Unwrap(): neither replay nor sequence detection was negotiated for this session (the client did not request them)"
    expect_count "$work/server.out" "server: received" 0
    ;;
  replay)
    expect_count "$work/server.out" "server: received \"pay 100 to bob\" (wrapped, encrypted)" 1
    # Without replay detection MIT's sequence window sees the duplicate as
    # a message from the past: GSS_S_UNSEQ_TOKEN, refused all the same.
    expect "$work/server.out" "server: FAILED: gss_unwrap: the message arrived out of order (a later one came first) (GSS_S_UNSEQ_TOKEN)"
    ;;
  *) echo "unknown expectation $want"; exit 2 ;;
esac
expect "$work/server.out" "server: Release() -> "
echo "python-gssapi client ($mech, $flags) -> crossauth server: $want refused as expected"
