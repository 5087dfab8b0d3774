// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// wrap_token.h: reading the clear header of RFC 4121 per-message tokens.
//
// SSPI never needs this on Windows. Under Wine it does, for two things that
// Wine's Kerberos package leaves to the caller (see sspi_message_layout.h):
// splitting a wrap token into the DATA and TOKEN buffers that its
// DecryptMessage expects, and telling a replayed message (which Wine reports
// as SEC_E_INVALID_TOKEN) from a corrupt one. Nothing is accepted on the
// strength of this parse: SSPI checks every token.

#ifndef CROSSAUTH_BACKENDS_SSPI_WRAP_TOKEN_H_
#define CROSSAUTH_BACKENDS_SSPI_WRAP_TOKEN_H_

#include <cstddef>
#include <cstdint>
#include <optional>

#include "absl/types/span.h"

namespace crossauth {
namespace internal {

// Rfc4121Header
//
// The 16-byte header of a Wrap (TOK_ID 05 04) or MIC (TOK_ID 04 04) token.
struct Rfc4121Header {
  bool wrap = false;    // a Wrap token (else a MIC token)
  bool sealed = false;  // Wrap only: the payload is encrypted
  uint16_t ec = 0;      // Wrap only: extra count
  uint16_t rrc = 0;     // Wrap only: right rotation count
  uint64_t sequence = 0;
};

inline constexpr size_t kRfc4121HeaderSize = 16;

// ParseRfc4121Header()
//
// The header of `token`, or std::nullopt when it does not start with one.
std::optional<Rfc4121Header> ParseRfc4121Header(
    absl::Span<const uint8_t> token);

// Rfc4121WrapOverhead()
//
// How many bytes of a Wrap token are not plaintext. Integrity-only tokens
// carry their checksum size in EC. Sealed tokens hold a confounder (16), the
// encrypted header copy (16), EC filler and a checksum of `checksum_size`
// bytes, which depends on the enctype and is not in the header.
size_t Rfc4121WrapOverhead(const Rfc4121Header& header, size_t checksum_size);

// Rfc4121HeaderLayout
//
// Where a gss_wrap token (RRC 0) of a message goes in the header-only layout
// of gss_wrap_iov without a trailer buffer, Windows' EncryptMessage layout
// (DCE/RPC, WinRM): the token body rotated right by RRC bytes, so that the
// header buffer holds the 16-byte header (with that RRC), the body's last
// RRC bytes and, for a sealed token, the encrypted confounder, and the data
// buffers hold the message's ciphertext (or, integrity-only, the message)
// in place. RRC is outside what the checksum covers (RFC 4121 4.2.5), so
// the rotated token is as valid as gss_wrap's.
struct Rfc4121HeaderLayout {
  uint16_t rrc = 0;
  size_t header_size = 0;  // 16 + rrc (+ 16 sealed)
  size_t data_offset = 0;  // of the message's bytes in gss_wrap's token
};

// HeaderLayoutOf()
//
// The header-only layout of `token`, gss_wrap's token (RRC 0) of a
// `message_size`-byte message; std::nullopt when it is not one.
std::optional<Rfc4121HeaderLayout> HeaderLayoutOf(
    absl::Span<const uint8_t> token, size_t message_size);

// WriteLayoutHeader()
//
// Writes the header buffer of `layout` for `token` into `header` (at least
// layout.header_size bytes).
void WriteLayoutHeader(absl::Span<const uint8_t> token,
                       const Rfc4121HeaderLayout& layout, uint8_t* header);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_WRAP_TOKEN_H_
