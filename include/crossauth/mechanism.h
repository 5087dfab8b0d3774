// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// mechanism.h: the authentication mechanisms crossauth speaks.
//
// A `Mechanism` names one security mechanism. Credentials carry an allow-list
// of them (`CredentialOptions::mechanisms`), and a session reports the one it
// actually used (`SessionInfo::mechanism`).
//
// Example:
//
//   crossauth::CredentialOptions options;
//   options.mechanisms = {crossauth::Mechanism::kNegotiate};
//   // A Negotiate session may settle on Kerberos underneath; it may settle on
//   // NTLM only when kNtlm is on the list too.

#ifndef CROSSAUTH_MECHANISM_H_
#define CROSSAUTH_MECHANISM_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "crossauth/export.h"

namespace crossauth {

// Mechanism
//
// kKerberos is the raw Kerberos V5 GSS-API mechanism (RFC 4121), the SSPI
// "Kerberos" package. kNegotiate is SPNEGO (RFC 4178), the SSPI "Negotiate"
// package; it wraps one of the others. kNtlm is NTLM (gss-ntlmssp on POSIX,
// the SSPI "NTLM" package); it is never used unless it is allowed explicitly.
enum class Mechanism { kKerberos, kNegotiate, kNtlm };

// MechanismName()
//
// Returns the name used in messages and in SSPI: "Kerberos", "Negotiate" or
// "NTLM".
CROSSAUTH_EXPORT absl::string_view MechanismName(Mechanism mechanism);

// MechanismOid()
//
// Returns the mechanism's object identifier in dotted form, for example
// "1.2.840.113554.1.2.2" for Kerberos.
CROSSAUTH_EXPORT absl::string_view MechanismOid(Mechanism mechanism);

// MechanismFromName()
//
// Parses a name as printed by MechanismName() (case-insensitive), or a dotted
// OID as printed by MechanismOid(). Returns std::nullopt for anything else.
CROSSAUTH_EXPORT std::optional<Mechanism> MechanismFromName(
    absl::string_view name);

}  // namespace crossauth

#endif  // CROSSAUTH_MECHANISM_H_
