#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# demo-session.sh <build dir>: one client/server exchange for scripts/demo.
#
# Runs inside `crossauth-test-realm run`, which has set KRB5_CONFIG,
# KRB5CCNAME, KRB5_KTNAME and friends to point at its realm. Starts the
# example server on a free port, runs the example client against it, and
# fails when either program fails. Each program's lines are prefixed with
# [server] or [client].
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <build dir>" >&2
  exit 2
fi
build_dir="$1"
server_bin="$build_dir/examples/crossauth-example-server"
client_bin="$build_dir/examples/crossauth-example-client"
for program in "$server_bin" "$client_bin"; do
  if [[ ! -x "$program" ]]; then
    echo "demo-session: $program was not built" >&2
    exit 1
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/crossauth-demo.XXXXXX")"
port_file="$work/port"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# prefix <tag>: copies stdin to stdout a line at a time, each line tagged.
prefix() {
  stdbuf -oL sed "s/^/[$1] /"
}

# The server's own pid is needed to wait for it, so its output goes through
# a process substitution rather than a pipeline.
stdbuf -oL -eL "$server_bin" --port 0 --port-file "$port_file" --once \
  > >(prefix server) 2>&1 &
server_pid=$!

# Wait up to 10 s for the server to write its port.
port=""
for _ in $(seq 100); do
  if [[ -s "$port_file" ]]; then
    port="$(tr -d '[:space:]' < "$port_file")"
    [[ "$port" =~ ^[0-9]+$ ]] && break
    port=""
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [[ -z "$port" ]]; then
  if kill -0 "$server_pid" 2>/dev/null; then
    echo "demo-session: the server did not report a port within 10 s" >&2
  else
    echo "demo-session: the server exited before reporting its port" >&2
  fi
  exit 1
fi

client_status=0
stdbuf -oL -eL "$client_bin" --host 127.0.0.1 --port "$port" \
  --target HTTP@localhost --messages 3 > >(prefix client) 2>&1 ||
  client_status=$?

# The server serves one connection (--once); give it 10 s to finish.
server_status=""
for _ in $(seq 100); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then
  echo "demo-session: the server did not exit within 10 s; stopping it" >&2
  kill "$server_pid" 2>/dev/null || true
fi
server_status=0
wait "$server_pid" || server_status=$?
server_pid=""
# Let the prefixing processes flush their last lines.
wait 2>/dev/null || true

if [[ $client_status -ne 0 || $server_status -ne 0 ]]; then
  echo "demo: FAILED (client exit $client_status, server exit $server_status)" >&2
  exit 1
fi
echo "demo: OK, the client and the server both finished successfully"
