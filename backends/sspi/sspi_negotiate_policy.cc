// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_negotiate_policy.h"

#include <optional>
#include <vector>

#include "backends/common/native_status.h"
#include "backends/sspi/sspi_handles.h"
#include "backends/sspi/sspi_status.h"
#include "backends/sspi/sspi_strings.h"
#include "backends/sspi/sspi_translation.h"
#include "src/core/initial_token.h"
#include "src/core/policy.h"

namespace crossauth {
namespace internal {

absl::StatusOr<NegotiatedPackage> QueryNegotiatedPackage(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle context) {
  SecPkgContext_NegotiationInfoW negotiation = {};
  SECURITY_STATUS status = provider->table().QueryContextAttributesW(
      &context, SECPKG_ATTR_NEGOTIATION_INFO, &negotiation);
  NegotiatedPackage result;
  if (status == SEC_E_UNSUPPORTED_FUNCTION) return result;
  if (status != SEC_E_OK) {
    return MapQueryContextAttributesStatus(status,
                                           "SECPKG_ATTR_NEGOTIATION_INFO");
  }
  ScopedContextBuffer<SecPkgInfoW> package(provider, negotiation.PackageInfo);
  result.reported = true;
  if (package.get() != nullptr) {
    result.mechanism = MechanismFromName(Utf8(package->Name));
  }
  return result;
}

absl::Status SspiNegotiatePolicy::CheckOffer(
    absl::Span<const uint8_t> input) const {
  // The rules that hold everywhere (raw NTLM, or an offer without anything
  // allowed) SessionCore applied already (CheckClientFirstToken).
  if (!provider_->quirks().spnego_follows_client_preference) {
    return absl::OkStatus();
  }
  std::optional<std::vector<std::optional<Mechanism>>> offer =
      SpnegoOfferedMechanisms(input);
  if (!offer.has_value()) return absl::OkStatus();
  std::optional<Mechanism> preferred;
  for (const std::optional<Mechanism>& mechanism : *offer) {
    if (mechanism.has_value()) {
      preferred = mechanism;
      break;
    }
  }
  if (preferred == Mechanism::kNtlm) {
    const bool ntlm_allowed = credential_.allows(Mechanism::kNtlm);
    if (!ntlm_allowed) {
      return ReasonedError(
          absl::StatusCode::kPermissionDenied,
          "AcceptSecurityContext: the client's SPNEGO offer prefers NTLM, "
          "and NTLM is not on the allow-list (under Wine, SPNEGO cannot be "
          "kept from settling on it)",
          ErrorReason::kMechanismRefused);
    }
    return absl::UnimplementedError(
        "AcceptSecurityContext: NTLM inside SPNEGO is not available under "
        "Wine, whose Negotiate acceptor cannot report or protect an NTLM "
        "context that MIT's SPNEGO chose (raw NTLM works); it works on "
        "Windows");
  }
  return absl::OkStatus();
}

void SspiNegotiatePolicy::NoteFirstToken(absl::Span<const uint8_t> token) {
  if (first_token_seen_) return;
  first_token_seen_ = true;
  spnego_ = InitialTokenMechanism(token) == Mechanism::kNegotiate;
  ntlm_ = mechanism_ == Mechanism::kNtlm || IsRawNtlmMessage(token);
}

absl::Status SspiNegotiatePolicy::CheckNegotiated(CtxtHandle* context,
                                                  absl::string_view call) {
  if (mechanism_ == Mechanism::kNegotiate && !ntlm_ && context != nullptr) {
    absl::StatusOr<NegotiatedPackage> negotiated =
        QueryNegotiatedPackage(provider_, *context);
    if (!negotiated.ok()) return negotiated.status();
    ntlm_ = negotiated->mechanism == Mechanism::kNtlm;
  }
  if (ntlm_ && !credential_.allows(Mechanism::kNtlm)) {
    return NegotiateSettledOnNtlmError(call);
  }
  return absl::OkStatus();
}

absl::Status SspiNegotiatePolicy::SettleNtlmAttributes(
    CtxtHandle* context, unsigned long& attributes) const {
  if (!ntlm_) return absl::OkStatus();
  SecurityFlags mutual = ReturnedFlags(initiator_, 0);
  mutual.mutual = true;
  attributes &= ~ReturnedAttributes(initiator_, mutual);
  if (!provider_->quirks().ntlm_features_only_in_attr_flags) {
    return absl::OkStatus();
  }
  SecPkgContext_Flags flags = {};
  SECURITY_STATUS status = provider_->table().QueryContextAttributesW(
      context, SECPKG_ATTR_FLAGS, &flags);
  if (status != SEC_E_OK) {
    return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_FLAGS");
  }
  // ISC_RET_ bits, for both sides.
  const SecurityFlags reported = IscReturnedFlags(flags.Flags);
  SecurityFlags settled = ReturnedFlags(initiator_, 0);
  if (reported.integrity) {
    settled.integrity = true;
    settled.replay_detect = true;
    settled.sequence_detect = true;
  }
  settled.confidentiality = reported.confidentiality;
  attributes |= ReturnedAttributes(initiator_, settled);
  return absl::OkStatus();
}

absl::Status SspiNegotiatePolicy::Settle(CtxtHandle* context,
                                         absl::string_view call,
                                         unsigned long& attributes) {
  if (absl::Status s = CheckNegotiated(context, call); !s.ok()) return s;
  return SettleNtlmAttributes(context, attributes);
}

}  // namespace internal
}  // namespace crossauth
