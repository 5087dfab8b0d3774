// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// credential_state.h: what every copy of a Credential, and every session
// started with it, shares.

#ifndef CROSSAUTH_SRC_CREDENTIAL_STATE_H_
#define CROSSAUTH_SRC_CREDENTIAL_STATE_H_

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "crossauth/credential.h"
#include "src/backend.h"

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
class CredentialState {
 public:
  // `renew_from` holds the options to acquire again with (never a
  // password), or std::nullopt for a credential that cannot renew itself.
  CredentialState(std::unique_ptr<NativeCredential> native, Usage usage,
                  std::vector<Mechanism> mechanisms,
                  std::optional<CredentialOptions> renew_from = std::nullopt)
      : native_(std::move(native)),
        usage_(usage),
        mechanisms_(std::move(mechanisms)),
        renew_from_(std::move(renew_from)) {}

  // The current native credential.
  std::shared_ptr<NativeCredential> native() const {
    absl::MutexLock lock(&mutex_);
    return native_;
  }

  // The native credential a new session should use, renewed first when
  // needed. A failed renewal returns its error.
  absl::StatusOr<std::shared_ptr<NativeCredential>> ForNewSession();

  Usage usage() const { return usage_; }
  const std::vector<Mechanism>& mechanisms() const { return mechanisms_; }

 private:
  mutable absl::Mutex mutex_;
  std::shared_ptr<NativeCredential> native_ ABSL_GUARDED_BY(mutex_);
  const Usage usage_;
  const std::vector<Mechanism> mechanisms_;
  const std::optional<CredentialOptions> renew_from_;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CREDENTIAL_STATE_H_
