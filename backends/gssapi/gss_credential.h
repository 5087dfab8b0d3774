// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_credential.h: NativeCredential on GSS-API.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_CREDENTIAL_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_CREDENTIAL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "backends/gssapi/gss_handles.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/credential.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

class GssCredential : public NativeCredential {
 public:
  // Acquire()
  //
  // gss_acquire_cred_from with an explicit mechanism set and credential
  // store, then gss_set_neg_mechs when Negotiate is allowed, so that SPNEGO
  // only offers allowed mechanisms.
  static absl::StatusOr<std::unique_ptr<GssCredential>> Acquire(
      const CredentialOptions& options);

  // Adopt()
  //
  // Takes ownership of `handle` (a delegated credential from
  // gss_accept_sec_context), which was created with `provider`'s table.
  static std::unique_ptr<GssCredential> Adopt(
      std::shared_ptr<const GssProvider> provider, gss_cred_id_t handle);

  absl::Status Release() override;
  absl::StatusOr<std::string> Principal() const override;
  absl::StatusOr<absl::Time> Expiry() const override;
  absl::Status StoreInto(absl::string_view ccache) const override;

  gss_cred_id_t handle() const { return cred_.get(); }
  const std::shared_ptr<const GssProvider>& provider() const {
    return provider_;
  }

  // True for an acceptor with no principal of its own (any service).
  bool any_service() const { return any_service_; }

 private:
  GssCredential(std::shared_ptr<const GssProvider> provider, bool any_service)
      : provider_(provider), cred_(provider), any_service_(any_service) {}

  std::shared_ptr<const GssProvider> provider_;
  ScopedGssCred cred_;
  // An acceptor for whichever service the client names (no principal
  // given): it has no single principal, whatever the keytab starts with.
  bool any_service_;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_CREDENTIAL_H_
