#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Runs the example server and client against each other over loopback for
# one mechanism and checks that each side saw the other's identity.
# Usage: examples_test.sh SERVER CLIENT MECH   (inside crossauth-test-realm run)
set -euo pipefail
server=$1 client=$2 mech=$3
realm=${CROSSAUTH_TEST_REALM:?run under crossauth-test-realm run}
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

"$server" --port 0 --port-file "$work/port" --once --mech "$mech" \
  --expect-peer "alice@$realm" >"$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "server did not start"; cat "$work/server.out"; exit 1; }

status=0
"$client" --port "$(cat "$work/port")" --target HTTP@localhost --mech "$mech" \
  --messages 2 --expect-peer "HTTP/localhost@$realm" >"$work/client.out" 2>&1 || status=$?
wait "$server_pid" || status=$?
server_pid=
sed 's/^/[server] /' "$work/server.out"
sed 's/^/[client] /' "$work/client.out"
[ "$status" = 0 ] || { echo "FAILED: exit status $status"; exit 1; }

expect() {  # file, text
  grep -qF -- "$2" "$1" || { echo "FAILED: $(basename "$1") lacks: $2"; exit 1; }
}
expect "$work/client.out" "authenticated as alice@$realm; the server proved it is HTTP/localhost@$realm"
expect "$work/server.out" "authenticated alice@$realm; I am HTTP/localhost@$realm"
expect "$work/client.out" 'server replied "echo: hello 2"'
expect "$work/client.out" "server says: MIC verified"
expect "$work/client.out" "End() -> "
expect "$work/server.out" "Release() -> "
if [ "$mech" = negotiate ]; then
  expect "$work/client.out" "Kerberos (negotiated with SPNEGO)"
else
  expect "$work/client.out" "Kerberos (raw, no SPNEGO)"
fi
echo "examples ($mech): OK"
