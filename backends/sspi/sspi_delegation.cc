// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_delegation.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/native_status.h"
#include "backends/sspi/sspi_credential.h"
#include "backends/sspi/sspi_handles.h"
#include "backends/sspi/sspi_status.h"
#include "crossauth/error.h"
#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {
namespace {

// The status of a failed step in taking a delegated credential, with the
// call it came from still in its NativeError payload.
absl::Status TakingDelegated(const absl::Status& status) {
  return Restated(
      status.code(),
      absl::StrCat("ServerSession::DelegatedCredential(): ", status.message()),
      status);
}

// This thread impersonating a context's client: ImpersonateSecurityContext
// in Begin(), RevertSecurityContext in End() or on destruction, so that no
// path leaves the thread running as the client.
class Impersonation {
 public:
  Impersonation(const SecurityFunctionTableW& table, CtxtHandle* context)
      : table_(table), context_(context) {}
  Impersonation(const Impersonation&) = delete;
  Impersonation& operator=(const Impersonation&) = delete;
  ~Impersonation() { (void)End(); }

  SECURITY_STATUS Begin() {
    SECURITY_STATUS status = table_.ImpersonateSecurityContext(context_);
    active_ = status == SEC_E_OK;
    return status;
  }
  // SEC_E_OK when nothing is impersonated. If RevertSecurityContext fails,
  // the thread's own token is restored with RevertToSelf; if that fails too,
  // the process stops rather than go on running as the client.
  SECURITY_STATUS End() {
    if (!active_) return SEC_E_OK;
    active_ = false;
    SECURITY_STATUS status = table_.RevertSecurityContext(context_);
    if (status != SEC_E_OK && !RevertToSelf()) {
      std::fputs(
          "crossauth: cannot stop impersonating the client "
          "(RevertSecurityContext and RevertToSelf failed); aborting\n",
          stderr);
      std::abort();
    }
    return status;
  }

 private:
  const SecurityFunctionTableW& table_;
  CtxtHandle* context_;
  bool active_ = false;
};

}  // namespace

// Windows keeps the forwarded ticket in the client's logon session, which
// the server reaches only by impersonating the client. Kerberos is the
// package that delegates, and the common code offers the result as a
// Mechanism::kKerberos credential, so that is the package acquired.
absl::StatusOr<std::unique_ptr<NativeCredential>> AcquireDelegatedCredential(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle* context) {
  const SecurityFunctionTableW& table = provider->table();
  wchar_t package[] = L"Kerberos";
  ScopedContextBuffer<SecPkgInfoW> info(provider);
  SECURITY_STATUS status =
      table.QuerySecurityPackageInfoW(package, info.receive());
  if (status != SEC_E_OK) {
    return TakingDelegated(
        MapQuerySecurityPackageInfoStatus(status, "Kerberos"));
  }
  const unsigned long max_token = info->cbMaxToken;
  info.Reset();

  Impersonation impersonation(table, context);
  status = impersonation.Begin();
  if (status != SEC_E_OK) {
    return TakingDelegated(MapImpersonateSecurityContextStatus(status));
  }
  ScopedCredHandle handle(provider);
  TimeStamp expiry = {};
  status = table.AcquireCredentialsHandleW(
      nullptr, package, SECPKG_CRED_OUTBOUND, nullptr, nullptr, nullptr,
      nullptr, handle.receive(), &expiry);
  if (status != SEC_E_OK) {
    return TakingDelegated(
        MapAcquireCredentialsHandleStatus(status, "Kerberos", false));
  }
  handle.set_valid();
  status = impersonation.End();
  if (status != SEC_E_OK) {
    return TakingDelegated(MapSspiStatus("RevertSecurityContext", status));
  }
  return std::unique_ptr<NativeCredential>(
      SspiCredential::Adopt(Mechanism::kKerberos, std::move(handle), max_token,
                            SspiTimeToAbsl(expiry)));
}

}  // namespace internal
}  // namespace crossauth
