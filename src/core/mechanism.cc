// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/mechanism.h"

#include "absl/strings/match.h"
#include "src/core/mechanism_oids.h"

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
  return internal::MechanismOidDotted(mechanism);
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
