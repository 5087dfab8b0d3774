// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The RFC 4752 negotiation messages (the layer mask, the maximum buffer size
// and the authorization identity), before they are wrapped.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/native_status.h"
#include "crossauth/error.h"
#include "crossauth/sasl_gssapi.h"
#include "src/protocols/sasl_layers.h"

namespace crossauth {
namespace {

using internal::SaslLayerList;

constexpr SaslLayers kLayerBits = kSaslAllLayers;

void PutMaxBuffer(uint32_t max_buffer, std::vector<uint8_t>& out) {
  out.push_back(static_cast<uint8_t>(max_buffer >> 16));
  out.push_back(static_cast<uint8_t>(max_buffer >> 8));
  out.push_back(static_cast<uint8_t>(max_buffer));
}

uint32_t GetMaxBuffer(absl::Span<const uint8_t> message) {
  return (uint32_t{message[1]} << 16) | (uint32_t{message[2]} << 8) |
         uint32_t{message[3]};
}

absl::Status CheckOffer(const SaslServerOffer& offer) {
  if (offer.layers == 0 || (offer.layers & ~kLayerBits) != 0) {
    return internal::SaslInvalid(
        absl::StrCat("SASL GSSAPI server offer: invalid layer mask 0x",
                     absl::Hex(offer.layers),
                     " (RFC 4752 defines none=1, integrity=2, "
                     "confidentiality=4)"));
  }
  if (offer.max_buffer > kSaslMaxBufferLimit) {
    return internal::SaslInvalid(
        absl::StrCat("SASL GSSAPI server offer: max buffer ", offer.max_buffer,
                     " does not fit in 3 octets"));
  }
  bool layer_offered = (offer.layers & ~SaslLayerSet(SaslLayer::kNone)) != 0;
  if (layer_offered && offer.max_buffer == 0) {
    return internal::SaslInvalid(
        absl::StrCat("SASL GSSAPI server offer: max buffer 0 with the layers ",
                     SaslLayerList(offer.layers)));
  }
  if (!layer_offered && offer.max_buffer != 0) {
    return internal::SaslInvalid(
        absl::StrCat("SASL GSSAPI server offer: max buffer ", offer.max_buffer,
                     " with no security layer offered (RFC 4752 requires 0)"));
  }
  return absl::OkStatus();
}

absl::Status CheckChoiceFields(const SaslClientChoice& choice) {
  SaslLayers bit = SaslLayerSet(choice.layer);
  if (bit != SaslLayerSet(SaslLayer::kNone) &&
      bit != SaslLayerSet(SaslLayer::kIntegrity) &&
      bit != SaslLayerSet(SaslLayer::kConfidentiality)) {
    return internal::SaslInvalid(absl::StrCat(
        "SASL GSSAPI client choice: invalid layer 0x", absl::Hex(bit)));
  }
  if (choice.max_buffer > kSaslMaxBufferLimit) {
    return internal::SaslInvalid(
        absl::StrCat("SASL GSSAPI client choice: max buffer ",
                     choice.max_buffer, " does not fit in 3 octets"));
  }
  if (choice.layer != SaslLayer::kNone && choice.max_buffer == 0) {
    return internal::SaslInvalid(
        absl::StrCat("SASL GSSAPI client choice: max buffer 0 with the ",
                     SaslLayerName(choice.layer), " layer"));
  }
  if (choice.layer == SaslLayer::kNone && choice.max_buffer != 0) {
    return internal::SaslInvalid(absl::StrCat(
        "SASL GSSAPI client choice: max buffer ", choice.max_buffer,
        " with the none layer (RFC 4752 requires 0)"));
  }
  if (choice.authzid.find('\0') != std::string::npos) {
    return internal::SaslInvalid(
        "SASL GSSAPI client choice: the authorization identity contains a "
        "NUL octet");
  }
  return absl::OkStatus();
}

}  // namespace

namespace internal {

std::string SaslLayerList(SaslLayers layers) {
  std::vector<absl::string_view> names;
  for (SaslLayer layer :
       {SaslLayer::kNone, SaslLayer::kIntegrity, SaslLayer::kConfidentiality}) {
    if (layers & SaslLayerSet(layer)) names.push_back(SaslLayerName(layer));
  }
  return names.empty() ? "no layer" : absl::StrJoin(names, ",");
}

absl::Status SaslInvalid(absl::string_view message) {
  return ReasonedError(absl::StatusCode::kInvalidArgument, message,
                       ErrorReason::kInvalidArgument);
}

absl::Status SaslWrongState(absl::string_view message) {
  return ReasonedError(absl::StatusCode::kFailedPrecondition, message,
                       ErrorReason::kWrongState);
}

}  // namespace internal

absl::string_view SaslLayerName(SaslLayer layer) {
  switch (layer) {
    case SaslLayer::kNone:
      return "none";
    case SaslLayer::kIntegrity:
      return "integrity";
    case SaslLayer::kConfidentiality:
      return "confidentiality";
  }
  return "invalid";
}

absl::StatusOr<std::vector<uint8_t>> EncodeSaslServerOffer(
    const SaslServerOffer& offer) {
  if (absl::Status status = CheckOffer(offer); !status.ok()) return status;
  std::vector<uint8_t> out = {offer.layers};
  PutMaxBuffer(offer.max_buffer, out);
  return out;
}

absl::StatusOr<SaslServerOffer> DecodeSaslServerOffer(
    absl::Span<const uint8_t> message) {
  if (message.size() != 4) {
    return internal::SaslInvalid(absl::StrCat(
        "SASL GSSAPI server offer: ", message.size(),
        " octets, expected exactly 4 (layer mask and max buffer)"));
  }
  SaslServerOffer offer{message[0], GetMaxBuffer(message)};
  if (absl::Status status = CheckOffer(offer); !status.ok()) return status;
  return offer;
}

absl::StatusOr<std::vector<uint8_t>> EncodeSaslClientChoice(
    const SaslClientChoice& choice) {
  if (absl::Status status = CheckChoiceFields(choice); !status.ok()) {
    return status;
  }
  std::vector<uint8_t> out = {SaslLayerSet(choice.layer)};
  PutMaxBuffer(choice.max_buffer, out);
  out.insert(out.end(), choice.authzid.begin(), choice.authzid.end());
  return out;
}

absl::StatusOr<SaslClientChoice> DecodeSaslClientChoice(
    absl::Span<const uint8_t> message) {
  if (message.size() < 4) {
    return internal::SaslInvalid(absl::StrCat(
        "SASL GSSAPI client choice: ", message.size(),
        " octets, expected at least 4 (layer, max buffer, authzid)"));
  }
  SaslClientChoice choice;
  switch (message[0]) {
    case 0x01:
      choice.layer = SaslLayer::kNone;
      break;
    case 0x02:
      choice.layer = SaslLayer::kIntegrity;
      break;
    case 0x04:
    case 0x06:  // Active Directory's compatible choice: confidentiality.
      choice.layer = SaslLayer::kConfidentiality;
      break;
    default:
      return internal::SaslInvalid(absl::StrCat(
          "SASL GSSAPI client choice: layer mask 0x", absl::Hex(message[0]),
          " does not name exactly one layer"));
  }
  choice.max_buffer = GetMaxBuffer(message);
  choice.authzid.assign(message.begin() + 4, message.end());
  if (absl::Status status = CheckChoiceFields(choice); !status.ok()) {
    return status;
  }
  return choice;
}

}  // namespace crossauth
