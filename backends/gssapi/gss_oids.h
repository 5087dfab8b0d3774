// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_oids.h: the mechanism OIDs crossauth uses, as GSS-API values.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_OIDS_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_OIDS_H_

#include <gssapi/gssapi.h>

#include <optional>

#include "absl/types/span.h"
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

// InitialTokenMechanism()
//
// The mechanism named in the RFC 2743 framing of an initial context token
// (0x60, length, OID); kNtlm for a raw NTLM message ("NTLMSSP\0", which has
// no such framing, and which MIT's mechglue recognizes the same way); else
// std::nullopt.
std::optional<Mechanism> InitialTokenMechanism(absl::Span<const uint8_t> token);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_OIDS_H_
