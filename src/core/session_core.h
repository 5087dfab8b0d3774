// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// session_core.h: the session state machine shared by every backend, behind
// the public ClientSession/ServerSession (src/core/session.cc): which calls
// are legal when, the rules a first token and a completed handshake must
// meet, which negotiated flags a completed handshake must have, the
// replay-protection and protection-level checks on messages, and the cached
// SessionInfo. Only session.cc includes it.

#ifndef CROSSAUTH_SRC_CORE_SESSION_CORE_H_
#define CROSSAUTH_SRC_CORE_SESSION_CORE_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "src/core/backend.h"
#include "src/core/credential_state.h"
#include "src/core/policy.h"
#include "src/core/session_guard.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {

// SessionCore
//
// One session's state: the native context, the credential it keeps alive,
// and where the session is in its life.
class SessionCore {
 public:
  enum class State : uint8_t { kHandshake, kComplete, kFailed, kEnded };

  SessionCore(std::shared_ptr<CredentialState> credential,
              std::shared_ptr<NativeCredential> native_credential,
              std::unique_ptr<NativeContext> context, bool initiator,
              SecurityFlags requested, const ServerOptions& server_options,
              bool allow_messages_without_replay_protection)
      : credential_(std::move(credential)),
        native_credential_(std::move(native_credential)),
        context_(std::move(context)),
        requested_(requested),
        initiator_(initiator),
        allow_messages_without_replay_protection_(
            allow_messages_without_replay_protection),
        server_options_{server_options.channel_binding_policy,
                        server_options.require_confidentiality,
                        server_options.require_replay_detect,
                        server_options.require_sequence_detect} {}

  // A call in progress on another thread finishes first (see InUseGuard).
  ~SessionCore() {
    InUseGuard::Use use = in_use_.EnterForDestruction();
    End().IgnoreError();
  }

  bool complete() const { return state_ == State::kComplete; }

  // Taken by every public Session call (Session::Info() and the others).
  InUseGuard& in_use() const { return in_use_; }

  absl::StatusOr<StepResult> Step(absl::Span<const uint8_t> peer_token) {
    if (state_ != State::kHandshake) {
      return StateError("Step()", "the handshake is over");
    }
    if (!initiator_ && peer_token.empty()) {
      return internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          "ServerSession::Step(): the client's token is empty",
          ErrorReason::kInvalidArgument);
    }
    // Only the client's first step starts from nothing. Later, an empty
    // token means the server sent nothing (a closed connection, say), and
    // some libraries crash on it (MIT's SPNEGO initiator reads a null
    // pointer), so it never reaches the native call.
    if (initiator_ && steps_ > 0 && peer_token.empty()) {
      return internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          "ClientSession::Step(): the server's token is empty; only the "
          "first step takes an empty token",
          ErrorReason::kInvalidArgument);
    }
    if (!initiator_ && steps_ == 0) {
      // The allow-list's rules for the client's first token, the same on
      // every backend (src/core/policy.h).
      absl::Status offered =
          CheckClientFirstToken(GetBackend().native_calls().accept, peer_token,
                                native_credential_->mechanisms());
      if (!offered.ok()) {
        state_ = State::kFailed;
        return offered;
      }
    }
    if (initiator_ && steps_ > 0) {
      // The client's rules for the server's tokens (src/core/policy.h).
      absl::Status token = CheckServerToken(peer_token);
      if (!token.ok()) {
        state_ = State::kFailed;
        return token;
      }
    }
    ++steps_;
    absl::StatusOr<NativeStep> step = context_->Step(peer_token);
    if (!step.ok()) {
      state_ = State::kFailed;
      return step.status();
    }
    if (!step->complete && step->token.empty()) {
      // The native library wants another round but gave nothing to send:
      // MIT does this for a Kerberos-framed token with a wrong token ID.
      // Such a session could never finish.
      state_ = State::kFailed;
      return internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          absl::StrCat(
              initiator_ ? "ClientSession::Step(): the server's"
                         : "ServerSession::Step(): the client's",
              " token is malformed: the handshake did not finish, yet there is "
              "no token to send back (",
              kHintMalformedToken, ")"),
          ErrorReason::kMalformedToken);
    }
    if (step->complete) {
      absl::Status checked = CheckNegotiated(std::move(step->info));
      if (!checked.ok()) {
        state_ = State::kFailed;
        return checked;
      }
      state_ = State::kComplete;
    }
    return StepResult{std::move(step->token), step->complete};
  }

  // The facts fixed at completion, plus the names, asked of the native
  // library once, on the first call (see SessionInfo).
  absl::StatusOr<SessionInfo> Info() const {
    if (absl::Status usable = Usable("Info()"); !usable.ok()) return usable;
    if (names_ == nullptr) {
      absl::StatusOr<NativeNames> names = context_->Names();
      if (!names.ok()) return names.status();
      // An empty name is one the library did not report.
      for (std::optional<std::string>* name : {&names->local, &names->peer}) {
        if (name->has_value() && (*name)->empty()) name->reset();
      }
      names_ = std::make_unique<NativeNames>(*std::move(names));
    }
    SessionInfo info;
    info.local_principal = names_->local;
    info.peer_principal = names_->peer;
    info.mechanism = mechanism();
    info.negotiated = negotiated_mechanism_;
    info.flags = negotiated_;
    info.expiry = expiry_.Get();
    info.initiator = initiator_;
    return info;
  }

  absl::StatusOr<std::vector<uint8_t>> Wrap(absl::Span<const uint8_t> message,
                                            Protection protection) {
    if (absl::Status usable = CanWrap("Wrap()", protection); !usable.ok()) {
      return usable;
    }
    return context_->Wrap(message, protection);
  }

  absl::StatusOr<UnwrappedMessage> Unwrap(absl::Span<const uint8_t> token,
                                          Protection minimum) {
    if (absl::Status checked = CanUnwrap("Unwrap()", token); !checked.ok()) {
      return checked;
    }
    absl::StatusOr<UnwrappedMessage> unwrapped = context_->Unwrap(token);
    if (!unwrapped.ok()) return unwrapped.status();
    if (absl::Status enough =
            ProtectionEnough("Unwrap()", unwrapped->protection, minimum);
        !enough.ok()) {
      SecureWipe(unwrapped->message);
      return enough;
    }
    return unwrapped;
  }

  absl::Status WrapAppend(absl::Span<const uint8_t> message,
                          std::vector<uint8_t>& out, Protection protection) {
    if (absl::Status usable = CanWrap("Wrap()", protection); !usable.ok()) {
      return usable;
    }
    return context_->WrapAppend(message, protection, out);
  }

  absl::StatusOr<UnwrappedSpan> UnwrapInPlace(absl::Span<uint8_t> token,
                                              Protection minimum) {
    absl::Status checked = CanUnwrap("UnwrapInPlace()", token);
    absl::StatusOr<UnwrappedSpan> unwrapped =
        checked.ok() ? context_->UnwrapInPlace(token)
                     : absl::StatusOr<UnwrappedSpan>(checked);
    if (unwrapped.ok()) {
      checked =
          ProtectionEnough("UnwrapInPlace()", unwrapped->protection, minimum);
      if (checked.ok()) return unwrapped;
      unwrapped = checked;
    }
    // A failed check may leave part of the plaintext in the buffer.
    SecureWipe(token.data(), token.size());
    return unwrapped.status();
  }

  absl::StatusOr<size_t> MaxMessageSize(size_t token_limit,
                                        Protection protection) const {
    if (absl::Status usable = CanWrap("MaxMessageSize()", protection);
        !usable.ok()) {
      return usable;
    }
    return context_->MaxMessageSize(token_limit, protection);
  }

  absl::StatusOr<IovSizes> WrapIovSizes(absl::Span<const IovBuffer> buffers,
                                        Protection protection) const {
    if (absl::Status usable = CanWrap("WrapIovSizes()", protection);
        !usable.ok()) {
      return usable;
    }
    if (absl::Status layout = IovLayout("WrapIovSizes()", buffers);
        !layout.ok()) {
      return layout;
    }
    return context_->WrapIovSizes(buffers, protection);
  }

  absl::StatusOr<IovSizes> WrapIov(absl::Span<IovBuffer> buffers,
                                   Protection protection) {
    if (absl::Status usable = CanWrap("WrapIov()", protection); !usable.ok()) {
      return usable;
    }
    if (absl::Status layout = IovLayout("WrapIov()", buffers); !layout.ok()) {
      return layout;
    }
    return context_->WrapIov(buffers, protection);
  }

  absl::StatusOr<Protection> UnwrapIov(absl::Span<IovBuffer> buffers,
                                       Protection minimum) {
    absl::Status checked = Usable("UnwrapIov()");
    if (checked.ok()) checked = ReplayProtected("UnwrapIov()");
    if (checked.ok()) checked = IovLayout("UnwrapIov()", buffers);
    if (checked.ok()) checked = HeaderPresent("UnwrapIov()", buffers);
    absl::StatusOr<Protection> unwrapped =
        checked.ok() ? context_->UnwrapIov(buffers)
                     : absl::StatusOr<Protection>(checked);
    if (unwrapped.ok()) {
      checked = ProtectionEnough("UnwrapIov()", *unwrapped, minimum);
      if (checked.ok()) return unwrapped;
      unwrapped = checked;
    }
    // A failed check may leave part of the plaintext in the data buffers.
    for (IovBuffer& buffer : buffers) {
      if (buffer.type == IovType::kData) {
        SecureWipe(buffer.data.data(), buffer.data.size());
      }
    }
    return unwrapped.status();
  }

  absl::StatusOr<Secret> SessionKey() {
    if (absl::Status usable = Usable("SessionKey()"); !usable.ok()) {
      return usable;
    }
    return context_->SessionKey();
  }

  absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message) {
    if (absl::Status usable = Usable("GetMic()"); !usable.ok()) return usable;
    return context_->GetMic(message);
  }

  absl::Status VerifyMic(absl::Span<const uint8_t> message,
                         absl::Span<const uint8_t> mic) {
    if (absl::Status usable = Usable("VerifyMic()"); !usable.ok()) {
      return usable;
    }
    if (absl::Status fresh = ReplayProtected("VerifyMic()"); !fresh.ok()) {
      return fresh;
    }
    if (mic.empty()) {
      return internal::ReasonedError(absl::StatusCode::kInvalidArgument,
                                     "VerifyMic(): the MIC is empty",
                                     ErrorReason::kInvalidArgument);
    }
    if (absl::Status whole = NtlmSignatureFits("VerifyMic()", mic);
        !whole.ok()) {
      return whole;
    }
    return context_->VerifyMic(message, mic);
  }

  // The slot delegated_ holds what the client delegated or, when it
  // delegated nothing, the S4U2Proxy credential: negotiated_.delegate
  // tells which.
  absl::StatusOr<Credential> DelegatedCredential() {
    if (delegated_ != nullptr && negotiated_.delegate) {
      return Credential(*delegated_);
    }
    if (absl::Status usable = Usable("DelegatedCredential()"); !usable.ok()) {
      return usable;
    }
    return KeepDelegated(context_->TakeDelegatedCredential());
  }

  // When the client delegated its tickets, they are the better credential
  // (any service, not only those the KDC allows): DelegatedCredential().
  absl::StatusOr<Credential> ProxyCredential() {
    if (negotiated_.delegate) return DelegatedCredential();
    if (delegated_ != nullptr) return Credential(*delegated_);
    if (absl::Status usable = Usable("ServerSession::ProxyCredential()");
        !usable.ok()) {
      return usable;
    }
    return KeepDelegated(context_->TakeProxyCredential());
  }

  absl::StatusOr<Credential> KeepDelegated(
      absl::StatusOr<std::unique_ptr<NativeCredential>> native) {
    if (!native.ok()) return native.status();
    (*native)->set_mechanisms({Mechanism::kKerberos});
    delegated_ = std::make_unique<std::shared_ptr<CredentialState>>(
        std::make_shared<CredentialState>(
            *std::move(native), Usage::kInitiate,
            std::vector<Mechanism>{Mechanism::kKerberos}));
    return Credential(*delegated_);
  }

  absl::StatusOr<PeerIdentity> Peer() {
    if (absl::Status usable = Usable("ServerSession::PeerIdentity()");
        !usable.ok()) {
      return usable;
    }
    return context_->Peer();
  }

  absl::StatusOr<std::string> LocalName() {
    if (absl::Status usable = Usable("ServerSession::LocalName()");
        !usable.ok()) {
      return usable;
    }
    return context_->LocalName();
  }

  absl::Status End() {
    if (state_ == State::kEnded) return absl::OkStatus();
    state_ = State::kEnded;
    absl::Status deleted = context_->Delete();
    context_.reset();
    native_credential_.reset();
    credential_.reset();
    return deleted;
  }

 private:
  absl::Status StateError(absl::string_view call,
                          absl::string_view handshake_state) const {
    switch (state_) {
      case State::kHandshake:
        return internal::ReasonedError(
            absl::StatusCode::kFailedPrecondition,
            absl::StrCat(
                call,
                ": the session is not complete yet; finish the handshake "
                "with Step() first"),
            ErrorReason::kWrongState);
      case State::kComplete:
        return internal::ReasonedError(
            absl::StatusCode::kFailedPrecondition,
            absl::StrCat(call, ": ", handshake_state),
            ErrorReason::kWrongState);
      case State::kFailed:
        return internal::ReasonedError(
            absl::StatusCode::kFailedPrecondition,
            absl::StrCat(
                call,
                ": the session failed in an earlier step; End() it and "
                "start a new one"),
            ErrorReason::kWrongState);
      case State::kEnded:
        return internal::ReasonedError(
            absl::StatusCode::kFailedPrecondition,
            absl::StrCat(call, ": the session has ended"),
            ErrorReason::kWrongState);
    }
    return internal::ReasonedError(absl::StatusCode::kInternal,
                                   "unknown session state",
                                   ErrorReason::kOther);
  }

  absl::Status Usable(absl::string_view call) const {
    if (state_ == State::kComplete) return absl::OkStatus();
    return StateError(call, "");
  }

  // The checks before protecting a message: the session is established,
  // and confidentiality was negotiated when it is asked for.
  absl::Status CanWrap(absl::string_view call, Protection protection) const {
    if (absl::Status usable = Usable(call); !usable.ok()) return usable;
    if (protection == Protection::kConfidentiality &&
        !negotiated_.confidentiality) {
      return internal::ReasonedError(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat(call,
                       ": confidentiality was not negotiated for this session; "
                       "use Protection::kIntegrity or request "
                       "confidentiality"),
          ErrorReason::kProtectionMissing);
    }
    return absl::OkStatus();
  }

  // The checks before a token reaches the native unwrap.
  absl::Status CanUnwrap(absl::string_view call,
                         absl::Span<const uint8_t> token) const {
    if (absl::Status usable = Usable(call); !usable.ok()) return usable;
    if (absl::Status fresh = ReplayProtected(call); !fresh.ok()) return fresh;
    if (token.empty()) {
      return internal::ReasonedError(absl::StatusCode::kInvalidArgument,
                                     absl::StrCat(call, ": the token is empty"),
                                     ErrorReason::kInvalidArgument);
    }
    return NtlmSignatureFits(call, token);
  }

  // The minimum protection the application asked Unwrap() for.
  static absl::Status ProtectionEnough(absl::string_view call,
                                       Protection applied, Protection minimum) {
    if (minimum != Protection::kConfidentiality ||
        applied == Protection::kConfidentiality) {
      return absl::OkStatus();
    }
    return internal::ReasonedError(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat(call,
                     ": the message was only integrity-protected, but "
                     "confidentiality is required; pass Protection::kIntegrity "
                     "to accept such messages"),
        ErrorReason::kProtectionMissing);
  }

  // A scatter/gather layout every backend understands: one header, at least
  // one data buffer, at most one padding and one trailer buffer.
  template <typename Buffer>
  static absl::Status IovLayout(absl::string_view call,
                                absl::Span<Buffer> buffers) {
    int headers = 0, data = 0, paddings = 0, trailers = 0;
    for (const IovBuffer& buffer : buffers) {
      switch (buffer.type) {
        case IovType::kHeader:
          ++headers;
          break;
        case IovType::kData:
          ++data;
          break;
        case IovType::kSignOnly:
          break;
        case IovType::kPadding:
          ++paddings;
          break;
        case IovType::kTrailer:
          ++trailers;
          break;
        default:
          return internal::ReasonedError(
              absl::StatusCode::kInvalidArgument,
              absl::StrCat(call, ": buffer type ",
                           static_cast<int>(buffer.type), " is not an IovType"),
              ErrorReason::kInvalidArgument);
      }
    }
    if (headers == 1 && data >= 1 && paddings <= 1 && trailers <= 1) {
      return NoOverlap(call, buffers);
    }
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat(call, ": the buffers hold ", headers, " header, ", data,
                     " data, ", paddings, " padding and ", trailers,
                     " trailer buffers; exactly one header, at least one data "
                     "buffer, and at most one padding and one trailer buffer "
                     "are allowed"),
        ErrorReason::kInvalidArgument);
  }

  // Buffers that share bytes would have the library write one over the
  // other (a header over the data it protects, say).
  template <typename Buffer>
  static absl::Status NoOverlap(absl::string_view call,
                                absl::Span<Buffer> buffers) {
    for (size_t i = 0; i < buffers.size(); ++i) {
      for (size_t j = i + 1; j < buffers.size(); ++j) {
        const absl::Span<uint8_t> a = buffers[i].data;
        const absl::Span<uint8_t> b = buffers[j].data;
        if (a.empty() || b.empty()) continue;
        const auto a_begin = reinterpret_cast<uintptr_t>(a.data());
        const auto b_begin = reinterpret_cast<uintptr_t>(b.data());
        if (a_begin < b_begin + b.size() && b_begin < a_begin + a.size()) {
          return internal::ReasonedError(
              absl::StatusCode::kInvalidArgument,
              absl::StrCat(call, ": buffers ", i + 1, " and ", j + 1,
                           " overlap; every buffer needs bytes of its own"),
              ErrorReason::kInvalidArgument);
        }
      }
    }
    return absl::OkStatus();
  }

  // An UnwrapIov() message has a header to check, as Unwrap() a token.
  static absl::Status HeaderPresent(absl::string_view call,
                                    absl::Span<IovBuffer> buffers) {
    for (const IovBuffer& buffer : buffers) {
      if (buffer.type == IovType::kHeader && buffer.data.empty()) {
        return internal::ReasonedError(
            absl::StatusCode::kInvalidArgument,
            absl::StrCat(call, ": the header buffer is empty"),
            ErrorReason::kInvalidArgument);
      }
    }
    return absl::OkStatus();
  }

  // Messages are only checked for freshness when replay or sequence
  // detection was negotiated (either one catches a duplicate). Without
  // them the native library accepts a replayed message as new, so the
  // session refuses to open or verify any, unless the application said
  // that its protocol detects replays itself.
  absl::Status ReplayProtected(absl::string_view call) const {
    // NTLM's session security signs a sequence number into every message,
    // so a replay fails its check whatever the flags say (gss-ntlmssp's
    // acceptor reports neither flag).
    if (negotiated_.replay_detect || negotiated_.sequence_detect ||
        mechanism() == Mechanism::kNtlm ||
        allow_messages_without_replay_protection_) {
      return absl::OkStatus();
    }
    return internal::ReasonedError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat(
            call,
            ": neither replay nor sequence detection was negotiated for this "
            "session (the ",
            initiator_ ? "server did not grant them"
                       : "client did not request them",
            "), so a replayed message could not be told from a fresh one; ",
            initiator_
                ? "request SecurityFlags::replay_detect or sequence_detect"
                : "have the client request replay or sequence detection",
            ", or set ", initiator_ ? "ClientOptions" : "ServerOptions",
            ".allow_messages_without_replay_protection if the protocol detects "
            "replays itself"),
        ErrorReason::kProtectionMissing);
  }

  // An NTLM message or MIC starts with its 16-byte signature, so anything
  // shorter was cut or forged. gss-ntlmssp 1.2 asks malloc for about 2^64
  // bytes on such a token (found by fuzz/ntlm), so it never gets one.
  absl::Status NtlmSignatureFits(absl::string_view call,
                                 absl::Span<const uint8_t> token) const {
    constexpr size_t kNtlmSignatureSize = 16;
    if (mechanism() != Mechanism::kNtlm || token.size() >= kNtlmSignatureSize) {
      return absl::OkStatus();
    }
    return internal::ReasonedError(
        absl::StatusCode::kDataLoss,
        absl::StrCat(call, ": the NTLM token has ", token.size(),
                     " bytes, fewer than its 16-byte signature; ",
                     kHintMessageAltered),
        ErrorReason::kTamperedMessage);
  }

  // Refuses a completed handshake that lacks a property this side asked for.
  // `reported` is what the completing step said (NativeStep::info), if it
  // said it; otherwise the backend's Info() is asked.
  absl::Status CheckNegotiated(std::optional<SessionInfo> reported) {
    absl::StatusOr<SessionInfo> info =
        reported.has_value() ? *std::move(reported) : context_->Info();
    if (!info.ok()) return info.status();
    negotiated_ = info->flags;
    mechanism_ = static_cast<uint8_t>(info->mechanism);
    negotiated_mechanism_ = info->negotiated;
    expiry_ = CompactTime(info->expiry);
    // The allow-list holds whatever the native library chose: a backend
    // keeps NTLM out of Negotiate where it can (GSS-API's gss_set_neg_mechs,
    // SSPI's package list), and this catches any that slipped through.
    if (mechanism() == Mechanism::kNtlm &&
        !native_credential_->allows(Mechanism::kNtlm)) {
      const Backend::NativeCalls calls = GetBackend().native_calls();
      return NegotiateSettledOnNtlmError(initiator_ ? calls.init
                                                    : calls.accept);
    }
    std::vector<absl::string_view> missing;
    if (initiator_) {
      if (requested_.mutual && !negotiated_.mutual) missing.push_back("mutual");
      if (requested_.replay_detect && !negotiated_.replay_detect) {
        missing.push_back("replay");
      }
      if (requested_.sequence_detect && !negotiated_.sequence_detect) {
        missing.push_back("sequence");
      }
      if (requested_.confidentiality && !negotiated_.confidentiality) {
        missing.push_back("conf");
      }
      if (requested_.integrity && !negotiated_.integrity) {
        missing.push_back("integ");
      }
      if (!missing.empty()) {
        return internal::ReasonedError(
            absl::StatusCode::kUnauthenticated,
            absl::StrCat(
                "ClientSession::Step(): the server did not grant the requested "
                "properties: ",
                absl::StrJoin(missing, ",")),
            ErrorReason::kProtectionMissing);
      }
      return absl::OkStatus();
    }
    if (!negotiated_.integrity) missing.push_back("integ");
    if (server_options_.require_confidentiality &&
        !negotiated_.confidentiality) {
      missing.push_back("conf");
    }
    if (server_options_.require_replay_detect && !negotiated_.replay_detect) {
      missing.push_back("replay");
    }
    if (server_options_.require_sequence_detect &&
        !negotiated_.sequence_detect) {
      missing.push_back("sequence");
    }
    if (!missing.empty()) {
      return internal::ReasonedError(
          absl::StatusCode::kUnauthenticated,
          absl::StrCat(
              "ServerSession::Step(): the client did not request the required "
              "properties: ",
              absl::StrJoin(missing, ",")),
          ErrorReason::kProtectionMissing);
    }
    if (server_options_.channel_binding_policy ==
            ChannelBindingPolicy::kRequire &&
        !negotiated_.channel_bound) {
      return internal::ReasonedError(
          absl::StatusCode::kUnauthenticated,
          "ServerSession::Step(): the client sent no channel bindings, and "
          "this server requires them (ChannelBindingPolicy::kRequire)",
          ErrorReason::kChannelBindingsMismatch);
    }
    return absl::OkStatus();
  }

  Mechanism mechanism() const { return static_cast<Mechanism>(mechanism_); }

  // SecurityFlags in one byte (seven bits), read like SecurityFlags.
  struct PackedFlags {
    PackedFlags(const SecurityFlags& flags)  // NOLINT: implicit on purpose
        : mutual(flags.mutual),
          delegate(flags.delegate),
          replay_detect(flags.replay_detect),
          sequence_detect(flags.sequence_detect),
          confidentiality(flags.confidentiality),
          integrity(flags.integrity),
          channel_bound(flags.channel_bound) {}
    operator SecurityFlags() const {  // NOLINT: implicit on purpose
      SecurityFlags flags;
      flags.mutual = mutual;
      flags.delegate = delegate;
      flags.replay_detect = replay_detect;
      flags.sequence_detect = sequence_detect;
      flags.confidentiality = confidentiality;
      flags.integrity = integrity;
      flags.channel_bound = channel_bound;
      return flags;
    }
    bool mutual : 1;
    bool delegate : 1;
    bool replay_detect : 1;
    bool sequence_detect : 1;
    bool confidentiality : 1;
    bool integrity : 1;
    bool channel_bound : 1;
  };
  static_assert(sizeof(PackedFlags) == 1);
  // Seven bools: a new SecurityFlags field needs a bit here too.
  static_assert(sizeof(SecurityFlags) == 7, "update PackedFlags");

  // An absl::Time (16 bytes) in 8: nanoseconds since the Unix epoch, which
  // hold every expiry a library reports (GSS-API: now plus at most 2^32 s;
  // SSPI: past a century is already InfiniteFuture), and the two
  // infinities. A finite time outside 1678 to 2262 would be clamped to the
  // infinity on its side (absl::ToUnixNanos saturates).
  class CompactTime {
   public:
    explicit CompactTime(absl::Time time)
        : nanos_(time == absl::InfiniteFuture() ? kFuture
                 : time == absl::InfinitePast() ? kPast
                                                : absl::ToUnixNanos(time)) {}
    absl::Time Get() const {
      if (nanos_ == kFuture) return absl::InfiniteFuture();
      if (nanos_ == kPast) return absl::InfinitePast();
      return absl::FromUnixNanos(nanos_);
    }

   private:
    static constexpr int64_t kFuture = std::numeric_limits<int64_t>::max();
    static constexpr int64_t kPast = std::numeric_limits<int64_t>::min();
    int64_t nanos_;
  };

  // Laid out so that the small fields pack together (heap per session,
  // docs/performance.md): 88 bytes, a 96-byte malloc chunk.
  std::shared_ptr<CredentialState> credential_;
  // The native credential the context was started with (after a renewal,
  // no longer the credential's current one). Declared before context_, so
  // that it outlives the context.
  std::shared_ptr<NativeCredential> native_credential_;
  // Once handed out, the delegated credential lives as long as any copy.
  // Null until DelegatedCredential() (most sessions never delegate, and an
  // empty shared_ptr would cost 16 bytes each).
  std::unique_ptr<std::shared_ptr<CredentialState>> delegated_;
  std::unique_ptr<NativeContext> context_;
  CompactTime expiry_{absl::InfiniteFuture()};
  // Filled in by the first Info(); null until then. Mutable because Info()
  // is const; the in-use guard keeps it to one thread.
  mutable std::unique_ptr<NativeNames> names_;
  PackedFlags requested_;
  PackedFlags negotiated_{SecurityFlags()};
  bool initiator_;
  bool allow_messages_without_replay_protection_;
  // What CheckNegotiated() needs of the ServerOptions, not a copy of them
  // (their channel bindings are the backend's, for the handshake only).
  struct ServerRequirements {
    ChannelBindingPolicy channel_binding_policy;
    bool require_confidentiality;
    bool require_replay_detect;
    bool require_sequence_detect;
  };
  ServerRequirements server_options_;
  int steps_ = 0;  // Step() calls that reached the native library
  // The mechanism actually used, a Mechanism in one byte (see mechanism()).
  uint8_t mechanism_ = static_cast<uint8_t>(Mechanism::kKerberos);
  // Atomic so that complete() may be read while another thread steps.
  std::atomic<State> state_{State::kHandshake};
  // Set at completion, with negotiated_ and mechanism_ (SessionInfo's
  // negotiated and expiry): a session keeps what Info() reports, not a
  // SessionInfo, so that one that is never asked carries no names.
  bool negotiated_mechanism_ = false;
  mutable InUseGuard in_use_;
};

// The heap per session (issue 10's goal, docs/performance.md): a 96-byte
// malloc chunk on 64-bit targets.
static_assert(sizeof(void*) != 8 || sizeof(SessionCore) <= 88,
              "SessionCore grew past 88 bytes (a 112-byte chunk)");

}  // namespace internal

}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_SESSION_CORE_H_
