#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# make_corpus.sh: writes the seed corpus of every fuzz harness from real
# tokens, made in a throwaway TestRealm by the fuzz build's fuzz_make_corpus.
#
#   fuzz/make_corpus.sh BUILD_DIR OUTPUT_DIR
#
# OUTPUT_DIR/<harness>/ is replaced. Nothing it writes is committed: the
# tokens are regenerated for every fresh build directory (scripts/fuzz does
# this), and hand-made seeds live in fuzz/seeds/<harness>/.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  sed -n '5,/^set -euo/{/^#/!d;s/^# \{0,1\}//;p}' "$0" >&2
  exit 2
fi
build_dir="$1"
output="$2"
generator="$build_dir/fuzz/fuzz_make_corpus"
if [[ ! -x "$generator" ]]; then
  echo "make_corpus.sh: $generator is missing; build the fuzz build first" >&2
  exit 1
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/crossauth-corpus.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# Leaks are the harnesses' business; the generator's own realm loads
# gss-ntlmssp, whose known leak needs slow unwinding to be suppressed.
ASAN_OPTIONS="detect_leaks=0" CROSSAUTH_FUZZ_TMPDIR="$tmp" \
  "$generator" "$tmp/corpus"
mkdir -p "$output"
for dir in "$tmp/corpus"/*/; do
  name="$(basename "$dir")"
  rm -rf "${output:?}/$name"
  mv "$dir" "$output/$name"
done
