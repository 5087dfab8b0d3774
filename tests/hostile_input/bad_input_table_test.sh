#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# bad_input_table_test.sh SOURCE_DIR
#
# Keeps docs/bad-inputs.md honest: the last cell of every table row names
# the tests that prove the row, as `file` followed by names, and each must
# exist:
#   `tests/x_test.cc` `Suite.Name`   a gtest TEST/TEST_F/TEST_P(Suite, Name)
#                                    in that file;
#   `tests/x.sh` `"text"`            a shell test whose source holds the text;
#   `fuzz/regressions/H/input` `fuzz_H`  a regression input of harness H,
#                                    which fuzz/CMakeLists.txt replays.
# Fails on a missing file or name, on a name without a file, on a row that
# names no test, and on a row whose Reason cell (the third) names no
# crossauth::ErrorReason of include/crossauth/error.h (or is not "—").
set -euo pipefail

root="${1:?usage: bad_input_table_test.sh SOURCE_DIR}"
table="$root/docs/bad-inputs.md"
[[ -f "$table" ]] || { echo "bad_input_table_test: no $table" >&2; exit 1; }

declare -A flat  # file -> its text with all whitespace squeezed to one space
errors=0
rows=0
names=0
fail() {
  echo "docs/bad-inputs.md:$number: $*" >&2
  errors=$((errors + 1))
}

# True when `file` defines the gtest Suite.Name.
has_test() {
  local file=$1 suite=$2 name=$3
  if [[ -z "${flat[$file]+set}" ]]; then
    flat[$file]="$(tr -s '[:space:]' ' ' <"$root/$file")"
  fi
  [[ "${flat[$file]}" =~ TEST(_F|_P)?\(\ ?${suite}\ ?,\ ?${name}\ ?\) ]]
}

# shellcheck disable=SC2016  # backticks, not an expansion
code_span='`[^`]*`'
harnesses="$(sed -n '/^set(CROSSAUTH_FUZZ_HARNESSES/,/)/p' \
  "$root/fuzz/CMakeLists.txt")"

# The ErrorReason enumerators, from the public header.
reasons=" $(sed -n '/^enum class ErrorReason {/,/^};/p' \
  "$root/include/crossauth/error.h" | grep -o '^  k[A-Za-z]*' | tr -d ' ' |
  tr '\n' ' ')"

number=0
while IFS= read -r line || [[ -n "$line" ]]; do
  number=$((number + 1))
  [[ "$line" == "|"* ]] || continue
  [[ "$line" =~ ^\|[-\ |]+\|$ ]] && continue     # | --- | --- |
  [[ "$line" == "| Bad input |"* ]] && continue  # the header
  rows=$((rows + 1))
  IFS='|' read -r -a columns <<<"$line"
  if ((${#columns[@]} != 7)); then
    fail "the row has $((${#columns[@]} - 1)) cells, not 6"
  else
    reason_cell="${columns[3]}"
    named_reasons="$(grep -o '`k[A-Za-z]*`' <<<"$reason_cell" | tr -d '`' || true)"
    if [[ -z "$named_reasons" && "$reason_cell" != *—* ]]; then
      fail "the Reason cell names no ErrorReason:$reason_cell"
    fi
    for reason in $named_reasons; do
      [[ "$reasons" == *" $reason "* ]] ||
        fail "the Reason cell names $reason, which error.h does not declare"
    done
  fi
  cell="${line%|}"
  cell="${cell##*|}"
  file=""
  named=0        # names checked in this row
  file_named=1   # whether the current file was followed by a name
  while IFS= read -r span; do
    span="${span#\`}"
    span="${span%\`}"
    if [[ "$span" =~ ^(tests|fuzz|examples|src|include|backends|docs)/ ]]; then
      ((file_named)) || fail "$file is named without a test after it"
      file="$span"
      file_named=0
      if [[ ! -f "$root/$file" ]]; then
        fail "no such file: $file"
        file=""
        file_named=1
      fi
      continue
    fi
    if [[ -z "$file" ]]; then
      fail "\`$span\` follows no existing file"
      continue
    fi
    file_named=1
    case "$file" in
      fuzz/regressions/*/*)
        harness="${file#fuzz/regressions/}"
        harness="${harness%%/*}"
        if [[ "$span" != "fuzz_$harness" ]]; then
          fail "$file is replayed by fuzz_$harness, not \`$span\`"
        elif ! grep -qw -- "$harness" <<<"$harnesses"; then
          fail "fuzz/CMakeLists.txt does not replay the harness $harness"
        else
          named=$((named + 1))
        fi
        ;;
      *.cc | *.h)
        if [[ ! "$span" =~ ^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$ ]]; then
          fail "\`$span\` after $file is not Suite.TestName"
        elif ! has_test "$file" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"; then
          fail "$file has no test $span"
        else
          named=$((named + 1))
        fi
        ;;
      *.sh)
        if [[ "$span" != \"*\" || ${#span} -lt 3 ]]; then
          fail "\`$span\` after $file is not a quoted check text"
        elif ! grep -qF -- "${span:1:${#span}-2}" "$root/$file"; then
          fail "$file does not contain $span"
        else
          named=$((named + 1))
        fi
        ;;
      *) fail "$file is neither a test source nor a fuzz regression" ;;
    esac
  done < <(grep -o "$code_span" <<<"$cell" || true)
  ((file_named)) || fail "$file is named without a test after it"
  ((named > 0)) || fail "the row names no test"
  names=$((names + named))
done <"$table"

if [[ "$reasons" != *" kTamperedMessage "* ]]; then
  echo "bad_input_table_test: no ErrorReason enumerators read from error.h" >&2
  exit 1
fi
if ((rows < 50)); then
  echo "bad_input_table_test: only $rows table rows in $table" >&2
  exit 1
fi
if ((errors > 0)); then
  echo "bad_input_table_test: $errors error(s) in docs/bad-inputs.md" >&2
  exit 1
fi
echo "bad_input_table_test: $rows rows, $names tests, all exist"
