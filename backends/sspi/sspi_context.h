// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_context.h: NativeContext on SSPI, and the flag translations.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_CONTEXT_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_CONTEXT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "backends/sspi/sspi_credential.h"
#include "crossauth/channel_bindings.h"
#include "crossauth/session.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// IscRequestFlags() / AscRequestFlags()
//
// The ISC_REQ_ / ASC_REQ_ flags for a request. Both always ask for
// integrity; neither asks SSPI to allocate output buffers (Wine's Kerberos
// package ignores ISC_REQ_ALLOCATE_MEMORY), crossauth sizes them itself.
unsigned long IscRequestFlags(const SecurityFlags& flags);
unsigned long AscRequestFlags();

// IscReturnedFlags() / AscReturnedFlags()
//
// The ISC_RET_ / ASC_RET_ attributes as SecurityFlags.
SecurityFlags IscReturnedFlags(unsigned long attributes);
SecurityFlags AscReturnedFlags(unsigned long attributes);

// SspiTargetName()
//
// The SPN for InitializeSecurityContextW: "HTTP/web.example" for the
// host-based "HTTP@web.example", the principal itself otherwise.
std::wstring SspiTargetName(const TargetName& target);

// StartSspiClient() / StartSspiServer()
//
// A context that has not made a native call yet. `credential` must outlive
// it (the session holds the credential).
absl::StatusOr<std::unique_ptr<NativeContext>> StartSspiClient(
    SspiCredential& credential, const ClientOptions& options,
    const TargetName& target);
absl::StatusOr<std::unique_ptr<NativeContext>> StartSspiServer(
    SspiCredential& credential, const ServerOptions& options);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_CONTEXT_H_
