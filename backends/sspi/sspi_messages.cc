// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_messages.h"

#include <algorithm>
#include <cstring>
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
  layout_->SplitWrapped(absl::MakeSpan(copy), buffers);
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

// Drops what `out` gained past `size`, wiped.
void ShrinkWiped(std::vector<uint8_t>& out, size_t size) {
  SecureWipe(out.data() + size, out.size() - size);
  out.resize(size);
}

// Copies (the first bytes of) a token's RFC 4121 header before
// DecryptMessage overwrites the token in place.
struct SavedHeader {
  explicit SavedHeader(absl::Span<const uint8_t> token)
      : size(std::min(token.size(), kRfc4121HeaderSize)) {
    std::copy(token.begin(), token.begin() + size, bytes);
  }
  absl::Span<const uint8_t> span() const { return {bytes, size}; }
  uint8_t bytes[kRfc4121HeaderSize] = {};
  size_t size;
};

}  // namespace

absl::Status SspiMessages::WrapAppend(CtxtHandle* context, bool ntlm,
                                      absl::Span<const uint8_t> message,
                                      Protection protection,
                                      std::vector<uint8_t>& out) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  const size_t start = out.size();
  const size_t n = message.size();
  // The regions of `out` EncryptMessage writes, in wire order: NTLM and
  // Windows' Kerberos TOKEN || DATA || PADDING; Wine's Kerberos DATA ||
  // TOKEN (its PADDING, untouched, after them and dropped).
  const bool data_first = !ntlm && layout_->data_before_token();
  const bool padding_on_wire = ntlm || layout_->padding_on_wire();
  const size_t token_room =
      sizes->cbSecurityTrailer + (ntlm ? 0 : layout_->trailer_headroom());
  const size_t padding_room =
      ntlm ? 0 : std::max<unsigned long>(sizes->cbBlockSize, 1);
  // The message may be `out`'s own bytes, which growing `out` moves.
  const bool inside = n > 0 && message.data() >= out.data() &&
                      message.data() < out.data() + out.size();
  const size_t offset = inside ? message.data() - out.data() : 0;
  // Growing wipes the old block, which may hold the message.
  ReserveWiped(out, start + token_room + n + padding_room);
  out.resize(start + token_room + n + padding_room);
  if (inside) message = absl::MakeConstSpan(out).subspan(offset, n);
  uint8_t* base = out.data() + start;
  uint8_t* data = data_first ? base : base + token_room;
  uint8_t* token = data_first ? base + n : base;
  uint8_t* padding = base + token_room + n;
  std::copy(message.begin(), message.end(), data);
  SecBuffer buffers[3] = {
      {static_cast<unsigned long>(token_room), SECBUFFER_TOKEN, token},
      {static_cast<unsigned long>(n), SECBUFFER_DATA, data},
      {static_cast<unsigned long>(padding_room), SECBUFFER_PADDING, padding}};
  SecBufferDesc desc = {SECBUFFER_VERSION, ntlm ? 2ul : 3ul, buffers};
  const unsigned long qop =
      protection == Protection::kIntegrity ? SECQOP_WRAP_NO_ENCRYPT : 0;
  SECURITY_STATUS status = table().EncryptMessage(context, qop, &desc, 0);
  if (status != SEC_E_OK) {
    ShrinkWiped(out, start);
    return MapSspiStatus("EncryptMessage", status);
  }
  const size_t token_used = std::min<size_t>(buffers[0].cbBuffer, token_room);
  const size_t padding_used =
      padding_on_wire ? std::min<size_t>(buffers[2].cbBuffer, padding_room) : 0;
  size_t end;
  if (data_first) {
    end = start + n + token_used;
  } else {
    // Close the gaps the package left: DATA after the used TOKEN, PADDING
    // after DATA.
    std::memmove(base + token_used, data, n);
    std::memmove(base + token_used + n, padding, padding_used);
    end = start + token_used + n + padding_used;
  }
  ShrinkWiped(out, end);
  if (!ntlm) {
    layout_->NoteWrapped(absl::MakeConstSpan(out).subspan(start), n);
  }
  return absl::OkStatus();
}

absl::StatusOr<UnwrappedSpan> SspiMessages::UnwrapInPlace(
    CtxtHandle* context, bool ntlm, absl::Span<uint8_t> token) {
  SecBuffer buffers[2];
  if (ntlm) {
    absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
    if (!sizes.ok()) return sizes.status();
    const size_t signature_size = sizes->cbSecurityTrailer;
    if (token.size() < signature_size) {
      // As UnwrapNtlm().
      return ReasonedError(
          absl::StatusCode::kDataLoss,
          absl::StrCat("DecryptMessage: the ", token.size(),
                       "-byte token is shorter than an NTLM signature (",
                       signature_size, " bytes)"),
          ErrorReason::kTamperedMessage);
    }
    buffers[0] = {static_cast<unsigned long>(signature_size), SECBUFFER_TOKEN,
                  token.data()};
    buffers[1] = {static_cast<unsigned long>(token.size() - signature_size),
                  SECBUFFER_DATA, token.data() + signature_size};
    SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
    unsigned long qop = 0;
    SECURITY_STATUS status = table().DecryptMessage(context, &desc, 0, &qop);
    if (status != SEC_E_OK) {
      return MapMessageCheck("DecryptMessage", status, /*replayed=*/false);
    }
    return UnwrappedSpan{token.subspan(signature_size), ProtectionOf(qop)};
  }
  const SavedHeader header(token);
  layout_->SplitWrapped(token, buffers);
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  unsigned long qop = 0;
  SECURITY_STATUS status = table().DecryptMessage(context, &desc, 0, &qop);
  if (status != SEC_E_OK) {
    return MapMessageCheck("DecryptMessage", status, Replayed(header.span()));
  }
  absl::Span<uint8_t> plaintext =
      layout_->UnwrappedInPlace(buffers, token, header.span());
  if (plaintext.data() == nullptr && buffers[1].cbBuffer != 0) {
    return ReasonedError(absl::StatusCode::kInternal,
                         "DecryptMessage: the package put the plaintext "
                         "outside the token's buffer",
                         ErrorReason::kOther);
  }
  Accepted(header.span());
  return UnwrappedSpan{plaintext, ProtectionOf(qop)};
}

absl::StatusOr<size_t> SspiMessages::MaxMessageSize(CtxtHandle* context,
                                                    bool ntlm,
                                                    size_t token_limit,
                                                    Protection protection) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  // NTLM: the signature (cbSecurityTrailer), then the data.
  const size_t overhead =
      ntlm ? sizes->cbSecurityTrailer
           : layout_->WrapOverhead(*sizes,
                                   protection == Protection::kConfidentiality);
  return token_limit > overhead ? token_limit - overhead : 0;
}

absl::Status SspiMessages::IovSupported(bool ntlm, absl::string_view call,
                                        absl::Span<const IovBuffer> buffers) {
  int data = 0, sign_only = 0;
  for (const IovBuffer& buffer : buffers) {
    if (buffer.type == IovType::kTrailer) {
      return ReasonedError(
          absl::StatusCode::kInvalidArgument,
          absl::StrCat(call,
                       ": SSPI's packages have no trailer buffer (their "
                       "tokens keep everything in the header, the Windows "
                       "layout); pass no IovType::kTrailer buffer"),
          ErrorReason::kInvalidArgument);
    }
    if (buffer.type == IovType::kData) ++data;
    if (buffer.type == IovType::kSignOnly) ++sign_only;
  }
  const SspiQuirks& quirks = provider_->quirks();
  if (!ntlm && sign_only > 0 && quirks.kerberos_iov_through_gss_wrap) {
    return ReasonedError(
        absl::StatusCode::kUnimplemented,
        absl::StrCat(
            call,
            ": Wine's Kerberos package cannot cover sign-only buffers: its "
            "EncryptMessage ignores SECBUFFER_READONLY_WITH_CHECKSUM buffers "
            "and wraps one DATA buffer with gss_wrap (Wine 8, "
            "dlls/kerberos/krb5_ap.c SpSealMessage, unixlib.c "
            "seal_message_no_vector); pass no IovType::kSignOnly buffer"),
        ErrorReason::kUnsupported);
  }
  if (ntlm && data > 1 && quirks.ntlm_seals_first_data_buffer_only) {
    return ReasonedError(
        absl::StatusCode::kUnimplemented,
        absl::StrCat(call,
                     ": Wine's NTLM package encrypts only the first data "
                     "buffer of a message (Wine 8, dlls/msv1_0/main.c "
                     "ntlm_SpSealMessage); pass one IovType::kData buffer"),
        ErrorReason::kUnsupported);
  }
  return absl::OkStatus();
}

namespace {

unsigned long SecBufferTypeOf(IovType type) {
  switch (type) {
    case IovType::kHeader:
      return SECBUFFER_TOKEN;
    case IovType::kData:
      return SECBUFFER_DATA;
    case IovType::kSignOnly:
      return SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM;
    case IovType::kPadding:
      return SECBUFFER_PADDING;
    case IovType::kTrailer:
      break;
  }
  return SECBUFFER_EMPTY;  // refused by IovSupported()
}

// The padding a message needs at most: none for NTLM, else a block.
size_t PaddingSize(const SecPkgContext_Sizes& sizes, bool ntlm) {
  return !ntlm && sizes.cbBlockSize > 1 ? sizes.cbBlockSize : 0;
}

}  // namespace

absl::Status SspiMessages::IovSecBuffers(bool ntlm,
                                         absl::Span<const IovBuffer> buffers,
                                         IovSecBufferList& out) {
  if (buffers.size() > out.buffers.size()) {
    return ReasonedError(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("the message has ", buffers.size(),
                     " buffers; SSPI takes at most ", out.buffers.size()),
        ErrorReason::kInvalidArgument);
  }
  out.count = 0;
  for (size_t i = 0; i < buffers.size(); ++i) {
    const IovBuffer& buffer = buffers[i];
    // NTLM has no padding, and Wine would hash a padding buffer's bytes
    // (sspi_quirks.h): it gets none.
    if (ntlm && buffer.type == IovType::kPadding) continue;
    if (buffer.type == IovType::kHeader) out.header = out.count;
    if (buffer.type == IovType::kPadding) out.padding = out.count;
    out.buffers[out.count++] = {static_cast<unsigned long>(buffer.data.size()),
                                SecBufferTypeOf(buffer.type),
                                buffer.data.data()};
  }
  return absl::OkStatus();
}

absl::StatusOr<IovSizes> SspiMessages::WrapIovSizes(
    CtxtHandle* context, bool ntlm, absl::Span<const IovBuffer> buffers,
    Protection protection) {
  if (absl::Status s = IovSupported(ntlm, "WrapIovSizes()", buffers); !s.ok()) {
    return s;
  }
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  IovSizes result;
  if (!ntlm && provider_->quirks().kerberos_iov_through_gss_wrap) {
    // The header-only layout of gss_wrap's token (WrapIovThroughGssWrap):
    // exactly its overhead; Wine's SECPKG_ATTR_SIZES under-reports it.
    result.header = layout_->WrapOverhead(
        *sizes, protection == Protection::kConfidentiality);
    return result;
  }
  result.header = sizes->cbSecurityTrailer;
  result.padding = PaddingSize(*sizes, ntlm);
  return result;
}

absl::StatusOr<IovSizes> SspiMessages::WrapIov(CtxtHandle* context, bool ntlm,
                                               absl::Span<IovBuffer> buffers,
                                               Protection protection) {
  if (absl::Status s = IovSupported(ntlm, "WrapIov()", buffers); !s.ok()) {
    return s;
  }
  if (!ntlm && provider_->quirks().kerberos_iov_through_gss_wrap) {
    return WrapIovThroughGssWrap(context, buffers, protection);
  }
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  for (const IovBuffer& buffer : buffers) {
    size_t needed = 0;
    if (buffer.type == IovType::kHeader) needed = sizes->cbSecurityTrailer;
    if (buffer.type == IovType::kPadding) needed = PaddingSize(*sizes, ntlm);
    if (buffer.data.size() < needed) {
      return ReasonedError(
          absl::StatusCode::kInvalidArgument,
          absl::StrCat("WrapIov(): the ",
                       buffer.type == IovType::kHeader ? "header" : "padding",
                       " buffer holds ", buffer.data.size(),
                       " bytes; WrapIovSizes() asks for ", needed),
          ErrorReason::kInvalidArgument);
    }
  }
  IovSecBufferList list;
  if (absl::Status s = IovSecBuffers(ntlm, buffers, list); !s.ok()) return s;
  SecBufferDesc desc = {SECBUFFER_VERSION,
                        static_cast<unsigned long>(list.count),
                        list.buffers.data()};
  const unsigned long qop =
      protection == Protection::kIntegrity ? SECQOP_WRAP_NO_ENCRYPT : 0;
  SECURITY_STATUS status = table().EncryptMessage(context, qop, &desc, 0);
  if (status != SEC_E_OK) return MapSspiStatus("EncryptMessage", status);
  IovSizes used;
  used.header = list.buffers[list.header].cbBuffer;
  if (list.padding < list.count) {
    used.padding = list.buffers[list.padding].cbBuffer;
  }
  return used;
}

absl::StatusOr<Protection> SspiMessages::UnwrapIov(
    CtxtHandle* context, bool ntlm, absl::Span<IovBuffer> buffers) {
  if (absl::Status s = IovSupported(ntlm, "UnwrapIov()", buffers); !s.ok()) {
    return s;
  }
  if (!ntlm && provider_->quirks().kerberos_iov_through_gss_wrap) {
    return UnwrapIovThroughGssWrap(context, buffers);
  }
  IovSecBufferList list;
  if (absl::Status s = IovSecBuffers(ntlm, buffers, list); !s.ok()) return s;
  SecBuffer& header = list.buffers[list.header];
  if (ntlm) {
    absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
    if (!sizes.ok()) return sizes.status();
    if (header.cbBuffer < sizes->cbSecurityTrailer) {
      return ReasonedError(
          absl::StatusCode::kDataLoss,
          absl::StrCat("DecryptMessage: the ", header.cbBuffer,
                       "-byte header is shorter than an NTLM signature (",
                       sizes->cbSecurityTrailer, " bytes)"),
          ErrorReason::kTamperedMessage);
    }
  }
  const SavedHeader saved(absl::Span<const uint8_t>(
      static_cast<const uint8_t*>(header.pvBuffer), header.cbBuffer));
  SecBufferDesc desc = {SECBUFFER_VERSION,
                        static_cast<unsigned long>(list.count),
                        list.buffers.data()};
  unsigned long qop = 0;
  SECURITY_STATUS status = table().DecryptMessage(context, &desc, 0, &qop);
  if (status != SEC_E_OK) {
    return MapMessageCheck("DecryptMessage", status,
                           !ntlm && Replayed(saved.span()));
  }
  if (!ntlm) Accepted(saved.span());
  return ProtectionOf(qop);
}

namespace {

size_t DataSize(absl::Span<const IovBuffer> buffers) {
  size_t size = 0;
  for (const IovBuffer& buffer : buffers) {
    if (buffer.type == IovType::kData) size += buffer.data.size();
  }
  return size;
}

// Copies `bytes` into the data buffers, in order.
void ScatterData(absl::Span<const uint8_t> bytes,
                 absl::Span<IovBuffer> buffers) {
  for (IovBuffer& buffer : buffers) {
    if (buffer.type != IovType::kData) continue;
    std::copy(bytes.begin(), bytes.begin() + buffer.data.size(),
              buffer.data.begin());
    bytes.remove_prefix(buffer.data.size());
  }
}

}  // namespace

absl::StatusOr<IovSizes> SspiMessages::WrapIovThroughGssWrap(
    CtxtHandle* context, absl::Span<IovBuffer> buffers, Protection protection) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes(context);
  if (!sizes.ok()) return sizes.status();
  IovBuffer* header = nullptr;
  for (IovBuffer& buffer : buffers) {
    if (buffer.type == IovType::kHeader) header = &buffer;
  }
  const size_t needed =
      layout_->WrapOverhead(*sizes, protection == Protection::kConfidentiality);
  if (header == nullptr || header->data.size() < needed) {
    return ReasonedError(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("WrapIov(): the header buffer holds ",
                     header == nullptr ? 0 : header->data.size(),
                     " bytes; WrapIovSizes() asks for ", needed),
        ErrorReason::kInvalidArgument);
  }
  // The data buffers' bytes as one message, wrapped as Wrap() does under
  // Wine (DATA || TOKEN is gss_wrap's token), then laid out as Windows'.
  const size_t n = DataSize(buffers);
  const size_t token_room =
      sizes->cbSecurityTrailer + layout_->trailer_headroom();
  std::vector<uint8_t> scratch(n + token_room);
  size_t at = 0;
  for (const IovBuffer& buffer : buffers) {
    if (buffer.type != IovType::kData) continue;
    std::copy(buffer.data.begin(), buffer.data.end(), scratch.begin() + at);
    at += buffer.data.size();
  }
  uint8_t padding[1] = {};
  SecBuffer secbuffers[3] = {
      {static_cast<unsigned long>(token_room), SECBUFFER_TOKEN,
       scratch.data() + n},
      {static_cast<unsigned long>(n), SECBUFFER_DATA, scratch.data()},
      {1, SECBUFFER_PADDING, padding}};
  if (absl::Status s = Encrypt(context, protection, secbuffers, 3, scratch);
      !s.ok()) {
    return s;
  }
  const absl::Span<const uint8_t> token = absl::MakeConstSpan(scratch).first(
      n + std::min<size_t>(secbuffers[0].cbBuffer, token_room));
  layout_->NoteWrapped(token, n);
  std::optional<Rfc4121HeaderLayout> layout = HeaderLayoutOf(token, n);
  if (!layout.has_value() || layout->header_size > header->data.size()) {
    Wipe(scratch);
    return ReasonedError(
        absl::StatusCode::kInternal,
        absl::StrCat("WrapIov(): Wine's EncryptMessage made a ", token.size(),
                     "-byte token for ", n,
                     " bytes that is not an RFC 4121 Wrap token with RRC 0 "
                     "fitting the ",
                     header->data.size(), "-byte header"),
        ErrorReason::kOther);
  }
  WriteLayoutHeader(token, *layout, header->data.data());
  ScatterData(token.subspan(layout->data_offset, n), buffers);
  Wipe(scratch);
  IovSizes used;
  used.header = layout->header_size;
  return used;
}

absl::StatusOr<Protection> SspiMessages::UnwrapIovThroughGssWrap(
    CtxtHandle* context, absl::Span<IovBuffer> buffers) {
  // header || data is a whole token with the RRC the header carries, which
  // MIT's gss_unwrap (behind Wine's DecryptMessage) rotates back. Wine
  // unwraps DATA || TOKEN and copies len(DATA) bytes of plaintext into DATA:
  // so DATA is the token's first len(data) bytes.
  const IovBuffer* header = nullptr;
  for (const IovBuffer& buffer : buffers) {
    if (buffer.type == IovType::kHeader) header = &buffer;
  }
  const size_t n = DataSize(buffers);
  std::vector<uint8_t> scratch(header->data.begin(), header->data.end());
  for (const IovBuffer& buffer : buffers) {
    if (buffer.type == IovType::kData) {
      scratch.insert(scratch.end(), buffer.data.begin(), buffer.data.end());
    }
  }
  const SavedHeader saved(header->data);
  SecBuffer secbuffers[2] = {
      {static_cast<unsigned long>(n), SECBUFFER_DATA, scratch.data()},
      {static_cast<unsigned long>(scratch.size() - n), SECBUFFER_TOKEN,
       scratch.data() + n}};
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, secbuffers};
  unsigned long qop = 0;
  SECURITY_STATUS status = table().DecryptMessage(context, &desc, 0, &qop);
  if (status != SEC_E_OK) {
    Wipe(scratch);
    return MapMessageCheck("DecryptMessage", status, Replayed(saved.span()));
  }
  ScatterData(absl::MakeConstSpan(scratch).first(n), buffers);
  Wipe(scratch);
  Accepted(saved.span());
  return ProtectionOf(qop);
}

}  // namespace internal
}  // namespace crossauth
