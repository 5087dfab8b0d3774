// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Uses an installed crossauth::testing the way a downstream project's tests
// would: a throwaway realm, a service in it, and a crossauth acceptor
// credential from the realm's keytab. Exits non-zero on any surprise.

#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossauth/credential.h"
#include "crossauth/testing/test_realm.h"

namespace {

int Fail(const std::string& what, const absl::Status& status) {
  std::cerr << "FAIL: " << what << ": " << status << "\n";
  return 1;
}

}  // namespace

int main() {
  absl::StatusOr<std::unique_ptr<crossauth_testing::TestRealm>> realm =
      crossauth_testing::TestRealm::Start();
  if (!realm.ok()) return Fail("TestRealm::Start()", realm.status());
  std::cout << "realm " << (*realm)->realm()
            << " on 127.0.0.1:" << (*realm)->kdc_port() << "\n";

  absl::StatusOr<std::string> service =
      (*realm)->AddService("HTTP", "localhost");
  if (!service.ok()) return Fail("AddService()", service.status());

  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.principal = *service;
  options.mechanisms = {crossauth::Mechanism::kKerberos};
  options.keytab = "FILE:" + (*realm)->service_keytab();
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(options);
  if (!credential.ok())
    return Fail("Credential::Acquire()", credential.status());
  absl::StatusOr<crossauth::ReleaseOutcome> released = credential->Release();
  if (!released.ok()) return Fail("Credential::Release()", released.status());
  if (*released != crossauth::ReleaseOutcome::kReleased) {
    return Fail("Credential::Release()",
                absl::InternalError("the release was deferred"));
  }

  absl::Status stopped = (*realm)->Stop();
  if (!stopped.ok()) return Fail("TestRealm::Stop()", stopped);
  std::cout << "crossauth::testing consumer: OK (acceptor for " << *service
            << ")\n";
  return 0;
}
