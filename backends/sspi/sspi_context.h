// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_context.h: NativeContext on SSPI.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_CONTEXT_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_CONTEXT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "backends/sspi/sspi_credential.h"
#include "crossauth/session.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

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
