// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_credential.h: NativeCredential on SSPI.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_CREDENTIAL_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_CREDENTIAL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "backends/sspi/sspi_handles.h"
#include "backends/sspi/sspi_library.h"
#include "crossauth/credential.h"
#include "crossauth/mechanism.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// SspiPackageName()
//
// The SSPI package for `mechanism`: L"Kerberos", L"Negotiate" or L"NTLM".
const wchar_t* SspiPackageName(Mechanism mechanism);

// SspiTimeToAbsl()
//
// An SSPI expiry (a FILETIME in local time, as the Kerberos package returns
// it) as an absl::Time. "Never" (the largest value, or Wine's translation of
// GSS_C_INDEFINITE, about 136 years ahead) is absl::InfiniteFuture().
absl::Time SspiTimeToAbsl(const TimeStamp& stamp);

// SspiCredential
//
// One CredHandle per allowed mechanism (AcquireCredentialsHandleW with that
// package), so that a session can start with any mechanism on the
// allow-list: Negotiate, or raw Kerberos.
class SspiCredential : public NativeCredential {
 public:
  static absl::StatusOr<std::unique_ptr<SspiCredential>> Acquire(
      const CredentialOptions& options);

  // Adopt()
  //
  // A credential that owns `handle`, already acquired for `mechanism` (the
  // one a server gets for a client that delegated to it). `max_token` is
  // the package's cbMaxToken; `expiry` is the handle's.
  static std::unique_ptr<SspiCredential> Adopt(Mechanism mechanism,
                                               ScopedCredHandle handle,
                                               unsigned long max_token,
                                               absl::Time expiry) {
    std::unique_ptr<SspiCredential> credential(
        new SspiCredential(handle.provider()));
    credential->expiry_ = expiry;
    credential->packages_.push_back(
        Package{mechanism, std::move(handle), max_token});
    return credential;
  }

  absl::Status Release() override;
  absl::StatusOr<std::string> Principal() const override;
  absl::StatusOr<absl::Time> Expiry() const override;

  // The handle for `mechanism`, or nullptr when it is not on the allow-list
  // (or was released).
  CredHandle* handle(Mechanism mechanism);
  // The package's largest token (QuerySecurityPackageInfoW cbMaxToken).
  unsigned long max_token(Mechanism mechanism) const;
  // The mechanism a server accepts with: Negotiate when allowed (it also
  // takes raw Kerberos tokens), else the first allowed.
  Mechanism acceptor_mechanism() const;
  // The principal given when acquiring with a password, else "".
  const std::string& logon_principal() const { return logon_principal_; }
  const std::shared_ptr<const SspiProvider>& provider() const {
    return provider_;
  }

 private:
  struct Package {
    Mechanism mechanism;
    ScopedCredHandle handle;
    unsigned long max_token;
  };

  explicit SspiCredential(std::shared_ptr<const SspiProvider> provider)
      : provider_(std::move(provider)) {}

  std::shared_ptr<const SspiProvider> provider_;
  std::vector<Package> packages_;
  std::string logon_principal_;
  absl::Time expiry_ = absl::InfiniteFuture();
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_CREDENTIAL_H_
