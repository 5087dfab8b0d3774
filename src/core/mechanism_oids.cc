// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/mechanism_oids.h"

#include <algorithm>

namespace crossauth {
namespace internal {
namespace {

// One row per mechanism: the only place its OID is written down twice (as
// bytes and as text); mechanism_oids_test.cc checks that the two agree.
struct OidRow {
  Mechanism mechanism;
  absl::string_view dotted;
  absl::Span<const uint8_t> der;
};

constexpr OidRow kRows[] = {
    {Mechanism::kKerberos, "1.2.840.113554.1.2.2",
     absl::Span<const uint8_t>(kKerberosOidDer)},
    {Mechanism::kNegotiate, "1.3.6.1.5.5.2",
     absl::Span<const uint8_t>(kSpnegoOidDer)},
    {Mechanism::kNtlm, "1.3.6.1.4.1.311.2.2.10",
     absl::Span<const uint8_t>(kNtlmOidDer)},
};

const OidRow* RowFor(Mechanism mechanism) {
  for (const OidRow& row : kRows) {
    if (row.mechanism == mechanism) return &row;
  }
  return nullptr;
}

}  // namespace

absl::Span<const uint8_t> MechanismOidDer(Mechanism mechanism) {
  const OidRow* row = RowFor(mechanism);
  return row == nullptr ? absl::Span<const uint8_t>() : row->der;
}

absl::string_view MechanismOidDotted(Mechanism mechanism) {
  const OidRow* row = RowFor(mechanism);
  return row == nullptr ? absl::string_view() : row->dotted;
}

std::optional<Mechanism> MechanismForOidDer(absl::Span<const uint8_t> der) {
  for (const OidRow& row : kRows) {
    if (std::equal(der.begin(), der.end(), row.der.begin(), row.der.end())) {
      return row.mechanism;
    }
  }
  return std::nullopt;
}

}  // namespace internal
}  // namespace crossauth
