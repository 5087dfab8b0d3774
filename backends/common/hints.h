// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// hints.h: the advice crossauth attaches to well-known failures, and the
// table that picks a failure's code and hint from its cause and from where
// it happened.
//
// A backend translates its native codes into a Cause (the same names on
// GSS-API and SSPI) and says which Phase failed: acquiring a credential,
// the client's first step, the client checking the server's reply, the
// server checking the client's token, or a message check. Diagnose() then
// looks the pair up in kCauseTable, so the same cause gets the same code and
// text on both backends, and the same native code can mean different things
// on different sides (KRB_AP_ERR_BAD_INTEGRITY is a wrong password while
// acquiring, but a server that failed to prove itself when the client checks
// its reply).

#ifndef CROSSAUTH_BACKENDS_COMMON_HINTS_H_
#define CROSSAUTH_BACKENDS_COMMON_HINTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "crossauth/error.h"

namespace crossauth {
namespace internal {

inline constexpr char kHintServiceName[] =
    "check the service name (SPN) and that the service is registered in the "
    "realm";
inline constexpr char kHintUserName[] = "check the user name and the realm";
inline constexpr char kHintPassword[] = "check the password";
// An acceptor's NTLM check of the client's response failed: the client's
// credentials, not the service's keys (both backends say it).
inline constexpr char kHintNtlmCredentialsRefused[] =
    "the NTLM client's user name or password was refused";
inline constexpr char kHintPasswordExpired[] =
    "the password has expired; change it";
inline constexpr char kHintAccountDisabled[] =
    "the account is disabled or locked out";
inline constexpr char kHintExpired[] =
    "the ticket or credential has expired; run kinit again or renew it";
inline constexpr char kHintClockSkew[] =
    "clock skew: the clocks of client, server and KDC differ by more than the "
    "allowed skew; synchronize them";
inline constexpr char kHintReplayedAuthenticator[] =
    "replay: this authenticator was already accepted (replay cache hit)";
inline constexpr char kHintStaleKey[] =
    "the acceptor's key does not match the KDC's (the keytab is stale or for "
    "another principal); export the keytab again";
inline constexpr char kHintWrongService[] =
    "the ticket is for another service principal than this acceptor's; check "
    "the client's target name and the server's principal";
inline constexpr char kHintMissingKeytabEntry[] =
    "missing keytab entry: the keytab has no key for this service principal; "
    "add it with kadmin ktadd";
inline constexpr char kHintNoTicket[] =
    "no usable ticket: run kinit, or acquire with a password or client keytab";
inline constexpr char kHintKdcUnreachable[] =
    "no KDC answered: check the realm's kdc entries in krb5.conf, DNS and the "
    "network";
inline constexpr char kHintUnknownRealm[] =
    "unknown realm: check default_realm and [domain_realm] in krb5.conf";
inline constexpr char kHintBadBindings[] =
    "the channel bindings differ between client and server";
inline constexpr char kHintMalformedToken[] =
    "the token is malformed or truncated";
inline constexpr char kHintMessageAltered[] =
    "the message was altered, or is not from this session's peer";
inline constexpr char kHintMessageSequence[] =
    "replay and sequence detection reject it; the plaintext was discarded";
inline constexpr char kHintContextExpired[] =
    "the session has expired; authenticate again";
inline constexpr char kHintMechanismUnavailable[] =
    "the mechanism is not available in this library";
inline constexpr char kHintServerReply[] =
    "the server's reply failed verification: the server did not prove its "
    "identity (its reply was altered, or belongs to another exchange)";
inline constexpr char kHintNoRealmPath[] =
    "unknown realm: the KDC has no cross-realm trust to the target's realm "
    "(no krbtgt for it); check the target's realm and [domain_realm] in "
    "krb5.conf";
inline constexpr char kHintAcceptorNoCredential[] =
    "the acceptor has no credential for the client's mechanism or service: "
    "the mechanism is not on this acceptor's allow-list, or the acceptor has "
    "no key for the service";
inline constexpr char kHintKeytabFile[] =
    "the keytab file does not exist, cannot be read or is empty; check the "
    "keytab path (the keytab option or KRB5_KTNAME)";
inline constexpr char kHintAcceptorKeys[] =
    "the acceptor has no keys: check its keytab (on Windows, its service "
    "account) and its principal";
inline constexpr char kHintTokenIntegrity[] =
    "the client's ticket or authenticator failed its integrity check: it was "
    "altered, or the acceptor's key is stale (export the keytab again)";
inline constexpr char kHintTokenRefused[] =
    "the acceptor refused the client's token";
inline constexpr char kHintKeyVersion[] =
    "the keytab lacks the key version the ticket was issued for; export the "
    "keytab again";
inline constexpr char kHintKdcPolicy[] =
    "the KDC's policy refuses this request";
inline constexpr char kHintBadOption[] =
    "the KDC refused an option of the request (KDC_ERR_BADOPTION)";
inline constexpr char kHintDelegationRefused[] =
    "the KDC refused constrained delegation (S4U2Proxy) to this target: the "
    "service may not delegate to it (msDS-AllowedToDelegateTo on Active "
    "Directory; MIT's KDC with its DB2 database allows none), or the user's "
    "ticket or the service's own TGT is not forwardable";
inline constexpr char kHintRealmUnresolvable[] =
    "cannot find the realm's KDC: check [realms] in krb5.conf and DNS";
inline constexpr char kHintNoDefaultRealm[] =
    "no default realm: set default_realm in krb5.conf or give a full "
    "principal";
inline constexpr char kHintPrincipalForm[] =
    "check the principal's form (name/host@REALM)";
inline constexpr char kHintFileNotFound[] =
    "a file was not found: check the keytab and credential cache paths";

// Cause
//
// What a native failure means, as far as the backend can tell, named the
// same on every backend. Several native codes may share one cause; one
// native code may need the Phase to mean anything (kIntegrityCheckFailed).
// The public ErrorReason of a (cause, phase) pair is a column of
// kCauseTable: a backend's Cause is its own finer reading of the codes.
enum class Cause {
  kNone,  // nothing known: the backend's own code stands, without a hint
  kUnknownService,
  kNoRealmPath,  // the KDC has no krbtgt for the target's realm
  kUnknownRealm,
  kRealmUnresolvable,
  kNoDefaultRealm,
  kUnknownUser,
  kWrongPassword,
  kIntegrityCheckFailed,  // KRB_AP_ERR_BAD_INTEGRITY: depends on the phase
  kPasswordExpired,
  kAccountDisabled,
  kKdcPolicy,
  kExpired,
  kClockSkew,
  kReplayedAuthenticator,
  kStaleKey,
  kWrongService,
  kMissingKeytabEntry,
  kKeyVersionMissing,
  kKeytabFile,    // the keytab file itself is missing, unreadable or empty
  kNoCredential,  // GSS_S_NO_CRED, SEC_E_NO_CREDENTIALS: depends on the side
  kKdcUnreachable,
  kPrincipalForm,
  kFileNotFound,
  kOutOfMemory,
  kMechanismUnavailable,
  kBadBindings,
  kMalformedToken,
  kMessageAltered,
  kMessageSequence,
  kContextExpired,
  kServerNotProven,  // the client could not verify the server's reply
  kTokenRefused,     // a peer's token was refused for a reason not given
  kBadOption,        // KDC_ERR_BADOPTION: an option the KDC will not grant
};

// Phase
//
// Where a failure happened: the call, and the side it was made on.
enum class Phase {
  kAny,               // the row for every phase without a row of its own
  kAcquireInitiator,  // acquiring a client credential (the AS exchange)
  kAcquireAcceptor,   // acquiring a server credential (its keytab)
  kInitiate,          // the client's first step (getting a service ticket)
  kVerifyReply,       // the client's later steps: checking the server's reply
  kAccept,            // the server checking the client's token
  kMessage,           // unwrap and MIC checks of a peer's message
};

// CauseRow
//
// One row of kCauseTable: `cause` seen in `phase` is `code` and `reason`
// (the public ErrorReason, the same on every backend), with `hint` ("" for
// none). The code and the hint follow from the reason and the phase: the
// same reason may need other advice on another side (a missing credential
// is "run kinit" for a client, "check the keytab" for a server).
struct CauseRow {
  Cause cause;
  Phase phase;
  absl::StatusCode code;
  ErrorReason reason;
  const char* hint;
};

// kCauseTable
//
// Every cause has a kAny row; a phase-specific row overrides it.
inline constexpr CauseRow kCauseTable[] = {
    {Cause::kUnknownService, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kUnknownServicePrincipal, kHintServiceName},
    {Cause::kNoRealmPath, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kUnknownRealm, kHintNoRealmPath},
    {Cause::kUnknownRealm, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kUnknownRealm, kHintUnknownRealm},
    {Cause::kRealmUnresolvable, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kUnknownRealm, kHintRealmUnresolvable},
    {Cause::kNoDefaultRealm, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kUnknownRealm, kHintNoDefaultRealm},
    // Unauthenticated, not NotFound: a logon with an unknown user fails like
    // one with a wrong password, and SSPI cannot tell the two apart.
    {Cause::kUnknownUser, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kUnknownUser, kHintUserName},
    {Cause::kWrongPassword, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kWrongPassword, kHintPassword},
    // SSPI's SEC_E_LOGON_DENIED from AcceptSecurityContext: the ticket did
    // not decrypt with the service's key.
    {Cause::kWrongPassword, Phase::kAccept, absl::StatusCode::kUnauthenticated,
     ErrorReason::kStaleKey, kHintStaleKey},
    // A failed decryption: of the KDC's reply with the user's password key,
    // of the server's AP-REP with the session key, or of the client's ticket
    // with the service's key.
    {Cause::kIntegrityCheckFailed, Phase::kAny,
     absl::StatusCode::kUnauthenticated, ErrorReason::kWrongPassword,
     kHintPassword},
    {Cause::kIntegrityCheckFailed, Phase::kVerifyReply,
     absl::StatusCode::kUnauthenticated, ErrorReason::kServerNotProven,
     kHintServerReply},
    {Cause::kIntegrityCheckFailed, Phase::kAccept,
     absl::StatusCode::kUnauthenticated, ErrorReason::kTamperedMessage,
     kHintTokenIntegrity},
    {Cause::kIntegrityCheckFailed, Phase::kMessage, absl::StatusCode::kDataLoss,
     ErrorReason::kTamperedMessage, kHintMessageAltered},
    {Cause::kPasswordExpired, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kPasswordExpired, kHintPasswordExpired},
    {Cause::kAccountDisabled, Phase::kAny, absl::StatusCode::kPermissionDenied,
     ErrorReason::kAccountDisabled, kHintAccountDisabled},
    {Cause::kKdcPolicy, Phase::kAny, absl::StatusCode::kPermissionDenied,
     ErrorReason::kPolicyRefused, kHintKdcPolicy},
    {Cause::kBadOption, Phase::kAny, absl::StatusCode::kPermissionDenied,
     ErrorReason::kPolicyRefused, kHintBadOption},
    // A client asking for a service ticket gets it only for S4U2Proxy: MIT
    // and Windows drop unavailable options (forwardable, renewable) from
    // other requests instead of refusing them.
    {Cause::kBadOption, Phase::kInitiate, absl::StatusCode::kPermissionDenied,
     ErrorReason::kDelegationRefused, kHintDelegationRefused},
    {Cause::kExpired, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kExpired, kHintExpired},
    {Cause::kClockSkew, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kClockSkew, kHintClockSkew},
    {Cause::kReplayedAuthenticator, Phase::kAny,
     absl::StatusCode::kUnauthenticated, ErrorReason::kReplayedAuthenticator,
     kHintReplayedAuthenticator},
    {Cause::kStaleKey, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kStaleKey, kHintStaleKey},
    {Cause::kWrongService, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kWrongServicePrincipal, kHintWrongService},
    {Cause::kMissingKeytabEntry, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kMissingKeytabEntry, kHintMissingKeytabEntry},
    {Cause::kKeyVersionMissing, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kStaleKey, kHintKeyVersion},
    {Cause::kKeytabFile, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kMissingKeytab, kHintKeytabFile},
    {Cause::kNoCredential, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kNoCredential, kHintNoTicket},
    {Cause::kNoCredential, Phase::kAcquireAcceptor, absl::StatusCode::kNotFound,
     ErrorReason::kMissingKeytab, kHintAcceptorKeys},
    // The library found no element of the acceptor's credential for the
    // mechanism of the client's token.
    {Cause::kNoCredential, Phase::kAccept, absl::StatusCode::kUnauthenticated,
     ErrorReason::kNoCredential, kHintAcceptorNoCredential},
    {Cause::kKdcUnreachable, Phase::kAny, absl::StatusCode::kUnavailable,
     ErrorReason::kKdcUnreachable, kHintKdcUnreachable},
    {Cause::kPrincipalForm, Phase::kAny, absl::StatusCode::kInvalidArgument,
     ErrorReason::kInvalidArgument, kHintPrincipalForm},
    {Cause::kFileNotFound, Phase::kAny, absl::StatusCode::kNotFound,
     ErrorReason::kOther, kHintFileNotFound},
    {Cause::kOutOfMemory, Phase::kAny, absl::StatusCode::kResourceExhausted,
     ErrorReason::kOther, ""},
    {Cause::kMechanismUnavailable, Phase::kAny,
     absl::StatusCode::kUnimplemented, ErrorReason::kUnsupported,
     kHintMechanismUnavailable},
    {Cause::kBadBindings, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kChannelBindingsMismatch, kHintBadBindings},
    {Cause::kMalformedToken, Phase::kAny, absl::StatusCode::kInvalidArgument,
     ErrorReason::kMalformedToken, kHintMalformedToken},
    // A message token that does not even parse is as much the peer's (or an
    // attacker's) doing as one whose checksum fails, and SSPI cannot tell
    // the two apart: both are DataLoss, as session.h promises.
    {Cause::kMalformedToken, Phase::kMessage, absl::StatusCode::kDataLoss,
     ErrorReason::kTamperedMessage, kHintMessageAltered},
    {Cause::kMessageAltered, Phase::kAny, absl::StatusCode::kDataLoss,
     ErrorReason::kTamperedMessage, kHintMessageAltered},
    // The server's reply (its AP-REP, or SPNEGO's mechListMIC) failed its
    // check: the server is not proven.
    {Cause::kMessageAltered, Phase::kVerifyReply,
     absl::StatusCode::kUnauthenticated, ErrorReason::kServerNotProven,
     kHintServerReply},
    {Cause::kMessageSequence, Phase::kAny, absl::StatusCode::kAborted,
     ErrorReason::kReplayedMessage, kHintMessageSequence},
    {Cause::kContextExpired, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kExpired, kHintContextExpired},
    {Cause::kServerNotProven, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kServerNotProven, kHintServerReply},
    {Cause::kTokenRefused, Phase::kAny, absl::StatusCode::kUnauthenticated,
     ErrorReason::kTokenRefused, kHintTokenRefused},
    {Cause::kTokenRefused, Phase::kVerifyReply,
     absl::StatusCode::kUnauthenticated, ErrorReason::kServerNotProven,
     kHintServerReply},
    {Cause::kTokenRefused, Phase::kMessage, absl::StatusCode::kDataLoss,
     ErrorReason::kTamperedMessage, kHintMessageAltered},
};

// Diagnose()
//
// The row for `cause` in `phase`: the phase's own row, or else the cause's
// kAny row; nullptr for Cause::kNone (and a cause without rows).
inline const CauseRow* Diagnose(Cause cause, Phase phase) {
  const CauseRow* any = nullptr;
  for (const CauseRow& row : kCauseTable) {
    if (row.cause != cause) continue;
    if (row.phase == phase) return &row;
    if (row.phase == Phase::kAny) any = &row;
  }
  return any;
}

// ReasonForCode()
//
// The reason of a native status that names no cause, only a canonical code
// (it is about the call itself, not a cause a user can act on).
inline ErrorReason ReasonForCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return ErrorReason::kUnspecified;
    case absl::StatusCode::kInvalidArgument:
      return ErrorReason::kInvalidArgument;
    case absl::StatusCode::kFailedPrecondition:
      return ErrorReason::kWrongState;
    case absl::StatusCode::kUnimplemented:
      return ErrorReason::kUnsupported;
    default:
      return ErrorReason::kOther;
  }
}

// MapHints
//
// What the caller of a backend's status mapping knows beyond the native
// codes: the phase (the call and its side), advice for when the cause has
// none, and a detail that goes after the hint.
struct MapHints {
  Phase phase = Phase::kAny;
  // Appended to the hint, after "; " (the target principal, the keytab).
  std::string detail;
  // Used when the cause has no hint of its own.
  std::string fallback_hint;
};

// InitiatorHints()
//
// The hints of a client step: its phase (kInitiate for the first step,
// kVerifyReply once `server_token` is given), and the principal crossauth
// asked for, which every client-side failure names, on every backend.
inline MapHints InitiatorHints(absl::string_view target, bool server_token) {
  MapHints hints;
  hints.phase = server_token ? Phase::kVerifyReply : Phase::kInitiate;
  hints.detail = absl::StrCat("target principal ", target);
  return hints;
}

// AcceptorHints()
//
// The hints of a server step: the phase kAccept.
inline MapHints AcceptorHints() {
  MapHints hints;
  hints.phase = Phase::kAccept;
  return hints;
}

// Diagnosis
//
// What a native failure is, once explained: its code, its reason and the
// hint to show.
struct Diagnosis {
  absl::StatusCode code;
  ErrorReason reason;
  std::string hint;
};

// Explain()
//
// The code, reason and hint of a failure whose backend read `cause` from
// the native codes (`code` when the cause is kNone), in `hints.phase`: the
// row of kCauseTable, then the fallback hint and the detail. The same on
// every backend.
inline Diagnosis Explain(Cause cause, absl::StatusCode code,
                         const MapHints& hints) {
  Diagnosis diagnosis{code, ReasonForCode(code), ""};
  if (const CauseRow* row = Diagnose(cause, hints.phase)) {
    diagnosis.code = row->code;
    diagnosis.reason = row->reason;
    diagnosis.hint = row->hint;
  }
  if (diagnosis.hint.empty()) diagnosis.hint = hints.fallback_hint;
  if (!hints.detail.empty()) {
    absl::StrAppend(&diagnosis.hint, diagnosis.hint.empty() ? "" : "; ",
                    hints.detail);
  }
  return diagnosis;
}

// PeerFacing()
//
// True for the phases whose input is a peer's token: there, a failure the
// library does not explain is the token's fault, never UNKNOWN.
inline bool PeerFacing(Phase phase) {
  return phase == Phase::kVerifyReply || phase == Phase::kAccept ||
         phase == Phase::kMessage;
}

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_COMMON_HINTS_H_
