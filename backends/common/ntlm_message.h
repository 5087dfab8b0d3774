// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ntlm_message.h: recognizing a raw NTLM message, which both backends'
// acceptors refuse when NTLM is not on the allow-list.

#ifndef CROSSAUTH_SRC_NTLM_MESSAGE_H_
#define CROSSAUTH_SRC_NTLM_MESSAGE_H_

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "absl/types/span.h"

namespace crossauth {
namespace internal {

// IsRawNtlmMessage()
//
// True when `token` starts with the NTLMSSP signature ("NTLMSSP\0"): an NTLM
// message without SPNEGO or RFC 2743 framing, as Wine's NTLM and Negotiate
// packages and a GSS-API NTLM client send it.
inline bool IsRawNtlmMessage(absl::Span<const uint8_t> token) {
  constexpr uint8_t kSignature[] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
  return token.size() >= sizeof(kSignature) &&
         std::equal(std::begin(kSignature), std::end(kSignature),
                    token.begin());
}

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_NTLM_MESSAGE_H_
