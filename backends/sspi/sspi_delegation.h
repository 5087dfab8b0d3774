// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_delegation.h: the credential a client delegated to an SSPI server.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_DELEGATION_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_DELEGATION_H_

#include <memory>

#include "absl/status/statusor.h"
#include "backends/sspi/sspi_library.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// AcquireDelegatedCredential()
//
// For a complete server context whose client delegated (ASC_RET_DELEGATE):
// impersonates the client on this thread (ImpersonateSecurityContext),
// acquires the outbound Kerberos credential of the client's logon, which
// holds the forwarded ticket, and ends the impersonation
// (RevertSecurityContext) on every path. The result is an initiator
// credential for Mechanism::kKerberos that holds `provider`. Errors are the
// mapped SSPI failures, prefixed "ServerSession::DelegatedCredential(): ".
// Not where SSPI drops delegated credentials (Wine has no
// ImpersonateSecurityContext): callers check
// SspiQuirks::drops_delegated_credential first.
absl::StatusOr<std::unique_ptr<NativeCredential>> AcquireDelegatedCredential(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle* context);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_DELEGATION_H_
