// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/spnego_offer.h"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace crossauth {
namespace internal {
namespace {

// DER contents of the OIDs (RFC 4178, RFC 4121, MS-KILE, MS-NLMP).
constexpr uint8_t kSpnego[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
constexpr uint8_t kKerberos[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                 0x12, 0x01, 0x02, 0x02};
constexpr uint8_t kMicrosoftKerberos[] = {0x2a, 0x86, 0x48, 0x82, 0xf7,
                                          0x12, 0x01, 0x02, 0x02};
constexpr uint8_t kNtlm[] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                             0x82, 0x37, 0x02, 0x02, 0x0a};

// One DER element with a single-byte tag: its tag and contents.
struct Element {
  uint8_t tag = 0;
  absl::Span<const uint8_t> contents;
};

// Reads the element at the start of `in` and advances `in` past it;
// std::nullopt when it is truncated or its length is not DER-sized.
std::optional<Element> Read(absl::Span<const uint8_t>& in) {
  if (in.size() < 2) return std::nullopt;
  Element element;
  element.tag = in[0];
  size_t length = in[1];
  size_t header = 2;
  if (length & 0x80) {
    const size_t bytes = length & 0x7f;
    if (bytes == 0 || bytes > 4 || in.size() < 2 + bytes) return std::nullopt;
    length = 0;
    for (size_t i = 0; i < bytes; ++i) length = (length << 8) | in[2 + i];
    header += bytes;
  }
  if (length > in.size() - header) return std::nullopt;
  element.contents = in.subspan(header, length);
  in.remove_prefix(header + length);
  return element;
}

template <size_t N>
bool Is(absl::Span<const uint8_t> oid, const uint8_t (&der)[N]) {
  return oid.size() == N &&
         std::equal(std::begin(der), std::end(der), oid.begin());
}

}  // namespace

std::optional<std::vector<std::optional<Mechanism>>> SpnegoOffer(
    absl::Span<const uint8_t> token) {
  // [APPLICATION 0] { OID spnego, [0] NegTokenInit }
  std::optional<Element> outer = Read(token);
  if (!outer.has_value() || outer->tag != 0x60) return std::nullopt;
  absl::Span<const uint8_t> in = outer->contents;
  std::optional<Element> oid = Read(in);
  if (!oid.has_value() || oid->tag != 0x06 || !Is(oid->contents, kSpnego)) {
    return std::nullopt;
  }
  std::optional<Element> choice = Read(in);
  if (!choice.has_value() || choice->tag != 0xa0) return std::nullopt;
  // NegTokenInit ::= SEQUENCE { mechTypes [0] MechTypeList, ... }
  absl::Span<const uint8_t> init_span = choice->contents;
  std::optional<Element> init = Read(init_span);
  if (!init.has_value() || init->tag != 0x30) return std::nullopt;
  absl::Span<const uint8_t> fields = init->contents;
  std::optional<Element> mech_types = Read(fields);
  if (!mech_types.has_value() || mech_types->tag != 0xa0) return std::nullopt;
  absl::Span<const uint8_t> list_span = mech_types->contents;
  std::optional<Element> list = Read(list_span);
  if (!list.has_value() || list->tag != 0x30) return std::nullopt;

  std::vector<std::optional<Mechanism>> offer;
  absl::Span<const uint8_t> oids = list->contents;
  while (!oids.empty()) {  // bounded: every Read consumes at least 2 bytes
    std::optional<Element> mech = Read(oids);
    if (!mech.has_value() || mech->tag != 0x06) return std::nullopt;
    if (Is(mech->contents, kKerberos) ||
        Is(mech->contents, kMicrosoftKerberos)) {
      offer.push_back(Mechanism::kKerberos);
    } else if (Is(mech->contents, kNtlm)) {
      offer.push_back(Mechanism::kNtlm);
    } else {
      offer.push_back(std::nullopt);
    }
  }
  return offer;
}

}  // namespace internal
}  // namespace crossauth
