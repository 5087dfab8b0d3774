#!/bin/sh
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# crossauth-test-domain: the command gets the domain's environment inside
# the namespaces, its exit status comes back, usage and setup errors have
# their statuses, and the host's /etc/hosts and mounts are unchanged.
# Usage: test_domain_cli_test.sh CROSSAUTH-TEST-DOMAIN
set -u
tool="$1"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if [ "$(id -u)" != 0 ]; then
  echo "SKIP: crossauth-test-domain needs root (CI runs as root)"
  exit 0
fi

hosts_before=$(cat /etc/hosts)
mounts_before=$(grep -c samba /proc/self/mountinfo)

out=$("$tool" run --user 'alice:Alice-Pa55word!' --group staff \
  --member staff:alice --service websvc:HTTP/web --kinit alice -- sh -c '
    klist | grep -q "Default principal: alice@AD.CROSSAUTH.TEST" || echo no-ticket
    klist -k "$KRB5_KTNAME" | grep -q "HTTP/web.ad.crossauth.test@AD.CROSSAUTH.TEST" || echo no-key
    getent hosts web.ad.crossauth.test >/dev/null || echo no-host
    echo "realm=$CROSSAUTH_TEST_DOMAIN_REALM running=$CROSSAUTH_TEST_DOMAIN_RUNNING"
    exit 7' 2>&1)
rc=$?
[ "$rc" = 7 ] || fail "COMMAND's status 7 came back as $rc: $out"
case "$out" in *no-*) fail "inside the domain: $out" ;; esac
case "$out" in *"realm=AD.CROSSAUTH.TEST running=1"*) ;;
  *) fail "environment: $out" ;; esac

"$tool" run -- no-such-command-here >/dev/null 2>&1
rc=$?
[ "$rc" = 127 ] || fail "a missing command gave $rc, not 127"

out=$("$tool" run --kinit bob -- true 2>&1)
rc=$?
[ "$rc" = 2 ] || fail "a usage error gave $rc, not 2"
case "$out" in *"--kinit bob needs --user bob:PASSWORD"*) ;;
  *) fail "usage message: $out" ;; esac

out=$("$tool" run --user 'alice:weak' -- true 2>&1)
rc=$?
[ "$rc" = 125 ] || fail "a refused password gave $rc, not 125"
case "$out" in *"cannot add user alice: samba-tool user add failed"*) ;;
  *) fail "setup message: $out" ;; esac
case "$out" in *weak*) fail "the password appeared: $out" ;; esac

[ "$(cat /etc/hosts)" = "$hosts_before" ] || fail "the host's /etc/hosts changed"
[ "$(grep -c samba /proc/self/mountinfo)" = "$mounts_before" ] ||
  fail "the host's mounts changed"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
