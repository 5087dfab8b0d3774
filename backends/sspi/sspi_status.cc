// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_status.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "backends/sspi/sspi_strings.h"
#include "crossauth/error.h"

namespace crossauth {
namespace internal {
namespace {

using Code = absl::StatusCode;

// Wine's Kerberos package returns this NTSTATUS for every failed password
// logon (its krb5 error conversion has no other case).
constexpr uint32_t kStatusUnsuccessful = 0xC0000001;

// A SECURITY_STATUS and what it means: a Cause, whose code and hint come
// from the shared table for the call's phase, or (for statuses about the
// call itself, not a cause a user can act on) just a canonical code.
struct Known {
  constexpr Known(uint32_t status, const char* symbol, const char* description,
                  Cause cause)
      : status(status),
        symbol(symbol),
        description(description),
        cause(cause) {}
  constexpr Known(uint32_t status, const char* symbol, const char* description,
                  Code code)
      : status(status), symbol(symbol), description(description), code(code) {}
  uint32_t status;
  const char* symbol;
  // Used when FormatMessageW has no text (Wine has none for SEC_E_ codes).
  const char* description;
  Cause cause = Cause::kNone;
  Code code = Code::kUnknown;  // when cause is kNone
};

// Values, not the winerror.h macros: not every SDK defines all of them.
constexpr Known kKnown[] = {
    {0x00000000, "SEC_E_OK", "success", Code::kOk},
    {0x80090300, "SEC_E_INSUFFICIENT_MEMORY",
     "not enough memory is available to complete the request",
     Code::kResourceExhausted},
    {0x80090301, "SEC_E_INVALID_HANDLE", "the handle is not valid",
     Code::kInternal},
    {0x80090302, "SEC_E_UNSUPPORTED_FUNCTION",
     "the security package does not support this function",
     Code::kUnimplemented},
    {0x80090303, "SEC_E_TARGET_UNKNOWN", "the target is unknown or unreachable",
     Cause::kUnknownService},
    {0x80090304, "SEC_E_INTERNAL_ERROR",
     "the security package reported an internal error", Code::kInternal},
    {0x80090305, "SEC_E_SECPKG_NOT_FOUND",
     "the requested security package does not exist",
     Cause::kMechanismUnavailable},
    {0x80090306, "SEC_E_NOT_OWNER", "the caller is not the credential's owner",
     Code::kPermissionDenied},
    {0x80090307, "SEC_E_CANNOT_INSTALL",
     "the security package failed to initialize", Code::kInternal},
    {0x80090308, "SEC_E_INVALID_TOKEN", "the token is not valid",
     Cause::kMalformedToken},
    {0x80090309, "SEC_E_CANNOT_PACK",
     "the security package cannot marshal the logon buffer", Code::kInternal},
    {0x8009030A, "SEC_E_QOP_NOT_SUPPORTED",
     "the package does not support this quality of protection",
     Code::kUnimplemented},
    {0x8009030B, "SEC_E_NO_IMPERSONATION",
     "the context does not allow impersonation", Code::kPermissionDenied},
    {0x8009030C, "SEC_E_LOGON_DENIED", "the logon attempt failed",
     Cause::kWrongPassword},
    {0x8009030D, "SEC_E_UNKNOWN_CREDENTIALS",
     "the credentials supplied to the package were not recognized",
     Cause::kUnknownUser},
    {0x8009030E, "SEC_E_NO_CREDENTIALS",
     "no credentials are available in the security package",
     Cause::kNoCredential},
    {0x8009030F, "SEC_E_MESSAGE_ALTERED", "the message has been altered",
     Cause::kMessageAltered},
    {0x80090310, "SEC_E_OUT_OF_SEQUENCE",
     "the message was received out of sequence or replayed",
     Cause::kMessageSequence},
    {0x80090311, "SEC_E_NO_AUTHENTICATING_AUTHORITY",
     "no authority could be contacted for authentication",
     Cause::kKdcUnreachable},
    {0x80090316, "SEC_E_BAD_PKGID",
     "the requested package identifier does not exist",
     Cause::kMechanismUnavailable},
    {0x80090317, "SEC_E_CONTEXT_EXPIRED", "the context has expired",
     Cause::kContextExpired},
    {0x80090318, "SEC_E_INCOMPLETE_MESSAGE",
     "the message is incomplete or truncated", Cause::kMalformedToken},
    {0x80090320, "SEC_E_INCOMPLETE_CREDENTIALS",
     "the credentials are incomplete", Code::kUnauthenticated},
    {0x80090321, "SEC_E_BUFFER_TOO_SMALL", "the buffers are too small",
     Code::kInternal},
    {0x80090322, "SEC_E_WRONG_PRINCIPAL",
     "the target principal name is incorrect", Cause::kWrongService},
    {0x80090324, "SEC_E_TIME_SKEW",
     "the clocks on the client and server machines are skewed",
     Cause::kClockSkew},
    {0x80090326, "SEC_E_ILLEGAL_MESSAGE", "the message is malformed",
     Cause::kMalformedToken},
    {0x80090328, "SEC_E_CERT_EXPIRED", "the certificate has expired",
     Cause::kExpired},
    {0x80090329, "SEC_E_ENCRYPT_FAILURE", "the data could not be encrypted",
     Code::kInternal},
    {0x80090330, "SEC_E_DECRYPT_FAILURE", "the data could not be decrypted",
     Cause::kMessageAltered},
    {0x80090331, "SEC_E_ALGORITHM_MISMATCH",
     "client and server have no common algorithm", Code::kFailedPrecondition},
    {0x80090332, "SEC_E_SECURITY_QOS_FAILED",
     "the requested security properties could not be established",
     Code::kUnauthenticated},
    {0x80090333, "SEC_E_UNFINISHED_CONTEXT_DELETED",
     "the context was deleted before its handshake finished", Code::kAborted},
    {0x80090334, "SEC_E_NO_TGT_REPLY",
     "the KDC did not return a ticket-granting ticket for user-to-user",
     Cause::kNoCredential},
    {0x80090335, "SEC_E_NO_IP_ADDRESSES", "no network addresses are available",
     Code::kUnavailable},
    {0x80090336, "SEC_E_WRONG_CREDENTIAL_HANDLE",
     "the credential handle does not match the context",
     Code::kFailedPrecondition},
    {0x80090337, "SEC_E_CRYPTO_SYSTEM_INVALID",
     "the cryptographic system or checksum function is not valid",
     Code::kFailedPrecondition},
    {0x80090338, "SEC_E_MAX_REFERRALS_EXCEEDED",
     "the number of KDC referrals was exceeded", Cause::kUnknownRealm},
    {0x80090339, "SEC_E_MUST_BE_KDC", "the target must be a KDC",
     Code::kFailedPrecondition},
    {0x8009033A, "SEC_E_STRONG_CRYPTO_NOT_SUPPORTED",
     "strong cryptography is not supported", Code::kFailedPrecondition},
    {0x80090340, "SEC_E_KDC_INVALID_REQUEST", "the KDC rejected the request",
     Code::kInvalidArgument},
    {0x80090341, "SEC_E_KDC_UNABLE_TO_REFER",
     "the KDC could not refer the request to another realm",
     Cause::kNoRealmPath},
    {0x80090342, "SEC_E_KDC_UNKNOWN_ETYPE",
     "the KDC does not support the requested encryption type",
     Cause::kStaleKey},
    {0x80090343, "SEC_E_UNSUPPORTED_PREAUTH",
     "the pre-authentication type is not supported", Code::kUnauthenticated},
    {0x80090345, "SEC_E_DELEGATION_REQUIRED",
     "the server must be trusted for delegation", Code::kPermissionDenied},
    {0x80090346, "SEC_E_BAD_BINDINGS",
     "the client and server channel bindings differ", Cause::kBadBindings},
    {0x80090347, "SEC_E_MULTIPLE_ACCOUNTS",
     "the account maps to more than one principal", Code::kFailedPrecondition},
    {0x80090348, "SEC_E_NO_KERB_KEY", "no Kerberos key was found",
     Cause::kMissingKeytabEntry},
    {0x80090350, "SEC_E_DOWNGRADE_DETECTED",
     "a security downgrade was detected", Code::kUnauthenticated},
    {0x80090363, "SEC_E_MUTUAL_AUTH_FAILED",
     "the server failed to authenticate itself", Cause::kServerNotProven},
    {0x80090357, "SEC_E_CROSSREALM_DELEGATION_FAILURE",
     "the server cannot be trusted for cross-realm delegation",
     Code::kPermissionDenied},
    {0x8009035E, "SEC_E_ISSUING_CA_UNTRUSTED_KDC",
     "the KDC's certificate authority is not trusted", Code::kUnauthenticated},
    {0x8009035F, "SEC_E_POLICY_NLTM_ONLY",
     "policy allows only NTLM for this target", Code::kPermissionDenied},
    {0x00090312, "SEC_I_CONTINUE_NEEDED", "the handshake continues", Code::kOk},
    {0x00090313, "SEC_I_COMPLETE_NEEDED", "CompleteAuthToken is needed",
     Code::kOk},
    {0x00090314, "SEC_I_COMPLETE_AND_CONTINUE",
     "CompleteAuthToken is needed and the handshake continues", Code::kOk},
    {0x00090315, "SEC_I_LOCAL_LOGON", "the logon was a local logon", Code::kOk},
    {0xC0000001, "STATUS_UNSUCCESSFUL", "the operation failed", Code::kUnknown},
    {0xC0000017, "STATUS_NO_MEMORY", "not enough memory",
     Code::kResourceExhausted},
    {0xC0000064, "STATUS_NO_SUCH_USER", "the user does not exist",
     Cause::kUnknownUser},
    {0xC000006A, "STATUS_WRONG_PASSWORD", "the password is wrong",
     Cause::kWrongPassword},
    {0xC000006D, "STATUS_LOGON_FAILURE", "the logon failed",
     Cause::kWrongPassword},
    {0xC0000071, "STATUS_PASSWORD_EXPIRED", "the password has expired",
     Cause::kPasswordExpired},
    {0xC0000072, "STATUS_ACCOUNT_DISABLED", "the account is disabled",
     Cause::kAccountDisabled},
};

const Known* Find(SECURITY_STATUS status) {
  for (const Known& known : kKnown) {
    if (known.status == static_cast<uint32_t>(status)) return &known;
  }
  return nullptr;
}

// FormatMessageW's text for `status`, or "" (Wine has none for SEC_E_).
std::string SystemText(SECURITY_STATUS status) {
  wchar_t* buffer = nullptr;
  DWORD length = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
          FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, static_cast<DWORD>(status), 0,
      reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::string text;
  if (length != 0 && buffer != nullptr) {
    text = Utf8(buffer, length);
  }
  if (buffer != nullptr) LocalFree(buffer);
  absl::StripTrailingAsciiWhitespace(&text);
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

absl::Status Make(absl::string_view call, SECURITY_STATUS status, Code code,
                  absl::string_view hint, ErrorReason reason) {
  NativeError error;
  error.backend = "sspi";
  error.call = std::string(call);
  error.major = static_cast<uint32_t>(status);
  error.minor = 0;
  error.text = SecurityStatusText(status);
  error.hint = std::string(hint);
  error.reason = reason;
  return NativeStatus(code, error);
}

// The meaning shared by every call, with `hints`: a known status's cause,
// whose code, reason and hint the shared table gives for the phase, or its
// code. A failure nobody explains is the peer token's fault on a call that
// reads one, and kUnknown on any other.
absl::Status Generic(absl::string_view call, SECURITY_STATUS status,
                     const MapHints& hints = {}) {
  if (status >= 0) return absl::OkStatus();
  const Known* known = Find(status);
  Cause cause = known != nullptr ? known->cause : Cause::kNone;
  Code code = known != nullptr ? known->code : Code::kUnknown;
  if (cause == Cause::kNone && code == Code::kUnknown &&
      PeerFacing(hints.phase)) {
    cause = Cause::kTokenRefused;
  }
  const Diagnosis diagnosis = Explain(cause, code, hints);
  return Make(call, status, diagnosis.code, diagnosis.hint, diagnosis.reason);
}

// The hints of a call in `phase`, with nothing else known.
MapHints InPhase(Phase phase) {
  MapHints hints;
  hints.phase = phase;
  return hints;
}

// The refusal of a package that is not installed (NTLM under Wine without
// ntlm_auth, say).
absl::Status PackageMissing(absl::string_view call, SECURITY_STATUS status,
                            absl::string_view package) {
  return Make(
      call, status, Code::kNotFound,
      absl::StrCat("the ", package, " security package is not installed"),
      ErrorReason::kUnsupported);
}

}  // namespace

absl::string_view SecurityStatusSymbol(SECURITY_STATUS status) {
  const Known* known = Find(status);
  return known == nullptr ? "" : known->symbol;
}

std::string SecurityStatusText(SECURITY_STATUS status) {
  const Known* known = Find(status);
  std::string text = SystemText(status);
  if (text.empty() && known != nullptr) text = known->description;
  std::string head = absl::StrFormat(
      "%s(0x%08X)",
      known != nullptr ? absl::StrCat(known->symbol, " ") : std::string(),
      static_cast<uint32_t>(status));
  return text.empty() ? head : absl::StrCat(head, ": ", text);
}

absl::Status MapSspiStatus(absl::string_view call, SECURITY_STATUS status,
                           const MapHints& hints) {
  return Generic(call, status, hints);
}

absl::Status MapAcquireCredentialsHandleStatus(SECURITY_STATUS status,
                                               absl::string_view package,
                                               bool password, bool acceptor) {
  constexpr absl::string_view kCall = "AcquireCredentialsHandleW";
  switch (static_cast<uint32_t>(status)) {
    case 0x80090305:  // SEC_E_SECPKG_NOT_FOUND
      return PackageMissing(kCall, status, package);
    case kStatusUnsuccessful:
      // Wine cannot tell an unknown user from a wrong password here.
      if (password) {
        return Make(kCall, status, Code::kUnauthenticated,
                    "the KDC refused the logon; check the user name, the "
                    "realm and the password",
                    ErrorReason::kWrongPassword);
      }
      break;
    default:
      break;
  }
  return Generic(
      kCall, status,
      InPhase(acceptor ? Phase::kAcquireAcceptor : Phase::kAcquireInitiator));
}

absl::Status MapQuerySecurityPackageInfoStatus(SECURITY_STATUS status,
                                               absl::string_view package) {
  constexpr absl::string_view kCall = "QuerySecurityPackageInfoW";
  if (static_cast<uint32_t>(status) == 0x80090305) {
    return PackageMissing(kCall, status, package);
  }
  return Generic(kCall, status);
}

absl::Status MapInitializeSecurityContextStatus(SECURITY_STATUS status,
                                                absl::string_view target,
                                                bool server_token) {
  return Generic("InitializeSecurityContextW", status,
                 InitiatorHints(target, server_token));
}

absl::Status MapAcceptSecurityContextStatus(SECURITY_STATUS status, bool ntlm) {
  constexpr absl::string_view kCall = "AcceptSecurityContext";
  if (static_cast<uint32_t>(status) == 0x8009030C && ntlm) {
    // SEC_E_LOGON_DENIED for an NTLM client: its password, not our key.
    return Make(kCall, status, Code::kUnauthenticated,
                absl::StrCat(kHintNtlmCredentialsRefused,
                             " (Wine's NTLM acceptor also needs a running "
                             "winbindd to check them)"),
                ErrorReason::kWrongPassword);
  }
  // SEC_E_LOGON_DENIED (the ticket did not decrypt with the service's key)
  // and SEC_E_NO_CREDENTIALS (no key for the client's mechanism or
  // service) mean what they mean on the acceptor's side.
  return Generic(kCall, status, AcceptorHints());
}

absl::Status MapQueryContextAttributesStatus(SECURITY_STATUS status,
                                             absl::string_view attribute) {
  return Generic(absl::StrCat("QueryContextAttributesW(", attribute, ")"),
                 status);
}

absl::Status MapImpersonateSecurityContextStatus(SECURITY_STATUS status) {
  constexpr absl::string_view kCall = "ImpersonateSecurityContext";
  switch (static_cast<uint32_t>(status)) {
    case 0x8009030B:  // SEC_E_NO_IMPERSONATION
      return Make(kCall, status, Code::kPermissionDenied,
                  "the client's logon cannot be impersonated here; the "
                  "service account needs the \"Impersonate a client after "
                  "authentication\" right (SeImpersonatePrivilege)",
                  ErrorReason::kDelegationUnavailable);
    case 0x80090302:  // SEC_E_UNSUPPORTED_FUNCTION
      return Make(kCall, status, Code::kUnimplemented,
                  "this security package cannot impersonate its clients, so "
                  "it cannot hand over a delegated credential",
                  ErrorReason::kDelegationUnavailable);
    default:
      return Generic(kCall, status);
  }
}

absl::Status MapMessageCheck(absl::string_view call, SECURITY_STATUS status,
                             bool replayed) {
  // A token that fails its checks is a corrupt message (kDataLoss), not bad
  // caller input.
  switch (static_cast<uint32_t>(status)) {
    case 0x80090308:  // SEC_E_INVALID_TOKEN
    case 0x80090318:  // SEC_E_INCOMPLETE_MESSAGE
      if (replayed) {
        // Wine says SEC_E_INVALID_TOKEN for a replay; the shared hint
        // follows what crossauth saw.
        return Make(call, status, Code::kAborted,
                    absl::StrCat("replay: this context already accepted a "
                                 "message with this sequence number; ",
                                 kHintMessageSequence),
                    ErrorReason::kReplayedMessage);
      }
      return Make(call, status, Code::kDataLoss, kHintMalformedToken,
                  ErrorReason::kTamperedMessage);
    default:
      return Generic(call, status, InPhase(Phase::kMessage));
  }
}

}  // namespace internal
}  // namespace crossauth
