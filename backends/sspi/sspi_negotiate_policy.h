// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_negotiate_policy.h: keeping an SSPI context to its credential's
// allow-list, and what an NTLM context really has.
//
// SSPI's Negotiate package may settle on NTLM although NTLM is not allowed
// (Windows falls back when Kerberos fails; Wine's acceptor follows the
// client's preference), and an NTLM context's returned attributes are not
// what it can do. These are SSPI's own rules: GSS-API's mechglue is told the
// allowed mechanisms up front. The rules that are the same on both backends
// live in src/core.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_NEGOTIATE_POLICY_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_NEGOTIATE_POLICY_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "backends/sspi/sspi_credential.h"
#include "backends/sspi/sspi_library.h"
#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {

// NegotiatedPackage
//
// What SECPKG_ATTR_NEGOTIATION_INFO said. `reported` is false when the
// package does not support the query (Wine); `mechanism` is set when it
// named a package crossauth knows.
struct NegotiatedPackage {
  bool reported = false;
  std::optional<Mechanism> mechanism;
};

// QueryNegotiatedPackage()
//
// SECPKG_ATTR_NEGOTIATION_INFO of `context`, the buffer freed. Errors: the
// mapped failure, except SEC_E_UNSUPPORTED_FUNCTION (not `reported`).
absl::StatusOr<NegotiatedPackage> QueryNegotiatedPackage(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle context);

// SspiNegotiatePolicy
//
// The policy state of one context: whether it speaks SPNEGO or NTLM, learnt
// from its first token and from the package once it says. One thread at a
// time, like the context. `credential` must outlive it.
class SspiNegotiatePolicy {
 public:
  SspiNegotiatePolicy(const SspiCredential& credential, Mechanism mechanism,
                      bool initiator)
      : provider_(credential.provider()),
        credential_(credential),
        mechanism_(mechanism),
        initiator_(initiator) {}

  // CheckOffer()
  //
  // A server's SSPI-only check of the client's first token, before any
  // package sees it (after SessionCore's CheckClientFirstToken, which holds
  // on every backend): where SPNEGO follows the client's preference
  // (SspiQuirks::spnego_follows_client_preference), an offer that prefers
  // NTLM is refused (PermissionDenied when NTLM is not allowed, else
  // Unimplemented).
  absl::Status CheckOffer(absl::Span<const uint8_t> input) const;

  // NoteFirstToken()
  //
  // Records, from the first token of the exchange (the client's), whether
  // the context speaks SPNEGO and whether it speaks raw NTLM. Later calls
  // do nothing.
  void NoteFirstToken(absl::Span<const uint8_t> token);
  bool first_token_seen() const { return first_token_seen_; }

  // CheckNegotiated()
  //
  // Learns whether Negotiate settled on NTLM (SECPKG_ATTR_NEGOTIATION_INFO,
  // where the package reports it) and refuses NTLM that is not on the
  // credential's allow-list (NegotiateSettledOnNtlmError(call)). SessionCore
  // checks the completed context too; this runs on every step, so that no
  // NTLM message leaves when NTLM is not allowed.
  absl::Status CheckNegotiated(CtxtHandle* context, absl::string_view call);

  // SettleNtlmAttributes()
  //
  // At completion, for an NTLM context: the returned `attributes` (ISC_RET_
  // or ASC_RET_) it really has. NTLM cannot prove the server to the client,
  // so mutual authentication is dropped everywhere (Wine's NTLM package
  // echoes it from the request). Where the package reports its features only
  // through SECPKG_ATTR_FLAGS
  // (SspiQuirks::ntlm_features_only_in_attr_flags), signing there means
  // integrity, and with it replay and sequence detection (every NTLM
  // signature carries a sequence number the receiver checks, see
  // docs/windows.md), and sealing means confidentiality.
  absl::Status SettleNtlmAttributes(CtxtHandle* context,
                                    unsigned long& attributes) const;

  // Settle()
  //
  // At completion: CheckNegotiated(), then SettleNtlmAttributes().
  absl::Status Settle(CtxtHandle* context, absl::string_view call,
                      unsigned long& attributes);

  // The context speaks raw NTLM (not inside SPNEGO).
  bool ntlm() const { return ntlm_; }
  // The client's first token was a SPNEGO one.
  bool spnego() const { return spnego_; }

 private:
  std::shared_ptr<const SspiProvider> provider_;
  const SspiCredential& credential_;
  Mechanism mechanism_;
  bool initiator_;
  bool first_token_seen_ = false;
  bool spnego_ = false;
  bool ntlm_ = false;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_NEGOTIATE_POLICY_H_
