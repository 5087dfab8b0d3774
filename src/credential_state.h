// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// credential_state.h: what every copy of a Credential, and every session
// started with it, shares.

#ifndef CROSSAUTH_SRC_CREDENTIAL_STATE_H_
#define CROSSAUTH_SRC_CREDENTIAL_STATE_H_

#include <memory>
#include <utility>
#include <vector>

#include "crossauth/credential.h"
#include "src/backend.h"

namespace crossauth {
namespace internal {

// CredentialState
//
// Owned through std::shared_ptr by Credential copies and sessions; the
// native credential is released when the last owner lets go (or earlier by
// Credential::Release() when that owner is the last one).
class CredentialState {
 public:
  CredentialState(std::unique_ptr<NativeCredential> native, Usage usage,
                  std::vector<Mechanism> mechanisms)
      : native_(std::move(native)),
        usage_(usage),
        mechanisms_(std::move(mechanisms)) {}

  NativeCredential& native() { return *native_; }
  const NativeCredential& native() const { return *native_; }
  Usage usage() const { return usage_; }
  const std::vector<Mechanism>& mechanisms() const { return mechanisms_; }

 private:
  std::unique_ptr<NativeCredential> native_;
  Usage usage_;
  std::vector<Mechanism> mechanisms_;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CREDENTIAL_STATE_H_
