// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_messages.h"

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/native_status.h"
#include "backends/gssapi/gss_handles.h"
#include "backends/gssapi/gss_status.h"
#include "crossauth/error.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {
namespace {

// A private, wiped copy of caller bytes, for a native call that writes into
// its input. MIT's gss_unwrap does (gss_krb5int_unseal_token_v3): it
// rotates an RFC 4121 wrap token by its RRC in place (Windows peers send a
// non-zero RRC), and for an integrity-only token it zeroes EC and RRC and
// moves the plaintext to the front, whether or not the checksum then
// matches. So the caller's token would change, a token in read-only memory
// would crash the process, and the same token could not be unwrapped twice.
class WritableCopy {
 public:
  explicit WritableCopy(absl::Span<const uint8_t> bytes)
      : bytes_(bytes.begin(), bytes.end()),
        desc_{bytes_.size(), bytes_.data()} {}
  WritableCopy(const WritableCopy&) = delete;
  WritableCopy& operator=(const WritableCopy&) = delete;
  // Integrity-only tokens carry their plaintext.
  ~WritableCopy() { SecureWipe(bytes_); }

  gss_buffer_t get() { return &desc_; }

 private:
  std::vector<uint8_t> bytes_;
  gss_buffer_desc desc_;
};

absl::Status NotYet(absl::string_view call) {
  return ReasonedError(absl::StatusCode::kUnimplemented,
                       absl::StrCat(call, ": not implemented on GSS-API yet"),
                       ErrorReason::kUnsupported);
}

}  // namespace

absl::StatusOr<std::vector<uint8_t>> GssMessages::Wrap(
    absl::Span<const uint8_t> message, Protection protection) const {
  OM_uint32 minor = 0;
  gss_buffer_desc input = ReadOnlyInput(message);
  int conf_state = 0;
  ScopedGssBuffer output(provider_);
  const int conf_requested = protection == Protection::kConfidentiality;
  OM_uint32 major = provider_->library->wrap(&minor, context_, conf_requested,
                                             GSS_C_QOP_DEFAULT, &input,
                                             &conf_state, output.receive());
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_wrap", major, minor);
  if (conf_requested && !conf_state) {
    return ReasonedError(
        absl::StatusCode::kInternal,
        "gss_wrap: confidentiality was requested but not applied",
        ErrorReason::kProtectionMissing);
  }
  return output.bytes();
}

absl::Status GssMessages::WrapAppend(absl::Span<const uint8_t> message,
                                     Protection protection,
                                     std::vector<uint8_t>& out) const {
  (void)message;
  (void)protection;
  (void)out;
  return NotYet("Wrap()");
}

absl::StatusOr<UnwrappedMessage> GssMessages::Unwrap(
    absl::Span<const uint8_t> token) const {
  OM_uint32 minor = 0;
  WritableCopy input(token);
  ScopedGssBuffer output(provider_);
  int conf_state = 0;
  gss_qop_t qop = 0;
  OM_uint32 major = provider_->library->unwrap(
      &minor, context_, input.get(), output.receive(), &conf_state, &qop);
  absl::Status checked =
      MapMessageCheck(*provider_, "gss_unwrap", major, minor);
  if (!checked.ok()) {
    // A replayed or out-of-order message still decrypts: never let that
    // plaintext out, not even in freed memory.
    output.Wipe();
    return checked;
  }
  UnwrappedMessage message;
  message.message = output.bytes();
  message.protection =
      conf_state ? Protection::kConfidentiality : Protection::kIntegrity;
  output.Wipe();
  return message;
}

absl::StatusOr<UnwrappedSpan> GssMessages::UnwrapInPlace(
    absl::Span<uint8_t> token) const {
  (void)token;
  return NotYet("UnwrapInPlace()");
}

absl::StatusOr<size_t> GssMessages::MaxMessageSize(
    size_t token_limit, Protection protection) const {
  (void)token_limit;
  (void)protection;
  return NotYet("MaxMessageSize()");
}

absl::StatusOr<IovSizes> GssMessages::WrapIovSizes(
    absl::Span<const IovBuffer> buffers, Protection protection) const {
  (void)buffers;
  (void)protection;
  return NotYet("WrapIovSizes()");
}

absl::StatusOr<IovSizes> GssMessages::WrapIov(absl::Span<IovBuffer> buffers,
                                              Protection protection) const {
  (void)buffers;
  (void)protection;
  return NotYet("WrapIov()");
}

absl::StatusOr<Protection> GssMessages::UnwrapIov(
    absl::Span<IovBuffer> buffers) const {
  (void)buffers;
  return NotYet("UnwrapIov()");
}

absl::StatusOr<std::vector<uint8_t>> GssMessages::GetMic(
    absl::Span<const uint8_t> message) const {
  OM_uint32 minor = 0;
  gss_buffer_desc input = ReadOnlyInput(message);
  ScopedGssBuffer output(provider_);
  OM_uint32 major = provider_->library->get_mic(
      &minor, context_, GSS_C_QOP_DEFAULT, &input, output.receive());
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_get_mic", major, minor);
  return output.bytes();
}

absl::Status GssMessages::VerifyMic(absl::Span<const uint8_t> message,
                                    absl::Span<const uint8_t> mic) const {
  OM_uint32 minor = 0;
  gss_buffer_desc input = ReadOnlyInput(message);
  gss_buffer_desc token = ReadOnlyInput(mic);
  gss_qop_t qop = 0;
  OM_uint32 major =
      provider_->library->verify_mic(&minor, context_, &input, &token, &qop);
  return MapMessageCheck(*provider_, "gss_verify_mic", major, minor);
}

}  // namespace internal
}  // namespace crossauth
