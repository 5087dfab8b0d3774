// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// credential_state.h: what every copy of a Credential, and every session
// started with it, shares.

#ifndef CROSSAUTH_SRC_CORE_CREDENTIAL_STATE_H_
#define CROSSAUTH_SRC_CORE_CREDENTIAL_STATE_H_

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "crossauth/credential.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// CredentialState
//
// Owned through std::shared_ptr by Credential copies and sessions; the
// native credential is released when the last owner lets go (or earlier by
// Credential::Release() when that owner is the last one). Thread-safe.
//
// A credential acquired from a client keytab renews itself: before a new
// session, when its tickets have expired or are about to, it acquires a new
// native credential from the same sources. Sessions keep the native
// credential they started with, so a renewal never pulls one from under a
// running session.
//
// Renewal is single-flight and never holds the lock across the KDC
// exchange. While one thread renews, native() (Principal(), Expiry(),
// ServerSession::Start()...) returns the current native credential at
// once; a session start whose current credential is still valid (only
// close to its end) starts on it without waiting; one whose current
// credential has already expired waits for that renewal and shares its
// result, instead of renewing a second time. A failed renewal leaves the
// current credential in place; sessions keep starting on it while it is
// valid, and get the renewal's error once it has expired.
class CredentialState {
 public:
  // `renew_from` holds the options to acquire again with (never a
  // password), or std::nullopt for a credential that cannot renew itself.
  CredentialState(std::unique_ptr<NativeCredential> native, Usage usage,
                  std::vector<Mechanism> mechanisms,
                  std::optional<CredentialOptions> renew_from = std::nullopt)
      : fixed_(renew_from.has_value() ? nullptr : std::move(native)),
        native_(std::move(native)),
        usage_(usage),
        mechanisms_(std::move(mechanisms)),
        renew_from_(std::move(renew_from)) {}

  // The current native credential. Takes no lock for a credential that
  // cannot renew itself (its native credential never changes), and a
  // reader lock otherwise, so that sessions starting on several threads do
  // not queue on each other.
  std::shared_ptr<NativeCredential> native() const {
    if (fixed_ != nullptr) return fixed_;
    absl::ReaderMutexLock lock(&mutex_);
    return native_;
  }

  // The native credential a new session should use, renewed first when
  // needed (see above). A failed renewal returns its error when the current
  // credential has expired.
  absl::StatusOr<std::shared_ptr<NativeCredential>> ForNewSession();

  Usage usage() const { return usage_; }
  const std::vector<Mechanism>& mechanisms() const { return mechanisms_; }

 private:
  // Set, and native_ unset, when renew_from_ is unset.
  const std::shared_ptr<NativeCredential> fixed_;
  mutable absl::Mutex mutex_;
  std::shared_ptr<NativeCredential> native_ ABSL_GUARDED_BY(mutex_);
  // False while one thread renews (outside the lock); waiters Await() it.
  bool idle_ ABSL_GUARDED_BY(mutex_) = true;
  // The outcome of the last renewal, for the threads that waited for it.
  absl::Status last_renewal_ ABSL_GUARDED_BY(mutex_);
  const Usage usage_;
  const std::vector<Mechanism> mechanisms_;
  const std::optional<CredentialOptions> renew_from_;
};

// AcquireNativeCredential()
//
// The backend's credential for `options` (already checked), carrying the
// allow-list `options.mechanisms` (NativeCredential::mechanisms()). Every
// acquisition and renewal goes through here.
absl::StatusOr<std::unique_ptr<NativeCredential>> AcquireNativeCredential(
    const CredentialOptions& options);

// Tests only. How long before its end a renewable credential is renewed
// (30 seconds unless set); a margin longer than a credential's lifetime makes
// every session start renew while the current credential is still valid.
void SetRenewMarginForTesting(absl::Duration margin);
// Tests only. How many session starts are waiting for a renewal right now,
// over all credentials.
int RenewalWaitersForTesting();

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_CREDENTIAL_STATE_H_
