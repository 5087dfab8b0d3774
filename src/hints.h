// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// hints.h: the advice crossauth attaches to well-known failures.
//
// Both backends use these same strings for the same cause, so that an
// application (and the backend-agnostic tests) see the same hint whether the
// failure came from GSS-API or SSPI.

#ifndef CROSSAUTH_SRC_HINTS_H_
#define CROSSAUTH_SRC_HINTS_H_

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

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_HINTS_H_
