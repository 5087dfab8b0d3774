// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_messages.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
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

// The gss_iov_buffer_desc array for a caller's IovBuffers: on the stack for
// the layouts protocols use (DCE/RPC has five buffers), so that the message
// path allocates nothing; on the heap beyond that.
class GssIovArray {
 public:
  explicit GssIovArray(size_t count) : count_(count) {
    if (count > kInline) {
      heap_.resize(count);
      data_ = heap_.data();
    } else {
      data_ = inline_;
    }
  }
  GssIovArray(const GssIovArray&) = delete;
  GssIovArray& operator=(const GssIovArray&) = delete;

  gss_iov_buffer_desc& operator[](size_t i) { return data_[i]; }
  gss_iov_buffer_desc* data() { return data_; }
  int count() const { return static_cast<int>(count_); }

 private:
  static constexpr size_t kInline = 8;
  size_t count_;
  gss_iov_buffer_desc inline_[kInline];
  std::vector<gss_iov_buffer_desc> heap_;
  gss_iov_buffer_desc* data_;
};

OM_uint32 GssIovType(IovType type) {
  switch (type) {
    case IovType::kHeader:
      return GSS_IOV_BUFFER_TYPE_HEADER;
    case IovType::kData:
      return GSS_IOV_BUFFER_TYPE_DATA;
    case IovType::kSignOnly:
      return GSS_IOV_BUFFER_TYPE_SIGN_ONLY;
    case IovType::kPadding:
      return GSS_IOV_BUFFER_TYPE_PADDING;
    case IovType::kTrailer:
      return GSS_IOV_BUFFER_TYPE_TRAILER;
  }
  return GSS_IOV_BUFFER_TYPE_EMPTY;  // the core has refused other values
}

// The buffers the native call fills in (header, padding, trailer), as
// opposed to the message bytes (data, sign-only).
bool IsTokenPart(IovType type) {
  return type == IovType::kHeader || type == IovType::kPadding ||
         type == IovType::kTrailer;
}

// `buffers` as the IOV array, with the data and sign-only buffers as given
// and, when `with_token_parts`, the header, padding and trailer spans as
// given; otherwise those are empty, for gss_wrap_iov_length.
void FillIov(absl::Span<const IovBuffer> buffers, bool with_token_parts,
             GssIovArray& iov) {
  for (size_t i = 0; i < buffers.size(); ++i) {
    const IovBuffer& buffer = buffers[i];
    iov[i].type = GssIovType(buffer.type);
    if (IsTokenPart(buffer.type) && !with_token_parts) {
      iov[i].buffer = {0, nullptr};
    } else {
      iov[i].buffer = {buffer.data.size(), buffer.data.data()};
    }
  }
}

// The header, padding and trailer lengths the native call set.
IovSizes TokenPartSizes(absl::Span<const IovBuffer> buffers, GssIovArray& iov) {
  IovSizes sizes;
  for (size_t i = 0; i < buffers.size(); ++i) {
    const size_t length = iov[i].buffer.length;
    switch (buffers[i].type) {
      case IovType::kHeader:
        sizes.header = length;
        break;
      case IovType::kPadding:
        sizes.padding = length;
        break;
      case IovType::kTrailer:
        sizes.trailer = length;
        break;
      default:
        break;
    }
  }
  return sizes;
}

// gss-ntlmssp (the NTLM mechanism, also under SPNEGO) has no IOV calls, and
// the mechglue says GSS_S_UNAVAILABLE before it touches a buffer.
bool NoIovSupport(OM_uint32 major) {
  return GSS_ROUTINE_ERROR(major) == GSS_S_UNAVAILABLE;
}

absl::Status NoIovError(absl::string_view call, absl::string_view native_call) {
  return ReasonedError(
      absl::StatusCode::kUnimplemented,
      absl::StrCat(call, ": this session's GSS-API mechanism has no ",
                   native_call,
                   " (GSS_S_UNAVAILABLE; gss-ntlmssp's NTLM has none); use "
                   "Wrap() and Unwrap()"),
      ErrorReason::kUnsupported);
}

absl::Status ConfidentialityNotApplied(absl::string_view native_call) {
  return ReasonedError(
      absl::StatusCode::kInternal,
      absl::StrCat(native_call,
                   ": confidentiality was requested but not applied"),
      ErrorReason::kProtectionMissing);
}

absl::Status BufferTooSmall(absl::string_view call, absl::string_view what,
                            size_t given, size_t needed) {
  return ReasonedError(absl::StatusCode::kInvalidArgument,
                       absl::StrCat(call, ": the ", what, " buffer holds ",
                                    given, " bytes, but this message needs ",
                                    needed, " (ask WrapIovSizes())"),
                       ErrorReason::kInvalidArgument);
}

// True when [inner, inner + size) lies within `outer`.
bool Within(const void* inner, size_t size, absl::Span<const uint8_t> outer) {
  const std::less<const uint8_t*> before;
  const auto* begin = static_cast<const uint8_t*>(inner);
  if (begin == nullptr) return size == 0;
  return !before(begin, outer.data()) &&
         !before(outer.data() + outer.size(), begin) &&
         size <= static_cast<size_t>(outer.data() + outer.size() - begin);
}

}  // namespace

absl::StatusOr<std::vector<uint8_t>> GssMessages::Wrap(
    absl::Span<const uint8_t> message, Protection protection) const {
  // The token is built in its vector (gss_wrap_iov), not copied out of the
  // library's buffer.
  std::vector<uint8_t> token;
  absl::Status wrapped = WrapAppend(message, protection, token);
  if (!wrapped.ok()) return wrapped;
  return token;
}

absl::Status GssMessages::WrapCopy(absl::Span<const uint8_t> message,
                                   Protection protection,
                                   std::vector<uint8_t>& out) const {
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
  if (conf_requested && !conf_state)
    return ConfidentialityNotApplied("gss_wrap");
  const auto* bytes = static_cast<const uint8_t*>(output.get().value);
  if (bytes != nullptr) {
    ReserveWiped(out, out.size() + output.get().length);
    out.insert(out.end(), bytes, bytes + output.get().length);
  }
  return absl::OkStatus();
}

absl::Status GssMessages::WrapAppend(absl::Span<const uint8_t> message,
                                     Protection protection,
                                     std::vector<uint8_t>& out) const {
  const int conf_requested = protection == Protection::kConfidentiality;
  // HEADER | DATA | PADDING | TRAILER, laid out one after the other in
  // `out`, is the token gss_wrap makes: with a trailer buffer MIT writes an
  // RFC 4121 token with RRC 0 (and EC in the trailer), and an RFC 1964
  // token (RC4, DES3) is header, data and padding with no trailer.
  enum { kHeader, kData, kPadding, kTrailer, kParts };
  gss_iov_buffer_desc iov[kParts] = {
      {GSS_IOV_BUFFER_TYPE_HEADER, {0, nullptr}},
      {GSS_IOV_BUFFER_TYPE_DATA, {message.size(), nullptr}},
      {GSS_IOV_BUFFER_TYPE_PADDING, {0, nullptr}},
      {GSS_IOV_BUFFER_TYPE_TRAILER, {0, nullptr}},
  };
  OM_uint32 minor = 0;
  int conf_state = 0;
  OM_uint32 major = provider_->library->wrap_iov_length(
      &minor, context_, conf_requested, GSS_C_QOP_DEFAULT, &conf_state, iov,
      kParts);
  if (NoIovSupport(major)) return WrapCopy(message, protection, out);
  if (GSS_ERROR(major)) {
    return MapGssStatus(*provider_, "gss_wrap_iov_length", major, minor);
  }
  size_t allotted[kParts];
  size_t total = 0;
  for (int i = 0; i < kParts; ++i) {
    allotted[i] = iov[i].buffer.length;
    total += allotted[i];
  }

  // The message may be part of `out` itself, which resize() can move.
  const size_t old_size = out.size();
  const bool inside = Within(message.data(), message.size(), out);
  const size_t message_offset =
      inside ? static_cast<size_t>(message.data() - out.data()) : 0;
  ReserveWiped(out, old_size + total);
  out.resize(old_size + total);
  const uint8_t* source = inside ? out.data() + message_offset : message.data();
  uint8_t* token = out.data() + old_size;
  size_t offset = 0;
  for (int i = 0; i < kParts; ++i) {
    iov[i].buffer.value = token + offset;
    offset += allotted[i];
  }
  if (!message.empty()) {
    std::memmove(iov[kData].buffer.value, source, message.size());
  }

  auto restore = [&](absl::Status error) {
    // A failed wrap may have left the plaintext, or part of it, behind.
    SecureWipe(token, total);
    out.resize(old_size);
    return error;
  };
  conf_state = 0;
  major =
      provider_->library->wrap_iov(&minor, context_, conf_requested,
                                   GSS_C_QOP_DEFAULT, &conf_state, iov, kParts);
  if (GSS_ERROR(major)) {
    return restore(MapGssStatus(*provider_, "gss_wrap_iov", major, minor));
  }
  if (conf_requested && !conf_state) {
    return restore(ConfidentialityNotApplied("gss_wrap_iov"));
  }
  // MIT may use less than gss_wrap_iov_length asked for (RFC 4121 tokens
  // have no padding): close the gaps so the parts form one token.
  size_t used = 0;
  for (int i = 0; i < kParts; ++i) {
    const size_t length = iov[i].buffer.length;
    const bool in_place =
        Within(iov[i].buffer.value, length,
               absl::Span<const uint8_t>(token + used, total - used));
    if (!in_place || length > allotted[i]) {
      return restore(ReasonedError(
          absl::StatusCode::kInternal,
          "gss_wrap_iov: the library wrote outside the buffers it was given",
          ErrorReason::kOther));
    }
    if (iov[i].buffer.value != token + used && length > 0) {
      std::memmove(token + used, iov[i].buffer.value, length);
    }
    used += length;
  }
  if (used < total) {
    SecureWipe(token + used, total - used);
    out.resize(old_size + used);
  }
  return absl::OkStatus();
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

absl::StatusOr<UnwrappedSpan> GssMessages::UnwrapCopy(
    absl::Span<uint8_t> token) const {
  OM_uint32 minor = 0;
  // The token is the caller's to overwrite, so the library may write into
  // it (gss-ntlmssp does not).
  gss_buffer_desc input = {token.size(), token.data()};
  ScopedGssBuffer output(provider_);
  int conf_state = 0;
  gss_qop_t qop = 0;
  OM_uint32 major = provider_->library->unwrap(
      &minor, context_, &input, output.receive(), &conf_state, &qop);
  absl::Status checked =
      MapMessageCheck(*provider_, "gss_unwrap", major, minor);
  if (checked.ok() && output.get().length > token.size()) {
    checked = ReasonedError(absl::StatusCode::kInternal,
                            "gss_unwrap: the message is longer than its token",
                            ErrorReason::kOther);
  }
  if (!checked.ok()) {
    output.Wipe();
    SecureWipe(token.data(), token.size());
    return checked;
  }
  const size_t length = output.get().length;
  if (length > 0) std::memcpy(token.data(), output.get().value, length);
  output.Wipe();
  UnwrappedSpan opened;
  opened.message = token.first(length);
  opened.protection =
      conf_state ? Protection::kConfidentiality : Protection::kIntegrity;
  return opened;
}

absl::StatusOr<UnwrappedSpan> GssMessages::UnwrapInPlace(
    absl::Span<uint8_t> token) const {
  if (!kGssUnwrapIovTakesStream) return UnwrapCopy(token);
  // STREAM: MIT finds the header, data and trailer in the token itself,
  // rotates a non-zero RRC away (Windows peers send one) and decrypts the
  // data where it is; DATA then points into the token.
  gss_iov_buffer_desc iov[2] = {
      {GSS_IOV_BUFFER_TYPE_STREAM, {token.size(), token.data()}},
      {GSS_IOV_BUFFER_TYPE_DATA, {0, nullptr}},
  };
  OM_uint32 minor = 0;
  int conf_state = 0;
  gss_qop_t qop = 0;
  OM_uint32 major = provider_->library->unwrap_iov(&minor, context_,
                                                   &conf_state, &qop, iov, 2);
  if (NoIovSupport(major)) return UnwrapCopy(token);
  absl::Status checked =
      MapMessageCheck(*provider_, "gss_unwrap_iov", major, minor);
  if (checked.ok() &&
      !Within(iov[1].buffer.value, iov[1].buffer.length, token)) {
    checked =
        ReasonedError(absl::StatusCode::kInternal,
                      "gss_unwrap_iov: the message is not inside its token",
                      ErrorReason::kOther);
  }
  if (!checked.ok()) {
    // A replayed message has been decrypted all the same.
    SecureWipe(token.data(), token.size());
    return checked;
  }
  UnwrappedSpan opened;
  opened.message = absl::MakeSpan(static_cast<uint8_t*>(iov[1].buffer.value),
                                  iov[1].buffer.length);
  opened.protection =
      conf_state ? Protection::kConfidentiality : Protection::kIntegrity;
  return opened;
}

absl::StatusOr<size_t> GssMessages::MaxMessageSize(
    size_t token_limit, Protection protection) const {
  // gss_wrap_size_limit takes an OM_uint32: a larger limit asks for the
  // largest one it can answer for, which is still a correct answer.
  const OM_uint32 limit = token_limit > std::numeric_limits<OM_uint32>::max()
                              ? std::numeric_limits<OM_uint32>::max()
                              : static_cast<OM_uint32>(token_limit);
  OM_uint32 minor = 0;
  OM_uint32 max_input = 0;
  OM_uint32 major = provider_->library->wrap_size_limit(
      &minor, context_, protection == Protection::kConfidentiality,
      GSS_C_QOP_DEFAULT, limit, &max_input);
  if (GSS_ERROR(major)) {
    return MapGssStatus(*provider_, "gss_wrap_size_limit", major, minor);
  }
  return static_cast<size_t>(max_input);
}

absl::StatusOr<IovSizes> GssMessages::WrapIovSizes(
    absl::Span<const IovBuffer> buffers, Protection protection) const {
  GssIovArray iov(buffers.size());
  FillIov(buffers, /*with_token_parts=*/false, iov);
  OM_uint32 minor = 0;
  int conf_state = 0;
  OM_uint32 major = provider_->library->wrap_iov_length(
      &minor, context_, protection == Protection::kConfidentiality,
      GSS_C_QOP_DEFAULT, &conf_state, iov.data(), iov.count());
  if (NoIovSupport(major)) {
    return NoIovError("WrapIovSizes()", "gss_wrap_iov_length");
  }
  if (GSS_ERROR(major)) {
    return MapGssStatus(*provider_, "gss_wrap_iov_length", major, minor);
  }
  return TokenPartSizes(buffers, iov);
}

absl::StatusOr<IovSizes> GssMessages::WrapIov(absl::Span<IovBuffer> buffers,
                                              Protection protection) const {
  absl::StatusOr<IovSizes> needed = WrapIovSizes(buffers, protection);
  if (!needed.ok()) {
    // The names are WrapIov()'s: WrapIovSizes() is what it asked.
    if (absl::IsUnimplemented(needed.status())) {
      return NoIovError("WrapIov()", "gss_wrap_iov");
    }
    return needed.status();
  }
  for (const IovBuffer& buffer : buffers) {
    const size_t given = buffer.data.size();
    if (buffer.type == IovType::kHeader && given < needed->header) {
      return BufferTooSmall("WrapIov()", "header", given, needed->header);
    }
    if (buffer.type == IovType::kPadding && given < needed->padding) {
      return BufferTooSmall("WrapIov()", "padding", given, needed->padding);
    }
    if (buffer.type == IovType::kTrailer && given < needed->trailer) {
      return BufferTooSmall("WrapIov()", "trailer", given, needed->trailer);
    }
  }
  GssIovArray iov(buffers.size());
  FillIov(buffers, /*with_token_parts=*/true, iov);
  const int conf_requested = protection == Protection::kConfidentiality;
  OM_uint32 minor = 0;
  int conf_state = 0;
  OM_uint32 major = provider_->library->wrap_iov(
      &minor, context_, conf_requested, GSS_C_QOP_DEFAULT, &conf_state,
      iov.data(), iov.count());
  if (GSS_ERROR(major)) {
    return MapGssStatus(*provider_, "gss_wrap_iov", major, minor);
  }
  if (conf_requested && !conf_state) {
    return ConfidentialityNotApplied("gss_wrap_iov");
  }
  return TokenPartSizes(buffers, iov);
}

absl::StatusOr<Protection> GssMessages::UnwrapIov(
    absl::Span<IovBuffer> buffers) const {
  GssIovArray iov(buffers.size());
  FillIov(buffers, /*with_token_parts=*/true, iov);
  OM_uint32 minor = 0;
  int conf_state = 0;
  gss_qop_t qop = 0;
  OM_uint32 major = provider_->library->unwrap_iov(
      &minor, context_, &conf_state, &qop, iov.data(), iov.count());
  if (NoIovSupport(major)) return NoIovError("UnwrapIov()", "gss_unwrap_iov");
  absl::Status checked =
      MapMessageCheck(*provider_, "gss_unwrap_iov", major, minor);
  if (!checked.ok()) return checked;  // the core wipes the data buffers
  return conf_state ? Protection::kConfidentiality : Protection::kIntegrity;
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
