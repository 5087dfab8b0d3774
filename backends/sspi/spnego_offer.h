// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// spnego_offer.h: the mechanisms a SPNEGO client offers in its first token.
//
// Windows' Negotiate acceptor says which mechanism it settled on
// (SECPKG_ATTR_NEGOTIATION_INFO); Wine's does not, and it hands SPNEGO to
// MIT's mechglue, which settles on NTLM when the host has gss-ntlmssp and the
// client offers it first. So under Wine the acceptor reads the client's offer
// (RFC 4178 NegTokenInit mechTypes) to keep NTLM out when it is not allowed.
// Nothing is accepted on the strength of this parse: it can only refuse.

#ifndef CROSSAUTH_BACKENDS_SSPI_SPNEGO_OFFER_H_
#define CROSSAUTH_BACKENDS_SSPI_SPNEGO_OFFER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {

// SpnegoOffer()
//
// The mechTypes of the NegTokenInit in `token` (an RFC 2743 initial context
// token for SPNEGO), in the client's order of preference: Kerberos (the
// RFC 4121 OID or Microsoft's), NTLM, or std::nullopt for any other OID.
// std::nullopt when `token` is not such a token or is malformed.
std::optional<std::vector<std::optional<Mechanism>>> SpnegoOffer(
    absl::Span<const uint8_t> token);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SPNEGO_OFFER_H_
