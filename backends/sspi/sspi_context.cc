// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Sessions on SSPI: the handshake (InitializeSecurityContextW and
// AcceptSecurityContext until complete, CompleteAuthToken where asked), and
// the NativeContext the session drives. The rest is by concern, beside this
// file: the Negotiate/NTLM policy (sspi_negotiate_policy.h), SessionInfo
// (sspi_session_info.h), message protection (sspi_messages.h, with the
// Kerberos buffer layouts in sspi_message_layout.h), and the translation of
// flags, names and bindings (sspi_translation.h). What Wine does differently
// is asked of SspiQuirks (sspi_quirks.h).

#include "backends/sspi/sspi_context.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
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
#include "backends/sspi/sspi_delegation.h"
#include "backends/sspi/sspi_handles.h"
#include "backends/sspi/sspi_message_layout.h"
#include "backends/sspi/sspi_messages.h"
#include "backends/sspi/sspi_negotiate_policy.h"
#include "backends/sspi/sspi_session_info.h"
#include "backends/sspi/sspi_status.h"
#include "backends/sspi/sspi_strings.h"
#include "backends/sspi/sspi_translation.h"
#include "crossauth/error.h"
#include "src/core/initial_token.h"
#include "src/core/policy.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {
namespace {

// The most bytes one message may have on SSPI. SecBuffer sizes are
// unsigned long, which is 32 bits on Windows (LLP64) and so under Wine: a
// larger message would be cut to its low 32 bits, so that EncryptMessage
// sealed only a part of it and DecryptMessage checked only a part of a
// token. 2 GiB leaves room for the token and padding beside the data.
constexpr size_t kMaxSspiMessage = size_t{1} << 31;

absl::Status FitsSspi(absl::string_view call, size_t size) {
  if (size <= kMaxSspiMessage) return absl::OkStatus();
  return ReasonedError(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat(call, ": the message has ", size,
                   " bytes; SSPI takes at most ", kMaxSspiMessage,
                   " bytes per message (its buffer sizes are 32 bits)"),
      ErrorReason::kInvalidArgument);
}

absl::Status FitsSspi(absl::string_view call,
                      absl::Span<const IovBuffer> buffers) {
  size_t total = 0;
  for (const IovBuffer& buffer : buffers) {
    if (buffer.data.size() > kMaxSspiMessage - total) {
      return FitsSspi(call, kMaxSspiMessage + 1);
    }
    total += buffer.data.size();
  }
  return absl::OkStatus();
}

// Wipes a token that must not leave (an NTLM AUTHENTICATE message carries a
// crackable response).
void Wipe(std::vector<uint8_t>& bytes) {
  SecureWipe(bytes.data(), bytes.size());
}

absl::Status BindingsIgnored(absl::string_view what) {
  return absl::UnimplementedError(
      absl::StrCat(what,
                   ": not available under Wine, whose SSPI ignores it (Wine 8 "
                   "passes GSS_C_NO_CHANNEL_BINDINGS); it works on Windows"));
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
  std::vector<uint8_t> token() const { return SecBufferBytes(out_buffer_); }
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
        context_(provider_),
        policy_(credential, mechanism, initiator),
        messages_(provider_) {}

  absl::StatusOr<SessionInfo> Info() const override {
    return QuerySessionInfo(provider_, context_.value(), Facts());
  }
  absl::StatusOr<NativeNames> Names() const override {
    return QueryNativeNames(provider_, context_.value(), Facts());
  }
  absl::StatusOr<std::vector<uint8_t>> Wrap(absl::Span<const uint8_t> message,
                                            Protection protection) override {
    if (absl::Status fits = FitsSspi("Wrap()", message.size()); !fits.ok()) {
      return fits;
    }
    return messages_.Wrap(context_.get(), policy_.ntlm(), message, protection);
  }
  absl::StatusOr<UnwrappedMessage> Unwrap(
      absl::Span<const uint8_t> token) override {
    if (absl::Status fits = FitsSspi("Unwrap()", token.size()); !fits.ok()) {
      return fits;
    }
    return messages_.Unwrap(context_.get(), policy_.ntlm(), token);
  }
  // The in-place and scatter/gather calls (session.h).
  absl::Status WrapAppend(absl::Span<const uint8_t> message,
                          Protection protection,
                          std::vector<uint8_t>& out) override {
    if (absl::Status fits = FitsSspi("Wrap()", message.size()); !fits.ok()) {
      return fits;
    }
    return messages_.WrapAppend(context_.get(), policy_.ntlm(), message,
                                protection, out);
  }
  absl::StatusOr<UnwrappedSpan> UnwrapInPlace(
      absl::Span<uint8_t> token) override {
    if (absl::Status fits = FitsSspi("UnwrapInPlace()", token.size());
        !fits.ok()) {
      return fits;
    }
    return messages_.UnwrapInPlace(context_.get(), policy_.ntlm(), token);
  }
  absl::StatusOr<size_t> MaxMessageSize(size_t token_limit,
                                        Protection protection) override {
    // No token may be larger than one message (FitsSspi()).
    return messages_.MaxMessageSize(context_.get(), policy_.ntlm(),
                                    std::min(token_limit, kMaxSspiMessage),
                                    protection);
  }
  absl::StatusOr<IovSizes> WrapIovSizes(absl::Span<const IovBuffer> buffers,
                                        Protection protection) override {
    if (absl::Status fits = FitsSspi("WrapIovSizes()", buffers); !fits.ok()) {
      return fits;
    }
    return messages_.WrapIovSizes(context_.get(), policy_.ntlm(), buffers,
                                  protection);
  }
  absl::StatusOr<IovSizes> WrapIov(absl::Span<IovBuffer> buffers,
                                   Protection protection) override {
    if (absl::Status fits = FitsSspi("WrapIov()", buffers); !fits.ok()) {
      return fits;
    }
    return messages_.WrapIov(context_.get(), policy_.ntlm(), buffers,
                             protection);
  }
  absl::StatusOr<Protection> UnwrapIov(absl::Span<IovBuffer> buffers) override {
    if (absl::Status fits = FitsSspi("UnwrapIov()", buffers); !fits.ok()) {
      return fits;
    }
    return messages_.UnwrapIov(context_.get(), policy_.ntlm(), buffers);
  }

  absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message) override {
    if (absl::Status fits = FitsSspi("GetMic()", message.size()); !fits.ok()) {
      return fits;
    }
    return messages_.GetMic(context_.get(), policy_.ntlm(), message);
  }
  absl::Status VerifyMic(absl::Span<const uint8_t> message,
                         absl::Span<const uint8_t> mic) override {
    for (size_t size : {message.size(), mic.size()}) {
      if (absl::Status fits = FitsSspi("VerifyMic()", size); !fits.ok()) {
        return fits;
      }
    }
    return messages_.VerifyMic(context_.get(), policy_.ntlm(), message, mic);
  }
  absl::Status Delete() override {
    return MapSspiStatus("DeleteSecurityContext", context_.Delete());
  }

 protected:
  const SecurityFunctionTableW& table() const { return provider_->table(); }
  SspiContextFacts Facts() const {
    SspiContextFacts facts;
    facts.initiator = initiator_;
    facts.mechanism = mechanism_;
    facts.attributes = attributes_;
    facts.expiry = expiry_;
    facts.spnego = policy_.spnego();
    facts.ntlm = policy_.ntlm();
    facts.logon_principal = credential_.logon_principal();
    return facts;
  }
  // After a successful ISC/ASC call with `status`: the context is live,
  // CompleteAuthToken runs when asked for, and the step is the output token.
  absl::StatusOr<NativeStep> Stepped(SECURITY_STATUS status,
                                     StepBuffers& buffers) {
    context_.set_valid();
    if (status == SEC_I_COMPLETE_NEEDED ||
        status == SEC_I_COMPLETE_AND_CONTINUE) {
      SECURITY_STATUS completed =
          table().CompleteAuthToken(context_.get(), buffers.out());
      if (completed != SEC_E_OK) {
        return MapSspiStatus("CompleteAuthToken", completed);
      }
    }
    NativeStep step;
    step.token = buffers.token();
    step.complete = status == SEC_E_OK || status == SEC_I_COMPLETE_NEEDED;
    return step;
  }

  std::shared_ptr<const SspiProvider> provider_;
  SspiCredential& credential_;
  Mechanism mechanism_;
  bool initiator_;
  std::optional<std::vector<uint8_t>> bindings_;
  ScopedCtxtHandle context_;
  unsigned long attributes_ = 0;
  TimeStamp expiry_ = {};
  SspiNegotiatePolicy policy_;
  SspiMessages messages_;
};

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
    policy_.NoteFirstToken(step.token);
    // On every step, so that no NTLM message (an AUTHENTICATE carries a
    // crackable response) leaves when NTLM is not allowed; only reachable if
    // a package ignored the allow-list.
    absl::Status checked =
        policy_.CheckNegotiated(context_.get(), "InitializeSecurityContextW");
    if (checked.ok() && step.complete) {
      checked = policy_.SettleNtlmAttributes(context_.get(), attributes_);
    }
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

class SspiServerContext : public SspiContext {
 public:
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
    if (!policy_.first_token_seen()) {
      if (absl::Status s = policy_.CheckOffer(input); !s.ok()) return s;
    }
    StepBuffers buffers(input, /*always_token=*/true, bindings_,
                        credential_.max_token(mechanism_));
    SECURITY_STATUS status = table().AcceptSecurityContext(
        credential, context_.get(), buffers.in(), AscRequestFlags(),
        SECURITY_NATIVE_DREP, context_.receive(), buffers.out(), &attributes_,
        &expiry_);
    if (status < 0) {
      absl::Status error = MapAcceptSecurityContextStatus(
          status, policy_.ntlm() || IsRawNtlmMessage(input));
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
    policy_.NoteFirstToken(input);
    if (stepped->complete) {
      if (absl::Status s = policy_.Settle(context_.get(),
                                          "AcceptSecurityContext", attributes_);
          !s.ok()) {
        Wipe(stepped->token);
        return s;
      }
    }
    return stepped;
  }

  absl::StatusOr<std::unique_ptr<NativeCredential>> TakeDelegatedCredential()
      override {
    if ((attributes_ & ASC_RET_DELEGATE) == 0) {
      return NothingDelegatedError();
    }
    if (provider_->quirks().drops_delegated_credential) {
      return absl::UnimplementedError(
          "ServerSession::DelegatedCredential(): not available under Wine: "
          "Wine's AcceptSecurityContext drops the credential the client "
          "delegated, and Wine has no ImpersonateSecurityContext to reach "
          "it; on Windows the server impersonates the client to get it");
    }
    return AcquireDelegatedCredential(provider_, context_.get());
  }

  absl::StatusOr<PeerIdentity> Peer() const override {
    return absl::UnimplementedError(
        "ServerSession::PeerIdentity(): not yet implemented for SSPI (it "
        "would read the token's groups through QuerySecurityContextToken and "
        "GetTokenInformation(TokenGroups), which Wine 8 cannot run: its "
        "Kerberos and Negotiate packages leave QuerySecurityContextToken "
        "NULL, dlls/secur32/lsa.c)");
  }

  absl::StatusOr<std::string> LocalName() const override {
    return absl::UnimplementedError(
        "ServerSession::LocalName(): SSPI has no mapping of principals to "
        "local accounts (on Windows the client's account is the principal "
        "itself)");
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<NativeContext>> StartSspiClient(
    SspiCredential& credential, const ClientOptions& options,
    const TargetName& target) {
  std::optional<std::vector<uint8_t>> bindings;
  if (options.channel_bindings.has_value()) {
    if (credential.provider()->quirks().ignores_channel_bindings) {
      return BindingsIgnored("ClientOptions::channel_bindings");
    }
    bindings = SspiBindingsBuffer(*options.channel_bindings);
  }
  if (credential.handle(options.mechanism) == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("ClientSession::Start(): the credential has no ",
                     MechanismName(options.mechanism), " handle"));
  }
  SecurityFlags flags = options.flags;
  if (options.delegation == Delegation::kIfTrusted) {
    if (credential.provider()->quirks().delegates_to_any_service) {
      return ReasonedError(
          absl::StatusCode::kUnimplemented,
          "ClientOptions::delegation: Delegation::kIfTrusted is not "
          "available under Wine, whose ISC_REQ_DELEGATE delegates to any "
          "service (Wine 8 passes GSS_C_DELEG_FLAG, never "
          "GSS_C_DELEG_POLICY_FLAG); on Windows it is ISC_REQ_DELEGATE",
          ErrorReason::kUnsupported);
    }
    // Windows' Kerberos package delegates only to a service trusted for
    // delegation (ok-as-delegate), which is this choice.
    flags.delegate = true;
  }
  return std::make_unique<SspiClientContext>(credential, options.mechanism,
                                             flags, SspiTargetName(target),
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
    if (credential.provider()->quirks().ignores_channel_bindings) {
      return BindingsIgnored("ServerOptions::channel_bindings");
    }
    bindings = SspiBindingsBuffer(*options.channel_bindings);
  }
  return std::make_unique<SspiServerContext>(credential, std::move(bindings));
}

}  // namespace internal
}  // namespace crossauth
