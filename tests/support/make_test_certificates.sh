#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Makes the self-signed certificates that cross-built suites read from
# $CROSSAUTH_TEST_CERT_DIR (tests/support/test_certificates.h): one DER file
# per signature algorithm. Native suites make theirs in-process instead.
# Usage: make_test_certificates.sh DIR
set -euo pipefail
dir=$1
mkdir -p "$dir"
make() {  # name, openssl req key and digest options...
  local name=$1
  shift
  openssl req -x509 "$@" -nodes -keyout /dev/null -subj "/CN=crossauth test" \
    -days 1 -outform DER -out "$dir/$name.der" 2>/dev/null
}
make rsa-sha256 -newkey rsa:1024 -sha256
make rsa-sha1 -newkey rsa:1024 -sha1
make rsa-md5 -newkey rsa:1024 -md5
make rsa-sha512 -newkey rsa:1024 -sha512
make ecdsa-sha384 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -sha384
make ed25519 -newkey ed25519
echo "certificates in $dir: $(ls "$dir" | tr '\n' ' ')"
