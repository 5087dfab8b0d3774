// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// initial_token.h: what a client's first handshake token says about its
// mechanisms, read before any native library sees it. The one parser of that
// framing for every backend and for the common policy (src/core/policy.h).
//
// A first token comes in one of three shapes:
// - RFC 2743 §3.1 framing: [APPLICATION 0] { mechanism OID, inner token },
//   as Kerberos and SPNEGO initial tokens have it;
// - for SPNEGO, inside that framing, an RFC 4178 NegTokenInit whose
//   mechTypes list the client's mechanisms in its order of preference;
// - a raw NTLM message ("NTLMSSP\0" and no framing), as Wine's NTLM and
//   Negotiate packages and a GSS-API NTLM client send it.
//
// Nothing is accepted on the strength of this parse: the common code uses it
// only to refuse what the allow-list forbids, and the native library checks
// the whole token.
//
//   if (InitialTokenMechanism(token) == Mechanism::kNtlm) { ... }
//   if (auto offer = SpnegoOfferedMechanisms(token)) { ... }

#ifndef CROSSAUTH_SRC_CORE_INITIAL_TOKEN_H_
#define CROSSAUTH_SRC_CORE_INITIAL_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {

// IsRawNtlmMessage()
//
// True when `token` starts with the NTLMSSP signature ("NTLMSSP\0"): an NTLM
// message without SPNEGO or RFC 2743 framing.
bool IsRawNtlmMessage(absl::Span<const uint8_t> token);

// InitialTokenMechanism()
//
// The mechanism `token` claims: the OID of its RFC 2743 framing (Kerberos,
// Negotiate for SPNEGO, NTLM), or kNtlm for a raw NTLM message (which MIT's
// mechglue recognizes the same way); std::nullopt for another OID or another
// shape. Only the framing's header and OID are read, not checked against the
// rest of the token: the claim is what policy needs, and the native library
// refuses a token whose body is short.
std::optional<Mechanism> InitialTokenMechanism(absl::Span<const uint8_t> token);

// SpnegoOfferedMechanisms()
//
// The mechTypes of the NegTokenInit in `token` (an RFC 2743 initial context
// token for SPNEGO), in the client's order of preference: Kerberos (the
// RFC 4121 OID or Microsoft's), NTLM, or std::nullopt for any other OID
// (SPNEGO itself, NegoEx...). std::nullopt when `token` is not such a token
// or any element up to the end of mechTypes is truncated or not DER-sized.
std::optional<std::vector<std::optional<Mechanism>>> SpnegoOfferedMechanisms(
    absl::Span<const uint8_t> token);

// SpnegoResponseToken()
//
// The responseToken of an RFC 4178 NegTokenResp (a SPNEGO acceptor's reply,
// [1] { SEQUENCE { negState [0], supportedMech [1], responseToken [2],
// mechListMIC [3] } }): the inner mechanism's token. std::nullopt when
// `token` is no such reply, carries no responseToken, or is truncated up to
// it.
std::optional<absl::Span<const uint8_t>> SpnegoResponseToken(
    absl::Span<const uint8_t> token);

// KerberosTicketSummary
//
// What a client's first Kerberos token says in the clear about the ticket
// inside it (RFC 4120 5.3): the service principal it was issued for, as
// "comp1/comp2@REALM" (no escaping: the components as sent), and the key
// version of its encrypted part when the token gives one.
struct KerberosTicketSummary {
  std::string server;
  std::optional<uint32_t> kvno;
};

// KerberosTicket()
//
// The ticket of a client's first token: a raw Kerberos initial context token
// (RFC 4121 4.1: the framing, TOK_ID 01 00, then the AP-REQ), a bare AP-REQ,
// or a SPNEGO NegTokenInit whose mechToken is one of those. std::nullopt
// for any other token, or when an element up to the ticket's enc-part is
// truncated or malformed. For messages only: the library checks the ticket.
std::optional<KerberosTicketSummary> KerberosTicket(
    absl::Span<const uint8_t> token);

// NtlmChallengeRepeatedName()
//
// For an NTLM CHALLENGE message (MS-NLMP 2.2.1.2) whose TargetInfo lists
// one of the name AV pairs (MsvAvNbComputerName, MsvAvNbDomainName,
// MsvAvDnsComputerName, MsvAvDnsDomainName, MsvAvDnsTreeName or
// MsvAvTargetName) twice, that pair's AvId; std::nullopt otherwise (another
// message, no TargetInfo, fields out of bounds: the native library judges
// those). The pairs are read as gss-ntlmssp reads them, up to MsvAvEOL.
std::optional<uint16_t> NtlmChallengeRepeatedName(
    absl::Span<const uint8_t> message);

// NtlmChallengeNamesNoTarget()
//
// True for an NTLM CHALLENGE message whose NegotiateFlags claim a target
// (NTLMSSP_TARGET_TYPE_SERVER or _DOMAIN) in Unicode
// (NTLMSSP_NEGOTIATE_UNICODE) while its TargetNameFields give the name no
// bytes. False for every other message.
bool NtlmChallengeNamesNoTarget(absl::Span<const uint8_t> message);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_INITIAL_TOKEN_H_
