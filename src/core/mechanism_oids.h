// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// mechanism_oids.h: the object identifiers of crossauth's mechanisms, defined
// once for every backend and for the public MechanismOid().
//
// Each OID is here as DER contents (the bytes after the 0x06 tag and length,
// as GSS-API's gss_OID_desc and RFC 2743 token framing carry them) and as
// dotted text. The backends build their native values from these bytes
// (backends/gssapi/gss_oids.cc wraps them in gss_OID_desc); the initial-token
// parser (src/core/initial_token.h) compares a peer's bytes with them.
//
//   std::optional<Mechanism> m = MechanismForOidDer(peer_oid_bytes);

#ifndef CROSSAUTH_SRC_CORE_MECHANISM_OIDS_H_
#define CROSSAUTH_SRC_CORE_MECHANISM_OIDS_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {

// kKerberosOidDer: 1.2.840.113554.1.2.2, Kerberos V5 (RFC 4121).
inline constexpr uint8_t kKerberosOidDer[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                              0x12, 0x01, 0x02, 0x02};
// kSpnegoOidDer: 1.3.6.1.5.5.2, SPNEGO, which is Negotiate (RFC 4178).
inline constexpr uint8_t kSpnegoOidDer[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
// kNtlmOidDer: 1.3.6.1.4.1.311.2.2.10, NTLM (MS-NLMP).
inline constexpr uint8_t kNtlmOidDer[] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                                          0x82, 0x37, 0x02, 0x02, 0x0a};
// kMicrosoftKerberosOidDer: 1.2.840.48018.1.2.2, the Kerberos OID that
// Windows clients list first in a SPNEGO offer (MS-KILE 3.1.5.11). It names
// Kerberos in an offer only; crossauth never asks a library for it.
inline constexpr uint8_t kMicrosoftKerberosOidDer[] = {
    0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02};

// MechanismOidDer()
//
// The DER contents of `mechanism`'s OID (one of the arrays above; static
// storage, never freed).
absl::Span<const uint8_t> MechanismOidDer(Mechanism mechanism);

// MechanismOidDotted()
//
// `mechanism`'s OID as dotted text, for example "1.2.840.113554.1.2.2" for
// Kerberos: what crossauth::MechanismOid() returns.
absl::string_view MechanismOidDotted(Mechanism mechanism);

// MechanismForOidDer()
//
// The mechanism whose OID has exactly the DER contents `der` (Kerberos'
// RFC 4121 OID, SPNEGO's or NTLM's), or std::nullopt for any other OID,
// Microsoft's Kerberos OID included (see initial_token.h for offers).
std::optional<Mechanism> MechanismForOidDer(absl::Span<const uint8_t> der);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_MECHANISM_OIDS_H_
