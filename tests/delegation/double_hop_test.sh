#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# The double hop across processes: alice's client authenticates to service A
# (HTTP/localhost, crossauth-double-hop-server, native GSS-API) and delegates
# her ticket; A reaches service B (host/localhost) as alice with it. Then the
# same client without --delegate, and with --delegate but a ticket that is
# not forwardable: A must report that nothing was delegated, and must not
# reach B.
#
#   double_hop_test.sh native|wine MECH SERVER -- CLIENT_COMMAND...
#
# native|wine: the client is the native example client, or the SSPI one
# under Wine (CLIENT_COMMAND includes the runner). MECH: kerberos or
# negotiate. SERVER: the native crossauth-double-hop-server. Runs inside
# `crossauth-test-realm run` with the standard principals (alice kinit'ed).
#
# Service A runs with an empty credential cache (KRB5CCNAME points at a file
# that does not exist), so the realm's cache with alice's TGT cannot stand in
# for the delegated credential: B sees alice only if the delegation worked.
set -euo pipefail
side=$1 mech=$2 server=$3
[ "${4:-}" = -- ] || { echo "usage: double_hop_test.sh native|wine MECH SERVER -- CLIENT_COMMAND..."; exit 2; }
shift 4
client=("$@")
# shellcheck source-path=SCRIPTDIR source=../support/interop_lib.sh
. "$(dirname "$0")/../support/interop_lib.sh"

case "$side" in native | wine) ;; *) echo "unknown side $side"; exit 2 ;; esac
case "$mech" in kerberos | negotiate) ;; *) echo "unknown mechanism $mech"; exit 2 ;; esac
if [ ! -x "$server" ]; then
  echo "FAILED: the native program $server is missing; build it in the" \
       "native build (CROSSAUTH_NATIVE_BUILD_DIR) first"
  exit 1
fi
server_flags=(--mech "$mech" --second-hop host@localhost)
if [ "$side" = wine ] && [ "$mech" = negotiate ]; then
  # Wine's Negotiate package sends raw Kerberos, not SPNEGO (see
  # tests/sspi/wine_interop_test.sh).
  server_flags+=(--accept-raw-kerberos)
fi

# run NAME CLIENT_FLAGS...: service A in the background, the client in the
# foreground; leaves NAME-server.out and NAME-client.out in $work.
run() {
  local name=$1
  shift
  rm -f "$work/port"
  KRB5CCNAME="FILE:$work/no-such-ccache" "$server" --port-file "$work/port" \
    "${server_flags[@]}" >"$work/$name-server.out" 2>&1 &
  server_pid=$!
  local port
  port=$(wait_for_port "$work/port" "$work/$name-server.out")
  client_status=0
  "${client[@]}" --port "$port" --target HTTP@localhost --mech "$mech" \
    --messages 1 "$@" >"$work/$name-client.out" 2>&1 || client_status=$?
  finish_server
  show "$name: service A (native)" "$work/$name-server.out"
  show "$name: client ($side)" "$work/$name-client.out"
  [ "$client_status" = 0 ] || { echo "FAILED: $name: client exit status $client_status"; exit 1; }
  [ "$server_status" = 0 ] || { echo "FAILED: $name: service A exit status $server_status"; exit 1; }
}

# expect_not FILE TEXT: FILE has no line with TEXT.
expect_not() {
  if grep -qF -- "$2" "$1"; then echo "FAILED: $(basename "$1") has: $2"; exit 1; fi
}

# 1. With delegation.
run delegate --delegate
a="$work/delegate-server.out" c="$work/delegate-client.out"
expect "$a" "(backend gssapi)"
expect "$a" "A: authenticated alice@$realm; flags "
grep -qE "^A: authenticated [^;]*; flags .*delegate" "$a" ||
  { echo "FAILED: service A's flags lack delegate"; exit 1; }
grep -qE "^client: .*; flags .*delegate" "$c" ||
  { echo "FAILED: the client's flags lack delegate"; exit 1; }
expect "$a" "A: delegated credential for alice@$realm"
expect "$a" "B: authenticated alice@$realm; I am host/localhost@$realm"
expect "$a" 'A: received "hello 1"'
expect "$c" 'server replied "echo: hello 1"'
expect "$c" "server says: MIC verified"
expect "$a" "A: End() -> OK"
if [ "$side" = wine ]; then
  expect "$c" "(backend sspi)"
else
  expect "$c" "(backend gssapi)"
fi
echo "checked: B was reached as alice@$realm with the credential she delegated"

# 2. Without: nothing is delegated, and B is never reached.
run plain
a="$work/plain-server.out" c="$work/plain-client.out"
expect "$a" "A: authenticated alice@$realm; flags "
if grep -qE "^A: authenticated [^;]*; flags .*delegate" "$a"; then
  echo "FAILED: service A's flags have delegate without --delegate"; exit 1
fi
expect "$a" "A: nothing delegated: NOT_FOUND: ServerSession::DelegatedCredential(): the client delegated no credential"
expect_not "$a" "A: delegated credential for"
expect_not "$a" "B: "
expect "$c" "server says: MIC verified"
echo "checked: without --delegate, service A gets nothing to delegate"

# 3. With --delegate, but a ticket that is not forwardable (kinit -F into a
# cache of its own): again nothing is delegated.
printf '%s\n' alice-Pw-4711 |
  kinit -F -c "FILE:$work/not-forwardable" "alice@$realm" >"$work/kinit.out" 2>&1 ||
  { cat "$work/kinit.out"; echo "FAILED: kinit -F"; exit 1; }
klist -f -c "FILE:$work/not-forwardable" >"$work/klist.out" 2>&1
show klist "$work/klist.out"
# klist -f shows the TGT's flags; F would mean forwardable.
if grep -A1 "krbtgt/$realm@$realm" "$work/klist.out" | grep -qE 'Flags: [A-Za-z]*F'; then
  echo "FAILED: kinit -F gave a forwardable ticket"; exit 1
fi
export KRB5CCNAME="FILE:$work/not-forwardable"
run not-forwardable --delegate
a="$work/not-forwardable-server.out" c="$work/not-forwardable-client.out"
expect "$a" "A: authenticated alice@$realm; flags "
if grep -qE "^A: authenticated [^;]*; flags .*delegate" "$a"; then
  echo "FAILED: service A's flags have delegate for a non-forwardable ticket"; exit 1
fi
expect "$a" "A: nothing delegated: NOT_FOUND: ServerSession::DelegatedCredential(): the client delegated no credential"
expect_not "$a" "B: "
expect "$c" "server says: MIC verified"
echo "checked: a ticket that is not forwardable is not delegated"
echo "double hop $side ($mech): OK"
