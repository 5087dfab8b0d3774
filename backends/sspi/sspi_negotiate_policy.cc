// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_negotiate_policy.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/common/ntlm_message.h"
#include "backends/sspi/spnego_offer.h"
#include "backends/sspi/sspi_handles.h"
#include "backends/sspi/sspi_status.h"
#include "backends/sspi/sspi_strings.h"
#include "backends/sspi/sspi_translation.h"

namespace crossauth {
namespace internal {
namespace {

constexpr uint8_t kSpnegoOid[] = {0x06, 0x06, 0x2b, 0x06,
                                  0x01, 0x05, 0x05, 0x02};

bool IsSpnegoToken(absl::Span<const uint8_t> token) {
  // [APPLICATION 0] with a short or long length, then the mechanism OID.
  if (token.size() < 2 || token[0] != 0x60) return false;
  size_t offset = 2;
  if (token[1] & 0x80) offset += token[1] & 0x7f;
  if (token.size() < offset + sizeof(kSpnegoOid)) return false;
  return std::equal(std::begin(kSpnegoOid), std::end(kSpnegoOid),
                    token.begin() + offset);
}

}  // namespace

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
  const bool ntlm_allowed = credential_.allows(Mechanism::kNtlm);
  if (IsRawNtlmMessage(input)) {
    if (ntlm_allowed) return absl::OkStatus();
    return absl::PermissionDeniedError(
        "AcceptSecurityContext: the client offered only NTLM, and NTLM is "
        "not on the allow-list (add Mechanism::kNtlm to accept NTLM "
        "clients)");
  }
  std::optional<std::vector<std::optional<Mechanism>>> offer =
      SpnegoOffer(input);
  if (!offer.has_value()) return absl::OkStatus();
  std::optional<Mechanism> preferred;
  bool kerberos = false;
  for (const std::optional<Mechanism>& mechanism : *offer) {
    if (!mechanism.has_value()) continue;
    if (!preferred.has_value()) preferred = mechanism;
    kerberos = kerberos || mechanism == Mechanism::kKerberos;
  }
  if (!kerberos && !ntlm_allowed) {
    return absl::PermissionDeniedError(
        "AcceptSecurityContext: the client offered no mechanism on this "
        "server's allow-list, and NTLM is not on the allow-list (add "
        "Mechanism::kNtlm to accept NTLM clients)");
  }
  if (provider_->quirks().spnego_follows_client_preference &&
      preferred == Mechanism::kNtlm) {
    if (!ntlm_allowed) {
      return absl::PermissionDeniedError(
          "AcceptSecurityContext: the client's SPNEGO offer prefers NTLM, "
          "and NTLM is not on the allow-list (under Wine, SPNEGO cannot be "
          "kept from settling on it)");
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
  spnego_ = IsSpnegoToken(token);
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
    return absl::PermissionDeniedError(absl::StrCat(
        call,
        ": Negotiate settled on NTLM, and NTLM is not on the allow-list (add "
        "Mechanism::kNtlm to allow it)"));
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
