// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_oids.h"

#include <cstdint>

#include "absl/types/span.h"
#include "src/core/mechanism_oids.h"

namespace crossauth {
namespace internal {
namespace {

// GSS-API values around the one copy of each OID (src/core/mechanism_oids.h).
// gss_OID_desc's elements are non-const, but GSS-API never writes through a
// mechanism OID it is given, and these are never released.
gss_OID_desc kKerberos = {sizeof(kKerberosOidDer),
                          const_cast<uint8_t*>(kKerberosOidDer)};
gss_OID_desc kSpnego = {sizeof(kSpnegoOidDer),
                        const_cast<uint8_t*>(kSpnegoOidDer)};
gss_OID_desc kNtlm = {sizeof(kNtlmOidDer), const_cast<uint8_t*>(kNtlmOidDer)};

}  // namespace

gss_OID OidFor(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::kKerberos:
      return &kKerberos;
    case Mechanism::kNegotiate:
      return &kSpnego;
    case Mechanism::kNtlm:
      return &kNtlm;
  }
  return GSS_C_NO_OID;
}

std::optional<Mechanism> MechanismForOid(gss_const_OID oid) {
  if (oid == GSS_C_NO_OID) return std::nullopt;
  // Compares bytes only, so that caller bytes never need a (non-const)
  // gss_OID_desc around them.
  return MechanismForOidDer(absl::MakeConstSpan(
      static_cast<const uint8_t*>(oid->elements), oid->length));
}

}  // namespace internal
}  // namespace crossauth
