// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// policy.h: the mechanism rules that are the same on every backend, and the
// texts they show, written once above the seam (src/core/backend.h).
//
// The common code applies the rules it can decide alone: SessionCore refuses
// a client's first token that the allow-list forbids (CheckClientFirstToken),
// and a server session without a delegated credential says so
// (NothingDelegatedError). Where only a backend can learn the fact (whether
// Kerberos alone can back a Negotiate credential is a native question), the
// backend asks here whether the rule applies and takes the refusal from here,
// so that every backend words it the same way.
//
// Each refusal names the native call it stands in for
// (Backend::native_calls()), so that it reads like the backend's own errors.

#ifndef CROSSAUTH_SRC_CORE_POLICY_H_
#define CROSSAUTH_SRC_CORE_POLICY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossauth/credential.h"
#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {

// Allows()
//
// True when `mechanism` is on the allow-list `allowed`.
bool Allows(absl::Span<const Mechanism> allowed, Mechanism mechanism);

// CheckClientFirstToken()
//
// A server's rules for the client's first token, before any native library
// sees it (`accept_call` is the backend's accept call, for the message).
// PermissionDenied when NTLM is not on `allowed` and the token is a raw NTLM
// message ("the client offered only NTLM") or a SPNEGO offer with neither
// Kerberos nor anything else the server could use ("the client offered no
// mechanism on this server's allow-list"). OK otherwise, including for a
// token this parser does not understand (the native library judges it).
absl::Status CheckClientFirstToken(absl::string_view accept_call,
                                   absl::Span<const uint8_t> token,
                                   absl::Span<const Mechanism> allowed);

// CheckServerToken()
//
// A client's rule for a server's later handshake token, before any native
// library sees it: InvalidArgument (ErrorReason::kMalformedToken) for an NTLM
// CHALLENGE, raw or inside a SPNEGO reply, whose target information names
// the same name pair twice (NtlmChallengeRepeatedName() in initial_token.h).
// No server sends one, and gss-ntlmssp 1.2 leaks the first copy of the name
// when it decodes it (ntlm_decode_target_info overwrites it; found by
// fuzz/ntlm, regressions/ntlm/challenge-repeated-name), so a hostile server
// could make a client leak memory at will. The same for a CHALLENGE that
// claims a target (a target-type flag, in Unicode) with an empty
// TargetName: gss-ntlmssp 1.2's ntlm_decode_u16l_str_hdr then writes the
// terminating zero through a null pointer, a crash (fuzz/ntlm,
// regressions/ntlm/challenge-empty-target-name). OK for every other token.
absl::Status CheckServerToken(absl::Span<const uint8_t> token);

// NoAllowedMechanismMessage()
//
// The text of CheckClientFirstToken()'s refusal of a SPNEGO offer, for a
// backend whose library finds the same thing itself (GSS-API's
// GSS_S_BAD_MECH from an SPNEGO acceptor restricted to the allow-list).
std::string NoAllowedMechanismMessage(absl::string_view accept_call);

// NegotiateMustAvoidNtlm()
//
// True when a credential acquired with `options` may use Negotiate but must
// never let it settle on NTLM: an initiator (or both) whose allow-list has
// Negotiate and not NTLM. A backend on which Negotiate would then fall back
// to NTLM checks that Kerberos alone works, and refuses with
// NtlmOnlyNegotiateRefusal() when it does not.
bool NegotiateMustAvoidNtlm(const CredentialOptions& options);

// NtlmOnlyNegotiateRefusal()
//
// PermissionDenied: Negotiate could only use NTLM for this credential, and
// NTLM is not on the allow-list. `acquire_call` is the backend's acquire
// call; `kerberos_failure` is why Kerberos could not back the credential (its
// message is quoted, its NativeError payload kept).
absl::Status NtlmOnlyNegotiateRefusal(absl::string_view acquire_call,
                                      const absl::Status& kerberos_failure);

// NegotiateSettledOnNtlmError()
//
// PermissionDenied: a Negotiate context that `call` reported settled on NTLM,
// which is not on the allow-list. For a backend that can only learn the
// negotiated mechanism from the context (SSPI).
absl::Status NegotiateSettledOnNtlmError(absl::string_view call);

// NothingDelegatedError()
//
// NotFound: ServerSession::DelegatedCredential() on a session to which the
// client delegated no credential.
absl::Status NothingDelegatedError();

// NoEvidenceTicketError()
//
// NotFound: ServerSession::ProxyCredential() on a session whose native
// library kept no ticket of the client's for S4U2Proxy.
absl::Status NoEvidenceTicketError();

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_POLICY_H_
