// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_session_info.h: SessionInfo from a complete SSPI context.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_SESSION_INFO_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_SESSION_INFO_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "backends/sspi/sspi_library.h"
#include "crossauth/mechanism.h"
#include "crossauth/session.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// SspiContextFacts
//
// What the handshake learnt about a context, beyond what SSPI can be asked.
struct SspiContextFacts {
  bool initiator = false;
  Mechanism mechanism = Mechanism::kNegotiate;  // the one the session started
  unsigned long attributes = 0;  // the settled ISC_RET_ or ASC_RET_ bits
  TimeStamp expiry = {};
  bool spnego = false;  // the client's first token was SPNEGO
  bool ntlm = false;    // the context speaks raw NTLM
  // The principal this side logged on with (a password credential), or "".
  std::string logon_principal;
};

// QuerySessionInfo()
//
// The SessionInfo of the complete context `context`, without the names: the
// flags and expiry from `facts`, and the mechanism actually used
// (SECPKG_ATTR_NEGOTIATION_INFO, or `facts` where the package does not say,
// as under Wine).
absl::StatusOr<SessionInfo> QuerySessionInfo(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle context,
    const SspiContextFacts& facts);

// QueryNativeNames()
//
// The two principals of the complete context `context`: client and server
// from SECPKG_ATTR_NATIVE_NAMES, else the context's user from
// SECPKG_ATTR_NAMES. Where SSPI reports neither (Wine), only the name this
// side logged on with is known, and the rest is left unset. Every buffer
// SSPI returns is freed.
absl::StatusOr<NativeNames> QueryNativeNames(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle context,
    const SspiContextFacts& facts);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_SESSION_INFO_H_
