#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# SASL GSSAPI against Cyrus SASL's sample programs (Debian's sasl2-bin with
# libsasl2-modules-gssapi-mit), over a pair of pipes in their line protocol.
# Usage (inside crossauth-test-realm run with the service sample/localhost):
#   sasl_interop_test.sh client LAYER CROSSAUTH_SASL_CLIENT [AUTHZID]
#       crossauth's client against sasl-sample-server
#   sasl_interop_test.sh server LAYER CROSSAUTH_SASL_SERVER [AUTHZID]
#       sasl-sample-client against crossauth's server
#   sasl_interop_test.sh server-refuses LAYER CROSSAUTH_SASL_SERVER AUTHZID
#       sasl-sample-client asks for an authzid the server must refuse
#   sasl_interop_test.sh client-refuses LAYER CROSSAUTH_SASL_CLIENT
#       sasl-sample-server offers only LAYER, which the client does not allow
#       (it allows confidentiality only, so LAYER is none or integrity)
# LAYER is none, integrity or confidentiality. Both sides are forced to it:
# the sample program with its -b min=N,max=N security strength bounds, the
# crossauth program with --layers (server) or --expect-layer (client).
#
#   sasl_interop_test.sh --wine RUNNER... -- MODE LAYER PROGRAM.exe [AUTHZID]
#       the same with the crossauth program built for Windows (SSPI), run as
#       RUNNER... PROGRAM.exe (scripts/lib/wine-run). Wine's
#       QueryContextAttributesW has no SECPKG_ATTR_NAMES, so the SSPI side
#       cannot tell the principal names: it prints "<name not reported by
#       the backend>" for them, which is checked exactly, and the client's
#       identity is proven by the Kerberos trace of the SSPI side's own
#       libkrb5 (KRB5_TRACE reaches it through Wine) or by the Cyrus peer.
set -euo pipefail
runner=() wine=
if [ "${1:-}" = --wine ]; then
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do runner+=("$1"); shift; done
  [ $# -gt 0 ] || { echo "usage: sasl_interop_test.sh --wine RUNNER... -- MODE LAYER PROGRAM [AUTHZID]"; exit 2; }
  shift
  wine=1
fi
mode=$1 layer=$2 ours=$3 authzid=${4:-}
realm=${CROSSAUTH_TEST_REALM:?run under crossauth-test-realm run}
for program in sasl-sample-server sasl-sample-client; do
  command -v "$program" >/dev/null ||
    PATH=$PATH:/usr/sbin command -v "$program" >/dev/null || {
      echo "FAILED: $program is missing (install sasl2-bin)"; exit 1; }
done
export PATH=$PATH:/usr/sbin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Keep libsasl2 away from the host's /etc/sasl2: an empty config directory.
mkdir "$work/conf"
export SASL_CONF_PATH=$work/conf
mkfifo "$work/up" "$work/down"  # up: client to server; down: server to client

# The Cyrus strength factor (SSF) bounds that force each layer: 0 is no
# layer, 1 integrity, and more than 1 (here 2) only confidentiality has.
case "$layer" in
  none) bits=max=0; ssf='SSF: 0$' ;;
  integrity) bits=min=1,max=1; ssf='SSF: 1$' ;;
  confidentiality) bits=min=2; ssf='SSF: ([2-9]|[1-9][0-9]+)$' ;;
  *) echo "unknown layer $layer"; exit 2 ;;
esac

status=0
client_layers=()
[ "$mode" = client-refuses ] && client_layers=(--layers confidentiality)
if [ "$mode" = client ] || [ "$mode" = client-refuses ]; then
  # stdbuf: the sample programs use stdio, which buffers a pipe fully.
  (timeout 20 stdbuf -oL sasl-sample-server -m GSSAPI -s sample -d localhost \
     -b "$bits" <"$work/up" 2>"$work/peer.err" | tee -p "$work/peer.out" \
     >"$work/down") &
  ${wine:+env KRB5_TRACE="$work/ours.trace"} timeout 20 "${runner[@]}" "$ours" \
    --service sample --host localhost --expect-layer "$layer" \
    ${authzid:+--authzid "$authzid"} "${client_layers[@]}" \
    >"$work/up" <"$work/down" \
    2>"$work/ours.err" || status=$?
else
  (timeout 20 stdbuf -oL sasl-sample-client -m GSSAPI -s sample -n localhost \
     -b "$bits" ${authzid:+-u "$authzid"} <"$work/down" 2>"$work/peer.err" |
     tee -p "$work/peer.out" >"$work/up") &
  ${wine:+env KRB5_TRACE="$work/ours.trace"} timeout 20 "${runner[@]}" "$ours" \
    --service sample --host localhost --layers "$layer" \
    --expect-layer "$layer" ${authzid:+--expect-authzid "$authzid"} \
    <"$work/up" >"$work/down" 2>"$work/ours.err" || status=$?
fi
wait $! || true
sed 's/^/[crossauth] /' "$work/ours.err"
sed 's/^/[cyrus] /' "$work/peer.out" "$work/peer.err" | cut -c1-200

expect() {  # file, extended regex
  grep -qE -- "$2" "$1" || { echo "FAILED: $(basename "$1") lacks: $2"; exit 1; }
}
if [ "$mode" = server-refuses ]; then
  [ "$status" = 1 ] || { echo "FAILED: the server exited with $status, not 1"; exit 1; }
  expect "$work/ours.err" \
    "FAILED: PERMISSION_DENIED: SASL GSSAPI: alice@$realm may not act as \"$authzid\""
  echo "sasl interop (sasl-sample-client, authzid $authzid refused): OK"
  exit 0
fi
if [ "$mode" = client-refuses ]; then
  [ "$status" = 1 ] || { echo "FAILED: the client exited with $status, not 1"; exit 1; }
  expect "$work/ours.err" \
    "FAILED: PERMISSION_DENIED: SaslGssapiClient::Step\\(\\): the server offers $layer; this client allows confidentiality"
  echo "sasl interop (sasl-sample-server offers only $layer, refused): OK"
  exit 0
fi
[ "$status" = 0 ] || { echo "FAILED: crossauth exited with $status"; exit 1; }
expect "$work/peer.out" "$ssf"
client_layers=()
[ "$mode" = client-refuses ] && client_layers=(--layers confidentiality)
if [ -n "$wine" ]; then
  # SSPI under Wine: the names are not reported (see the usage above); the
  # SSPI side's Kerberos trace proves who authenticated to whom.
  unreported="<name not reported by the backend>"
  if [ "$mode" = client ]; then
    expect "$work/ours.trace" "Creating authenticator for alice@$realm -> sample/localhost@$realm"
  else
    expect "$work/ours.trace" "AP-REQ ticket: alice@$realm -> sample/localhost@$realm"
  fi
  client_names="$unreported to $unreported"
  # Without the client's name the server's default authorization identity
  # (the client's principal, RFC 4752 section 3.1) is empty.
  server_names="$unreported acting as \"\"; I am $unreported"
else
  client_names="alice@$realm to sample/localhost@$realm"
  server_names="alice@$realm acting as \"${authzid:-alice@$realm}\"; I am sample/localhost@$realm"
fi
if [ "$mode" = client ] || [ "$mode" = client-refuses ]; then
  expect "$work/ours.err" "authenticated as $client_names; layer $layer"
  expect "$work/ours.err" 'server says "srv message 1"'
  expect "$work/peer.out" "Username: ${authzid:-alice}\$"
  expect "$work/peer.out" "recieved decoded message 'client message 1'"
else
  expect "$work/ours.err" "authenticated $server_names; layer $layer"
  expect "$work/ours.err" 'client says "client message 1"'
  expect "$work/peer.out" "recieved decoded message 'srv message 1'"
fi
echo "sasl interop ($mode, $layer${authzid:+, authzid $authzid}): OK"
