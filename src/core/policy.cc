// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/policy.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "src/core/initial_token.h"

namespace crossauth {
namespace internal {

bool Allows(absl::Span<const Mechanism> allowed, Mechanism mechanism) {
  return std::find(allowed.begin(), allowed.end(), mechanism) != allowed.end();
}

std::string NoAllowedMechanismMessage(absl::string_view accept_call) {
  return absl::StrCat(accept_call,
                      ": the client offered no mechanism on this server's "
                      "allow-list, and NTLM is not on the allow-list (add "
                      "Mechanism::kNtlm to accept NTLM clients)");
}

absl::Status CheckServerToken(absl::Span<const uint8_t> token) {
  absl::Span<const uint8_t> inner = token;
  if (!IsRawNtlmMessage(token)) {
    std::optional<absl::Span<const uint8_t>> response =
        SpnegoResponseToken(token);
    if (!response.has_value()) return absl::OkStatus();
    inner = *response;
  }
  if (NtlmChallengeNamesNoTarget(inner)) {
    return ReasonedError(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("ClientSession::Step(): the server's NTLM CHALLENGE "
                     "claims a target name but gives it no bytes; the token is "
                     "malformed (",
                     kHintMalformedToken, ")"),
        ErrorReason::kMalformedToken);
  }
  std::optional<uint16_t> repeated = NtlmChallengeRepeatedName(inner);
  if (!repeated.has_value()) return absl::OkStatus();
  return ReasonedError(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat("ClientSession::Step(): the server's NTLM CHALLENGE lists "
                   "the name AV pair ",
                   *repeated,
                   " twice in its target information; the token is malformed "
                   "(",
                   kHintMalformedToken, ")"),
      ErrorReason::kMalformedToken);
}

absl::Status CheckClientFirstToken(absl::string_view accept_call,
                                   absl::Span<const uint8_t> token,
                                   absl::Span<const Mechanism> allowed) {
  if (Allows(allowed, Mechanism::kNtlm)) return absl::OkStatus();
  if (IsRawNtlmMessage(token) ||
      InitialTokenMechanism(token) == Mechanism::kNtlm) {
    // Raw NTLM, as Wine's Negotiate sends it. The native library would at
    // best say "no credentials" (GSS-API with gss-ntlmssp installed).
    return internal::ReasonedError(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat(
            accept_call,
            ": the client offered only NTLM, and NTLM is not on the allow-list "
            "(add Mechanism::kNtlm to accept NTLM clients)"),
        ErrorReason::kMechanismRefused);
  }
  std::optional<std::vector<std::optional<Mechanism>>> offer =
      SpnegoOfferedMechanisms(token);
  if (!offer.has_value()) return absl::OkStatus();
  // Without NTLM, Kerberos is the one mechanism inside SPNEGO that a server
  // can accept.
  const bool kerberos =
      std::find(offer->begin(), offer->end(),
                std::optional<Mechanism>(Mechanism::kKerberos)) != offer->end();
  if (kerberos) return absl::OkStatus();
  return internal::ReasonedError(absl::StatusCode::kPermissionDenied,
                                 NoAllowedMechanismMessage(accept_call),
                                 ErrorReason::kMechanismRefused);
}

bool NegotiateMustAvoidNtlm(const CredentialOptions& options) {
  return options.usage != Usage::kAccept &&
         Allows(options.mechanisms, Mechanism::kNegotiate) &&
         !Allows(options.mechanisms, Mechanism::kNtlm);
}

absl::Status NtlmOnlyNegotiateRefusal(absl::string_view acquire_call,
                                      const absl::Status& kerberos_failure) {
  return Restated(
      absl::StatusCode::kPermissionDenied,
      absl::StrCat(acquire_call,
                   ": Negotiate could only use NTLM for this credential, and "
                   "NTLM is not on the allow-list (add Mechanism::kNtlm to "
                   "allow it); Kerberos failed with: ",
                   kerberos_failure.message()),
      kerberos_failure, ErrorReason::kMechanismRefused);
}

absl::Status NegotiateSettledOnNtlmError(absl::string_view call) {
  return internal::ReasonedError(
      absl::StatusCode::kPermissionDenied,
      absl::StrCat(
          call,
          ": Negotiate settled on NTLM, and NTLM is not on the allow-list (add "
          "Mechanism::kNtlm to allow it)"),
      ErrorReason::kMechanismRefused);
}

absl::Status NoEvidenceTicketError() {
  return internal::ReasonedError(
      absl::StatusCode::kNotFound,
      "ServerSession::ProxyCredential(): the native library kept no ticket "
      "of the client's to act with (the acceptor Credential needs "
      "Usage::kBoth)",
      ErrorReason::kDelegationUnavailable);
}

absl::Status NothingDelegatedError() {
  return internal::ReasonedError(
      absl::StatusCode::kNotFound,
      "ServerSession::DelegatedCredential(): the client delegated no "
      "credential (it did not request delegation, or its ticket is not "
      "forwardable)",
      ErrorReason::kDelegationUnavailable);
}

}  // namespace internal
}  // namespace crossauth
