// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// session.h: authenticating a peer, then protecting messages.
//
// A session is one security context between a client (ClientSession, the
// initiator) and a server (ServerSession, the acceptor). Each side calls
// Step() with the peer's last token (empty for the client's first step) and
// sends the returned token, if any, until Step() reports `complete`. Then
// both sides can Wrap/Unwrap and GetMic/VerifyMic messages, and Info() tells
// who the peer is.
//
//   auto client = crossauth::ClientSession::Start(cred, {"HTTP@web.example"});
//   if (!client.ok()) return client.status();
//   std::vector<uint8_t> in;
//   while (true) {
//     absl::StatusOr<crossauth::StepResult> step = client->Step(in);
//     if (!step.ok()) return step.status();
//     if (!step->token.empty()) Send(step->token);
//     if (step->complete) break;
//     in = Receive();
//   }
//   auto sealed = client->Wrap(crossauth::AsBytes("GET /"));  // encrypted
//
// RunHandshake() is that loop, bounded, with the server's error token sent
// before a failure is returned:
//
//   absl::Status done = crossauth::RunHandshake(*client, Send, Receive);
//
// End() deletes the native context (gss_delete_sec_context or
// DeleteSecurityContext); the destructor calls it when the application did
// not. Sessions are move-only and take one call at a time: a call made while
// another thread is inside a call on the same session is refused with
// FailedPrecondition ("used from two threads at once") and does nothing.
// Different sessions may be used from different threads.
//
// Defaults are the safe ones: mutual authentication on, delegation off,
// confidentiality, integrity, replay and sequence detection requested, and
// replayed, duplicated, old or out-of-order messages are errors. A session on
// which the peer agreed to neither replay nor sequence detection does not
// open or verify messages at all (FailedPrecondition), unless the
// application opts out with allow_messages_without_replay_protection.

#ifndef CROSSAUTH_SESSION_H_
#define CROSSAUTH_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "crossauth/channel_bindings.h"
#include "crossauth/credential.h"
#include "crossauth/export.h"
#include "crossauth/mechanism.h"

namespace crossauth {

namespace internal {
class SessionCore;
}  // namespace internal

// SecurityFlags
//
// Context properties: requested ones in ClientOptions, negotiated ones in
// SessionInfo. A client session fails with Unauthenticated when a requested
// property (other than delegation) was not granted.
struct CROSSAUTH_EXPORT SecurityFlags {
  bool mutual = true;           // the server proves its identity too
  bool delegate = false;        // forward the client's credentials
  bool replay_detect = true;    // replayed messages are errors
  bool sequence_detect = true;  // out-of-order and missing messages are errors
  bool confidentiality = true;  // Wrap can encrypt
  bool integrity = true;        // messages are integrity-protected
  bool channel_bound = false;   // negotiated only: bindings were checked

  // ToString()
  //
  // The set flags, for example "mutual,replay,sequence,conf,integ".
  std::string ToString() const;
};

// HostCanonicalization
//
// How the host of a "service@host" target becomes the host in the service
// principal. kNone (the default) uses the name as written, lowercased: no DNS
// is consulted, so DNS cannot redirect the client to another service.
// kForwardDns uses the canonical name from a forward lookup (CNAMEs
// followed), as browsers do. Reverse DNS is never used. In both cases
// crossauth builds the principal itself, whatever krb5.conf's
// dns_canonicalize_hostname says, and reports it in SessionInfo and errors.
enum class HostCanonicalization { kNone, kForwardDns };

// Delegation
//
// Whether a client hands the server its credentials (a forwardable TGT),
// so that the server can act as the client elsewhere. Chromium and curl
// offer the same three choices.
enum class Delegation {
  // The default: the server gets nothing to act with.
  kNever,
  // Only to a service the KDC marks ok-as-delegate (trusted for delegation
  // in Active Directory): GSS_C_DELEG_POLICY_FLAG on GSS-API; on Windows,
  // ISC_REQ_DELEGATE, whose Kerberos package follows the same rule. Under
  // Wine it is Unimplemented: Wine 8 turns ISC_REQ_DELEGATE into
  // GSS_C_DELEG_FLAG, which delegates to any service.
  kIfTrusted,
  // To any service (GSS_C_DELEG_FLAG), the same as SecurityFlags::delegate.
  // Windows' Kerberos package still delegates only to trusted services.
  kAlways,
};

// ClientOptions
//
// How a ClientSession authenticates. Every member has a default, so the
// short forms are clean under -Wall -Wextra (-Wmissing-field-initializers,
// checked with gcc 12 and clang 14 by tests/package/readme_examples.cc):
//
//   ClientSession::Start(credential, {"HTTP@web.example.com"});
//
//   ClientOptions options;  // or set members by name
//   options.target = "HTTP@web.example.com";
//   options.mechanism = Mechanism::kKerberos;
//
// In C++20, designated initializers work too:
// `{.target = "HTTP@web.example.com", .mechanism = Mechanism::kKerberos}`.
struct CROSSAUTH_EXPORT ClientOptions {
  // The service to authenticate to: a host-based name "service@host" such as
  // "HTTP@web.example.com", or a full principal containing '/', such as
  // "HTTP/web.example.com@EXAMPLE.COM". Required.
  std::string target{};

  // The mechanism to start with; it must be on the credential's allow-list.
  Mechanism mechanism = Mechanism::kNegotiate;

  // What to request. See SecurityFlags for the defaults.
  SecurityFlags flags{};

  // Bindings to send, or none.
  std::optional<ChannelBindings> channel_bindings{};

  // How the target's host is canonicalized. See HostCanonicalization.
  HostCanonicalization canonicalization = HostCanonicalization::kNone;

  // An IP address cannot match a service principal in a normal realm, so a
  // target like "HTTP@192.0.2.1" is refused (InvalidArgument) unless this is
  // set, for realms that register such principals.
  bool allow_ip_literal = false;

  // Unwrap() and VerifyMic() refuse with FailedPrecondition on a session
  // where neither replay nor sequence detection was negotiated (the client
  // turned both off in `flags`, or the server did not grant them), because
  // the native library would then accept a replayed message as a fresh one.
  // Set this only when the application protocol detects replays itself.
  bool allow_messages_without_replay_protection = false;

  // Whether to delegate, and to whom (see Delegation). SecurityFlags::delegate
  // set in `flags` means kAlways; with kIfTrusted here it is InvalidArgument.
  // SessionInfo::flags.delegate says whether the client did delegate.
  Delegation delegation = Delegation::kNever;
};

// ServerOptions
//
// How a ServerSession accepts.
struct CROSSAUTH_EXPORT ServerOptions {
  // Bindings to check the initiator's against, and what to do about them.
  std::optional<ChannelBindings> channel_bindings{};
  ChannelBindingPolicy channel_binding_policy = ChannelBindingPolicy::kIgnore;

  // Refuse a client that did not ask for these (Unauthenticated). By default
  // a server requires integrity only.
  bool require_confidentiality = false;
  bool require_replay_detect = false;
  bool require_sequence_detect = false;

  // Unwrap() and VerifyMic() refuse with FailedPrecondition on a session
  // where neither replay nor sequence detection was negotiated: the native
  // library would accept a replayed message as a fresh one. Many clients do
  // not ask for them (python-gssapi's defaults ask for mutual,
  // confidentiality and integrity only; Cyrus SASL asks for sequence
  // detection, which is enough: it catches duplicates too). The handshake
  // itself still succeeds, so HTTP Negotiate clients, which never wrap a
  // message, are unaffected. Set this only when the application protocol
  // detects replays itself; require_replay_detect and
  // require_sequence_detect refuse such clients at the handshake instead.
  bool allow_messages_without_replay_protection = false;
};

// StepResult
//
// One step of the handshake. Send `token` to the peer when it is not empty.
// `complete` is true once the session is established (there may still be a
// final token to send).
struct CROSSAUTH_EXPORT StepResult {
  std::vector<uint8_t> token{};
  bool complete = false;
};

// SessionInfo
//
// Facts about an established session, from Session::Info(). The mechanism,
// flags and expiry are fixed when the handshake completes. The two names are
// asked of the native library on the first Info() call, not at completion
// (in MIT every name query builds a krb5 context and reads the configuration
// again, which would slow every handshake, including those whose application
// never asks), and both are kept for later calls: every Info() on a session
// returns the same value.
struct CROSSAUTH_EXPORT SessionInfo {
  // This side's principal: on a client the user ("alice@EXAMPLE.COM";
  // "DOMAIN\alice" for NTLM), on a server the service
  // ("HTTP/web.example.com@EXAMPLE.COM"). Unset when the backend does not
  // report it: an SSPI server under Wine (Wine answers neither
  // SECPKG_ATTR_NATIVE_NAMES nor SECPKG_ATTR_NAMES; a Wine client reports the
  // principal its credential logged on with), and a GSS-API NTLM acceptor
  // for any service, which has no name of its own. Never an empty string.
  std::optional<std::string> local_principal{};

  // The other side's principal: on a client the service it authenticated
  // to, in the form crossauth built from ClientOptions::target
  // ("HTTP/web.example.com@EXAMPLE.COM"); on a server the authenticated
  // client ("alice@EXAMPLE.COM"). Unset when the backend does not report it
  // (SSPI under Wine, on both sides). Never an empty string.
  std::optional<std::string> peer_principal{};

  // The mechanism actually used: kKerberos or kNtlm (see `negotiated`). The
  // one exception is SSPI under Wine, which does not report the package that
  // Negotiate chose: a Negotiate session that did not end in NTLM reports
  // kNegotiate there.
  Mechanism mechanism = Mechanism::kKerberos;

  // True when the mechanism was negotiated inside SPNEGO (Negotiate).
  bool negotiated = false;

  // What was negotiated, including channel_bound.
  SecurityFlags flags{};

  // When the security context stops being usable, as the native library
  // reported it at completion (GSS-API gives the remaining lifetime, which
  // crossauth adds to the time of completion; SSPI gives the time). With
  // Kerberos both sides report the end time of the same service ticket: on
  // the client, the ticket it obtained for this service (no later than its
  // own ticket-granting ticket's end); on the server, the ticket the client
  // presented. After it the native library may refuse to protect or check
  // messages, and a server should make the client authenticate again.
  // InfiniteFuture when the library reports no end (GSS_C_INDEFINITE).
  absl::Time expiry = absl::InfiniteFuture();

  // True on the client side (the initiator).
  bool initiator = false;
};

// PeerIdentity
//
// Who the client of an established server session is, beyond its
// principal: what the KDC put into its ticket's PAC (MS-PAC) and its
// authentication indicators, from ServerSession::PeerIdentity(). Only data
// the native library checked (the PAC's KDC signatures) is reported; an
// unverified PAC is ignored as if there were none. SIDs are strings
// ("S-1-5-21-1-2-3-1104").
//
// An Active Directory KDC (Samba's AD DC, Windows) puts the user's SID,
// primary group and groups into every service ticket. An MIT KDC with its
// default database issues a minimal PAC without logon information (has_pac
// true, the SIDs empty), or none; that is not an error. NTLM has no PAC.
struct CROSSAUTH_EXPORT PeerIdentity {
  // True when the ticket carried a PAC that the library verified.
  bool has_pac = false;

  // The user's SID and primary group's SID, from the PAC's logon
  // information (LogonDomainId plus UserId and PrimaryGroupId); empty when
  // the PAC has no logon information.
  std::string user_sid{};
  std::string primary_group_sid{};

  // The PAC's group SIDs, in its order: each GroupIds RID in the logon
  // domain, then each ExtraSids SID (for example S-1-18-1, "authentication
  // authority asserted identity"), then the resource groups. Empty without
  // logon information.
  std::vector<std::string> group_sids{};

  // The ticket's authentication indicators (RFC 8129), for example
  // "spake-used" on an MIT KDC with SPAKE preauthentication; empty when
  // there are none.
  std::vector<std::string> authentication_indicators{};
};

// Protection
//
// How a message is protected. kConfidentiality encrypts and protects
// integrity; kIntegrity only protects integrity (the message travels in the
// clear).
enum class Protection { kConfidentiality, kIntegrity };

// UnwrappedMessage
//
// A message that passed every check, and how it was protected.
struct CROSSAUTH_EXPORT UnwrappedMessage {
  std::vector<uint8_t> message{};
  Protection protection = Protection::kConfidentiality;
};

// UnwrappedSpan
//
// A message opened in place by Session::UnwrapInPlace(): `message` points
// into the caller's token buffer.
struct CROSSAUTH_EXPORT UnwrappedSpan {
  absl::Span<uint8_t> message{};
  Protection protection = Protection::kConfidentiality;
};

// IovType, IovBuffer
//
// One buffer of a scatter/gather message for Session::WrapIov() and
// Session::UnwrapIov(), the model of gss_wrap_iov and of SSPI's
// EncryptMessage with several SecBuffers:
// - kHeader: the token's header (SECBUFFER_TOKEN); exactly one.
// - kData: message bytes, encrypted (with kConfidentiality) and protected
//   in place; one or more.
// - kSignOnly: bytes the token's checksum covers but that travel in the
//   clear and are never written (SECBUFFER_READONLY_WITH_CHECKSUM, DCE/RPC's
//   PDU header); any number.
// - kPadding: room for the cipher's padding (SECBUFFER_PADDING); at most one.
// - kTrailer: the token's trailer (RFC 4121 layout); at most one. Without a
//   trailer buffer the header holds everything, as Windows peers lay tokens
//   out (DCE/RPC, WinRM).
// Where the buffers travel, and in which order, is the application
// protocol's business; the peer passes the same types in the same order.
enum class IovType { kHeader, kData, kSignOnly, kPadding, kTrailer };

struct CROSSAUTH_EXPORT IovBuffer {
  IovType type = IovType::kData;
  absl::Span<uint8_t> data{};
};

// IovSizes
//
// The sizes of the header, padding and trailer buffers of a scatter/gather
// message: what WrapIovSizes() asks for, and what WrapIov() wrote.
struct CROSSAUTH_EXPORT IovSizes {
  size_t header = 0;
  size_t padding = 0;
  size_t trailer = 0;
};

// Session
//
// What client and server sessions share: message protection, Info() and
// End(). Calls other than End() before the session is complete, or after
// End(), return FailedPrecondition. Move-only.
//
// One call at a time: Step(), Info(), Wrap(), Unwrap(), GetMic(),
// VerifyMic(), DelegatedCredential(), ProxyCredential(), PeerIdentity(),
// LocalName() and End() each hold the session for their length. A second thread
// calling any of them meanwhile gets FailedPrecondition ("used from two threads
// at once") at once, without waiting; End() too, so the session stays usable by
// the first thread. Info() counts as a call: a thread that polls Info() makes
// another thread's Wrap() on the same session fail, so hand such a thread a
// copy of the SessionInfo instead. Moving a session once another thread's call
// on it has begun is safe: the call finishes on the moved-to session's state.
// (Starting a call on a Session object while another thread moves or
// assigns that same object is a data race, as for any C++ object.)
// Destroying a session (or assigning over it) while another thread is inside
// a call on it waits for that call to return, then ends the session; native
// calls end within the native library's own timeouts (a KDC exchange, say).
// complete() may be read from any thread at any time.
class CROSSAUTH_EXPORT Session {
 public:
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  // complete()
  //
  // True once the handshake has finished and until End().
  bool complete() const;

  // Info()
  //
  // Who is who, the mechanism, the negotiated flags and the expiry (see
  // SessionInfo). The first call asks the native library for the names;
  // later calls return the same value without a native call. A failure to
  // learn the names is returned (and the next call asks again).
  absl::StatusOr<SessionInfo> Info() const;

  // SessionKey()
  //
  // The established context's session key (the Kerberos subkey both sides
  // agreed on; for NTLM the session base key), for protocols that derive
  // their own keys from it (SMB, some RPC transports). Sensitive: anyone
  // holding it can read and forge this session's messages. crossauth never
  // asks for it on its own, and never stores it: each call fetches a new
  // copy, which the returned Secret wipes when it goes away. Both sides of a
  // Kerberos session get the same bytes (32 of them with aes256-cts).
  // Errors: FailedPrecondition before completion and after End(); GSS-API:
  // gss_inquire_sec_context_by_oid(GSS_C_INQ_SSPI_SESSION_KEY), whose
  // failure is returned; SSPI: Unimplemented under Wine, whose
  // QueryContextAttributes(SECPKG_ATTR_SESSION_KEY) is a stub in all three
  // packages; on Windows it would be that call (not yet written).
  absl::StatusOr<Secret> SessionKey() const;

  // Wrap()
  //
  // Protects `message` for the peer. kConfidentiality fails with
  // FailedPrecondition when confidentiality was not negotiated. On NTLM
  // through gss-ntlmssp, kIntegrity encrypts as well (the library always
  // seals), and the peer's Unwrap() reports kConfidentiality.
  ABSL_MUST_USE_RESULT absl::StatusOr<std::vector<uint8_t>> Wrap(
      absl::Span<const uint8_t> message,
      Protection protection = Protection::kConfidentiality);

  // Unwrap()
  //
  // Checks and opens a message from Wrap() on the peer. Returns the message
  // only when every check passed: DataLoss for a tampered or corrupt token,
  // Aborted for a replayed, duplicated, old or out-of-order one,
  // PermissionDenied when `minimum` is kConfidentiality and the message was
  // only integrity-protected, FailedPrecondition before any check when
  // neither replay nor sequence detection was negotiated (see
  // ServerOptions::allow_messages_without_replay_protection). No plaintext
  // is returned with any error. `token` is never written to.
  ABSL_MUST_USE_RESULT absl::StatusOr<UnwrappedMessage> Unwrap(
      absl::Span<const uint8_t> token,
      Protection minimum = Protection::kConfidentiality);

  // Wrap() into a caller's buffer
  //
  // Like Wrap(), but appends the token to `out` (what `out` held stays in
  // front of it), so a service that reuses one buffer per connection
  // allocates nothing per message once the buffer has grown. On an error
  // `out` is as it was. On SSPI EncryptMessage writes straight into `out`,
  // in Wrap()'s layout, also under Wine. On GSS-API gss_wrap_iov writes
  // straight into `out` (the token is gss_wrap's, which any peer's
  // gss_unwrap takes), and `message` may lie in `out`; NTLM through
  // gss-ntlmssp, which has no IOV calls, appends gss_wrap's token (a copy).
  ABSL_MUST_USE_RESULT absl::Status Wrap(
      absl::Span<const uint8_t> message, std::vector<uint8_t>& out,
      Protection protection = Protection::kConfidentiality);

  // UnwrapInPlace()
  //
  // Like Unwrap(), but decrypts inside `token` itself, without a copy, and
  // returns the span of `token` that holds the plaintext. The checks and
  // errors are Unwrap()'s. On any error from the session every byte of
  // `token` has been overwritten with zeros, because a message that fails a
  // check may have been partly decrypted already; keep a copy when the
  // token must survive. (The two refusals that never reach the session, a
  // moved-from one and a call made while another thread is inside one,
  // leave `token` alone.)
  // On SSPI DecryptMessage works in `token` (a STREAM buffer on Windows; on
  // SSPI under Wine, whose Kerberos package decrypts a copy inside
  // gss_unwrap, the plaintext is copied back to the token's start). On
  // GSS-API gss_unwrap_iov decrypts in `token` (a STREAM buffer; MIT first
  // rotates away the non-zero RRC a Windows peer sends); NTLM through
  // gss-ntlmssp, which has no IOV calls, unwraps into the library's buffer,
  // which is copied to the token's start and wiped.
  ABSL_MUST_USE_RESULT absl::StatusOr<UnwrappedSpan> UnwrapInPlace(
      absl::Span<uint8_t> token,
      Protection minimum = Protection::kConfidentiality);

  // MaxMessageSize()
  //
  // The largest message whose Wrap() token with `protection` is at most
  // `token_limit` bytes (gss_wrap_size_limit; SECPKG_ATTR_SIZES on SSPI).
  // 0 when no message of one byte or more fits. SASL's security layer uses it
  // for the peer's maximum buffer size. On SSPI on Windows a bound from
  // SECPKG_ATTR_SIZES (exact for NTLM, and for sealing with the AES
  // enctypes); on SSPI under Wine, whose SECPKG_ATTR_SIZES is wrong
  // (dlls/kerberos/unixlib.c), exact for gss_wrap's tokens, with the
  // checksum size the context's tokens showed (12 bytes, aes*-sha1, before
  // the first). On GSS-API exact for MIT's RFC 4121 tokens (one byte more
  // makes a token over the limit) and for NTLM (its 16-byte signature); a
  // limit above 4 GiB - 1 (gss_wrap_size_limit's OM_uint32) is answered for
  // 4 GiB - 1.
  ABSL_MUST_USE_RESULT absl::StatusOr<size_t> MaxMessageSize(
      size_t token_limit,
      Protection protection = Protection::kConfidentiality) const;

  // WrapIovSizes()
  //
  // The sizes the header, padding and trailer buffers of `buffers` must have
  // for WrapIov() (gss_wrap_iov_length; SECPKG_ATTR_SIZES on SSPI, which
  // gives maxima). Only the types and the sizes of the data and sign-only
  // buffers are read; the other spans may be empty. On GSS-API RFC 4121
  // tokens use no padding (0), and without a trailer buffer MIT puts the
  // trailer in the header and writes its length as the token's RRC, the
  // layout Windows peers use.
  ABSL_MUST_USE_RESULT absl::StatusOr<IovSizes> WrapIovSizes(
      absl::Span<const IovBuffer> buffers,
      Protection protection = Protection::kConfidentiality) const;

  // WrapIov()
  //
  // Protects a scatter/gather message in place (gss_wrap_iov;
  // EncryptMessage): data buffers are encrypted (kConfidentiality) where
  // they are, sign-only buffers are covered by the checksum and not written,
  // and the header, padding and trailer are written into their buffers,
  // which must be at least WrapIovSizes() long. Returns how many bytes of
  // each were used: send those. InvalidArgument for a layout the backend
  // cannot produce (no header, two of a kind, buffers that share bytes, a
  // buffer too small; on SSPI a
  // trailer buffer, which SSPI's packages do not have). On an error the data
  // buffers' contents are unspecified.
  //
  // On SSPI under Wine (8): Kerberos and Negotiate take header, data and
  // padding buffers, but no sign-only buffer (Unimplemented, kUnsupported):
  // Wine's EncryptMessage ignores SECBUFFER_READONLY_WITH_CHECKSUM and
  // wraps a single DATA buffer with gss_wrap (dlls/kerberos/krb5_ap.c,
  // unixlib.c), so the backend wraps the data buffers' bytes as one message
  // through a copy and lays gss_wrap's token out as Windows does (RRC 28
  // sealed, 12 signed; no padding used). NTLM takes one data buffer only
  // (Unimplemented, kUnsupported, for more): Wine encrypts the first
  // (dlls/msv1_0/main.c); sign-only buffers work.
  //
  // On GSS-API with NTLM (gss-ntlmssp has no IOV calls) WrapIovSizes(),
  // WrapIov() and UnwrapIov() are Unimplemented (kUnsupported).
  ABSL_MUST_USE_RESULT absl::StatusOr<IovSizes> WrapIov(
      absl::Span<IovBuffer> buffers,
      Protection protection = Protection::kConfidentiality);

  // UnwrapIov()
  //
  // Checks and opens a scatter/gather message from the peer's WrapIov(),
  // given the same types in the same order with the sizes the peer sent:
  // data buffers are decrypted in place, and the protection the peer applied
  // is returned. The checks and errors are Unwrap()'s (an empty header is
  // InvalidArgument, as an empty token is there); on any error from the
  // session every data buffer has been overwritten with zeros (not for the
  // refusals that never reach it, as for UnwrapInPlace()). On SSPI under Wine
  // the layouts WrapIov() takes there, Kerberos's opened through a copy (header
  // || data, which Wine's gss_unwrap takes whatever its RRC). On GSS-API
  // MIT takes a message without a trailer buffer only when its RRC is the
  // trailer's length (what Windows peers and WrapIov() send), and refuses a
  // non-empty padding buffer with an RFC 4121 token (DataLoss).
  ABSL_MUST_USE_RESULT absl::StatusOr<Protection> UnwrapIov(
      absl::Span<IovBuffer> buffers,
      Protection minimum = Protection::kConfidentiality);

  // GetMic()
  //
  // A message integrity code over `message`, for the peer's VerifyMic().
  ABSL_MUST_USE_RESULT absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message);

  // VerifyMic()
  //
  // OK only when `mic` is the peer's valid, fresh MIC over `message`:
  // DataLoss for a wrong MIC, Aborted for a replayed or out-of-order one,
  // FailedPrecondition as for Unwrap() when neither replay nor sequence
  // detection was negotiated.
  ABSL_MUST_USE_RESULT absl::Status VerifyMic(absl::Span<const uint8_t> message,
                                              absl::Span<const uint8_t> mic);

  // End()
  //
  // Deletes the native context (gss_delete_sec_context or
  // DeleteSecurityContext) and returns the native result; the session's
  // reference to its credential is dropped too. Idempotent: later calls
  // return OK. The destructor calls it when the application did not.
  absl::Status End();

 protected:
  explicit Session(std::unique_ptr<internal::SessionCore> core);
  std::unique_ptr<internal::SessionCore> core_;
};

// ClientSession
//
// The initiator's side.
class CROSSAUTH_EXPORT ClientSession : public Session {
 public:
  // ClientSession::Start()
  //
  // Starts a session on `credential` (which it keeps alive). No token is
  // produced yet: call Step() with an empty token. Errors: FailedPrecondition
  // for an empty credential or one without initiate usage, InvalidArgument
  // for an empty or malformed target or a mechanism off the allow-list.
  ABSL_MUST_USE_RESULT static absl::StatusOr<ClientSession> Start(
      const Credential& credential, const ClientOptions& options);

  // Step()
  //
  // Feeds the server's last token (empty on the first call) and returns the
  // token to send. On failure the session is unusable and should be ended.
  // An empty `peer_token` after the first call (the server sent nothing, or
  // closed the connection) is InvalidArgument and leaves the session as it
  // was. A server token after which the handshake is neither complete nor
  // has a token to send is InvalidArgument ("malformed"). `peer_token` is
  // never written to.
  ABSL_MUST_USE_RESULT absl::StatusOr<StepResult> Step(
      absl::Span<const uint8_t> peer_token);

 private:
  using Session::Session;
};

// ServerSession
//
// The acceptor's side.
class CROSSAUTH_EXPORT ServerSession : public Session {
 public:
  // ServerSession::Start()
  //
  // Starts a session on `credential` (which it keeps alive), waiting for the
  // client's first token. Errors: FailedPrecondition for an empty credential
  // or one without accept usage.
  ABSL_MUST_USE_RESULT static absl::StatusOr<ServerSession> Start(
      const Credential& credential, const ServerOptions& options = {});

  // Step()
  //
  // Feeds the client's token and returns the token to send back. A failure
  // may carry a token for the client (see GetErrorToken() in error.h;
  // RunHandshake() sends it). An
  // empty `peer_token` is InvalidArgument and leaves the session as it was.
  // A client token after which the handshake is neither complete nor has a
  // token to send back (MIT answers so to a Kerberos token with a wrong
  // token ID) is InvalidArgument ("malformed"), and the session has failed.
  // `peer_token` is never written to.
  ABSL_MUST_USE_RESULT absl::StatusOr<StepResult> Step(
      absl::Span<const uint8_t> peer_token);

  // DelegatedCredential()
  //
  // The credential the client delegated to this server (the client set
  // SecurityFlags::delegate and its ticket was forwardable), as an initiator
  // Credential for Mechanism::kKerberos: start a ClientSession with it to
  // reach a second service as the client (the "double hop"), or StoreInto()
  // a credential cache of your choosing. It stays valid after End(). Every
  // call returns a copy of the same Credential. Errors: FailedPrecondition
  // before the session is complete, NotFound when nothing was delegated,
  // Unimplemented on SSPI under Wine (which discards what was delegated).
  absl::StatusOr<Credential> DelegatedCredential();

  // ProxyCredential()
  //
  // Constrained delegation with the client's own ticket (Kerberos
  // S4U2Proxy): an initiator Credential for Mechanism::kKerberos that
  // reaches, as the client, the services the KDC lets this service
  // delegate to (Active Directory's msDS-AllowedToDelegateTo), though the
  // client delegated nothing. It needs this session's Credential acquired
  // with Usage::kBoth (the service's own tickets: give it both `keytab` and
  // `client_keytab`). When the client did delegate, this is
  // DelegatedCredential(). The KDC decides at the first Step() of a
  // ClientSession on it: a target it does not allow, a client ticket that
  // is not forwardable or a service ticket-granting ticket that is not, is
  // PermissionDenied (ErrorReason::kDelegationRefused); MIT's KDC with its
  // default database refuses every S4U2Proxy request. A Credential taken
  // before End() stays valid after it; every call returns a copy of the
  // same Credential. Errors: FailedPrecondition before the session is
  // complete and after End(); NotFound (ErrorReason::kDelegationUnavailable)
  // when the native library kept no ticket of the client's (an acceptor
  // Credential without initiate usage); Unimplemented, when the client
  // delegated nothing, with Heimdal 7.8 (its acceptor keeps no such ticket)
  // and on SSPI (not implemented by crossauth: Wine cannot test it).
  absl::StatusOr<Credential> ProxyCredential();

  // PeerIdentity()
  //
  // The client's SIDs and authentication indicators (see PeerIdentity).
  // Each call asks the native library again (nothing is kept).
  // Errors: FailedPrecondition before completion and after End();
  // InvalidArgument (ErrorReason::kMalformedToken) for a verified PAC whose
  // logon information does not decode; GSS-API: the failures of
  // gss_inquire_context and gss_get_name_attribute ("urn:mspac:",
  // "auth-indicators"), and Unimplemented with Heimdal 7.8, whose Kerberos
  // mechanism has no name attributes; SSPI: Unimplemented (not yet written; it
  // would be QuerySecurityContextToken and GetTokenInformation(TokenGroups),
  // which Wine 8's packages do not have).
  absl::StatusOr<crossauth::PeerIdentity> PeerIdentity() const;

  // LocalName()
  //
  // The local account the client's principal maps to ("alice" for
  // alice@EXAMPLE.COM), by the Kerberos configuration's rules (krb5.conf's
  // auth_to_local, whose default maps a one-component principal of the
  // default realm to its name). Errors: FailedPrecondition before
  // completion and after End(); NotFound (ErrorReason::kOther) when no rule
  // maps the principal, naming it (an NTLM client through gss-ntlmssp, which
  // maps none, too); GSS-API: gss_localname's other failures;
  // SSPI: Unimplemented (SSPI has no such mapping: a Windows account is the
  // principal itself).
  absl::StatusOr<std::string> LocalName() const;

 private:
  using Session::Session;
};

// AsBytes()
//
// The bytes of `text`, for the byte APIs (Step, Wrap, Unwrap, GetMic,
// VerifyMic, SaslSecurityLayer::Encode, ...), without a copy:
//
//   absl::StatusOr<std::vector<uint8_t>> sealed =
//       session->Wrap(crossauth::AsBytes("GET /index.html"));
//
// The span points into `text`, which must outlive it.
inline absl::Span<const uint8_t> AsBytes(absl::string_view text) {
  return absl::Span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

// AsString()
//
// A copy of `bytes` as a std::string, for text that came through Unwrap()
// or a token to log (escape it before printing: it may hold any byte).
inline std::string AsString(absl::Span<const uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// HandshakeSend, HandshakeReceive
//
// How RunHandshake() moves tokens: `send` delivers one token to the peer,
// `receive` returns the peer's next token (blocking until it arrives).
// Either returns an error to stop the handshake (a closed connection, a
// timeout); RunHandshake() then returns that error.
using HandshakeSend =
    absl::FunctionRef<absl::Status(absl::Span<const uint8_t>)>;
using HandshakeReceive =
    absl::FunctionRef<absl::StatusOr<std::vector<uint8_t>>()>;

// kDefaultMaxHandshakeSteps
//
// RunHandshake()'s default bound on Step() calls: Kerberos takes one or two
// steps per side, SPNEGO and NTLM up to three.
inline constexpr int kDefaultMaxHandshakeSteps = 10;

// RunHandshake()
//
// Runs the handshake to completion: Step(), send the token if there is one,
// receive the peer's next token, until the session is complete.
//
//   absl::Status done = crossauth::RunHandshake(
//       *session,
//       [&](absl::Span<const uint8_t> token) { return conn.Send(token); },
//       [&] { return conn.Receive(); });
//
// The client starts with an empty token and sends first; the server
// receives first. When a server step fails with an error token for the
// client (GetErrorToken(), a KRB-ERROR after a replay or a skewed clock),
// RunHandshake() sends it before it returns the step's error, so that the
// client learns the real cause. Returns OK once complete; the step's error,
// or `send`'s or `receive`'s; InvalidArgument (ErrorReason::kMalformedToken)
// when the session is still not complete after `max_steps` calls to Step()
// (a peer that keeps the handshake going), or for `max_steps` below 1. After
// an error the session is unusable: End() it.
ABSL_MUST_USE_RESULT CROSSAUTH_EXPORT absl::Status RunHandshake(
    ClientSession& session, HandshakeSend send, HandshakeReceive receive,
    int max_steps = kDefaultMaxHandshakeSteps);
ABSL_MUST_USE_RESULT CROSSAUTH_EXPORT absl::Status RunHandshake(
    ServerSession& session, HandshakeSend send, HandshakeReceive receive,
    int max_steps = kDefaultMaxHandshakeSteps);

}  // namespace crossauth

#endif  // CROSSAUTH_SESSION_H_
