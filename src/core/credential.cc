// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/credential.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/native_status.h"
#include "src/core/backend.h"
#include "src/core/credential_state.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace {

// Overwrites `bytes` in a way the optimizer may not drop.
void WipeBytes(std::string& bytes) {
  internal::SecureWipe(bytes.data(), bytes.size());
  bytes.clear();
}

// A NUL inside a name, path or secret would end it early in the native
// call, which would then use only the part before it: refuse it, naming the
// field (and never showing a secret).
absl::Status CheckNoNul(absl::string_view field, absl::string_view value) {
  if (value.find('\0') == absl::string_view::npos) return absl::OkStatus();
  return internal::ReasonedError(absl::StatusCode::kInvalidArgument,
                                 absl::StrCat(field, " contains a NUL byte"),
                                 ErrorReason::kInvalidArgument);
}

absl::Status CheckOptions(const CredentialOptions& options) {
  const std::pair<absl::string_view, absl::string_view> fields[] = {
      {"CredentialOptions.principal", options.principal},
      {"CredentialOptions.ccache", options.ccache},
      {"CredentialOptions.keytab", options.keytab},
      {"CredentialOptions.client_keytab", options.client_keytab},
      {"CredentialOptions.replay_cache", options.replay_cache},
      {"CredentialOptions.password", options.password.has_value()
                                         ? options.password->view()
                                         : absl::string_view()}};
  for (const auto& [field, value] : fields) {
    if (absl::Status status = CheckNoNul(field, value); !status.ok()) {
      return status;
    }
  }
  if (options.mechanisms.empty()) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "CredentialOptions.mechanisms is empty; list the mechanisms sessions "
        "may use, for example {Mechanism::kNegotiate}",
        ErrorReason::kInvalidArgument);
  }
  if (options.password.has_value()) {
    if (options.usage != Usage::kInitiate) {
      return internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          "a password can only acquire an initiator credential "
          "(Usage::kInitiate); acceptors use a keytab",
          ErrorReason::kInvalidArgument);
    }
    if (options.principal.empty()) {
      return internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          "a password needs CredentialOptions.principal, the user it "
          "belongs to",
          ErrorReason::kInvalidArgument);
    }
    if (options.password->view().empty()) {
      return internal::ReasonedError(absl::StatusCode::kInvalidArgument,
                                     "the password is empty",
                                     ErrorReason::kInvalidArgument);
    }
  }
  if (!options.keytab.empty() && options.usage == Usage::kInitiate) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "CredentialOptions.keytab holds acceptor keys and needs "
        "Usage::kAccept or kBoth; use client_keytab for an initiator",
        ErrorReason::kInvalidArgument);
  }
  if (!options.replay_cache.empty() && options.usage == Usage::kInitiate) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "CredentialOptions.replay_cache is an acceptor's and needs "
        "Usage::kAccept or kBoth",
        ErrorReason::kInvalidArgument);
  }
  if (!options.client_keytab.empty() && options.usage == Usage::kAccept) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "CredentialOptions.client_keytab needs Usage::kInitiate or kBoth; "
        "use keytab for an acceptor",
        ErrorReason::kInvalidArgument);
  }
  return absl::OkStatus();
}

absl::Status EmptyCredentialError() {
  return internal::ReasonedError(
      absl::StatusCode::kFailedPrecondition,
      "the Credential is empty (default-constructed, moved-from or "
      "released)",
      ErrorReason::kWrongState);
}

}  // namespace

// Copied, not moved: a moved-from short string keeps its characters in its
// inline buffer, so the parameter is wiped here instead.
Secret::Secret(std::string value) : value_(value) { WipeBytes(value); }
Secret::Secret(const Secret& other) : value_(other.value_) {}
Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    Wipe();
    value_ = other.value_;
  }
  return *this;
}
// std::string's move may leave the source's small-string buffer intact, so
// copy and wipe instead of moving.
Secret::Secret(Secret&& other) noexcept : value_(other.value_) { other.Wipe(); }
Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Wipe();
    value_ = other.value_;
    other.Wipe();
  }
  return *this;
}
Secret::~Secret() { Wipe(); }
void Secret::Wipe() { WipeBytes(value_); }

absl::StatusOr<Credential> Credential::Acquire(CredentialOptions options) {
  absl::Status valid = CheckOptions(options);
  absl::StatusOr<std::unique_ptr<internal::NativeCredential>> native;
  if (valid.ok()) native = internal::AcquireNativeCredential(options);
  // `options` is our own copy: wipe its password on every path.
  if (options.password.has_value()) options.password->Wipe();
  if (!valid.ok()) return valid;
  if (!native.ok()) return native.status();
  // A client keytab can always get new tickets; remember how.
  std::optional<CredentialOptions> renew_from;
  if (!options.client_keytab.empty() && options.usage != Usage::kAccept) {
    renew_from = options;
    renew_from->password.reset();
  }
  return Credential(std::make_shared<internal::CredentialState>(
      *std::move(native), options.usage, options.mechanisms,
      std::move(renew_from)));
}

absl::StatusOr<Credential> Credential::Impersonate(const Credential& service,
                                                   absl::string_view user) {
  if (service.state_ == nullptr) return EmptyCredentialError();
  if (user.empty()) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "Credential::Impersonate(): the user is empty; name the user to act "
        "for, for example \"alice@EXAMPLE.COM\"",
        ErrorReason::kInvalidArgument);
  }
  if (absl::Status status =
          CheckNoNul("Credential::Impersonate()'s user", user);
      !status.ok()) {
    return status;
  }
  if (service.state_->usage() == Usage::kAccept) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "Credential::Impersonate() needs the service's initiator credential "
        "(Usage::kInitiate or kBoth, from its client_keytab): the KDC issues "
        "the user's ticket against the service's own TGT, which an "
        "acceptor-only credential does not have",
        ErrorReason::kInvalidArgument);
  }
  std::vector<Mechanism> mechanisms;
  for (Mechanism m : service.state_->mechanisms()) {
    if (m == Mechanism::kKerberos || m == Mechanism::kNegotiate) {
      mechanisms.push_back(m);
    }
  }
  if (mechanisms.empty()) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "Credential::Impersonate(): the service's credential allows neither "
        "Kerberos nor Negotiate, and S4U2Self is Kerberos only",
        ErrorReason::kInvalidArgument);
  }
  absl::StatusOr<std::shared_ptr<internal::NativeCredential>> native =
      service.state_->ForNewSession();
  if (!native.ok()) return native.status();
  absl::StatusOr<std::unique_ptr<internal::NativeCredential>> impersonated =
      (*native)->Impersonate(user, mechanisms);
  if (!impersonated.ok()) return impersonated.status();
  (*impersonated)->set_mechanisms(mechanisms);
  return Credential(std::make_shared<internal::CredentialState>(
      *std::move(impersonated), Usage::kInitiate, std::move(mechanisms)));
}

namespace internal {

namespace {

// Renew a little before the end, so that the session does not start on
// tickets that expire during its handshake.
std::atomic<int64_t> renew_margin_ns{
    absl::ToInt64Nanoseconds(absl::Seconds(30))};
std::atomic<int> renewal_waiters{0};

}  // namespace

absl::StatusOr<std::unique_ptr<NativeCredential>> AcquireNativeCredential(
    const CredentialOptions& options) {
  absl::StatusOr<std::unique_ptr<NativeCredential>> native =
      GetBackend().AcquireCredential(options);
  if (native.ok()) (*native)->set_mechanisms(options.mechanisms);
  return native;
}

void SetRenewMarginForTesting(absl::Duration margin) {
  renew_margin_ns.store(absl::ToInt64Nanoseconds(margin));
}

int RenewalWaitersForTesting() { return renewal_waiters.load(); }

absl::StatusOr<std::shared_ptr<NativeCredential>>
CredentialState::ForNewSession() {
  std::shared_ptr<NativeCredential> current = native();
  if (!renew_from_.has_value()) return current;
  // Expiry() is local (no KDC); it runs without the lock.
  absl::StatusOr<absl::Time> expiry = current->Expiry();
  const absl::Time now = absl::Now();
  if (expiry.ok() &&
      *expiry > now + absl::Nanoseconds(renew_margin_ns.load())) {
    return current;
  }
  const bool still_valid = expiry.ok() && *expiry > now;
  {
    absl::MutexLock lock(&mutex_);
    if (native_ != current) return native_;  // renewed in the meantime
    if (!idle_) {
      // Another thread is renewing: start on the current credential while
      // it lasts, else share that renewal's outcome.
      if (still_valid) return current;
      ++renewal_waiters;
      mutex_.Await(absl::Condition(&idle_));
      --renewal_waiters;
      if (native_ != current) return native_;
      if (!last_renewal_.ok()) return last_renewal_;
      return native_;
    }
    idle_ = false;
  }
  // The KDC exchange, without the lock: nobody waits for it but the session
  // starts whose current credential has expired.
  absl::StatusOr<std::unique_ptr<NativeCredential>> renewed =
      AcquireNativeCredential(*renew_from_);
  absl::MutexLock lock(&mutex_);
  idle_ = true;
  last_renewal_ = renewed.status();
  if (renewed.ok()) {
    native_ = std::shared_ptr<NativeCredential>(*std::move(renewed));
    return native_;
  }
  if (still_valid) return current;
  return renewed.status();
}

}  // namespace internal

Credential::Credential() = default;
Credential::Credential(const Credential&) = default;
Credential& Credential::operator=(const Credential&) = default;
Credential::Credential(Credential&& other) noexcept
    : state_(std::move(other.state_)) {}
Credential& Credential::operator=(Credential&& other) noexcept {
  state_ = std::move(other.state_);
  return *this;
}
Credential::~Credential() = default;
Credential::Credential(std::shared_ptr<internal::CredentialState> state)
    : state_(std::move(state)) {}

absl::StatusOr<std::string> Credential::Principal() const {
  if (state_ == nullptr) return EmptyCredentialError();
  return state_->native()->Principal();
}

absl::StatusOr<absl::Time> Credential::Expiry() const {
  if (state_ == nullptr) return EmptyCredentialError();
  return state_->native()->Expiry();
}

Usage Credential::usage() const {
  return state_ == nullptr ? Usage::kInitiate : state_->usage();
}

const std::vector<Mechanism>& Credential::mechanisms() const {
  static const std::vector<Mechanism>* const kNone =
      new std::vector<Mechanism>();
  return state_ == nullptr ? *kNone : state_->mechanisms();
}

absl::Status Credential::StoreInto(absl::string_view ccache) const {
  if (state_ == nullptr) return EmptyCredentialError();
  if (ccache.empty()) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "Credential::StoreInto(): the credential cache name is empty",
        ErrorReason::kInvalidArgument);
  }
  if (absl::Status status = CheckNoNul(
          "Credential::StoreInto(): the credential cache name", ccache);
      !status.ok()) {
    return status;
  }
  return state_->native()->StoreInto(ccache);
}

absl::StatusOr<ReleaseOutcome> Credential::Release() {
  if (state_ == nullptr) return EmptyCredentialError();
  std::shared_ptr<internal::CredentialState> last = std::move(state_);
  // With no other owner left, no other thread can gain one: use_count() == 1
  // is reliable here (no weak_ptr to this state exists).
  if (last.use_count() != 1) return ReleaseOutcome::kDeferred;
  absl::Status released = last->native()->Release();
  if (!released.ok()) return released;
  return ReleaseOutcome::kReleased;
}

}  // namespace crossauth
