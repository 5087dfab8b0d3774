// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The smallest use of the package: the library links, and a credential that
// cannot exist fails with a message, through the native library.

#include <iostream>

#include "absl/status/statusor.h"
#include "crossauth/credential.h"
#include "crossauth/version.h"

int main() {
  std::cout << "crossauth " << crossauth::Version() << " on "
            << crossauth::BackendName() << "\n";
  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.mechanisms = {crossauth::Mechanism::kKerberos};
  options.keytab = "FILE:/nonexistent/crossauth-test-package.keytab";
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(options);
  if (credential.ok() || credential.status().message().empty()) {
    std::cerr << "Acquire() with a missing keytab did not fail as expected\n";
    return 1;
  }
  std::cout << "missing keytab: " << credential.status() << "\n";
  return 0;
}
