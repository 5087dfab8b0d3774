// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/mechanism.h"

#include "absl/strings/match.h"

namespace crossauth {

absl::string_view MechanismName(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::kKerberos:
      return "Kerberos";
    case Mechanism::kNegotiate:
      return "Negotiate";
    case Mechanism::kNtlm:
      return "NTLM";
  }
  return "unknown";
}

absl::string_view MechanismOid(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::kKerberos:
      return "1.2.840.113554.1.2.2";
    case Mechanism::kNegotiate:
      return "1.3.6.1.5.5.2";
    case Mechanism::kNtlm:
      return "1.3.6.1.4.1.311.2.2.10";
  }
  return "";
}

std::optional<Mechanism> MechanismFromName(absl::string_view name) {
  for (Mechanism m :
       {Mechanism::kKerberos, Mechanism::kNegotiate, Mechanism::kNtlm}) {
    if (absl::EqualsIgnoreCase(name, MechanismName(m)) ||
        name == MechanismOid(m)) {
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace crossauth
