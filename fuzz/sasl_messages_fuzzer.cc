// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sasl_messages: the RFC 4752 negotiation messages
// (src/protocols/sasl_messages.cc), both sides, before wrapping.
//
// Input: one message, decoded as a server offer and as a client choice.
// Checks: what decodes encodes again, and that decodes to the same.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crossauth/sasl_gssapi.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr char kHarness[] = "sasl_messages";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using crossauth::fuzz::Check;
  absl::Span<const uint8_t> message(data, size);

  absl::StatusOr<crossauth::SaslServerOffer> offer =
      crossauth::DecodeSaslServerOffer(message);
  if (offer.ok()) {
    absl::StatusOr<std::vector<uint8_t>> encoded =
        crossauth::EncodeSaslServerOffer(*offer);
    Check(encoded.ok(), kHarness, "a decoded offer does not encode");
    Check(*encoded == std::vector<uint8_t>(message.begin(), message.end()),
          kHarness, "an offer does not encode back to its bytes");
  }

  absl::StatusOr<crossauth::SaslClientChoice> choice =
      crossauth::DecodeSaslClientChoice(message);
  if (choice.ok()) {
    Check(choice->authzid.find('\0') == std::string::npos, kHarness,
          "a decoded authzid holds a NUL");
    absl::StatusOr<std::vector<uint8_t>> encoded =
        crossauth::EncodeSaslClientChoice(*choice);
    Check(encoded.ok(), kHarness, "a decoded choice does not encode");
    absl::StatusOr<crossauth::SaslClientChoice> again =
        crossauth::DecodeSaslClientChoice(*encoded);
    Check(again.ok() && again->layer == choice->layer &&
              again->max_buffer == choice->max_buffer &&
              again->authzid == choice->authzid,
          kHarness, "a choice does not survive encoding");
  }
  return 0;
}
