// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// backend.h: the internal interface each native backend implements.
//
// Everything above this interface is platform-free: option checks, target
// parsing, the session state machine, flag and policy checks, and the
// protection-level check on Unwrap live in src/. A backend (backends/gssapi or
// backends/sspi) only translates calls into native ones and native results
// into absl::Status values with a NativeError payload.
//
// Ownership: a NativeCredential owns one native credential handle and a
// NativeContext one native context handle. Each keeps a reference to the
// backend's provider (its native function table and, for SSPI, the loaded
// DLL), so the provider outlives every handle. Destroying a NativeCredential
// releases the credential and destroying a NativeContext deletes the context,
// when that has not happened explicitly.

#ifndef CROSSAUTH_SRC_CORE_BACKEND_H_
#define CROSSAUTH_SRC_CORE_BACKEND_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"

namespace crossauth {
namespace internal {

// TargetName
//
// A parsed ClientOptions::target. Host-based: service "HTTP", host
// "web.example". Principal: the full name, for example
// "HTTP/web.example@EXAMPLE.COM" (realm optional).
struct TargetName {
  enum class Kind { kHostBased, kPrincipal };
  Kind kind = Kind::kHostBased;
  std::string service;    // kHostBased only
  std::string host;       // kHostBased only
  std::string principal;  // kPrincipal only
};

// NativeCredential
//
// One native credential. Thread-safe: both GSS-API and SSPI lock their
// credentials internally, and sessions on several threads share one.
class NativeCredential {
 public:
  virtual ~NativeCredential() = default;

  // Releases the native credential now; idempotent (later calls return OK).
  virtual absl::Status Release() = 0;
  virtual absl::StatusOr<std::string> Principal() const = 0;
  virtual absl::StatusOr<absl::Time> Expiry() const = 0;

  // Copies the credential's tickets into the credential cache `ccache`.
  virtual absl::Status StoreInto(absl::string_view ccache) const {
    (void)ccache;
    return absl::UnimplementedError(
        "Credential::StoreInto(): this backend (SSPI) has no credential "
        "caches");
  }

  // S4U2Self (Credential::Impersonate()): a new initiator credential for
  // `user`, obtained with this one, for `mechanisms` (Kerberos and/or
  // Negotiate; the common code has checked the arguments and the usage).
  virtual absl::StatusOr<std::unique_ptr<NativeCredential>> Impersonate(
      absl::string_view user, const std::vector<Mechanism>& mechanisms) const {
    (void)user;
    (void)mechanisms;
    return absl::UnimplementedError(
        "Credential::Impersonate(): not implemented on SSPI, where S4U2Self "
        "is LsaLogonUser with a KERB_S4U_LOGON: Wine's LsaLogonUser "
        "(dlls/secur32/lsa.c) is a stub that returns success without "
        "logging anyone on, so crossauth could not test it");
  }

  // mechanisms(), allows()
  //
  // The credential's allow-list: the mechanisms its sessions may use
  // (CredentialOptions::mechanisms; {kKerberos} for a delegated credential).
  // Set by the common code (set_mechanisms()) as soon as the backend returns
  // the credential, before it is shared; read by the policy in src/core and
  // by the backend's session code.
  const std::vector<Mechanism>& mechanisms() const { return mechanisms_; }
  bool allows(Mechanism mechanism) const {
    for (Mechanism m : mechanisms_) {
      if (m == mechanism) return true;
    }
    return false;
  }
  void set_mechanisms(std::vector<Mechanism> mechanisms) {
    mechanisms_ = std::move(mechanisms);
  }

 private:
  std::vector<Mechanism> mechanisms_;
};

// NativeStep
//
// The outcome of one successful native init or accept call.
struct NativeStep {
  std::vector<uint8_t> token;
  bool complete = false;
  // On the completing step, what Info() would report, when the completing
  // call itself said it (GSS-API's init and accept calls return the
  // mechanism, the flags and the lifetime): SessionCore then does not call
  // Info(), which costs a native query per handshake. Unset otherwise; the
  // names are never in it.
  std::optional<SessionInfo> info;
};

// NativeNames
//
// The two principals of an established context, as the backend reports
// them.
struct NativeNames {
  std::optional<std::string> local;
  std::optional<std::string> peer;
};

// NativeContext
//
// One native security context; one thread at a time.
class NativeContext {
 public:
  virtual ~NativeContext() = default;

  // One InitializeSecurityContext / gss_init_sec_context (client) or
  // AcceptSecurityContext / gss_accept_sec_context (server) call. A failure
  // may carry an error token (SetErrorToken).
  virtual absl::StatusOr<NativeStep> Step(absl::Span<const uint8_t> input) = 0;

  // Valid once Step() reported complete: the mechanism actually used,
  // negotiated flags (including channel_bound) and expiry, but not the
  // names. SessionCore calls it once, at completion, and keeps the result;
  // names cost more (each MIT name query builds a krb5 context), so they
  // come from Names(), only when the application asks.
  virtual absl::StatusOr<SessionInfo> Info() const = 0;

  // Valid once complete: the local and peer principals, each unset when the
  // native library does not report it (never an empty string). SessionCore
  // calls it on the first Session::Info() and keeps a successful result.
  virtual absl::StatusOr<NativeNames> Names() const = 0;

  virtual absl::StatusOr<std::vector<uint8_t>> Wrap(
      absl::Span<const uint8_t> message, Protection protection) = 0;
  // Returns the plaintext only when every check passed (signature, and
  // replay/sequence). Reports the protection actually applied; the caller
  // enforces the minimum.
  virtual absl::StatusOr<UnwrappedMessage> Unwrap(
      absl::Span<const uint8_t> token) = 0;
  // The calls behind Session's in-place and scatter/gather APIs (see
  // session.h). The common code has checked the state, the negotiated
  // protection and replay protection, and non-empty input; it enforces the
  // minimum protection and wipes on errors. A backend appends to `out` only
  // on success, and reports the protection actually applied.
  virtual absl::Status WrapAppend(absl::Span<const uint8_t> message,
                                  Protection protection,
                                  std::vector<uint8_t>& out) = 0;
  virtual absl::StatusOr<UnwrappedSpan> UnwrapInPlace(
      absl::Span<uint8_t> token) = 0;
  virtual absl::StatusOr<size_t> MaxMessageSize(size_t token_limit,
                                                Protection protection) = 0;
  virtual absl::StatusOr<IovSizes> WrapIovSizes(
      absl::Span<const IovBuffer> buffers, Protection protection) = 0;
  virtual absl::StatusOr<IovSizes> WrapIov(absl::Span<IovBuffer> buffers,
                                           Protection protection) = 0;
  virtual absl::StatusOr<Protection> UnwrapIov(
      absl::Span<IovBuffer> buffers) = 0;

  virtual absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message) = 0;
  virtual absl::Status VerifyMic(absl::Span<const uint8_t> message,
                                 absl::Span<const uint8_t> mic) = 0;

  // Valid once complete: the context's session key (Session::SessionKey()).
  virtual absl::StatusOr<Secret> SessionKey() const {
    return absl::UnimplementedError(
        "SessionKey(): not available under Wine, whose "
        "QueryContextAttributes(SECPKG_ATTR_SESSION_KEY) is a stub in its "
        "Kerberos, Negotiate and NTLM packages (dlls/kerberos/krb5_ap.c, "
        "dlls/secur32/lsa.c, dlls/msv1_0/main.c); crossauth has no Windows "
        "code for it yet either");
  }

  // Server contexts, once complete: what the client's ticket says about it
  // (ServerSession::PeerIdentity()) and the local account its principal
  // maps to (ServerSession::LocalName()).
  virtual absl::StatusOr<PeerIdentity> Peer() const {
    return absl::UnimplementedError(
        "ServerSession::PeerIdentity(): not yet implemented for this backend");
  }
  virtual absl::StatusOr<std::string> LocalName() const {
    return absl::UnimplementedError(
        "ServerSession::LocalName(): not implemented for this backend");
  }

  // Deletes the native context now; idempotent (later calls return OK).
  virtual absl::Status Delete() = 0;

  // Server contexts, once complete: hands over the credential the client
  // delegated (at most once), or NotFound when there is none.
  virtual absl::StatusOr<std::unique_ptr<NativeCredential>>
  TakeDelegatedCredential() {
    return absl::UnimplementedError(
        "ServerSession::DelegatedCredential(): this backend cannot receive "
        "delegated credentials");
  }

  // Server contexts, once complete and when the client delegated nothing:
  // hands over (at most once) a credential that acts as the client through
  // S4U2Proxy with the client's own service ticket as evidence, or NotFound
  // when the native library kept none.
  virtual absl::StatusOr<std::unique_ptr<NativeCredential>>
  TakeProxyCredential() {
    return absl::UnimplementedError(
        "ServerSession::ProxyCredential(): this backend cannot keep the "
        "client's ticket for constrained delegation (S4U2Proxy)");
  }
};

// Backend
//
// The factory for native objects. Options reaching it were already checked
// by the common code (non-empty mechanism list, password only for
// initiators, a parsed target, a credential whose usage fits).
class Backend {
 public:
  virtual ~Backend() = default;

  // "gssapi" or "sspi".
  virtual absl::string_view name() const = 0;

  // NativeCalls
  //
  // The backend's names for its acquire, init and accept calls
  // ("gss_acquire_cred_from", "gss_init_sec_context",
  // "gss_accept_sec_context" on GSS-API): the common policy (policy.h) words
  // its refusals after them, so that they read like the backend's own errors.
  struct NativeCalls {
    absl::string_view acquire;
    absl::string_view init;
    absl::string_view accept;
  };
  virtual NativeCalls native_calls() const = 0;

  virtual absl::StatusOr<std::unique_ptr<NativeCredential>> AcquireCredential(
      const CredentialOptions& options) = 0;

  // `credential` stays alive (held by the session) for as long as the
  // returned context exists; its allow-list is credential.mechanisms().
  virtual absl::StatusOr<std::unique_ptr<NativeContext>> StartClient(
      NativeCredential& credential, const ClientOptions& options,
      const TargetName& target) = 0;

  virtual absl::StatusOr<std::unique_ptr<NativeContext>> StartServer(
      NativeCredential& credential, const ServerOptions& options) = 0;
};

// GetBackend()
//
// The backend compiled into this build. Defined by exactly one backend.
Backend& GetBackend();

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_BACKEND_H_
