// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// error.h: what a crossauth failure carries besides its absl::Status code.
//
// Every crossauth call that can fail returns an `absl::Status` (or
// `absl::StatusOr<T>`) with the most specific canonical code and a message
// that reads on its own:
//
//   gss_init_sec_context: Server HTTP/web.example@EXAMPLE.COM not found in
//   Kerberos database (KDC_ERR_S_PRINCIPAL_UNKNOWN); check the service name
//   and its keytab
//
// Failures that come from the native library (GSS-API or SSPI) also carry a
// `NativeError` payload with the raw codes, so that nothing is lost:
//
//   absl::StatusOr<crossauth::StepResult> step = session.Step(token);
//   if (!step.ok()) {
//     // The cause as a value, the same on every backend.
//     if (crossauth::GetErrorReason(step.status()) ==
//         crossauth::ErrorReason::kClockSkew) {
//       SuggestTimeSync();
//     }
//     // For a person: code, message, reason and the native codes.
//     std::cerr << crossauth::FormatError(step.status()) << "\n";
//     // A failed accept may still have a token (a KRB-ERROR) for the peer.
//     if (std::optional<std::vector<uint8_t>> token =
//             crossauth::GetErrorToken(step.status())) {
//       Send(*token);
//     }
//   }

#ifndef CROSSAUTH_ERROR_H_
#define CROSSAUTH_ERROR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "crossauth/export.h"

namespace crossauth {

// ErrorReason
//
// Why a crossauth call failed, as a program can branch on it: the same value
// for the same cause on every backend (GSS-API with MIT or Heimdal, SSPI on
// Windows or under Wine), whatever the native codes. The canonical code of
// the status says what kind of failure it is; the reason says which one. A
// program never needs to read the message text:
//
//   switch (crossauth::GetErrorReason(step.status())) {
//     case crossauth::ErrorReason::kClockSkew:
//       return "synchronize the clocks";
//     case crossauth::ErrorReason::kExpired:
//       return "run kinit again";
//     default:
//       return std::string(step.status().message());
//   }
//
// New values may be added in later versions: a `switch` over ErrorReason
// needs a `default:` label. The numeric values are not stable; the names
// ErrorReasonName() gives are.
enum class ErrorReason {
  // No reason was recorded: an OK status, or one that crossauth did not
  // build (an application's own, say).
  kUnspecified = 0,
  // A failure crossauth does not classify further (an internal error, no
  // memory, a native code it does not know). The message and the
  // NativeError say more.
  kOther,
  // The KDC does not know the service principal (KDC_ERR_S_PRINCIPAL_UNKNOWN,
  // SEC_E_TARGET_UNKNOWN): a wrong target name or an unregistered SPN.
  kUnknownServicePrincipal,
  // The acceptor got a ticket for another service principal than its own
  // (KRB_AP_WRONG_PRINC, SEC_E_WRONG_PRINCIPAL).
  kWrongServicePrincipal,
  // The KDC does not know the client principal (KDC_ERR_C_PRINCIPAL_UNKNOWN).
  // Where the native library cannot tell an unknown user from a wrong
  // password (SSPI under Wine), the reason is kWrongPassword.
  kUnknownUser,
  // The password (or the key derived from it) was refused.
  kWrongPassword,
  // The user's password has expired and must be changed (KDC_ERR_KEY_EXP).
  kPasswordExpired,
  // The account is disabled, locked out or revoked (KDC_ERR_CLIENT_REVOKED).
  kAccountDisabled,
  // A policy refuses the request: the KDC's (KDC_ERR_POLICY), or the acceptor's
  // authorization policy (a SASL authorization identity it does not allow).
  kPolicyRefused,
  // There is no usable credential: no ticket in the cache, no credential for
  // the mechanism (GSS_S_NO_CRED, SEC_E_NO_CREDENTIALS).
  kNoCredential,
  // A ticket, credential or session has expired.
  kExpired,
  // The clocks of client, server and KDC differ by more than the allowed
  // skew (KRB_AP_ERR_SKEW, SEC_E_TIME_SKEW).
  kClockSkew,
  // No KDC answered (KRB5_KDC_UNREACH, SEC_E_NO_AUTHENTICATING_AUTHORITY).
  kKdcUnreachable,
  // The realm is unknown, has no KDC to be found, has no cross-realm path
  // from the client's realm, or there is no default realm.
  kUnknownRealm,
  // The target's host name does not resolve: the forward DNS lookup of a
  // canonicalizing target failed.
  kUnknownHost,
  // The acceptor has no keys: its keytab file is missing, unreadable or
  // empty (on Windows: the service account has none).
  kMissingKeytab,
  // The keytab exists but has no key for this service principal.
  kMissingKeytabEntry,
  // The acceptor's key is not the KDC's (KRB_AP_ERR_MODIFIED, a key version
  // the keytab lacks): the keytab is stale or for another principal.
  kStaleKey,
  // This authenticator was already accepted (KRB_AP_ERR_REPEAT): a replayed
  // first token.
  kReplayedAuthenticator,
  // A message, MIC or handshake token failed its integrity check: it was
  // altered, or is not from this session's peer. Also a message token that
  // does not parse (SSPI cannot tell the two apart).
  kTamperedMessage,
  // A message was replayed, came out of order or after a gap, and the
  // session's replay or sequence detection refused it.
  kReplayedMessage,
  // A handshake token is malformed, truncated or too large.
  kMalformedToken,
  // The peer refused a handshake token and its library said nothing more
  // specific.
  kTokenRefused,
  // The server did not prove its identity: its reply failed verification
  // (mutual authentication failed).
  kServerNotProven,
  // The mechanism is refused by policy: NTLM that is not on the allow-list,
  // a mechanism the credential does not allow.
  kMechanismRefused,
  // The channel bindings differ between client and server, or the client
  // sent none to a server that requires them.
  kChannelBindingsMismatch,
  // No credential was delegated, or this platform or package cannot hand
  // one over.
  kDelegationUnavailable,
  // The feature or mechanism is not available on this platform or in this
  // native library (SSPI's ccache option, NTLM without its package).
  kUnsupported,
  // A protection the caller required was not negotiated: replay or sequence
  // detection, confidentiality, integrity, mutual authentication.
  kProtectionMissing,
  // The call does not fit the object's state or usage: a session not yet
  // complete, failed or ended; an empty credential; a credential for the
  // other side; a call already in progress on another thread.
  kWrongState,
  // An argument or option is invalid (an empty token, a malformed name).
  kInvalidArgument,
  // The KDC refused constrained delegation (S4U2Proxy) to this target for
  // an impersonated or evidence credential: the service may not delegate to
  // it (Active Directory's msDS-AllowedToDelegateTo; MIT's DB2 KDC allows
  // none), or the user's ticket or the service's own TGT is not forwardable
  // (KDC_ERR_BADOPTION).
  kDelegationRefused,
};

// ErrorReasonName()
//
// A stable name for `reason`, for logs and for programs that keep reasons
// as text: the enumerator without its "k", in snake case (for example
// "clock_skew", "unknown_service_principal"). Names never change once
// released; "unspecified" for a value this version does not know.
CROSSAUTH_EXPORT absl::string_view ErrorReasonName(ErrorReason reason);

// NativeError
//
// The native library's own account of a failure. For GSS-API, `major` and
// `minor` are the GSS major and minor status codes and `mechanism` is the
// dotted OID of the mechanism that produced the minor code (empty when none).
// For SSPI, `major` holds the SECURITY_STATUS (as an unsigned 32-bit value)
// and `minor` is 0. `text` is what the native library says about the codes
// (gss_display_status or FormatMessage). `hint` is crossauth's advice when the
// cause is a known one (service name, DNS, realm, clock skew, expired ticket,
// missing keytab entry, replay); it is empty otherwise. `reason` is the
// cause as a value (see ErrorReason), the same on every backend.
struct CROSSAUTH_EXPORT NativeError {
  std::string backend;    // "gssapi" or "sspi"
  std::string call;       // for example "gss_init_sec_context"
  uint32_t major = 0;     // GSS major status, or SECURITY_STATUS
  uint32_t minor = 0;     // GSS minor status; 0 for SSPI
  std::string mechanism;  // dotted OID, or empty
  std::string text;       // the native library's text
  std::string hint;       // crossauth's advice, or empty
  ErrorReason reason = ErrorReason::kUnspecified;
};

// GetNativeError()
//
// Returns the `NativeError` payload of `status`, or std::nullopt when the
// failure did not come from a native call (for example an invalid option
// rejected before any native call was made).
CROSSAUTH_EXPORT std::optional<NativeError> GetNativeError(
    const absl::Status& status);

// GetErrorReason()
//
// Returns why `status` failed: the reason of its NativeError, or the reason
// crossauth recorded for a failure it found itself (an invalid option, a
// session used before it is complete). A status with no recorded reason has
// the one its code implies, where a code implies one: kInvalidArgument for
// INVALID_ARGUMENT, kWrongState for FAILED_PRECONDITION and kUnsupported for
// UNIMPLEMENTED (what crossauth returns for a platform's gap). kUnspecified
// for an OK status and for any other status crossauth did not build.
CROSSAUTH_EXPORT ErrorReason GetErrorReason(const absl::Status& status);

// GetErrorToken()
//
// Returns the token that a failed session step produced for the peer (for
// example a KRB-ERROR after a replayed or expired authenticator), or
// std::nullopt when there is none. Sending it lets the peer report the real
// cause instead of a timeout.
CROSSAUTH_EXPORT std::optional<std::vector<uint8_t>> GetErrorToken(
    const absl::Status& status);

// ToString()
//
// `error` as one line a person can read, for example
//
//   gssapi gss_init_sec_context: reason unknown_service_principal;
//   major 0xd0000, minor 0x96c73a07 (mechanism 1.2.840.113554.1.2.2);
//   Server not found in Kerberos database; hint: check the service name
//
// (without the line breaks). SSPI's status shows as "status 0x80090303".
// Parts that are empty are left out.
CROSSAUTH_EXPORT std::string ToString(const NativeError& error);

// FormatError()
//
// `status` for a person, instead of absl::Status::ToString(), which prints
// crossauth's payloads as opaque length-prefixed fields:
//
//   NOT_FOUND: gss_init_sec_context: Server ... not found ...; check the
//   service name ... [reason unknown_service_principal; major 0xd0000,
//   minor 0x96c73a07 (mechanism 1.2.840.113554.1.2.2); error token 112
//   bytes]
//
// The code and message come first, as in ToString(); then, in brackets,
// the reason and, for a native failure, its codes (ToString() of the
// NativeError, without what the message already says), and the size of an
// error token if there is one. "OK" for an OK status. The text is as safe
// to print as the message: crossauth escapes what a peer wrote.
CROSSAUTH_EXPORT std::string FormatError(const absl::Status& status);

}  // namespace crossauth

#endif  // CROSSAUTH_ERROR_H_
