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

#ifndef CROSSAUTH_SRC_HINTS_H_
#define CROSSAUTH_SRC_HINTS_H_

#include "absl/status/status.h"

namespace crossauth {
namespace internal {

inline constexpr char kHintServiceName[] =
    "check the service name (SPN) and that the service is registered in the "
    "realm";
inline constexpr char kHintUserName[] = "check the user name and the realm";
inline constexpr char kHintPassword[] = "check the password";
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
// Issue #12 turns the outcome of (cause, phase) into the public ErrorReason:
// it becomes one more column of kCauseTable.
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
// One row of kCauseTable: `cause` seen in `phase` is `code`, with `hint`
// ("" for none).
struct CauseRow {
  Cause cause;
  Phase phase;
  absl::StatusCode code;
  const char* hint;
};

// kCauseTable
//
// Every cause has a kAny row; a phase-specific row overrides it.
inline constexpr CauseRow kCauseTable[] = {
    {Cause::kUnknownService, Phase::kAny, absl::StatusCode::kNotFound,
     kHintServiceName},
    {Cause::kNoRealmPath, Phase::kAny, absl::StatusCode::kNotFound,
     kHintNoRealmPath},
    {Cause::kUnknownRealm, Phase::kAny, absl::StatusCode::kNotFound,
     kHintUnknownRealm},
    {Cause::kRealmUnresolvable, Phase::kAny, absl::StatusCode::kNotFound,
     kHintRealmUnresolvable},
    {Cause::kNoDefaultRealm, Phase::kAny, absl::StatusCode::kNotFound,
     kHintNoDefaultRealm},
    // Unauthenticated, not NotFound: a logon with an unknown user fails like
    // one with a wrong password, and SSPI cannot tell the two apart.
    {Cause::kUnknownUser, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintUserName},
    {Cause::kWrongPassword, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintPassword},
    // SSPI's SEC_E_LOGON_DENIED from AcceptSecurityContext: the ticket did
    // not decrypt with the service's key.
    {Cause::kWrongPassword, Phase::kAccept, absl::StatusCode::kUnauthenticated,
     kHintStaleKey},
    // A failed decryption: of the KDC's reply with the user's password key,
    // of the server's AP-REP with the session key, or of the client's ticket
    // with the service's key.
    {Cause::kIntegrityCheckFailed, Phase::kAny,
     absl::StatusCode::kUnauthenticated, kHintPassword},
    {Cause::kIntegrityCheckFailed, Phase::kVerifyReply,
     absl::StatusCode::kUnauthenticated, kHintServerReply},
    {Cause::kIntegrityCheckFailed, Phase::kAccept,
     absl::StatusCode::kUnauthenticated, kHintTokenIntegrity},
    {Cause::kIntegrityCheckFailed, Phase::kMessage, absl::StatusCode::kDataLoss,
     kHintMessageAltered},
    {Cause::kPasswordExpired, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintPasswordExpired},
    {Cause::kAccountDisabled, Phase::kAny, absl::StatusCode::kPermissionDenied,
     kHintAccountDisabled},
    {Cause::kKdcPolicy, Phase::kAny, absl::StatusCode::kPermissionDenied,
     kHintKdcPolicy},
    {Cause::kExpired, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintExpired},
    {Cause::kClockSkew, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintClockSkew},
    {Cause::kReplayedAuthenticator, Phase::kAny,
     absl::StatusCode::kUnauthenticated, kHintReplayedAuthenticator},
    {Cause::kStaleKey, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintStaleKey},
    {Cause::kWrongService, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintWrongService},
    {Cause::kMissingKeytabEntry, Phase::kAny, absl::StatusCode::kNotFound,
     kHintMissingKeytabEntry},
    {Cause::kKeyVersionMissing, Phase::kAny, absl::StatusCode::kNotFound,
     kHintKeyVersion},
    {Cause::kKeytabFile, Phase::kAny, absl::StatusCode::kNotFound,
     kHintKeytabFile},
    {Cause::kNoCredential, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintNoTicket},
    {Cause::kNoCredential, Phase::kAcquireAcceptor, absl::StatusCode::kNotFound,
     kHintAcceptorKeys},
    // The library found no element of the acceptor's credential for the
    // mechanism of the client's token.
    {Cause::kNoCredential, Phase::kAccept, absl::StatusCode::kUnauthenticated,
     kHintAcceptorNoCredential},
    {Cause::kKdcUnreachable, Phase::kAny, absl::StatusCode::kUnavailable,
     kHintKdcUnreachable},
    {Cause::kPrincipalForm, Phase::kAny, absl::StatusCode::kInvalidArgument,
     kHintPrincipalForm},
    {Cause::kFileNotFound, Phase::kAny, absl::StatusCode::kNotFound,
     kHintFileNotFound},
    {Cause::kOutOfMemory, Phase::kAny, absl::StatusCode::kResourceExhausted,
     ""},
    {Cause::kMechanismUnavailable, Phase::kAny,
     absl::StatusCode::kUnimplemented, kHintMechanismUnavailable},
    {Cause::kBadBindings, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintBadBindings},
    {Cause::kMalformedToken, Phase::kAny, absl::StatusCode::kInvalidArgument,
     kHintMalformedToken},
    // A message token that does not even parse is as much the peer's (or an
    // attacker's) doing as one whose checksum fails, and SSPI cannot tell
    // the two apart: both are DataLoss, as session.h promises.
    {Cause::kMalformedToken, Phase::kMessage, absl::StatusCode::kDataLoss,
     kHintMessageAltered},
    {Cause::kMessageAltered, Phase::kAny, absl::StatusCode::kDataLoss,
     kHintMessageAltered},
    // The server's reply (its AP-REP, or SPNEGO's mechListMIC) failed its
    // check: the server is not proven.
    {Cause::kMessageAltered, Phase::kVerifyReply,
     absl::StatusCode::kUnauthenticated, kHintServerReply},
    {Cause::kMessageSequence, Phase::kAny, absl::StatusCode::kAborted,
     kHintMessageSequence},
    {Cause::kContextExpired, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintContextExpired},
    {Cause::kServerNotProven, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintServerReply},
    {Cause::kTokenRefused, Phase::kAny, absl::StatusCode::kUnauthenticated,
     kHintTokenRefused},
    {Cause::kTokenRefused, Phase::kVerifyReply,
     absl::StatusCode::kUnauthenticated, kHintServerReply},
    {Cause::kTokenRefused, Phase::kMessage, absl::StatusCode::kDataLoss,
     kHintMessageAltered},
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

#endif  // CROSSAUTH_SRC_HINTS_H_
