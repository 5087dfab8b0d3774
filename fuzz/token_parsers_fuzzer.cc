// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// token_parsers: the platform-free token parsers that look at a peer's bytes
// before the native library does, built natively although two of them serve
// the SSPI backend only:
// - the SPNEGO offer parser (backends/sspi/spnego_offer.cc);
// - the RFC 4121 per-message token header (backends/sspi/wrap_token.cc);
// - the raw-NTLM message check (backends/common/ntlm_message.h).
//
// Input: one token, given to each. Checks: the header fields are those of the
// bytes, and the NTLM check is exactly the signature test.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "backends/common/ntlm_message.h"
#include "backends/sspi/spnego_offer.h"
#include "backends/sspi/wrap_token.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr char kHarness[] = "token_parsers";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using crossauth::fuzz::Check;
  absl::Span<const uint8_t> token(data, size);

  std::optional<std::vector<std::optional<crossauth::Mechanism>>> offer =
      crossauth::internal::SpnegoOffer(token);
  if (offer.has_value()) {
    // Every mechanism OID costs at least 2 bytes.
    Check(offer->size() <= size / 2, kHarness, "more mechanisms than bytes");
  }

  std::optional<crossauth::internal::Rfc4121Header> header =
      crossauth::internal::ParseRfc4121Header(token);
  if (header.has_value()) {
    Check(size >= crossauth::internal::kRfc4121HeaderSize, kHarness,
          "a header from a short token");
    Check(data[1] == 0x04 && data[0] == (header->wrap ? 0x05 : 0x04), kHarness,
          "a header with another TOK_ID");
    uint64_t sequence = 0;
    for (int i = 8; i < 16; ++i) sequence = sequence << 8 | data[i];
    Check(header->sequence == sequence, kHarness, "a wrong sequence number");
    if (header->wrap) {
      Check(header->ec == (data[4] << 8 | data[5]) &&
                header->rrc == (data[6] << 8 | data[7]),
            kHarness, "wrong EC or RRC");
    }
    size_t checksum = size > 16 ? data[16] : 12;
    size_t overhead =
        crossauth::internal::Rfc4121WrapOverhead(*header, checksum);
    Check(overhead >= crossauth::internal::kRfc4121HeaderSize, kHarness,
          "an overhead below the header size");
  }

  bool ntlm = crossauth::internal::IsRawNtlmMessage(token);
  Check(ntlm == (size >= 8 && std::memcmp(data, "NTLMSSP\0", 8) == 0), kHarness,
        "IsRawNtlmMessage disagrees with the signature");
  return 0;
}
