// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ClientSession and ServerSession: the public calls, each a guarded call into
// the session state machine (src/core/session_core.h).

#include "crossauth/session.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "crossauth/error.h"
#include "src/core/backend.h"
#include "src/core/credential_state.h"
#include "src/core/policy.h"
#include "src/core/session_core.h"
#include "src/core/session_guard.h"
#include "src/core/target_name.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {

std::string SecurityFlags::ToString() const {
  std::vector<absl::string_view> names;
  if (mutual) names.push_back("mutual");
  if (delegate) names.push_back("delegate");
  if (replay_detect) names.push_back("replay");
  if (sequence_detect) names.push_back("sequence");
  if (confidentiality) names.push_back("conf");
  if (integrity) names.push_back("integ");
  if (channel_bound) names.push_back("channel-bound");
  return names.empty() ? "none" : absl::StrJoin(names, ",");
}

namespace {

absl::Status MovedFrom() {
  return internal::ReasonedError(
      absl::StatusCode::kFailedPrecondition,
      "the session was moved from; use the session it was moved to",
      ErrorReason::kWrongState);
}

std::string AllowList(const std::vector<Mechanism>& allowed) {
  return absl::StrJoin(allowed, ",", [](std::string* out, Mechanism m) {
    absl::StrAppend(out, MechanismName(m));
  });
}

}  // namespace

Session::Session(std::unique_ptr<internal::SessionCore> core)
    : core_(std::move(core)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

bool Session::complete() const { return core_ != nullptr && core_->complete(); }

namespace {

// Each public call reads core_ once and holds the core's in-use flag for its
// whole length (src/core/session_guard.h): a second thread is refused, and a
// move meanwhile does not pull the core from under the call.
template <typename Call>
auto Guarded(const std::unique_ptr<internal::SessionCore>& owner,
             absl::string_view name, Call call)
    -> decltype(call(std::declval<internal::SessionCore&>())) {
  internal::SessionCore* core = owner.get();
  if (core == nullptr) return MovedFrom();
  internal::InUseGuard::Use use = core->in_use().Enter();
  if (!use.ok()) return internal::InUseError(name);
  return call(*core);
}

}  // namespace

absl::StatusOr<SessionInfo> Session::Info() const {
  return Guarded(core_, "Info()",
                 [](internal::SessionCore& core) { return core.Info(); });
}

absl::StatusOr<Secret> Session::SessionKey() const {
  return Guarded(core_, "SessionKey()",
                 [](internal::SessionCore& core) { return core.SessionKey(); });
}

absl::StatusOr<std::vector<uint8_t>> Session::Wrap(
    absl::Span<const uint8_t> message, Protection protection) {
  return Guarded(core_, "Wrap()", [&](internal::SessionCore& core) {
    return core.Wrap(message, protection);
  });
}

absl::StatusOr<UnwrappedMessage> Session::Unwrap(
    absl::Span<const uint8_t> token, Protection minimum) {
  return Guarded(core_, "Unwrap()", [&](internal::SessionCore& core) {
    return core.Unwrap(token, minimum);
  });
}

absl::Status Session::Wrap(absl::Span<const uint8_t> message,
                           std::vector<uint8_t>& out, Protection protection) {
  return Guarded(core_, "Wrap()", [&](internal::SessionCore& core) {
    return core.WrapAppend(message, out, protection);
  });
}

absl::StatusOr<UnwrappedSpan> Session::UnwrapInPlace(absl::Span<uint8_t> token,
                                                     Protection minimum) {
  return Guarded(core_, "UnwrapInPlace()", [&](internal::SessionCore& core) {
    return core.UnwrapInPlace(token, minimum);
  });
}

absl::StatusOr<size_t> Session::MaxMessageSize(size_t token_limit,
                                               Protection protection) const {
  return Guarded(core_, "MaxMessageSize()", [&](internal::SessionCore& core) {
    return core.MaxMessageSize(token_limit, protection);
  });
}

absl::StatusOr<IovSizes> Session::WrapIovSizes(
    absl::Span<const IovBuffer> buffers, Protection protection) const {
  return Guarded(core_, "WrapIovSizes()", [&](internal::SessionCore& core) {
    return core.WrapIovSizes(buffers, protection);
  });
}

absl::StatusOr<IovSizes> Session::WrapIov(absl::Span<IovBuffer> buffers,
                                          Protection protection) {
  return Guarded(core_, "WrapIov()", [&](internal::SessionCore& core) {
    return core.WrapIov(buffers, protection);
  });
}

absl::StatusOr<Protection> Session::UnwrapIov(absl::Span<IovBuffer> buffers,
                                              Protection minimum) {
  return Guarded(core_, "UnwrapIov()", [&](internal::SessionCore& core) {
    return core.UnwrapIov(buffers, minimum);
  });
}

absl::StatusOr<std::vector<uint8_t>> Session::GetMic(
    absl::Span<const uint8_t> message) {
  return Guarded(core_, "GetMic()", [&](internal::SessionCore& core) {
    return core.GetMic(message);
  });
}

absl::Status Session::VerifyMic(absl::Span<const uint8_t> message,
                                absl::Span<const uint8_t> mic) {
  return Guarded(core_, "VerifyMic()", [&](internal::SessionCore& core) {
    return core.VerifyMic(message, mic);
  });
}

absl::Status Session::End() {
  if (core_ == nullptr) return absl::OkStatus();
  return Guarded(core_, "End()",
                 [](internal::SessionCore& core) { return core.End(); });
}

absl::StatusOr<ClientSession> ClientSession::Start(
    const Credential& credential, const ClientOptions& requested) {
  if (credential.empty()) {
    return internal::ReasonedError(
        absl::StatusCode::kFailedPrecondition,
        "ClientSession::Start(): the Credential is empty (default-constructed, "
        "moved-from or released)",
        ErrorReason::kWrongState);
  }
  if (credential.usage() == Usage::kAccept) {
    return internal::ReasonedError(
        absl::StatusCode::kFailedPrecondition,
        "ClientSession::Start(): the credential was acquired for accepting "
        "only; acquire it with Usage::kInitiate or kBoth",
        ErrorReason::kWrongState);
  }
  const std::vector<Mechanism>& allowed = credential.mechanisms();
  if (!internal::Allows(allowed, requested.mechanism)) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("ClientSession::Start(): mechanism ",
                     MechanismName(requested.mechanism),
                     " is not on the credential's allow-list (",
                     AllowList(allowed), ")"),
        ErrorReason::kMechanismRefused);
  }
  if (requested.flags.delegate &&
      requested.delegation == Delegation::kIfTrusted) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "ClientSession::Start(): flags.delegate asks to delegate to any "
        "service, and delegation is Delegation::kIfTrusted; set only "
        "ClientOptions::delegation",
        ErrorReason::kInvalidArgument);
  }
  // One spelling for the backends: kAlways is SecurityFlags::delegate. The
  // options are copied only then (a copy costs an allocation per target
  // longer than std::string's inline buffer).
  std::optional<ClientOptions> normalized;
  if (requested.flags.delegate !=
      (requested.delegation == Delegation::kAlways)) {
    normalized = requested;
    normalized->flags.delegate = true;
    normalized->delegation = Delegation::kAlways;
  }
  const ClientOptions& options = normalized ? *normalized : requested;
  absl::StatusOr<internal::TargetName> target =
      internal::ResolveTargetName(options);
  if (!target.ok()) return target.status();
  absl::StatusOr<std::shared_ptr<internal::NativeCredential>> native =
      credential.state_->ForNewSession();
  if (!native.ok()) return native.status();
  absl::StatusOr<std::unique_ptr<internal::NativeContext>> context =
      internal::GetBackend().StartClient(**native, options, *target);
  if (!context.ok()) return context.status();
  return ClientSession(std::make_unique<internal::SessionCore>(
      credential.state_, *std::move(native), *std::move(context),
      /*initiator=*/true, options.flags, ServerOptions{},
      options.allow_messages_without_replay_protection));
}

absl::StatusOr<StepResult> ClientSession::Step(
    absl::Span<const uint8_t> peer_token) {
  return Guarded(
      core_, "ClientSession::Step()",
      [&](internal::SessionCore& core) { return core.Step(peer_token); });
}

absl::StatusOr<ServerSession> ServerSession::Start(
    const Credential& credential, const ServerOptions& options) {
  if (credential.empty()) {
    return internal::ReasonedError(
        absl::StatusCode::kFailedPrecondition,
        "ServerSession::Start(): the Credential is empty (default-constructed, "
        "moved-from or released)",
        ErrorReason::kWrongState);
  }
  if (credential.usage() == Usage::kInitiate) {
    return internal::ReasonedError(
        absl::StatusCode::kFailedPrecondition,
        "ServerSession::Start(): the credential was acquired for initiating "
        "only; acquire it with Usage::kAccept or kBoth",
        ErrorReason::kWrongState);
  }
  if (options.channel_binding_policy != ChannelBindingPolicy::kIgnore &&
      !options.channel_bindings.has_value()) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "ServerSession::Start(): a channel binding policy other than kIgnore "
        "needs ServerOptions.channel_bindings",
        ErrorReason::kInvalidArgument);
  }
  std::shared_ptr<internal::NativeCredential> native =
      credential.state_->native();
  absl::StatusOr<std::unique_ptr<internal::NativeContext>> context =
      internal::GetBackend().StartServer(*native, options);
  if (!context.ok()) return context.status();
  return ServerSession(std::make_unique<internal::SessionCore>(
      credential.state_, std::move(native), *std::move(context),
      /*initiator=*/false, SecurityFlags{}, options,
      options.allow_messages_without_replay_protection));
}

absl::StatusOr<StepResult> ServerSession::Step(
    absl::Span<const uint8_t> peer_token) {
  return Guarded(
      core_, "ServerSession::Step()",
      [&](internal::SessionCore& core) { return core.Step(peer_token); });
}

absl::StatusOr<Credential> ServerSession::DelegatedCredential() {
  return Guarded(
      core_, "ServerSession::DelegatedCredential()",
      [](internal::SessionCore& core) { return core.DelegatedCredential(); });
}

absl::StatusOr<Credential> ServerSession::ProxyCredential() {
  return Guarded(
      core_, "ServerSession::ProxyCredential()",
      [](internal::SessionCore& core) { return core.ProxyCredential(); });
}

absl::StatusOr<crossauth::PeerIdentity> ServerSession::PeerIdentity() const {
  return Guarded(core_, "ServerSession::PeerIdentity()",
                 [](internal::SessionCore& core) { return core.Peer(); });
}

absl::StatusOr<std::string> ServerSession::LocalName() const {
  return Guarded(core_, "ServerSession::LocalName()",
                 [](internal::SessionCore& core) { return core.LocalName(); });
}

}  // namespace crossauth
