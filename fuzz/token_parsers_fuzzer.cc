// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// token_parsers: the platform-free token parsers that look at a peer's bytes
// before the native library does:
// - the one initial-token parser (src/core/initial_token.h): the RFC 2743
//   framing's mechanism, the SPNEGO offer, the raw-NTLM message check;
// - the RFC 4121 per-message token header (backends/sspi/wrap_token.cc),
//   built natively although it serves the SSPI backend only.
//
// Input: one token, given to each. Checks: the header fields are those of the
// bytes, the NTLM check is exactly the signature test, and the framing and
// the offer agree with it.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "backends/sspi/wrap_token.h"
#include "fuzz/fuzz_support.h"
#include "src/core/initial_token.h"

namespace {

constexpr char kHarness[] = "token_parsers";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using crossauth::fuzz::Check;
  absl::Span<const uint8_t> token(data, size);

  std::optional<std::vector<std::optional<crossauth::Mechanism>>> offer =
      crossauth::internal::SpnegoOfferedMechanisms(token);
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

  std::optional<crossauth::Mechanism> framed =
      crossauth::internal::InitialTokenMechanism(token);
  if (ntlm) {
    Check(framed == crossauth::Mechanism::kNtlm, kHarness,
          "raw NTLM framed as another mechanism");
  }
  if (framed.has_value() && !ntlm) {
    Check(data[0] == 0x60, kHarness, "a framing without [APPLICATION 0]");
  }
  if (offer.has_value()) {
    Check(framed == crossauth::Mechanism::kNegotiate, kHarness,
          "a SPNEGO offer whose framing is not SPNEGO's");
  }

  std::optional<crossauth::internal::KerberosTicketSummary> ticket =
      crossauth::internal::KerberosTicket(token);
  if (ticket.has_value()) {
    // A bare AP-REQ, or framed (Kerberos, or SPNEGO around it).
    Check(data[0] == 0x6e || framed == crossauth::Mechanism::kKerberos ||
              framed == crossauth::Mechanism::kNegotiate,
          kHarness, "a ticket in a token of another kind");
    Check(ticket->server.find('@') != std::string::npos &&
              ticket->server.size() < size,
          kHarness, "a ticket's server without a realm, or longer than input");
  }
  return 0;
}
