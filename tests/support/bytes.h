// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// bytes.h: small byte-buffer checks the message tests share.

#ifndef CROSSAUTH_TESTS_SUPPORT_BYTES_H_
#define CROSSAUTH_TESTS_SUPPORT_BYTES_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace crossauth {
namespace test {

// True when every byte of `bytes` is zero (a wiped buffer).
inline bool AllZero(absl::Span<const uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](uint8_t byte) { return byte == 0; });
}

// A copy of `span`, for comparing with EXPECT_EQ.
inline std::vector<uint8_t> ToVector(absl::Span<const uint8_t> span) {
  return std::vector<uint8_t>(span.begin(), span.end());
}

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_BYTES_H_
