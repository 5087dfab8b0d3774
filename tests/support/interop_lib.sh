# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# interop_lib.sh: the shell harness every cross-process test driver shares (sourced, not run).

realm=${CROSSAUTH_TEST_REALM:?run under crossauth-test-realm run}
work=$(mktemp -d)
server_pid=
trap 'if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

# wait_for_port FILE LOG: waits up to 60 s (a first Wine start is slow) for
# the server to write its port to FILE, and prints the port.
wait_for_port() {
  for _ in $(seq 600); do
    if [ -s "$1" ]; then cat "$1"; return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAILED: the server did not report a port" >&2
  cat "$2" >&2
  exit 1
}

# finish_server: gives the server 10 s to finish after the client (a failed
# client may leave it waiting), stops it after that, and sets server_status
# to its exit status.
finish_server() {
  for _ in $(seq 100); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$server_pid" 2>/dev/null || true
  server_status=0
  wait "$server_pid" || server_status=$?
  server_pid=
}

# expect FILE TEXT: FILE contains the line part TEXT.
expect() {
  grep -qF -- "$2" "$1" || { echo "FAILED: $(basename "$1") lacks: $2"; exit 1; }
}

# expect_count FILE TEXT N: TEXT occurs on exactly N lines of FILE.
expect_count() {
  local n
  n=$(grep -cF -- "$2" "$1" || true)
  [ "$n" = "$3" ] || { echo "FAILED: $(basename "$1") has $n, not $3, lines with: $2"; exit 1; }
}

# show NAME FILE: prints FILE with each line prefixed [NAME], without the
# hex dumps of tokens that gss-server -verbose writes.
show() { grep -vE '^([0-9a-f]{2} )+$' "$2" | sed "s/^/[$1] /" || true; }
