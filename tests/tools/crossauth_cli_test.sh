#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Tests the crossauth command, one case per run, inside
# `crossauth-test-realm run` with the standard principals (alice kinit'ed,
# alice.keytab, HTTP/localhost and host/localhost).
#
#   crossauth_cli_test.sh CROSSAUTH EXAMPLES_TEST CASE
#
# EXAMPLES_TEST is tests/interop/examples_test.sh, which the serve_connect case runs
# on `crossauth serve` and `crossauth connect`. Each case checks the exit
# status and the output exactly where crossauth writes it.
set -euo pipefail
crossauth=$1 examples_test=$2 case=$3
realm=${CROSSAUTH_TEST_REALM:?run under crossauth-test-realm run}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_command COMMAND...: runs it, keeping stdout, stderr and exit status.
run_command() {
  status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
  sed 's/^/[stdout] /' "$work/out"
  sed 's/^/[stderr] /' "$work/err"
}
# run ARGS...: runs crossauth ARGS.
run() { run_command "$crossauth" "$@"; }
fail() { echo "FAILED: $*"; exit 1; }
expect_status() { [ "$status" = "$1" ] || fail "exit status $status, not $1"; }
# expect_line FILE LINE: FILE has exactly this line.
expect_line() { grep -qxF -- "$2" "$work/$1" || fail "$1 lacks the line: $2"; }
# expect_part FILE TEXT: a line of FILE contains TEXT.
expect_part() { grep -qF -- "$2" "$work/$1" || fail "$1 lacks: $2"; }
expect_empty() { [ ! -s "$work/$1" ] || fail "$1 is not empty"; }

# A new credential cache holding only alice's TGT (no service tickets that
# would let a check succeed without the KDC). kinit_fresh [kinit options].
kinit_fresh() {
  kinit "$@" -k -t "$CROSSAUTH_TEST_REALM_DIR/alice.keytab" \
    -c "FILE:$work/cc" alice
  export KRB5CCNAME="FILE:$work/cc"
}

hint_service="check the service name (SPN) and that the service is registered in the realm"
hint_no_ticket="no usable ticket: run kinit, or acquire with a password or client keytab"
hint_expired="the ticket or credential has expired; run kinit again or renew it"

case "$case" in
  usage)
    run --help; expect_status 0; expect_line out "Usage: crossauth COMMAND [OPTIONS]"
    expect_part out "  check SERVICE@HOST  Gets a ticket for the service and says why not."
    run; expect_status 2; expect_line err "crossauth: no command given"; expect_empty out
    run bogus; expect_status 2; expect_line err "crossauth: unknown command: bogus"
    # The version project() declares, read from the tree.
    version=$(sed -n 's/^project(crossauth VERSION \([0-9.]*\).*/\1/p' \
      "$(dirname "$examples_test")/../../CMakeLists.txt")
    [ -n "$version" ] || fail "no version in CMakeLists.txt"
    run --version; expect_status 0; expect_line out "crossauth $version (gssapi)"
    run --version extra; expect_status 2; expect_line err "crossauth: --version takes no arguments"
    run check; expect_status 2; expect_line err "crossauth: check needs one SERVICE@HOST"
    run check a@b c@d; expect_status 2; expect_line err "crossauth: invalid arguments"
    run whoami --mech ntlm; expect_status 2; expect_line err "crossauth: invalid arguments"
    run check --help; expect_status 0
    for code in "  3  no ticket" "  4  the ticket or credential has expired" \
        "  5  unknown service principal" "  6  realm or DNS" "  7  clock skew" \
        "  8  no KDC answered"; do
      expect_part out "$code"
    done
    run help whoami; expect_status 0; expect_line out "Usage: crossauth whoami [--mech kerberos|negotiate]"
    run serve --help; expect_status 0; expect_line out "Usage: crossauth serve [OPTIONS]"
    expect_part out "  --port-file FILE"
    run serve --port nope; expect_status 2; expect_part err "invalid --port or --mech"
    run connect --help; expect_status 0; expect_part out "  --protocol crossauth|gss-sample"
    run connect --host 127.0.0.1; expect_status 2; expect_part err "missing or invalid --port"
    ;;
  whoami)
    run whoami; expect_status 0; expect_empty err
    expect_line out "principal: alice@$realm"
    expect_line out "backend:   gssapi"
    grep -qE '^expires:   [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC \(in 9h59m[0-9]+s\)$' \
      "$work/out" || fail "no expiry line 10 hours ahead"
    ;;
  whoami_no_ticket)
    KRB5CCNAME="FILE:$work/missing" run whoami; expect_status 1; expect_empty out
    expect_part err "crossauth whoami: no usable default credential: UNAUTHENTICATED: gss_acquire_cred_from: "
    expect_part err "(KRB5_CC_NOTFOUND); $hint_no_ticket"
    expect_line err "hint: $hint_no_ticket"
    ;;
  check)
    kinit_fresh
    run check HTTP@localhost; expect_status 0; expect_empty err
    expect_line out "OK: alice@$realm got a ticket for HTTP/localhost@$realm (Kerberos, $(grep -o '[0-9]*-byte' "$work/out") token, backend gssapi)"
    klist -c "$KRB5CCNAME" | grep -qF "HTTP/localhost@$realm" || fail "no service ticket in the cache"
    run check host@localhost --mech negotiate; expect_status 0
    expect_part out "OK: alice@$realm got a ticket for host@localhost (Negotiate, "
    ;;
  check_unknown_service)
    run check nosuch@localhost; expect_status 5; expect_empty out
    expect_line err "crossauth check: FAILED (unknown service principal, exit 5): NOT_FOUND: gss_init_sec_context: Server nosuch/localhost@$realm not found in Kerberos database (KDC_ERR_S_PRINCIPAL_UNKNOWN); $hint_service; target principal nosuch/localhost@$realm"
    expect_line err "hint: $hint_service; target principal nosuch/localhost@$realm"
    ;;
  check_no_ticket)
    KRB5CCNAME="FILE:$work/missing" run check HTTP@localhost; expect_status 3
    expect_empty out
    expect_part err "crossauth check: FAILED (no ticket, exit 3): UNAUTHENTICATED: gss_acquire_cred_from: "
    expect_line err "hint: $hint_no_ticket"
    ;;
  check_expired)
    kinit_fresh -l 2s
    sleep 3
    run check HTTP@localhost; expect_status 4; expect_empty out
    expect_line err "crossauth check: FAILED (expired, exit 4): UNAUTHENTICATED: gss_init_sec_context: Ticket expired (KRB_AP_ERR_TKT_EXPIRED); $hint_expired; target principal HTTP/localhost@$realm"
    run whoami; expect_status 1
    expect_line err "crossauth whoami: cannot inspect the default credential: UNAUTHENTICATED: gss_inquire_cred: The referenced credential has expired (GSS_S_CREDENTIALS_EXPIRED); $hint_expired"
    expect_line err "hint: $hint_expired"
    ;;
  check_realm)
    # A realm the KDC has no path to, and a krb5.conf that lists no KDC.
    run check HTTP/localhost@NO.SUCH.REALM; expect_status 6
    expect_part err "crossauth check: FAILED (realm or DNS, exit 6): NOT_FOUND: gss_init_sec_context: Server krbtgt/NO.SUCH.REALM@$realm not found"
    expect_part err "hint: unknown realm: the KDC has no cross-realm trust to the target's realm"
    kinit_fresh
    grep -v "kdc = " "$KRB5_CONFIG" >"$work/krb5.conf"
    KRB5_CONFIG="$work/krb5.conf" run check HTTP@localhost; expect_status 6
    expect_line err "crossauth check: FAILED (realm or DNS, exit 6): NOT_FOUND: gss_init_sec_context: Cannot find KDC for realm \"$realm\" (KRB5_REALM_UNKNOWN); unknown realm: check default_realm and [domain_realm] in krb5.conf; target principal HTTP/localhost@$realm"
    ;;
  check_kdc_unreachable)
    # The same realm, its KDC moved to a closed port.
    kinit_fresh
    sed "s/127\.0\.0\.1:$CROSSAUTH_TEST_KDC_PORT/127.0.0.1:1/g" "$KRB5_CONFIG" >"$work/krb5.conf"
    grep -qF "127.0.0.1:1" "$work/krb5.conf" || fail "the KDC entry was not rewritten"
    KRB5_CONFIG="$work/krb5.conf" run check HTTP@localhost; expect_status 8
    expect_line err "crossauth check: FAILED (KDC unreachable, exit 8): UNAVAILABLE: gss_init_sec_context: Cannot contact any KDC for realm '$realm' (KRB5_KDC_UNREACH); no KDC answered: check the realm's kdc entries in krb5.conf, DNS and the network; target principal HTTP/localhost@$realm"
    ;;
  check_clock_skew)
    # Only the client's clock is an hour ahead (libfaketime); the realm
    # allows 5 minutes. ASan wants to come first; libfaketime is preloaded.
    kinit_fresh
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
      run_command faketime -f "+1h" "$crossauth" check HTTP@localhost
    expect_status 7; expect_empty out
    expect_line err "crossauth check: FAILED (clock skew, exit 7): UNAUTHENTICATED: gss_init_sec_context: Clock skew too great (KRB_AP_ERR_SKEW); clock skew: the clocks of client, server and KDC differ by more than the allowed skew; synchronize them; target principal HTTP/localhost@$realm"
    ;;
  serve_connect)
    # examples_test.sh runs a server and a client program: here they are
    # `crossauth serve` and `crossauth connect`.
    printf '#!/bin/sh\nexec "%s" serve "$@"\n' "$crossauth" >"$work/serve"
    printf '#!/bin/sh\nexec "%s" connect "$@"\n' "$crossauth" >"$work/connect"
    chmod +x "$work/serve" "$work/connect"
    bash "$examples_test" "$work/serve" "$work/connect" negotiate
    ;;
  *) echo "unknown case: $case"; exit 2 ;;
esac
echo "crossauth $case: OK"
