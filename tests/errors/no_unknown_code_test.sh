#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# no_unknown_code_test.sh TESTS_DIR
#
# No test expects the code UNKNOWN: every failure a peer can cause has a
# specific code. Fails on each line under TESTS_DIR (C++ and shell sources)
# that names the code (absl::StatusCode::kUnknown, Code::kUnknown,
# IsUnknown, UnknownError, the printed "UNKNOWN:"), unless the line or the
# one above it says why with "unknown-ok:" (the mapping's last resort, for
# a call no peer reaches, and the check's own machinery). The runtime half
# of the check is in test_main.cc.
set -euo pipefail

dir="${1:?usage: no_unknown_code_test.sh TESTS_DIR}"
pattern='(StatusCode|Code)::kUnknown\b|\bIsUnknown\(|\bUnknownError\(|\bUNKNOWN:'
self="$(basename "${BASH_SOURCE[0]}")"

files=0
bad=0
while IFS= read -r -d '' file; do
  [[ "$(basename "$file")" == "$self" ]] && continue
  files=$((files + 1))
  previous=""
  number=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    number=$((number + 1))
    if [[ "$line" =~ $pattern ]] && [[ "$line" != *unknown-ok:* ]] &&
        [[ "$previous" != *unknown-ok:* ]]; then
      echo "$file:$number: expects UNKNOWN: $line" >&2
      bad=$((bad + 1))
    fi
    previous="$line"
  done <"$file"
done < <(find "$dir" -type f \( -name '*.cc' -o -name '*.h' -o -name '*.sh' \
  -o -name '*.py' \) -print0)

if ((files < 10)); then
  echo "no_unknown_code_test: only $files source files under $dir" >&2
  exit 1
fi
if ((bad > 0)); then
  echo "no_unknown_code_test: $bad line(s) expect the code UNKNOWN; give" \
    "the failure a specific code, or say why with \"unknown-ok:\"" >&2
  exit 1
fi
echo "no_unknown_code_test: $files files, no test expects UNKNOWN"
