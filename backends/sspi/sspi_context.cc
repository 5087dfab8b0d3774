// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Sessions on SSPI: the handshake, Info(), and message protection.
//
// Message layout. A wrap token on the wire is what the peer's gss_unwrap or
// DecryptMessage takes: an RFC 4121 token. Windows' Kerberos package writes
// it as TOKEN || DATA || PADDING and reads it back from one STREAM buffer.
// Wine's Kerberos package (8.0, dlls/kerberos/unixlib.c) calls gss_wrap and
// puts the first len(DATA) bytes of the token into DATA and the rest into
// TOKEN; its DecryptMessage concatenates DATA || TOKEN, calls gss_unwrap and
// copies len(DATA) bytes of plaintext back. So under Wine the wire token is
// DATA || TOKEN, and unwrapping needs the exact plaintext length up front,
// which the RFC 4121 header gives (wrap_token.h), except for the checksum
// size of a sealed token: that is learnt from this context's own tokens, and
// is 12 bytes (aes*-cts-hmac-sha1-96, the MIT and Active Directory default)
// until then. Wine also under-reports SECPKG_ATTR_SIZES for sealing, so the
// TOKEN buffers get headroom.

#include "backends/sspi/sspi_context.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "backends/common/ntlm_message.h"
#include "backends/sspi/spnego_offer.h"
#include "backends/sspi/sspi_delegation.h"
#include "backends/sspi/sspi_handles.h"
#include "backends/sspi/sspi_status.h"
#include "backends/sspi/sspi_strings.h"
#include "backends/sspi/wrap_token.h"
#include "crossauth/error.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {
namespace {

// Extra TOKEN bytes beyond SECPKG_ATTR_SIZES: Wine reports a trailer of 49
// bytes, but its sealed AES token needs 60 (and 72 with SHA-384).
constexpr unsigned long kTrailerHeadroom = 64;
// aes128/256-cts-hmac-sha1-96.
constexpr size_t kDefaultChecksumSize = 12;
constexpr uint8_t kSpnegoOid[] = {0x06, 0x06, 0x2b, 0x06,
                                  0x01, 0x05, 0x05, 0x02};

bool IsSpnegoToken(absl::Span<const uint8_t> token) {
  // [APPLICATION 0] with a short or long length, then the mechanism OID.
  if (token.size() < 2 || token[0] != 0x60) return false;
  size_t offset = 2;
  if (token[1] & 0x80) offset += token[1] & 0x7f;
  if (token.size() < offset + sizeof(kSpnegoOid)) return false;
  return std::equal(std::begin(kSpnegoOid), std::end(kSpnegoOid),
                    token.begin() + offset);
}

std::vector<uint8_t> BufferBytes(const SecBuffer& buffer) {
  const auto* data = static_cast<const uint8_t*>(buffer.pvBuffer);
  if (data == nullptr) return {};
  return std::vector<uint8_t>(data, data + buffer.cbBuffer);
}

// Every per-message call works on copies of the caller's bytes: SSPI
// decrypts in place (DecryptMessage) and takes every buffer non-const, and
// the caller's bytes may be read-only. The copies are wiped with this once
// they held plaintext.
void Wipe(std::vector<uint8_t>& bytes) {
  SecureWipe(bytes.data(), bytes.size());
}

absl::Status WineGap(absl::string_view what) {
  return absl::UnimplementedError(
      absl::StrCat(what,
                   ": not available under Wine, whose SSPI ignores it (Wine 8 "
                   "passes GSS_C_NO_CHANNEL_BINDINGS); it works on Windows"));
}

// Channel bindings as SSPI takes them: SEC_CHANNEL_BINDINGS followed by the
// application data.
std::vector<uint8_t> BindingsBuffer(const ChannelBindings& bindings) {
  const std::vector<uint8_t>& data = bindings.application_data();
  std::vector<uint8_t> out(sizeof(SEC_CHANNEL_BINDINGS) + data.size());
  SEC_CHANNEL_BINDINGS header = {};
  header.cbApplicationDataLength = static_cast<unsigned long>(data.size());
  header.dwApplicationDataOffset = sizeof(SEC_CHANNEL_BINDINGS);
  std::memcpy(out.data(), &header, sizeof(header));
  if (!data.empty()) {
    std::memcpy(out.data() + sizeof(header), data.data(), data.size());
  }
  return out;
}

// The buffers of one InitializeSecurityContextW or AcceptSecurityContext
// call: in, a copy of the peer's token (left out when empty, unless
// `always_token`) and the channel bindings; out, one token buffer of the
// package's largest token size. The copy, because SSPI takes input buffers
// non-const and the caller's token may be read-only; it is wiped, because
// an NTLM AUTHENTICATE message carries a crackable response.
class StepBuffers {
 public:
  StepBuffers(absl::Span<const uint8_t> input, bool always_token,
              std::optional<std::vector<uint8_t>>& bindings,
              unsigned long max_token)
      : in_(input.begin(), input.end()), out_(max_token) {
    unsigned long count = 0;
    if (always_token || !in_.empty()) {
      in_buffers_[count++] = {static_cast<unsigned long>(in_.size()),
                              SECBUFFER_TOKEN, in_.data()};
    }
    if (bindings.has_value()) {
      in_buffers_[count++] = {static_cast<unsigned long>(bindings->size()),
                              SECBUFFER_CHANNEL_BINDINGS, bindings->data()};
    }
    in_desc_ = {SECBUFFER_VERSION, count, in_buffers_};
    out_buffer_ = {static_cast<unsigned long>(out_.size()), SECBUFFER_TOKEN,
                   out_.data()};
    out_desc_ = {SECBUFFER_VERSION, 1, &out_buffer_};
  }
  StepBuffers(const StepBuffers&) = delete;
  StepBuffers& operator=(const StepBuffers&) = delete;
  ~StepBuffers() { Wipe(in_); }

  // nullptr when there is nothing to pass in.
  SecBufferDesc* in() { return in_desc_.cBuffers > 0 ? &in_desc_ : nullptr; }
  SecBufferDesc* out() { return &out_desc_; }
  // The output token's bytes, and whether the package wrote into it (an
  // untouched buffer keeps its full size).
  std::vector<uint8_t> token() const { return BufferBytes(out_buffer_); }
  bool written() const {
    return out_buffer_.cbBuffer > 0 && out_buffer_.cbBuffer < out_.size();
  }

 private:
  std::vector<uint8_t> in_;
  std::vector<uint8_t> out_;
  SecBuffer in_buffers_[2] = {};
  SecBufferDesc in_desc_ = {};
  SecBuffer out_buffer_ = {};
  SecBufferDesc out_desc_ = {};
};

class SspiContext : public NativeContext {
 public:
  SspiContext(SspiCredential& credential, Mechanism mechanism, bool initiator,
              std::optional<std::vector<uint8_t>> bindings)
      : provider_(credential.provider()),
        credential_(credential),
        mechanism_(mechanism),
        initiator_(initiator),
        bindings_(std::move(bindings)),
        context_(provider_) {}

  absl::StatusOr<SessionInfo> Info() const override;
  absl::StatusOr<std::vector<uint8_t>> Wrap(absl::Span<const uint8_t> message,
                                            Protection protection) override;
  absl::StatusOr<UnwrappedMessage> Unwrap(
      absl::Span<const uint8_t> token) override;
  absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message) override;
  absl::Status VerifyMic(absl::Span<const uint8_t> message,
                         absl::Span<const uint8_t> mic) override;
  absl::Status Delete() override {
    return MapSspiStatus("DeleteSecurityContext", context_.Delete());
  }

 protected:
  const SecurityFunctionTableW& table() const { return provider_->table(); }
  bool wine() const { return provider_->wine(); }
  // After a successful ISC/ASC call with `status`: the context is live,
  // CompleteAuthToken runs when asked for, and the step is the output token.
  absl::StatusOr<NativeStep> Stepped(SECURITY_STATUS status,
                                     StepBuffers& buffers) {
    context_.set_valid();
    if (status == SEC_I_COMPLETE_NEEDED ||
        status == SEC_I_COMPLETE_AND_CONTINUE) {
      SECURITY_STATUS completed =
          table().CompleteAuthToken(context_.get(), buffers.out());
      if (completed != SEC_E_OK)
        return MapSspiStatus("CompleteAuthToken", completed);
    }
    NativeStep step;
    step.token = buffers.token();
    step.complete = status == SEC_E_OK || status == SEC_I_COMPLETE_NEEDED;
    return step;
  }
  // After a successful first step, the context handle is live.
  void NoteFirstToken(absl::Span<const uint8_t> token) {
    if (!first_token_seen_) {
      first_token_seen_ = true;
      spnego_ = IsSpnegoToken(token);
      ntlm_ = mechanism_ == Mechanism::kNtlm || IsRawNtlmMessage(token);
    }
  }
  // At completion: the attributes an NTLM context really has. NTLM cannot
  // prove the server to the client, so ISC_RET_MUTUAL_AUTH (which Wine's
  // NTLM package echoes from the request) is dropped everywhere. Wine's NTLM
  // package also returns none of the protection attributes, and reports the
  // negotiated NTLMSSP features only through SECPKG_ATTR_FLAGS: signing
  // there means integrity, and with it replay and sequence detection (every
  // NTLM signature carries a sequence number that the receiver checks, see
  // docs/windows.md); sealing means confidentiality.
  absl::Status SettleNtlmAttributes();
  // Learns whether Negotiate settled on NTLM (SPNEGO, as on Windows:
  // SECPKG_ATTR_NEGOTIATION_INFO) and refuses NTLM when it is not on the
  // credential's allow-list.
  absl::Status CheckNegotiated(absl::string_view call);
  // At completion: CheckNegotiated(), then SettleNtlmAttributes().
  absl::Status Settle(absl::string_view call);
  // EncryptMessage over `count` buffers, one of which holds `data` (wiped
  // when it fails).
  absl::Status Encrypt(Protection protection, SecBuffer* buffers,
                       unsigned long count, std::vector<uint8_t>& data);
  // The wire layout of NTLM wrap tokens: the signature, then the data.
  absl::StatusOr<std::vector<uint8_t>> WrapNtlm(
      absl::Span<const uint8_t> message, Protection protection);
  absl::StatusOr<UnwrappedMessage> UnwrapNtlm(absl::Span<const uint8_t> token);
  absl::StatusOr<SecPkgContext_Sizes> Sizes();
  void Learn(absl::Span<const uint8_t> wire, size_t plaintext_size);
  bool Replayed(absl::Span<const uint8_t> token) const;
  void Accepted(absl::Span<const uint8_t> token);

  std::shared_ptr<const SspiProvider> provider_;
  SspiCredential& credential_;
  Mechanism mechanism_;
  bool initiator_;
  std::optional<std::vector<uint8_t>> bindings_;
  ScopedCtxtHandle context_;
  unsigned long attributes_ = 0;
  TimeStamp expiry_ = {};
  bool first_token_seen_ = false;
  bool spnego_ = false;
  bool ntlm_ = false;  // the context speaks NTLM (raw, not in SPNEGO)
  std::optional<SecPkgContext_Sizes> sizes_;
  size_t checksum_size_ = kDefaultChecksumSize;
  std::optional<uint64_t> highest_sequence_;
};

absl::StatusOr<SecPkgContext_Sizes> SspiContext::Sizes() {
  if (sizes_.has_value()) return *sizes_;
  SecPkgContext_Sizes sizes = {};
  SECURITY_STATUS status = table().QueryContextAttributesW(
      context_.get(), SECPKG_ATTR_SIZES, &sizes);
  if (status != SEC_E_OK) {
    return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_SIZES");
  }
  sizes_ = sizes;
  return sizes;
}

// Learns the checksum size from a token of this context (see the top).
void SspiContext::Learn(absl::Span<const uint8_t> wire, size_t plaintext_size) {
  std::optional<Rfc4121Header> header = ParseRfc4121Header(wire);
  if (!header.has_value()) return;
  if (!header->wrap) {
    checksum_size_ = wire.size() - kRfc4121HeaderSize;
  } else if (!header->sealed) {
    checksum_size_ = header->ec;
  } else if (wire.size() >= plaintext_size + Rfc4121WrapOverhead(*header, 0)) {
    checksum_size_ =
        wire.size() - plaintext_size - Rfc4121WrapOverhead(*header, 0);
  }
}

bool SspiContext::Replayed(absl::Span<const uint8_t> token) const {
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  return header.has_value() && highest_sequence_.has_value() &&
         header->sequence <= *highest_sequence_;
}

void SspiContext::Accepted(absl::Span<const uint8_t> token) {
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  if (!header.has_value()) return;
  if (!highest_sequence_.has_value() || header->sequence > *highest_sequence_) {
    highest_sequence_ = header->sequence;
  }
}

absl::StatusOr<SessionInfo> SspiContext::Info() const {
  SessionInfo info;
  info.initiator = initiator_;
  info.flags = initiator_ ? IscReturnedFlags(attributes_)
                          : AscReturnedFlags(attributes_);
  info.expiry = SspiTimeToAbsl(expiry_);
  info.mechanism = mechanism_;
  info.negotiated = mechanism_ == Mechanism::kNegotiate && spnego_;
  // A copy of the handle's value for the queries, which take a non-const
  // PCtxtHandle but never write it; ScopedCtxtHandle::get() is non-const
  // only because the handshake passes it as an in-out parameter.
  CtxtHandle handle = *const_cast<ScopedCtxtHandle&>(context_).get();

  // The mechanism that was actually used.
  SecPkgContext_NegotiationInfoW negotiation = {};
  SECURITY_STATUS status = table().QueryContextAttributesW(
      &handle, SECPKG_ATTR_NEGOTIATION_INFO, &negotiation);
  if (status == SEC_E_OK) {
    if (negotiation.PackageInfo != nullptr) {
      std::optional<Mechanism> used =
          MechanismFromName(Utf8(negotiation.PackageInfo->Name));
      table().FreeContextBuffer(negotiation.PackageInfo);
      if (used.has_value() && *used != Mechanism::kNegotiate) {
        info.mechanism = *used;
      }
    }
  } else if (status != SEC_E_UNSUPPORTED_FUNCTION) {
    return MapQueryContextAttributesStatus(status,
                                           "SECPKG_ATTR_NEGOTIATION_INFO");
  } else if (ntlm_) {
    // Wine: the raw NTLM messages tell.
    info.mechanism = Mechanism::kNtlm;
  } else if (mechanism_ == Mechanism::kKerberos) {
    info.mechanism = Mechanism::kKerberos;
  }

  // Names: client and server from SECPKG_ATTR_NATIVE_NAMES, else the
  // context's user from SECPKG_ATTR_NAMES. Wine has neither; then only the
  // name this side logged on with is known, and the rest stays empty.
  SecPkgContext_NativeNamesW native = {};
  status = table().QueryContextAttributesW(&handle, SECPKG_ATTR_NATIVE_NAMES,
                                           &native);
  if (status == SEC_E_OK) {
    std::string client = Utf8(native.sClientName);
    std::string server = Utf8(native.sServerName);
    if (native.sClientName != nullptr) {
      table().FreeContextBuffer(native.sClientName);
    }
    if (native.sServerName != nullptr) {
      table().FreeContextBuffer(native.sServerName);
    }
    info.local_principal = initiator_ ? client : server;
    info.peer_principal = initiator_ ? server : client;
  } else if (status == SEC_E_UNSUPPORTED_FUNCTION) {
    SecPkgContext_NamesW names = {};
    status =
        table().QueryContextAttributesW(&handle, SECPKG_ATTR_NAMES, &names);
    if (status == SEC_E_OK) {
      std::string user = Utf8(names.sUserName);
      if (names.sUserName != nullptr) {
        table().FreeContextBuffer(names.sUserName);
      }
      (initiator_ ? info.local_principal : info.peer_principal) = user;
    } else if (status != SEC_E_UNSUPPORTED_FUNCTION) {
      return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_NAMES");
    }
    if (initiator_ && info.local_principal.empty()) {
      info.local_principal = credential_.logon_principal();
    }
  } else {
    return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_NATIVE_NAMES");
  }
  return info;
}

absl::Status SspiContext::Settle(absl::string_view call) {
  if (absl::Status s = CheckNegotiated(call); !s.ok()) return s;
  return SettleNtlmAttributes();
}

absl::Status SspiContext::CheckNegotiated(absl::string_view call) {
  if (mechanism_ == Mechanism::kNegotiate && !ntlm_) {
    SecPkgContext_NegotiationInfoW negotiation = {};
    SECURITY_STATUS status = table().QueryContextAttributesW(
        context_.get(), SECPKG_ATTR_NEGOTIATION_INFO, &negotiation);
    if (status == SEC_E_OK && negotiation.PackageInfo != nullptr) {
      ntlm_ = MechanismFromName(Utf8(negotiation.PackageInfo->Name)) ==
              Mechanism::kNtlm;
      table().FreeContextBuffer(negotiation.PackageInfo);
    } else if (status != SEC_E_OK && status != SEC_E_UNSUPPORTED_FUNCTION) {
      return MapQueryContextAttributesStatus(status,
                                             "SECPKG_ATTR_NEGOTIATION_INFO");
    }
  }
  if (ntlm_ && !credential_.allows(Mechanism::kNtlm)) {
    return absl::PermissionDeniedError(absl::StrCat(
        call,
        ": Negotiate settled on NTLM, and NTLM is not on the allow-list (add "
        "Mechanism::kNtlm to allow it)"));
  }
  return absl::OkStatus();
}

absl::Status SspiContext::SettleNtlmAttributes() {
  if (!ntlm_) return absl::OkStatus();
  attributes_ &= initiator_ ? ~static_cast<unsigned long>(ISC_RET_MUTUAL_AUTH)
                            : ~static_cast<unsigned long>(ASC_RET_MUTUAL_AUTH);
  if (!wine()) return absl::OkStatus();
  SecPkgContext_Flags flags = {};
  SECURITY_STATUS status = table().QueryContextAttributesW(
      context_.get(), SECPKG_ATTR_FLAGS, &flags);
  if (status != SEC_E_OK) {
    return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_FLAGS");
  }
  // Wine reports ISC_RET_* bits here for both sides.
  if (flags.Flags & ISC_RET_INTEGRITY) {
    attributes_ |= initiator_ ? (ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT |
                                 ISC_RET_SEQUENCE_DETECT)
                              : (ASC_RET_INTEGRITY | ASC_RET_REPLAY_DETECT |
                                 ASC_RET_SEQUENCE_DETECT);
  }
  if (flags.Flags & ISC_RET_CONFIDENTIALITY) {
    attributes_ |=
        initiator_ ? ISC_RET_CONFIDENTIALITY : ASC_RET_CONFIDENTIALITY;
  }
  return absl::OkStatus();
}

absl::Status SspiContext::Encrypt(Protection protection, SecBuffer* buffers,
                                  unsigned long count,
                                  std::vector<uint8_t>& data) {
  SecBufferDesc desc = {SECBUFFER_VERSION, count, buffers};
  const unsigned long qop =
      protection == Protection::kIntegrity ? SECQOP_WRAP_NO_ENCRYPT : 0;
  SECURITY_STATUS status =
      table().EncryptMessage(context_.get(), qop, &desc, 0);
  if (status != SEC_E_OK) {
    Wipe(data);
    return MapSspiStatus("EncryptMessage", status);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<uint8_t>> SspiContext::WrapNtlm(
    absl::Span<const uint8_t> message, Protection protection) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes();
  if (!sizes.ok()) return sizes.status();
  std::vector<uint8_t> token(sizes->cbSecurityTrailer);
  std::vector<uint8_t> data(message.begin(), message.end());
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(token.size()), SECBUFFER_TOKEN, token.data()},
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()}};
  if (absl::Status s = Encrypt(protection, buffers, 2, data); !s.ok()) {
    return s;
  }
  std::vector<uint8_t> wire = BufferBytes(buffers[0]);
  std::vector<uint8_t> body = BufferBytes(buffers[1]);
  wire.insert(wire.end(), body.begin(), body.end());
  Wipe(data);
  return wire;
}

absl::StatusOr<UnwrappedMessage> SspiContext::UnwrapNtlm(
    absl::Span<const uint8_t> token) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes();
  if (!sizes.ok()) return sizes.status();
  const size_t signature_size = sizes->cbSecurityTrailer;
  if (token.size() < signature_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("DecryptMessage: the ", token.size(),
                     "-byte token is shorter than an NTLM signature (",
                     signature_size, " bytes)"));
  }
  std::vector<uint8_t> copy(token.begin(), token.end());
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(signature_size), SECBUFFER_TOKEN,
       copy.data()},
      {static_cast<unsigned long>(copy.size() - signature_size), SECBUFFER_DATA,
       copy.data() + signature_size}};
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  unsigned long qop = 0;
  SECURITY_STATUS status =
      table().DecryptMessage(context_.get(), &desc, 0, &qop);
  if (status != SEC_E_OK) {
    Wipe(copy);
    return MapMessageCheck("DecryptMessage", status, /*replayed=*/false);
  }
  UnwrappedMessage out;
  out.protection = (qop & SECQOP_WRAP_NO_ENCRYPT) != 0
                       ? Protection::kIntegrity
                       : Protection::kConfidentiality;
  out.message = BufferBytes(buffers[1]);
  Wipe(copy);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SspiContext::Wrap(
    absl::Span<const uint8_t> message, Protection protection) {
  if (ntlm_) return WrapNtlm(message, protection);
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes();
  if (!sizes.ok()) return sizes.status();
  std::vector<uint8_t> token(sizes->cbSecurityTrailer + kTrailerHeadroom);
  std::vector<uint8_t> data(message.begin(), message.end());
  std::vector<uint8_t> padding(std::max<unsigned long>(sizes->cbBlockSize, 1));
  SecBuffer buffers[3] = {
      {static_cast<unsigned long>(token.size()), SECBUFFER_TOKEN, token.data()},
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()},
      {static_cast<unsigned long>(padding.size()), SECBUFFER_PADDING,
       padding.data()}};
  if (absl::Status s = Encrypt(protection, buffers, 3, data); !s.ok()) {
    return s;
  }
  std::vector<uint8_t> wire;
  if (wine()) {
    // DATA || TOKEN; Wine leaves PADDING untouched.
    wire = BufferBytes(buffers[1]);
    std::vector<uint8_t> tail = BufferBytes(buffers[0]);
    wire.insert(wire.end(), tail.begin(), tail.end());
    Learn(wire, message.size());
  } else {
    for (const SecBuffer& buffer : buffers) {
      std::vector<uint8_t> part = BufferBytes(buffer);
      wire.insert(wire.end(), part.begin(), part.end());
    }
  }
  // The integrity-only layer leaves the plaintext in `data`.
  Wipe(data);
  return wire;
}

absl::StatusOr<UnwrappedMessage> SspiContext::Unwrap(
    absl::Span<const uint8_t> token) {
  if (ntlm_) return UnwrapNtlm(token);
  std::vector<uint8_t> copy(token.begin(), token.end());
  SecBuffer buffers[2];
  unsigned long qop = 0;
  size_t plaintext_size = 0;
  if (wine()) {
    // DATA gets the plaintext's length; with no RFC 4121 header, DATA stays
    // empty so that Wine copies nothing back, and gss_unwrap judges it.
    size_t data_size = 0;
    if (std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
        header.has_value() && header->wrap) {
      size_t overhead = Rfc4121WrapOverhead(*header, checksum_size_);
      if (overhead <= copy.size()) data_size = copy.size() - overhead;
    }
    buffers[0] = {static_cast<unsigned long>(data_size), SECBUFFER_DATA,
                  copy.data()};
    buffers[1] = {static_cast<unsigned long>(copy.size() - data_size),
                  SECBUFFER_TOKEN, copy.data() + data_size};
    plaintext_size = data_size;
  } else {
    buffers[0] = {static_cast<unsigned long>(copy.size()), SECBUFFER_STREAM,
                  copy.data()};
    buffers[1] = {0, SECBUFFER_DATA, nullptr};
  }
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  SECURITY_STATUS status =
      table().DecryptMessage(context_.get(), &desc, 0, &qop);
  if (status != SEC_E_OK) {
    Wipe(copy);
    return MapMessageCheck("DecryptMessage", status, Replayed(token));
  }
  UnwrappedMessage out;
  out.protection = (qop & SECQOP_WRAP_NO_ENCRYPT) != 0
                       ? Protection::kIntegrity
                       : Protection::kConfidentiality;
  if (wine()) {
    out.message.assign(copy.begin(), copy.begin() + plaintext_size);
    Learn(token, plaintext_size);
  } else {
    out.message = BufferBytes(buffers[1]);
  }
  Wipe(copy);
  Accepted(token);
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SspiContext::GetMic(
    absl::Span<const uint8_t> message) {
  absl::StatusOr<SecPkgContext_Sizes> sizes = Sizes();
  if (!sizes.ok()) return sizes.status();
  std::vector<uint8_t> data(message.begin(), message.end());
  // Wine's MakeSignature copies the MIC without checking the buffer size.
  std::vector<uint8_t> signature(sizes->cbMaxSignature + kTrailerHeadroom);
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()},
      {static_cast<unsigned long>(signature.size()), SECBUFFER_TOKEN,
       signature.data()}};
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  SECURITY_STATUS status = table().MakeSignature(context_.get(), 0, &desc, 0);
  Wipe(data);
  if (status != SEC_E_OK) return MapSspiStatus("MakeSignature", status);
  std::vector<uint8_t> mic = BufferBytes(buffers[1]);
  if (wine() && !ntlm_) Learn(mic, 0);
  return mic;
}

absl::Status SspiContext::VerifyMic(absl::Span<const uint8_t> message,
                                    absl::Span<const uint8_t> mic) {
  std::vector<uint8_t> data(message.begin(), message.end());
  std::vector<uint8_t> signature(mic.begin(), mic.end());
  SecBuffer buffers[2] = {
      {static_cast<unsigned long>(data.size()), SECBUFFER_DATA, data.data()},
      {static_cast<unsigned long>(signature.size()), SECBUFFER_TOKEN,
       signature.data()}};
  SecBufferDesc desc = {SECBUFFER_VERSION, 2, buffers};
  unsigned long qop = 0;
  SECURITY_STATUS status =
      table().VerifySignature(context_.get(), &desc, 0, &qop);
  Wipe(data);
  if (status != SEC_E_OK)
    return MapMessageCheck("VerifySignature", status, Replayed(mic));
  if (wine() && !ntlm_) Learn(mic, 0);
  Accepted(mic);
  return absl::OkStatus();
}

class SspiClientContext : public SspiContext {
 public:
  SspiClientContext(SspiCredential& credential, Mechanism mechanism,
                    const SecurityFlags& flags, std::wstring target,
                    std::optional<std::vector<uint8_t>> bindings)
      : SspiContext(credential, mechanism, /*initiator=*/true,
                    std::move(bindings)),
        request_(IscRequestFlags(flags)),
        target_(std::move(target)) {}

  absl::StatusOr<NativeStep> Step(absl::Span<const uint8_t> input) override {
    CredHandle* credential = credential_.handle(mechanism_);
    if (credential == nullptr) {
      return absl::FailedPreconditionError(
          "InitializeSecurityContextW: the credential was released");
    }
    StepBuffers buffers(input, /*always_token=*/false, bindings_,
                        credential_.max_token(mechanism_));
    SECURITY_STATUS status = table().InitializeSecurityContextW(
        credential, context_.get(), target_.data(), request_, 0,
        SECURITY_NATIVE_DREP, buffers.in(), 0, context_.receive(),
        buffers.out(), &attributes_, &expiry_);
    if (status < 0) {
      return ExpiredOr(
          MapInitializeSecurityContextStatus(status, Utf8(target_.c_str()),
                                             /*server_token=*/!input.empty()));
    }
    absl::StatusOr<NativeStep> stepped = Stepped(status, buffers);
    if (!stepped.ok()) return stepped.status();
    NativeStep& step = *stepped;
    NoteFirstToken(step.token);
    // On every step, so that no NTLM message (an AUTHENTICATE carries a
    // crackable response) leaves when NTLM is not allowed; only reachable if
    // a package ignored the allow-list.
    absl::Status checked = CheckNegotiated("InitializeSecurityContextW");
    if (checked.ok() && step.complete) checked = SettleNtlmAttributes();
    if (!checked.ok()) {
      Wipe(step.token);
      return checked;
    }
    return stepped;
  }

 private:
  // A vague failure on a credential whose tickets have ended is reported as
  // that (Unauthenticated, the "expired" hint): Wine says
  // SEC_E_INTERNAL_ERROR. Specific statuses (an unknown target, say) stay
  // as they are, and so does everything while the credential is in date.
  absl::Status ExpiredOr(absl::Status failure) const {
    std::optional<NativeError> native = GetNativeError(failure);
    if (!native.has_value()) return failure;
    switch (native->major) {
      case 0x80090304:  // SEC_E_INTERNAL_ERROR
      case 0x8009030E:  // SEC_E_NO_CREDENTIALS
      case 0xC0000001:  // STATUS_UNSUCCESSFUL
        break;
      default:
        return failure;
    }
    absl::StatusOr<absl::Time> expiry = credential_.Expiry();
    if (!expiry.ok() || *expiry >= absl::Now()) return failure;
    native->hint = absl::StrCat(
        kHintExpired, " (the credential ended ",
        absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", *expiry, absl::UTCTimeZone()),
        ")", native->hint.empty() ? "" : "; ", native->hint);
    native->reason = ErrorReason::kExpired;
    return NativeStatus(absl::StatusCode::kUnauthenticated, *native);
  }

  unsigned long request_;
  std::wstring target_;
};

constexpr char kNothingDelegated[] =
    "ServerSession::DelegatedCredential(): the client delegated no credential "
    "(it did not request delegation, or its ticket is not forwardable)";

class SspiServerContext : public SspiContext {
 public:
  // The client's first token, before any package sees it: NTLM that is not
  // on the allow-list is refused, raw (as Wine's Negotiate sends it) or as a
  // SPNEGO offer with no other mechanism we accept. Under Wine also a SPNEGO
  // offer that prefers NTLM: Wine hands SPNEGO to MIT's mechglue, which
  // settles on the client's first mechanism it has (gss-ntlmssp, if the host
  // has it) and cannot be told otherwise, and SSPI under Wine does not say
  // which mechanism was used, so such a context could neither be kept to
  // the allow-list nor protect messages correctly.
  absl::Status CheckOffer(absl::Span<const uint8_t> input) const {
    const bool ntlm_allowed = credential_.allows(Mechanism::kNtlm);
    if (IsRawNtlmMessage(input)) {
      if (ntlm_allowed) return absl::OkStatus();
      return absl::PermissionDeniedError(
          "AcceptSecurityContext: the client offered only NTLM, and NTLM is "
          "not on the allow-list (add Mechanism::kNtlm to accept NTLM "
          "clients)");
    }
    std::optional<std::vector<std::optional<Mechanism>>> offer =
        SpnegoOffer(input);
    if (!offer.has_value()) return absl::OkStatus();
    std::optional<Mechanism> preferred;
    bool kerberos = false;
    for (const std::optional<Mechanism>& mechanism : *offer) {
      if (!mechanism.has_value()) continue;
      if (!preferred.has_value()) preferred = mechanism;
      kerberos = kerberos || mechanism == Mechanism::kKerberos;
    }
    if (!kerberos && !ntlm_allowed) {
      return absl::PermissionDeniedError(
          "AcceptSecurityContext: the client offered no mechanism on this "
          "server's allow-list, and NTLM is not on the allow-list (add "
          "Mechanism::kNtlm to accept NTLM clients)");
    }
    if (wine() && preferred == Mechanism::kNtlm) {
      if (!ntlm_allowed) {
        return absl::PermissionDeniedError(
            "AcceptSecurityContext: the client's SPNEGO offer prefers NTLM, "
            "and NTLM is not on the allow-list (under Wine, SPNEGO cannot be "
            "kept from settling on it)");
      }
      return absl::UnimplementedError(
          "AcceptSecurityContext: NTLM inside SPNEGO is not available under "
          "Wine, whose Negotiate acceptor cannot report or protect an NTLM "
          "context that MIT's SPNEGO chose (raw NTLM works); it works on "
          "Windows");
    }
    return absl::OkStatus();
  }

  SspiServerContext(SspiCredential& credential,
                    std::optional<std::vector<uint8_t>> bindings)
      : SspiContext(credential, credential.acceptor_mechanism(),
                    /*initiator=*/false, std::move(bindings)) {}

  absl::StatusOr<NativeStep> Step(absl::Span<const uint8_t> input) override {
    CredHandle* credential = credential_.handle(mechanism_);
    if (credential == nullptr) {
      return absl::FailedPreconditionError(
          "AcceptSecurityContext: the credential was released");
    }
    if (!first_token_seen_) {
      if (absl::Status s = CheckOffer(input); !s.ok()) return s;
    }
    StepBuffers buffers(input, /*always_token=*/true, bindings_,
                        credential_.max_token(mechanism_));
    SECURITY_STATUS status = table().AcceptSecurityContext(
        credential, context_.get(), buffers.in(), AscRequestFlags(),
        SECURITY_NATIVE_DREP, context_.receive(), buffers.out(), &attributes_,
        &expiry_);
    if (status < 0) {
      absl::Status error = MapAcceptSecurityContextStatus(
          status, ntlm_ || IsRawNtlmMessage(input));
      // An extended error (a KRB-ERROR) for the client, when SSPI made one.
      // Without ASC_RET_EXTENDED_ERROR the output buffer is untouched (Wine
      // never makes one).
      if ((attributes_ & ASC_RET_EXTENDED_ERROR) != 0 && buffers.written()) {
        SetErrorToken(error, buffers.token());
      }
      return error;
    }
    absl::StatusOr<NativeStep> stepped = Stepped(status, buffers);
    if (!stepped.ok()) return stepped.status();
    NoteFirstToken(input);
    if (stepped->complete) {
      if (absl::Status s = Settle("AcceptSecurityContext"); !s.ok()) {
        Wipe(stepped->token);
        return s;
      }
    }
    return stepped;
  }

  absl::StatusOr<std::unique_ptr<NativeCredential>> TakeDelegatedCredential()
      override {
    if ((attributes_ & ASC_RET_DELEGATE) == 0) {
      return absl::NotFoundError(kNothingDelegated);
    }
    if (wine()) {
      // Wine 8's AcceptSecurityContext passes no delegated_cred_handle to
      // gss_accept_sec_context, and its Kerberos and Negotiate packages have
      // no ImpersonateSecurityContext: the credential is gone.
      return absl::UnimplementedError(
          "ServerSession::DelegatedCredential(): not available under Wine: "
          "Wine's AcceptSecurityContext drops the credential the client "
          "delegated, and Wine has no ImpersonateSecurityContext to reach "
          "it; on Windows the server impersonates the client to get it");
    }
    return AcquireDelegatedCredential(provider_, context_.get());
  }
};

}  // namespace

unsigned long IscRequestFlags(const SecurityFlags& flags) {
  unsigned long request = ISC_REQ_INTEGRITY;
  if (flags.mutual) request |= ISC_REQ_MUTUAL_AUTH;
  if (flags.delegate) request |= ISC_REQ_DELEGATE;
  if (flags.replay_detect) request |= ISC_REQ_REPLAY_DETECT;
  if (flags.sequence_detect) request |= ISC_REQ_SEQUENCE_DETECT;
  if (flags.confidentiality) request |= ISC_REQ_CONFIDENTIALITY;
  return request;
}

unsigned long AscRequestFlags() {
  return ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY | ASC_REQ_REPLAY_DETECT |
         ASC_REQ_SEQUENCE_DETECT | ASC_REQ_EXTENDED_ERROR;
}

SecurityFlags IscReturnedFlags(unsigned long attributes) {
  SecurityFlags flags;
  flags.mutual = attributes & ISC_RET_MUTUAL_AUTH;
  flags.delegate = attributes & ISC_RET_DELEGATE;
  flags.replay_detect = attributes & ISC_RET_REPLAY_DETECT;
  flags.sequence_detect = attributes & ISC_RET_SEQUENCE_DETECT;
  flags.confidentiality = attributes & ISC_RET_CONFIDENTIALITY;
  flags.integrity = attributes & ISC_RET_INTEGRITY;
  flags.channel_bound = false;  // SSPI does not report it
  return flags;
}

SecurityFlags AscReturnedFlags(unsigned long attributes) {
  SecurityFlags flags;
  flags.mutual = attributes & ASC_RET_MUTUAL_AUTH;
  flags.delegate = attributes & ASC_RET_DELEGATE;
  flags.replay_detect = attributes & ASC_RET_REPLAY_DETECT;
  flags.sequence_detect = attributes & ASC_RET_SEQUENCE_DETECT;
  flags.confidentiality = attributes & ASC_RET_CONFIDENTIALITY;
  flags.integrity = attributes & ASC_RET_INTEGRITY;
  flags.channel_bound = false;
  return flags;
}

std::wstring SspiTargetName(const TargetName& target) {
  if (target.kind == TargetName::Kind::kPrincipal) {
    return Wide(target.principal);
  }
  return Wide(absl::StrCat(target.service, "/", target.host));
}

absl::StatusOr<std::unique_ptr<NativeContext>> StartSspiClient(
    SspiCredential& credential, const ClientOptions& options,
    const TargetName& target) {
  std::optional<std::vector<uint8_t>> bindings;
  if (options.channel_bindings.has_value()) {
    if (credential.provider()->wine()) {
      return WineGap("ClientOptions::channel_bindings");
    }
    bindings = BindingsBuffer(*options.channel_bindings);
  }
  if (credential.handle(options.mechanism) == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("ClientSession::Start(): the credential has no ",
                     MechanismName(options.mechanism), " handle"));
  }
  return std::make_unique<SspiClientContext>(
      credential, options.mechanism, options.flags, SspiTargetName(target),
      std::move(bindings));
}

absl::StatusOr<std::unique_ptr<NativeContext>> StartSspiServer(
    SspiCredential& credential, const ServerOptions& options) {
  std::optional<std::vector<uint8_t>> bindings;
  if (options.channel_binding_policy == ChannelBindingPolicy::kRequire) {
    return absl::UnimplementedError(
        "ChannelBindingPolicy::kRequire: SSPI does not tell an acceptor "
        "whether the client sent channel bindings; use kIfPresent, which "
        "SSPI enforces when the client sends them");
  }
  if (options.channel_binding_policy != ChannelBindingPolicy::kIgnore &&
      options.channel_bindings.has_value()) {
    if (credential.provider()->wine()) {
      return WineGap("ServerOptions::channel_bindings");
    }
    bindings = BindingsBuffer(*options.channel_bindings);
  }
  return std::make_unique<SspiServerContext>(credential, std::move(bindings));
}

}  // namespace internal
}  // namespace crossauth
