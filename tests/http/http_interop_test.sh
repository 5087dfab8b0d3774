#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# The example HTTP server (Negotiate, RFC 4559) against real clients:
# curl --negotiate (Debian's curl, GSS-API/SPNEGO) and the crossauth example
# HTTP client must get 200 and "Hello, alice@REALM"; forged, garbage, huge
# and wrong-scheme Authorization headers must get 401, and the server must
# keep serving good requests after each of them.
# Usage: http_interop_test.sh SERVER CLIENT   (inside crossauth-test-realm run)
#        http_interop_test.sh --wine RUNNER... -- SERVER.exe CLIENT
# The second form runs the server built for Windows (SSPI) as RUNNER...
# SERVER.exe (scripts/lib/wine-run) against the native CLIENT and curl.
# Wine's QueryContextAttributesW has no SECPKG_ATTR_NAMES, so that server
# cannot tell the client's name: its 200 body is then exactly
# "Hello, <name not reported by the backend>" (the example's marker), and
# the client's identity is proven instead by the Kerberos trace of the
# server's own libkrb5 (KRB5_TRACE reaches it through Wine): "AP-REQ ticket:
# alice@REALM -> HTTP/localhost@REALM".
set -euo pipefail
runner=() wine=
if [ "${1:-}" = --wine ]; then
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do runner+=("$1"); shift; done
  [ $# -gt 0 ] || { echo "usage: http_interop_test.sh --wine RUNNER... -- SERVER CLIENT"; exit 2; }
  shift
  wine=1
fi
server=$1 client=$2
realm=${CROSSAUTH_TEST_REALM:?run under crossauth-test-realm run}
command -v curl >/dev/null || { echo "FAILED: curl is not installed (scripts/install-deps)"; exit 1; }
[ -x "$client" ] || { echo "FAILED: the client $client is missing (under --wine: build it in the native build, CROSSAUTH_NATIVE_BUILD_DIR)"; exit 1; }
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
name="alice@$realm"
server_cmd=("$server")
if [ -n "$wine" ]; then
  name="<name not reported by the backend>"
  server_cmd=(env KRB5_TRACE="$work/server.trace" "${runner[@]}" "$server")
fi
# read_port FILE: the port a server wrote (a Windows one ends it with \r).
read_port() { tr -d '\r' <"$1"; }

"${server_cmd[@]}" --port 0 --port-file "$work/port" >"$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 600); do
  [ -s "$work/port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -s "$work/port" ] || { echo "FAILED: server did not start"; cat "$work/server.out"; exit 1; }
port=$(read_port "$work/port")
url="http://localhost:$port/"
if [ -n "$wine" ]; then
  grep -qF "(backend sspi)" "$work/server.out" ||
    { echo "FAILED: the server does not run on SSPI"; cat "$work/server.out"; exit 1; }
fi

fail() {
  echo "FAILED: $*"
  sed 's/^/[server] /' "$work/server.out"
  exit 1
}
alive() {
  kill -0 "$server_pid" 2>/dev/null || fail "the server died ($1)"
}
# curl_code NAME EXPECTED_CODE CURL_ARGS...: runs curl, checks the code.
curl_code() {
  local name=$1 expected=$2
  shift 2
  local code
  code=$(curl --silent --show-error --max-time 20 \
    --resolve "localhost:$port:127.0.0.1" -o "$work/body" -D "$work/headers" \
    -w '%{http_code}' "$@" "$url") || fail "$name: curl failed"
  [ "$code" = "$expected" ] || fail "$name: HTTP $code, expected $expected"
  alive "$name"
  echo "ok: $name -> HTTP $code"
}
server_logged() {  # name, text
  grep -qF -- "$2" "$work/server.out" || fail "$1: the server log lacks: $2"
}
good_curl() {
  curl_code "$1" 200 --negotiate -u :
  [ "$(cat "$work/body")" = "Hello, $name" ] || fail "$1: the body is not exactly: Hello, $name"
  grep -qi '^WWW-Authenticate: Negotiate [A-Za-z0-9+/=]' "$work/headers" ||
    fail "$1: the 200 has no final Negotiate token"
}

# No credentials: a bare challenge.
curl_code "no credentials" 401
grep -qi '^WWW-Authenticate: Negotiate' "$work/headers" || fail "no challenge in the 401"

# curl with SPNEGO, as alice (from KRB5CCNAME).
good_curl "curl --negotiate"
server_logged "curl --negotiate" "authenticated $name"
if [ -n "$wine" ]; then
  grep -qF "AP-REQ ticket: alice@$realm -> HTTP/localhost@$realm" \
    "$work/server.trace" || fail "the server's Kerberos trace lacks alice's AP-REQ"
  echo "ok: the SSPI server's Kerberos trace proves alice@$realm -> HTTP/localhost@$realm"
fi

# The crossauth example client, both mechanisms.
for mech in negotiate kerberos; do
  "$client" --port "$port" --target HTTP@localhost --mech "$mech" \
    >"$work/client.out" 2>&1 || { cat "$work/client.out"; fail "client ($mech) failed"; }
  grep -qF "Hello, $name" "$work/client.out" || { cat "$work/client.out"; fail "client ($mech): no Hello"; }
  grep -qF "the server proved it is HTTP/localhost@$realm" "$work/client.out" ||
    { cat "$work/client.out"; fail "client ($mech): server not proven"; }
  alive "client $mech"
  echo "ok: crossauth-example-http-client --mech $mech -> HTTP 200"
done

# Bad headers: each gets 401, then the server still serves a good request.
curl_code "forged token" 401 -H 'Authorization: Negotiate AAAA'
server_logged "forged token" "malformed"
if [ -n "$wine" ]; then
  server_logged "forged token" "AcceptSecurityContext: SEC_E_INVALID_TOKEN (0x80090308)"
fi
good_curl "good after forged"

curl_code "garbage base64" 401 -H 'Authorization: Negotiate %%not*base64%%'
server_logged "garbage base64" "Authorization: expected"
curl_code "non-canonical base64" 401 -H 'Authorization: Negotiate YWJ='
server_logged "non-canonical base64" "not canonical base64"
curl_code "no token" 401 -H 'Authorization: Negotiate'
server_logged "no token" "carry no token"

huge=$(head -c 70000 /dev/zero | tr '\0' 'A')
curl_code "huge header" 401 -H "Authorization: Negotiate $huge"
server_logged "huge header" "the limit is 65536"

curl_code "wrong scheme" 401 -H 'Authorization: Basic YWxpY2U6cGFzc3dvcmQ='
server_logged "wrong scheme" 'the scheme is "Basic", not Negotiate'

curl_code "two Authorization fields" 401 -H 'Authorization: Negotiate YWJj' \
  -H 'Authorization: Negotiate YWJj'
server_logged "two Authorization fields" "more than one Authorization header field"

# Over the request size bound: refused without a crash.
printf 'X-Padding: %s\r\n' "$(head -c 140000 /dev/zero | tr '\0' 'p')" >"$work/pad"
curl_code "oversized request" 431 -H @"$work/pad"

# Not HTTP at all.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf '\x16\x03\x01\x00\xa5junk\r\n\r\n' >&3
reply=$(head -c 12 <&3 || true)
exec 3<&- 3>&-
[ "$reply" = "HTTP/1.1 400" ] || fail "junk: got '$reply', expected HTTP/1.1 400"
alive "junk"
echo "ok: junk -> HTTP 400"

good_curl "good at the end"
if grep -q "FAILED" "$work/server.out"; then fail "the server logged a failure"; fi

# The example client reads a chunked body (what Apache sends for CGI output)
# whole, and fails on a malformed one instead of printing less. The peer is
# a one-shot loopback server that sends fixed bytes.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
chunked_server() {  # port-file, response bytes (with \r \n escapes)
  "$python" - "$1" "$2" <<'PY' &
import os, socket, sys
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
listener.settimeout(20)
conn, _ = listener.accept()
conn.settimeout(20)
request = b""
while b"\r\n\r\n" not in request:
    data = conn.recv(4096)
    if not data:
        break
    request += data
conn.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
conn.close()
PY
  chunked_pid=$!
  for _ in $(seq 200); do [ -s "$1" ] && break; sleep 0.1; done
  [ -s "$1" ] || fail "the chunked test server did not start"
}
rm -f "$work/chunked.port"
chunked_server "$work/chunked.port" \
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\nHello, \r\n5;x=y\r\nworld\r\n0\r\n\r\n'
"$client" --port "$(cat "$work/chunked.port")" >"$work/chunked.out" 2>&1 ||
  { cat "$work/chunked.out"; fail "client against a chunked body failed"; }
wait "$chunked_pid" || true
grep -qF 'http-client: body: Hello, world' "$work/chunked.out" ||
  { cat "$work/chunked.out"; fail "client: the chunked body is not Hello, world"; }
echo "ok: crossauth-example-http-client decodes a chunked body"
rm -f "$work/chunked.port"
chunked_server "$work/chunked.port" \
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\nHello, \r\n5\r\nwor'
if "$client" --port "$(cat "$work/chunked.port")" >"$work/chunked.out" 2>&1; then
  cat "$work/chunked.out"; fail "client succeeded on a truncated chunked body"
fi
wait "$chunked_pid" || true
grep -qF 'FAILED: the peer closed the connection before the end of the chunked body' \
  "$work/chunked.out" || { cat "$work/chunked.out"; fail "client: no truncation error"; }
if grep -qF 'http-client: body:' "$work/chunked.out"; then
  fail "client printed a body from a truncated chunked response"
fi
echo "ok: crossauth-example-http-client refuses a truncated chunked body"

# --requests N: the server stops by itself after N connections, cleanly.
"${server_cmd[@]}" --port 0 --port-file "$work/port2" --requests 1 >"$work/server2.out" 2>&1 &
server2_pid=$!
for _ in $(seq 600); do [ -s "$work/port2" ] && break; sleep 0.1; done
code=$(curl --silent --max-time 20 -o /dev/null -w '%{http_code}' \
  "http://127.0.0.1:$(read_port "$work/port2")/") || true
wait "$server2_pid" || fail "--requests 1: exit status $?"
[ "$code" = 401 ] || fail "--requests 1: HTTP $code, expected 401"
grep -qF "served 1 connections, 0 authenticated" "$work/server2.out" ||
  fail "--requests 1: no summary"
echo "ok: --requests 1 stops the server"
echo "http interop: OK"
