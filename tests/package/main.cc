// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Uses an installed crossauth through its public headers only, to prove that
// the headers, the library and its dependencies arrive together, for both
// find_package(crossauth) and pkg-config. Exits non-zero on any surprise.

#include <iostream>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/mechanism.h"

int main() {
  int failures = 0;
  auto fail = [&failures](const std::string& what) {
    std::cerr << "FAIL: " << what << "\n";
    ++failures;
  };

  if (crossauth::MechanismName(crossauth::Mechanism::kKerberos) != "Kerberos") {
    fail("MechanismName(kKerberos) is not \"Kerberos\"");
  }
  std::optional<crossauth::Mechanism> parsed =
      crossauth::MechanismFromName("negotiate");
  if (!parsed.has_value() || *parsed != crossauth::Mechanism::kNegotiate) {
    fail("MechanismFromName(\"negotiate\") is not kNegotiate");
  }

  // An acceptor keytab that cannot exist: Acquire() must fail cleanly, from
  // the native library rather than from option checks.
  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.mechanisms = {crossauth::Mechanism::kKerberos};
  options.keytab = "FILE:/nonexistent/crossauth-consumer/missing.keytab";
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(options);
  if (credential.ok()) {
    fail("Credential::Acquire() succeeded with a missing keytab");
  } else {
    const absl::Status& status = credential.status();
    std::cout << "Acquire with a missing keytab: "
              << absl::StatusCodeToString(status.code()) << ": "
              << status.message() << "\n";
    if (status.code() == absl::StatusCode::kInvalidArgument ||
        status.code() == absl::StatusCode::kUnknown) {  // unknown-ok: refused
      fail("unexpected status code " + absl::StatusCodeToString(status.code()));
    }
    if (status.message().empty()) fail("the status has no message");
    if (std::optional<crossauth::NativeError> native =
            crossauth::GetNativeError(status)) {
      std::cout << "  native: " << native->backend << " " << native->call
                << " major=" << native->major << " minor=" << native->minor
                << "\n";
    }
  }

  if (failures != 0) {
    std::cerr << failures << " check(s) failed\n";
    return 1;
  }
  std::cout << "crossauth consumer: OK\n";
  return 0;
}
