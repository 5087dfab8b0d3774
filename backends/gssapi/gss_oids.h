// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_oids.h: the mechanism OIDs crossauth uses, as GSS-API values, built
// from the one definition in src/core/mechanism_oids.h.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_OIDS_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_OIDS_H_

#include <gssapi/gssapi.h>

#include <optional>

#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {

// OidFor()
//
// The static OID of `mechanism`; never released.
gss_OID OidFor(Mechanism mechanism);

// MechanismForOid()
//
// The mechanism `oid` names, or std::nullopt (also for GSS_C_NO_OID).
std::optional<Mechanism> MechanismForOid(gss_const_OID oid);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_OIDS_H_
