// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_status.h: turning SECURITY_STATUS values into absl::Status values.
//
// One table-driven mapping for every call (MapSspiStatus), and a function of
// its own for the calls where a code means something else (SEC_E_INVALID_TOKEN
// is a malformed handshake token for AcceptSecurityContext, but a corrupt
// message for DecryptMessage).
// A known status names a Cause; its code and hint come from the shared table
// (backends/common/hints.h) for the call's phase, the same as on GSS-API.
// Each returns the most specific canonical code and ErrorReason with a
// NativeError payload: backend "sspi", the call, the SECURITY_STATUS in
// `major`, the text (the
// status's symbol, its value and the FormatMessageW text, or crossauth's own
// description where the system has none, as under Wine), and a hint where the
// cause is a known one.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_STATUS_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "backends/common/hints.h"
#include "backends/sspi/sspi_library.h"

namespace crossauth {
namespace internal {

// SecurityStatusSymbol()
//
// "SEC_E_INVALID_TOKEN" and the like, or "" for a value crossauth does not
// know.
absl::string_view SecurityStatusSymbol(SECURITY_STATUS status);

// SecurityStatusText()
//
// For example "SEC_E_INVALID_TOKEN (0x80090308): The token supplied to the
// function is invalid". The description is FormatMessageW's (UTF-8), or
// crossauth's own when the system has none.
std::string SecurityStatusText(SECURITY_STATUS status);

// MapSspiStatus()
//
// The status for `status` from `call` (its name as shown, for example
// "EncryptMessage"), with `hints` (the phase, a fallback hint, a detail)
// from the caller. OK for a success or informational status. The calls
// whose mapping differs have their own functions below.
absl::Status MapSspiStatus(absl::string_view call, SECURITY_STATUS status,
                           const MapHints& hints = {});

// MapAcquireCredentialsHandleStatus()
//
// `password` tells whether an explicit password was given: Wine reports
// every failed password logon as STATUS_UNSUCCESSFUL. `acceptor`: the
// credential is inbound (a missing credential is then about the service's
// keys, not the user's tickets). A missing `package` is named.
absl::Status MapAcquireCredentialsHandleStatus(SECURITY_STATUS status,
                                               absl::string_view package,
                                               bool password,
                                               bool acceptor = false);
// MapQuerySecurityPackageInfoStatus(): a missing `package` is named.
absl::Status MapQuerySecurityPackageInfoStatus(SECURITY_STATUS status,
                                               absl::string_view package);
// MapInitializeSecurityContextStatus()
//
// `server_token`: the call was given the server's token (a later step, which
// checks the server's reply) rather than starting the exchange; every
// failure names `target` (InitiatorHints()).
absl::Status MapInitializeSecurityContextStatus(SECURITY_STATUS status,
                                                absl::string_view target,
                                                bool server_token);
// MapAcceptSecurityContextStatus()
//
// `ntlm`: the refused message was an NTLM one (a logon failure is then the
// client's password, not the service's key).
absl::Status MapAcceptSecurityContextStatus(SECURITY_STATUS status,
                                            bool ntlm = false);
// MapQueryContextAttributesStatus(): the call is shown with `attribute`.
absl::Status MapQueryContextAttributesStatus(SECURITY_STATUS status,
                                             absl::string_view attribute);
// MapImpersonateSecurityContextStatus()
//
// For taking a delegated credential: impersonating the context's client.
absl::Status MapImpersonateSecurityContextStatus(SECURITY_STATUS status);
// MapMessageCheck()
//
// For DecryptMessage and VerifySignature (`call`): `replayed` is true when
// the token was rejected and its sequence number shows a message this
// context already accepted (Wine reports such a replay as
// SEC_E_INVALID_TOKEN).
absl::Status MapMessageCheck(absl::string_view call, SECURITY_STATUS status,
                             bool replayed);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_STATUS_H_
