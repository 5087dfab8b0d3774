#!/bin/sh
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Tests of the crossauth-test-realm command: exit statuses, the environment
# COMMAND sees, start/stop, and that nothing (process, directory) is left.
#
# Usage: test_realm_cli_test.sh /path/to/crossauth-test-realm

set -u
tool=$1
scratch=$(mktemp -d "${TMPDIR:-/tmp}/crossauth-cli-test-XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect_status WANT DESCRIPTION -- COMMAND...: runs COMMAND with its output
# in $scratch/out and $scratch/err, and checks its exit status.
expect_status() {
  want=$1 what=$2
  shift 3
  "$@" >"$scratch/out" 2>"$scratch/err"
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$what: exit status $got, want $want; stderr: $(cat "$scratch/err")"
  fi
}

# expect_grep FILE PATTERN DESCRIPTION: FILE has a line matching PATTERN.
expect_grep() {
  grep -q -e "$2" "$1" || fail "$3: no line matching '$2' in: $(cat "$1")"
}

# gone PID: the process does not exist (or is a zombie nobody reaped yet).
gone() {
  ! kill -0 "$1" 2>/dev/null && return 0
  state=$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)
  [ "$state" = Z ]
}

# --- usage --------------------------------------------------------------
expect_status 0 "--help" -- "$tool" --help
expect_grep "$scratch/out" '^Exit status:' "--help"
expect_grep "$scratch/out" 'crossauth-test-realm stop --state-dir DIR' "--help"
expect_status 0 "run --help" -- "$tool" run --realm X --help

expect_status 2 "no arguments" -- "$tool"
expect_grep "$scratch/err" 'missing command: run, start or stop' "no arguments"
expect_grep "$scratch/err" "Try 'crossauth-test-realm --help'" "no arguments"
expect_status 2 "unknown command" -- "$tool" launch
expect_status 2 "unknown option" -- "$tool" run --bogus 1 -- true
expect_grep "$scratch/err" 'unknown option --bogus' "unknown option"
expect_status 2 "run without --" -- "$tool" run true
expect_status 2 "run with nothing after --" -- "$tool" run --
expect_status 2 "option without value" -- "$tool" run --realm
expect_status 2 "--user without password" -- "$tool" run --user alice -- true
expect_status 2 "--user-keytab of no --user" -- \
  "$tool" run --user-keytab bob -- true
expect_grep "$scratch/err" '--user-keytab bob needs --user bob:PASSWORD' \
  "--user-keytab of no --user"
expect_status 2 "--kinit of no --user" -- "$tool" run --kinit bob -- true
expect_status 2 "bad --service" -- "$tool" run --service HTTP -- true
expect_status 2 "bad --clock-skew" -- "$tool" run --clock-skew 5m -- true
expect_status 2 "start without --state-dir" -- "$tool" start
expect_status 2 "stop with realm options" -- \
  "$tool" stop --state-dir "$scratch/s" --realm X

# --- run ----------------------------------------------------------------
expect_status 0 "run klist" -- "$tool" run --user alice:alice-password \
  --kinit alice -- klist
expect_grep "$scratch/out" '^Default principal: alice@CROSSAUTH.TEST$' \
  "run klist"

# The environment COMMAND sees, and what is left once run returns.
expect_status 0 "run environment" -- "$tool" run --realm EXAMPLE.TEST \
  --max-life 3600 --clock-skew 60 -- sh -c '
    set -e
    test "$CROSSAUTH_TEST_REALM" = EXAMPLE.TEST
    test -d "$CROSSAUTH_TEST_REALM_DIR"
    d=$CROSSAUTH_TEST_REALM_DIR
    test "$KRB5_CONFIG" = "$d/krb5.conf"
    test "$KRB5_KDC_PROFILE" = "$d/kdc.conf"
    test "$KRB5CCNAME" = "FILE:$d/ccache"
    test "$KRB5_KTNAME" = "FILE:$d/service.keytab"
    test "$KRB5_CLIENT_KTNAME" = "FILE:$d/client.keytab"
    test "$KRB5RCACHEDIR" = "$d/rcache"
    test "$GSS_MECH_CONFIG" = "$d/gss-mech"
    grep -qx "    kdc = 127.0.0.1:$CROSSAUTH_TEST_KDC_PORT" "$KRB5_CONFIG"
    grep -qx "  clockskew = 60" "$KRB5_CONFIG"
    grep -qx "    max_life = 3600" "$KRB5_KDC_PROFILE"
    echo "$d"; cat "$d/krb5kdc.pid"'
realm_dir=$(sed -n 1p "$scratch/out")
kdc_pid=$(sed -n 2p "$scratch/out")
[ -n "$realm_dir" ] && [ ! -e "$realm_dir" ] ||
  fail "run left its directory '$realm_dir' behind"
[ -n "$kdc_pid" ] && gone "$kdc_pid" || fail "run left krb5kdc '$kdc_pid'"

expect_status 0 "run keytabs" -- "$tool" run --user alice:alice-password \
  --user-keytab alice --service HTTP/localhost -- sh -c '
    set -e
    klist -k "$KRB5_KTNAME" | grep -q "HTTP/localhost@CROSSAUTH.TEST"
    kinit -k -t "$CROSSAUTH_TEST_REALM_DIR/alice.keytab" alice
    echo alice-password | kinit alice >/dev/null
    kvno -q -k "$KRB5_KTNAME" HTTP/localhost'

expect_status 7 "run passes on the exit status" -- "$tool" run -- sh -c 'exit 7'
expect_status 143 "run reports a signal as 128+N" -- \
  "$tool" run -- sh -c 'kill -TERM $$'
expect_status 127 "run with a missing command" -- \
  "$tool" run -- crossauth-no-such-command
expect_grep "$scratch/err" 'crossauth-no-such-command: command not found' \
  "run with a missing command"
expect_status 126 "run with a command that is not executable" -- \
  "$tool" run -- /etc/passwd
expect_grep "$scratch/err" 'cannot execute /etc/passwd' \
  "run with a command that is not executable"
expect_status 125 "run when the realm cannot start" -- \
  env TMPDIR="$scratch/missing" "$tool" run -- true
expect_grep "$scratch/err" 'cannot start the realm' \
  "run when the realm cannot start"
expect_status 125 "run with an invalid realm name" -- \
  "$tool" run --realm "BAD REALM" -- true

# A kill aimed at run reaches COMMAND, and run still cleans up.
"$tool" run -- sh -c 'echo "$CROSSAUTH_TEST_REALM_DIR" > "$0"; exec sleep 30' \
  "$scratch/killed-dir" &
run_pid=$!
i=0
while [ ! -s "$scratch/killed-dir" ] && [ $i -lt 200 ]; do
  sleep 0.05; i=$((i + 1))
done
kill -TERM $run_pid
wait $run_pid
status=$?
[ $status -eq 143 ] || fail "killed run: exit status $status, want 143"
killed_dir=$(cat "$scratch/killed-dir")
[ -n "$killed_dir" ] && [ ! -e "$killed_dir" ] ||
  fail "killed run left '$killed_dir' behind"

# --- start and stop -----------------------------------------------------
state="$scratch/state"
expect_status 0 "start" -- "$tool" start --state-dir "$state" \
  --user alice:alice-password --kinit alice --service HTTP/localhost
[ -s "$scratch/out" ] && fail "start printed: $(cat "$scratch/out")"
keeper=$(sed -n 's/^keeper_pid=//p' "$state/realm")
kdc=$(sed -n 's/^kdc_pid=//p' "$state/realm")
dir=$(sed -n 's/^realm_dir=//p' "$state/realm")
[ -n "$keeper" ] && kill -0 "$keeper" || fail "start: keeper '$keeper' not running"
[ -n "$kdc" ] && kill -0 "$kdc" || fail "start: krb5kdc '$kdc' not running"
tr '\0' ' ' < "/proc/$kdc/cmdline" | grep -q "^/usr/sbin/krb5kdc -n " ||
  fail "start: pid $kdc is not krb5kdc"
# Whoever runs start (a CTest fixture, $(...)) waits for its output pipes
# to close: the keeper and the KDC must not hold them.
for pid in "$keeper" "$kdc"; do
  for fd in 0 1 2; do
    target=$(readlink "/proc/$pid/fd/$fd")
    case $target in
      /dev/null | "$dir"/kdc.out) ;;
      *) fail "start: fd $fd of pid $pid is $target" ;;
    esac
  done
done
expect_status 0 "use the started realm" -- sh -c '
  . "$0/env" && klist -s && kvno -q -k "$KRB5_KTNAME" HTTP/localhost &&
  test "$CROSSAUTH_TEST_REALM_DIR" = "$1"' "$state" "$dir"
expect_status 125 "start twice" -- "$tool" start --state-dir "$state"
expect_grep "$scratch/err" 'stop it first' "start twice"
expect_status 0 "stop" -- "$tool" stop --state-dir "$state"
gone "$keeper" || fail "stop left the keeper $keeper"
gone "$kdc" || fail "stop left krb5kdc $kdc"
[ ! -e "$dir" ] || fail "stop left $dir"
[ ! -e "$state/env" ] && [ ! -e "$state/realm" ] ||
  fail "stop left the state files"
expect_status 1 "stop again" -- "$tool" stop --state-dir "$state"
expect_grep "$scratch/err" 'nothing to stop' "stop again"

# stop never signals a process that is not its keeper or KDC.
sleep 30 &
bystander=$!
mkdir -p "$scratch/forged" "$scratch/crossauth-realm-forged"
printf 'keeper_pid=%s\nkdc_pid=%s\nrealm_dir=%s\n' "$bystander" \
  "$bystander" "$scratch/crossauth-realm-forged" >"$scratch/forged/realm"
expect_status 1 "stop with a forged state" -- \
  "$tool" stop --state-dir "$scratch/forged"
kill -0 $bystander 2>/dev/null || fail "stop killed an unrelated process"
[ -d "$scratch/crossauth-realm-forged" ] ||
  fail "stop removed a directory that is not a realm"
kill $bystander
wait $bystander 2>/dev/null

expect_status 2 "start with an unreadable option" -- \
  "$tool" start --state-dir "$state" --max-life 0
expect_status 125 "start that fails" -- \
  "$tool" start --state-dir "$state" --realm "BAD REALM"
[ ! -e "$state/realm" ] || fail "a failed start left $state/realm"

if [ $failures -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all checks passed"
