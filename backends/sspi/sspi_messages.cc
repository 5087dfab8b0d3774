// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_messages.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/common/native_status.h"
#include "backends/sspi/sspi_status.h"
#include "backends/sspi/wrap_token.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {
namespace {

void Wipe(std::vector<uint8_t>& bytes) {
  SecureWipe(bytes.data(), bytes.size());
}

Protection ProtectionOf(unsigned long qop) {
  return (qop & SECQOP_WRAP_NO_ENCRYPT) != 0 ? Protection::kIntegrity
                                             : Protection::kConfidentiality;
}

}  // namespace

SspiMessages::SspiMessages(std::shared_ptr<const SspiProvider> provider)
    : provider_(std::move(provider)),
      layout_(NewKerberosMessageLayout(provider_->quirks())) {}

absl::StatusOr<SecPkgContext_Sizes> SspiMessages::Sizes(CtxtHandle* context) {
  if (sizes_.has_value()) return *sizes_;
  SecPkgContext_Sizes sizes = {};
  SECURITY_STATUS status =
      table().QueryContextAttributesW(context, SECPKG_ATTR_SIZES, &sizes);
  if (status != SEC_E_OK) {
    return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_SIZES");
  }
  sizes_ = sizes;
  return sizes;
}

bool SspiMessages::Replayed(absl::Span<const uint8_t> token) const {
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  return header.has_value() && highest_sequence_.has_value() &&
         header->sequence <= *highest_sequence_;
}

void SspiMessages::Accepted(absl::Span<const uint8_t> token) {
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  if (!header.has_value()) return;
  if (!highest_sequence_.has_value() || header->sequence > *highest_sequence_) {
    highest_sequence_ = header->sequence;
  }
}

absl::Status SspiMessages::Encrypt(CtxtHandle* context, Protection protection,
                                   SecBuffer* buffers, unsigned long count,
                                   std::vector<uint8_t>& data) {
  SecBufferDesc desc = {SECBUFFER_VERSION, count, buffers};
  const unsigned long qop =
      protection == Protection::kIntegrity ? SECQOP_WRAP_NO_ENCRYPT : 0;
  SECURITY_STATUS status = table().EncryptMessage(context, qop, &desc, 0);
  if (status != SEC_E_OK) {
    Wipe(data);
    return MapSspiStatus("EncryptMessage", status);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<uint8_t>> SspiMessages::WrapNtlm(
    CtxtHandle* context, absl::Span<const uint8_t> message,
    Protection protection) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  std::vector<uint8_t> token(sizes->cbSecurityTrailer);
  std::vector<uint8_t> data(message.begin(), message.end());
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(token.size()), SECBUFFER_TOKEN, token.data()},
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()}};
  if (absl::Status s = Encrypt(context, protection, buffers, 2, data);
      !s.ok()) {
    return s;
  }
  std::vector<uint8_t> wire = SecBufferBytes(buffers[0]);
  std::vector<uint8_t> body = SecBufferBytes(buffers[1]);
  wire.insert(wire.end(), body.begin(), body.end());
  Wipe(data);
  return wire;
}

absl::StatusOr<UnwrappedMessage> SspiMessages::UnwrapNtlm(
    CtxtHandle* context, absl::Span<const uint8_t> token) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  const size_t signature_size = sizes->cbSecurityTrailer;
  if (token.size() < signature_size) {
    // The core refuses NTLM tokens under 16 bytes first; this guards a
    // package whose signature is longer. Same code and reason as the core's.
    return ReasonedError(
        absl::StatusCode::kDataLoss,
        absl::StrCat("DecryptMessage: the ", token.size(),
                     "-byte token is shorter than an NTLM signature (",
                     signature_size, " bytes)"),
        ErrorReason::kTamperedMessage);
  }
  std::vector<uint8_t> copy(token.begin(), token.end());
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(signature_size), SECBUFFER_TOKEN,
       copy.data()},
      {static_cast<unsigned long>(copy.size() - signature_size), SECBUFFER_DATA,
       copy.data() + signature_size}};
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  unsigned long qop = 0;
  SECURITY_STATUS status = table().DecryptMessage(context, &desc, 0, &qop);
  if (status != SEC_E_OK) {
    Wipe(copy);
    return MapMessageCheck("DecryptMessage", status, /*replayed=*/false);
  }
  UnwrappedMessage out;
  out.protection = ProtectionOf(qop);
  out.message = SecBufferBytes(buffers[1]);
  Wipe(copy);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SspiMessages::Wrap(
    CtxtHandle* context, bool ntlm, absl::Span<const uint8_t> message,
    Protection protection) {
  if (ntlm) return WrapNtlm(context, message, protection);
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  std::vector<uint8_t> token(sizes->cbSecurityTrailer +
                             layout_->trailer_headroom());
  std::vector<uint8_t> data(message.begin(), message.end());
  std::vector<uint8_t> padding(std::max<unsigned long>(sizes->cbBlockSize, 1));
  SecBuffer buffers[3] = {
      {static_cast<unsigned long>(token.size()), SECBUFFER_TOKEN, token.data()},
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()},
      {static_cast<unsigned long>(padding.size()), SECBUFFER_PADDING,
       padding.data()}};
  if (absl::Status s = Encrypt(context, protection, buffers, 3, data);
      !s.ok()) {
    return s;
  }
  std::vector<uint8_t> wire = layout_->JoinWrapped(buffers, message.size());
  // The integrity-only layer leaves the plaintext in `data`.
  Wipe(data);
  return wire;
}

absl::StatusOr<UnwrappedMessage> SspiMessages::Unwrap(
    CtxtHandle* context, bool ntlm, absl::Span<const uint8_t> token) {
  if (ntlm) return UnwrapNtlm(context, token);
  std::vector<uint8_t> copy(token.begin(), token.end());
  SecBuffer buffers[2];
  layout_->SplitWrapped(copy, buffers);
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  unsigned long qop = 0;
  SECURITY_STATUS status = table().DecryptMessage(context, &desc, 0, &qop);
  if (status != SEC_E_OK) {
    Wipe(copy);
    return MapMessageCheck("DecryptMessage", status, Replayed(token));
  }
  UnwrappedMessage out;
  out.protection = ProtectionOf(qop);
  out.message = layout_->Unwrapped(buffers, token);
  Wipe(copy);
  Accepted(token);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SspiMessages::GetMic(
    CtxtHandle* context, bool ntlm, absl::Span<const uint8_t> message) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  std::vector<uint8_t> data(message.begin(), message.end());
  std::vector<uint8_t> signature(sizes->cbMaxSignature +
                                 layout_->trailer_headroom());
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()},
      {static_cast<unsigned long>(signature.size()), SECBUFFER_TOKEN,
       signature.data()}};
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  SECURITY_STATUS status = table().MakeSignature(context, 0, &desc, 0);
  Wipe(data);
  if (status != SEC_E_OK) return MapSspiStatus("MakeSignature", status);
  std::vector<uint8_t> mic = SecBufferBytes(buffers[1]);
  if (!ntlm) layout_->NoteMic(mic);
  return mic;
}

absl::Status SspiMessages::VerifyMic(CtxtHandle* context, bool ntlm,
                                     absl::Span<const uint8_t> message,
                                     absl::Span<const uint8_t> mic) {
  std::vector<uint8_t> data(message.begin(), message.end());
  std::vector<uint8_t> signature(mic.begin(), mic.end());
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()},
      {static_cast<unsigned long>(signature.size()), SECBUFFER_TOKEN,
       signature.data()}};
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  unsigned long qop = 0;
  SECURITY_STATUS status = table().VerifySignature(context, &desc, 0, &qop);
  Wipe(data);
  if (status != SEC_E_OK) {
    return MapMessageCheck("VerifySignature", status, Replayed(mic));
  }
  if (!ntlm) layout_->NoteMic(mic);
  Accepted(mic);
  return absl::OkStatus();
}

namespace {

absl::Status NotYetOnSspi(absl::string_view call) {
  return ReasonedError(absl::StatusCode::kUnimplemented,
                       absl::StrCat(call, ": not implemented on SSPI yet"),
                       ErrorReason::kUnsupported);
}

}  // namespace

absl::Status SspiMessages::WrapAppend(CtxtHandle* context, bool ntlm,
                                      absl::Span<const uint8_t> message,
                                      Protection protection,
                                      std::vector<uint8_t>& out) {
  (void)context, (void)ntlm, (void)message, (void)protection, (void)out;
  return NotYetOnSspi("Wrap()");
}

absl::StatusOr<UnwrappedSpan> SspiMessages::UnwrapInPlace(
    CtxtHandle* context, bool ntlm, absl::Span<uint8_t> token) {
  (void)context, (void)ntlm, (void)token;
  return NotYetOnSspi("UnwrapInPlace()");
}

absl::StatusOr<size_t> SspiMessages::MaxMessageSize(CtxtHandle* context,
                                                    bool ntlm,
                                                    size_t token_limit,
                                                    Protection protection) {
  (void)context, (void)ntlm, (void)token_limit, (void)protection;
  return NotYetOnSspi("MaxMessageSize()");
}

absl::StatusOr<IovSizes> SspiMessages::WrapIovSizes(
    CtxtHandle* context, bool ntlm, absl::Span<const IovBuffer> buffers,
    Protection protection) {
  (void)context, (void)ntlm, (void)buffers, (void)protection;
  return NotYetOnSspi("WrapIovSizes()");
}

absl::StatusOr<IovSizes> SspiMessages::WrapIov(CtxtHandle* context, bool ntlm,
                                               absl::Span<IovBuffer> buffers,
                                               Protection protection) {
  (void)context, (void)ntlm, (void)buffers, (void)protection;
  return NotYetOnSspi("WrapIov()");
}

absl::StatusOr<Protection> SspiMessages::UnwrapIov(
    CtxtHandle* context, bool ntlm, absl::Span<IovBuffer> buffers) {
  (void)context, (void)ntlm, (void)buffers;
  return NotYetOnSspi("UnwrapIov()");
}

}  // namespace internal
}  // namespace crossauth
