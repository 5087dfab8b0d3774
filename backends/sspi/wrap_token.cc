// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/wrap_token.h"

#include <algorithm>

namespace crossauth {
namespace internal {

std::optional<Rfc4121Header> ParseRfc4121Header(
    absl::Span<const uint8_t> token) {
  if (token.size() < kRfc4121HeaderSize) return std::nullopt;
  Rfc4121Header header;
  if (token[0] == 0x05 && token[1] == 0x04) {
    // TOK_ID, Flags, Filler (FF), EC, RRC, SND_SEQ (RFC 4121 4.2.6.2).
    if (token[3] != 0xFF) return std::nullopt;
    header.wrap = true;
    header.sealed = (token[2] & 0x02) != 0;
    header.ec = static_cast<uint16_t>(token[4] << 8 | token[5]);
    header.rrc = static_cast<uint16_t>(token[6] << 8 | token[7]);
  } else if (token[0] == 0x04 && token[1] == 0x04) {
    // TOK_ID, Flags, Filler (5 x FF), SND_SEQ (RFC 4121 4.2.6.1).
    for (int i = 3; i < 8; ++i) {
      if (token[i] != 0xFF) return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  for (int i = 8; i < 16; ++i) {
    header.sequence = header.sequence << 8 | token[i];
  }
  return header;
}

size_t Rfc4121WrapOverhead(const Rfc4121Header& header, size_t checksum_size) {
  if (!header.sealed) return kRfc4121HeaderSize + header.ec;
  return kRfc4121HeaderSize + 16 + header.ec + kRfc4121HeaderSize +
         checksum_size;
}

std::optional<Rfc4121HeaderLayout> HeaderLayoutOf(
    absl::Span<const uint8_t> token, size_t message_size) {
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  if (!header.has_value() || !header->wrap || header->rrc != 0) {
    return std::nullopt;
  }
  // Sealed: confounder (16), message, EC filler, encrypted header copy and
  // checksum; RRC is what follows the message. Integrity-only: message, then
  // the checksum (EC bytes).
  const size_t body = token.size() - kRfc4121HeaderSize;
  const size_t data_offset = header->sealed ? 16 : 0;
  if (body < data_offset + message_size) return std::nullopt;
  const size_t rrc = body - data_offset - message_size;
  if (rrc > 0xFFFF || (!header->sealed && rrc != header->ec)) {
    return std::nullopt;
  }
  Rfc4121HeaderLayout layout;
  layout.rrc = static_cast<uint16_t>(rrc);
  layout.header_size = kRfc4121HeaderSize + rrc + data_offset;
  layout.data_offset = kRfc4121HeaderSize + data_offset;
  return layout;
}

void WriteLayoutHeader(absl::Span<const uint8_t> token,
                       const Rfc4121HeaderLayout& layout, uint8_t* header) {
  std::copy(token.begin(), token.begin() + kRfc4121HeaderSize, header);
  header[6] = static_cast<uint8_t>(layout.rrc >> 8);
  header[7] = static_cast<uint8_t>(layout.rrc & 0xFF);
  std::copy(token.end() - layout.rrc, token.end(), header + kRfc4121HeaderSize);
  std::copy(token.begin() + kRfc4121HeaderSize,
            token.begin() + layout.data_offset,
            header + kRfc4121HeaderSize + layout.rrc);
}

}  // namespace internal
}  // namespace crossauth
