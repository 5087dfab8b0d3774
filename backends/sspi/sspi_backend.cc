// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The SSPI backend: GetBackend() for Windows builds.

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/sspi/sspi_context.h"
#include "backends/sspi/sspi_credential.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {
namespace {

class SspiBackend : public Backend {
 public:
  absl::string_view name() const override { return "sspi"; }

  NativeCalls native_calls() const override {
    return {"AcquireCredentialsHandleW", "InitializeSecurityContextW",
            "AcceptSecurityContext"};
  }

  absl::StatusOr<std::unique_ptr<NativeCredential>> AcquireCredential(
      const CredentialOptions& options) override {
    absl::StatusOr<std::unique_ptr<SspiCredential>> credential =
        SspiCredential::Acquire(options);
    if (!credential.ok()) return credential.status();
    return std::unique_ptr<NativeCredential>(*std::move(credential));
  }

  absl::StatusOr<std::unique_ptr<NativeContext>> StartClient(
      NativeCredential& credential, const ClientOptions& options,
      const TargetName& target) override {
    return StartSspiClient(static_cast<SspiCredential&>(credential), options,
                           target);
  }

  absl::StatusOr<std::unique_ptr<NativeContext>> StartServer(
      NativeCredential& credential, const ServerOptions& options) override {
    return StartSspiServer(static_cast<SspiCredential&>(credential), options);
  }
};

}  // namespace

Backend& GetBackend() {
  static SspiBackend* backend = new SspiBackend();
  return *backend;
}

}  // namespace internal
}  // namespace crossauth
