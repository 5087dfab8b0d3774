// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// credential.h: acquiring the credentials that sessions run on.
//
// A `Credential` is a copyable handle to one native credential (a GSS-API
// gss_cred_id_t, or an SSPI CredHandle). Copies share it. The native
// credential is released (gss_release_cred / FreeCredentialsHandle) when the
// last copy is released or destroyed AND the last session started with it
// has ended. No application code can release it too early or forget it.
//
// Client, from the default credential cache (after kinit):
//
//   absl::StatusOr<crossauth::Credential> cred =
//       crossauth::Credential::Acquire({});
//
// Client, from a password, without touching any credential cache:
//
//   crossauth::CredentialOptions options;
//   options.principal = "alice@EXAMPLE.COM";
//   options.password = crossauth::Secret(std::move(password));  // wiped
//   auto cred = crossauth::Credential::Acquire(options);
//
// Server, from its own keytab (the process environment is not touched):
//
//   crossauth::CredentialOptions options;
//   options.usage = crossauth::Usage::kAccept;
//   options.principal = "HTTP@web.example.com";
//   options.keytab = "/etc/web/http.keytab";
//   auto cred = crossauth::Credential::Acquire(options);

#ifndef CROSSAUTH_CREDENTIAL_H_
#define CROSSAUTH_CREDENTIAL_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "crossauth/export.h"
#include "crossauth/mechanism.h"

namespace crossauth {

namespace internal {
class CredentialState;
class SessionCore;
}  // namespace internal

// Usage
//
// What a credential is for: starting sessions (kInitiate, a client),
// accepting them (kAccept, a server), or both.
enum class Usage { kInitiate, kAccept, kBoth };

// Secret
//
// A password or other secret. Its bytes are overwritten with zeros when the
// Secret is destroyed or assigned over, and it never prints itself. Copies are
// independent and each wipes its own bytes. Thread-compatible.
class CROSSAUTH_EXPORT Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value);
  Secret(const Secret& other);
  Secret& operator=(const Secret& other);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  // view()
  //
  // The secret's bytes. Valid until the Secret changes or is destroyed.
  absl::string_view view() const { return value_; }

  // Wipe()
  //
  // Overwrites the bytes with zeros and empties the secret.
  void Wipe();

 private:
  std::string value_;
};

// CredentialOptions
//
// Where a credential comes from. Leave a field empty to use the native
// library's default for it. The file fields apply to this credential only:
// crossauth never sets KRB5CCNAME, KRB5_KTNAME or other process variables.
struct CROSSAUTH_EXPORT CredentialOptions {
  // What the credential is for.
  Usage usage = Usage::kInitiate;

  // Whose credential. For kInitiate: a user principal such as
  // "alice@EXAMPLE.COM" (or "alice" in the default realm). For kAccept: a
  // host-based service "HTTP@web.example.com", a bare service "HTTP" (any
  // host in the keytab), or a full principal containing '/', such as
  // "HTTP/web.example.com@EXAMPLE.COM". For kBoth: a full principal. Empty:
  // the default credential; for an acceptor, any service in the keytab.
  std::string principal{};

  // The mechanisms sessions on this credential may use; an allow-list, never
  // empty. kNegotiate lets SPNEGO settle on Kerberos underneath, and on NTLM
  // only when kNtlm is listed too.
  std::vector<Mechanism> mechanisms = {Mechanism::kNegotiate};

  // Credential cache to read initiator tickets from and store new ones in,
  // for example "FILE:/tmp/krb5cc_app" or "MEMORY:app". GSS-API only; SSPI
  // returns Unimplemented.
  std::string ccache{};

  // Keytab holding the acceptor's keys, for example "FILE:/etc/http.keytab".
  // GSS-API only; SSPI returns Unimplemented.
  std::string keytab{};

  // The acceptor's replay cache (Usage::kAccept or kBoth), named as MIT's
  // credential store key "rcache" takes it. Empty (the default) keeps the
  // library's own (KRB5RCACHENAME, else a file cache in /var/tmp), which
  // refuses a first token it has seen before (Unauthenticated,
  // ErrorReason::kReplayedAuthenticator). Another name, such as
  // "file2:/var/lib/app/rcache", selects another cache; "none:" turns
  // replay detection off for this acceptor.
  //
  // DANGER: without a replay cache, anyone who captures a client's first
  // token can send it again within the clock skew (5 minutes by default)
  // and be accepted as that client for as long as the session needs no
  // reply from the client. Use "none:" only when every session is bound
  // to its channel (ServerOptions channel bindings with kRequire) or the
  // application protocol refuses replays itself, and never to silence
  // replay errors between processes (give them one shared cache instead).
  // GSS-API only; SSPI returns Unimplemented (its packages keep their own
  // replay detection). Heimdal 7.8's acceptor keeps no replay cache, so with
  // Heimdal an acceptor is made only with "none:" (Unimplemented
  // otherwise): crossauth fails closed there. A program built for several
  // backends therefore sets this per backend.
  std::string replay_cache{};

  // Keytab holding the initiator's keys; initial tickets are fetched (and
  // renewed) from it without kinit. GSS-API only; SSPI returns
  // Unimplemented.
  //
  // Renewal: ClientSession::Start() on such a credential first renews it
  // when its tickets end within 30 seconds (or have ended). One thread
  // renews at a time, and nobody waits for the KDC but the session starts
  // that have nothing valid to start on: while a renewal is under way,
  // Principal(), Expiry(), ServerSession::Start() and session starts on
  // tickets that are still valid use the current tickets at once, and
  // starts on expired tickets wait for that renewal and share its outcome
  // rather than renewing again. A failed renewal keeps the current tickets;
  // sessions start on them while they are valid and get the renewal's error
  // once they have ended. Running sessions keep the tickets they started
  // with.
  std::string client_keytab{};

  // Password for `principal` (kInitiate only). Credential::Acquire() wipes
  // its own copy after use; wipe the caller's copy with Secret::Wipe() or let
  // it go out of scope.
  std::optional<Secret> password{};
};

// ReleaseOutcome
//
// What Credential::Release() did. kReleased: this was the last reference and
// the native credential has been released now. kDeferred: other Credential
// copies or running sessions still use it; it is released when the last of
// them is gone.
enum class ReleaseOutcome { kReleased, kDeferred };

// Credential
//
// A copyable, thread-safe handle to a native credential. A default-
// constructed or released Credential is empty: every call on it returns
// FailedPrecondition.
class CROSSAUTH_EXPORT Credential {
 public:
  // Credential::Acquire()
  //
  // Acquires a native credential. Errors: InvalidArgument for inconsistent
  // options (for example a password with an acceptor credential, or an empty
  // mechanism list), Unimplemented for a source the platform lacks,
  // Unauthenticated for a wrong password or missing or expired tickets,
  // NotFound for an unknown principal or a keytab without the requested key.
  ABSL_MUST_USE_RESULT static absl::StatusOr<Credential> Acquire(
      CredentialOptions options);

  Credential();
  Credential(const Credential&);
  Credential& operator=(const Credential&);
  Credential(Credential&&) noexcept;
  Credential& operator=(Credential&&) noexcept;
  ~Credential();

  // Principal()
  //
  // The principal the credential belongs to, for example
  // "alice@EXAMPLE.COM". For an acceptor credential acquired for any service
  // name, NotFound.
  absl::StatusOr<std::string> Principal() const;

  // Expiry()
  //
  // When the credential stops being usable for new sessions, as the native
  // library reports it; absl::InfiniteFuture() for a credential that does not
  // expire (an acceptor's keytab). An expired credential is not an error
  // here: Expiry() returns the time in the past when its tickets ended
  // (GSS-API: the end of the Kerberos tickets in its credential cache; SSPI:
  // the expiry AcquireCredentialsHandle reported, which under Wine is the
  // time of the logon for tickets that had ended before it), so that a
  // caller can compare it with absl::Now() and say how long ago. Sessions
  // started on an expired credential fail with Unauthenticated and the
  // "expired" hint.
  // For a credential acquired from a client keytab, this is the current
  // tickets' end; the next session start renews them (see
  // CredentialOptions::client_keytab).
  absl::StatusOr<absl::Time> Expiry() const;

  // Usage()
  //
  // What the credential was acquired for.
  crossauth::Usage usage() const;

  // mechanisms()
  //
  // The allow-list the credential was acquired with.
  const std::vector<Mechanism>& mechanisms() const;

  // Release()
  //
  // Drops this handle's reference; the Credential is empty afterwards. The
  // native credential is released now if nothing else holds it
  // (kReleased, with the native release's own error if it failed), and
  // otherwise when the last copy and the last session using it are gone
  // (kDeferred). Calling it on an empty Credential is FailedPrecondition.
  ABSL_MUST_USE_RESULT absl::StatusOr<ReleaseOutcome> Release();

  // StoreInto()
  //
  // Writes the credential's tickets into the credential cache `ccache` (for
  // example "FILE:/run/app/krb5cc_alice"), replacing what it held, so that
  // other code can use them: typically the credentials a client delegated to
  // a server (ServerSession::DelegatedCredential()). Neither the default
  // cache nor the process environment is touched. GSS-API only
  // (gss_store_cred_into); SSPI returns Unimplemented. Errors:
  // InvalidArgument for an empty name, FailedPrecondition for an empty
  // Credential.
  absl::Status StoreInto(absl::string_view ccache) const;

  // Credential::Impersonate()
  //
  // S4U2Self, the first half of constrained delegation: a credential for
  // `user` ("alice@EXAMPLE.COM", or "alice" in the default realm) that the
  // service holding `service` obtains from the KDC on the user's behalf,
  // without the user's password or tickets. `service` must be the service's
  // own initiator credential (Usage::kInitiate or kBoth, from its
  // client_keytab or a ccache holding its TGT): the KDC issues the user's
  // ticket against the service's TGT. A `service` that renews from a client
  // keytab is renewed first when its tickets are about to end.
  //
  // Sessions started on the result authenticate as `user`: to the service
  // itself (its acceptor then sees `user`, and on Active Directory the
  // user's groups), and to other services through S4U2Proxy where the KDC
  // lets the service delegate to them (Active Directory's
  // msDS-AllowedToDelegateTo, and a forwardable TGT of the service's own;
  // MIT's KDC with its default DB2 database keeps no such list and refuses
  // every S4U2Proxy request). The result allows Kerberos, and Negotiate when
  // `service` allows it, never NTLM. It cannot renew itself: impersonate
  // again when its Expiry() is near. Anyone who holds the service's keys can
  // act as any user this way, to the service itself at least: guard them.
  //
  // Errors: FailedPrecondition for an empty `service`; InvalidArgument for
  // an empty `user` or one containing a NUL byte, for an acceptor-only
  // `service`, and for one whose allow-list has neither Kerberos nor
  // Negotiate; Unauthenticated (ErrorReason::kUnknownUser) for a user the
  // KDC does not know, as Acquire() reports one; otherwise the KDC's
  // refusal, with its reason. GSS-API:
  // gss_acquire_cred_impersonate_name. SSPI: Unimplemented; it would be
  // LsaLogonUser with KERB_S4U_LOGON, which Wine does not implement, so it
  // could not be tested here.
  ABSL_MUST_USE_RESULT static absl::StatusOr<Credential> Impersonate(
      const Credential& service, absl::string_view user);

  // empty()
  //
  // True for a default-constructed, moved-from or released Credential.
  bool empty() const { return state_ == nullptr; }

 private:
  friend class ClientSession;
  friend class ServerSession;
  friend class internal::SessionCore;
  explicit Credential(std::shared_ptr<internal::CredentialState> state);

  std::shared_ptr<internal::CredentialState> state_;
};

}  // namespace crossauth

#endif  // CROSSAUTH_CREDENTIAL_H_
