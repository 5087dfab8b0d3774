// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// http_negotiate.h: HTTP Negotiate authentication (RFC 4559) for clients and
// servers, with no sockets inside: the application moves the header values.
//
// A client answers the server's `WWW-Authenticate` challenges with
// `Authorization` header values, then checks the server's final mutual-
// authentication token on the 200 response:
//
//   auto http = crossauth::HttpNegotiateClient::StartForHost(cred,
//   "web.example");
//   // GET / -> 401, WWW-Authenticate: Negotiate
//   absl::StatusOr<std::string> authorization =
//       http->NextAuthorization({www_authenticate});
//   // GET / with "Authorization: <*authorization>" -> 200,
//   // WWW-Authenticate: Negotiate <final token>
//   absl::Status verified = http->VerifyFinal({www_authenticate});
//
// A server turns each request's `Authorization` header (or its absence) into
// the status code and the `WWW-Authenticate` value to send back:
//
//   auto http = crossauth::HttpNegotiateServer::Start(acceptor_cred);
//   crossauth::HttpNegotiateResponse response = http->Respond(authorization);
//   // Send response.status_code (200 or 401, 500 when the server itself
//   // failed), "WWW-Authenticate: <response.www_authenticate>" when it is not
//   // empty, and on 200 serve response.principal.
//
// Parsing follows RFC 7235 strictly: the scheme is case-insensitive, one
// `WWW-Authenticate` value may hold several challenges ("Basic realm=x,
// Negotiate"), tokens are canonical padded base64 (RFC 4648) with no
// whitespace, and each header value is limited to kMaxHttpAuthHeaderSize
// bytes. A malformed value is InvalidArgument with a message that names what
// was wrong and where; the peer's bytes are escaped, never echoed raw, and
// an error quotes a bounded part of what the peer sent (at most 8 of its
// schemes, for example, then "... (N more)").

#ifndef CROSSAUTH_HTTP_NEGOTIATE_H_
#define CROSSAUTH_HTTP_NEGOTIATE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossauth/credential.h"
#include "crossauth/export.h"
#include "crossauth/session.h"

namespace crossauth {

// kMaxHttpAuthHeaderSize
//
// The largest `WWW-Authenticate` or `Authorization` value accepted, in bytes
// (64 KiB); for several `WWW-Authenticate` values, the limit of their sum.
inline constexpr size_t kMaxHttpAuthHeaderSize = 64 * 1024;

// NegotiateChallenge
//
// What the `WWW-Authenticate` values of one response say about Negotiate.
struct CROSSAUTH_EXPORT NegotiateChallenge {
  // True when one of the challenges uses the Negotiate scheme.
  bool offered = false;
  // Its decoded token; empty for a bare "Negotiate" challenge.
  std::vector<uint8_t> token{};
  // Every challenge's scheme, in order, as sent; a scheme longer than 32
  // characters is cut to its first 32, followed by "..." (35 in all).
  std::vector<std::string> schemes{};
};

// ParseNegotiateChallenge()
//
// Parses the `WWW-Authenticate` field values of one response (one element
// per header line; each may hold several comma-separated challenges) and
// returns the Negotiate challenge. No values, or no Negotiate challenge
// among them, is OK with `offered` false. InvalidArgument for a malformed
// value, a value (or all of them) over kMaxHttpAuthHeaderSize, more than one
// Negotiate challenge, a Negotiate challenge with auth-params instead of a
// token, or a token that is not canonical padded base64.
ABSL_MUST_USE_RESULT CROSSAUTH_EXPORT absl::StatusOr<NegotiateChallenge>
ParseNegotiateChallenge(absl::Span<const absl::string_view> www_authenticate);

// ParseNegotiateAuthorization()
//
// Parses an `Authorization` field value of the form "Negotiate <base64>" and
// returns the decoded token (never empty). InvalidArgument for a malformed
// value, one over kMaxHttpAuthHeaderSize, "Negotiate" without a token, or a
// token that is not canonical padded base64; NotFound for well-formed
// credentials of another scheme (for example "Basic ...").
ABSL_MUST_USE_RESULT CROSSAUTH_EXPORT absl::StatusOr<std::vector<uint8_t>>
ParseNegotiateAuthorization(absl::string_view authorization);

// FormatNegotiateHeader()
//
// "Negotiate <base64 of token>", or "Negotiate" for an empty token: the value
// of an `Authorization` or `WWW-Authenticate` header.
CROSSAUTH_EXPORT std::string FormatNegotiateHeader(
    absl::Span<const uint8_t> token);

// HttpNegotiateClient
//
// The client side of one HTTP Negotiate exchange: owns a ClientSession (which
// keeps its credential alive) and turns challenges into `Authorization`
// values. Move-only; one thread at a time. Any failure other than misuse
// (FailedPrecondition) leaves the exchange failed: later calls return
// FailedPrecondition, so start a new one.
class CROSSAUTH_EXPORT HttpNegotiateClient {
 public:
  // HttpNegotiateClient::StartForHost()
  //
  // Starts a session on `credential` for the service "HTTP@<host>" with the
  // safe defaults (Negotiate, mutual authentication). `host` is the host
  // name of the URL, as the service principal HTTP/<host> knows it. Errors
  // are those of ClientSession::Start().
  ABSL_MUST_USE_RESULT static absl::StatusOr<HttpNegotiateClient> StartForHost(
      const Credential& credential, absl::string_view host);

  // HttpNegotiateClient::Start()
  //
  // Starts a session on `credential` with `options` (the target is required,
  // normally "HTTP@<host>").
  ABSL_MUST_USE_RESULT static absl::StatusOr<HttpNegotiateClient> Start(
      const Credential& credential, ClientOptions options);

  // Takes over a session that has not been stepped yet.
  explicit HttpNegotiateClient(ClientSession session);

  HttpNegotiateClient(HttpNegotiateClient&&) noexcept;
  HttpNegotiateClient& operator=(HttpNegotiateClient&&) noexcept;
  HttpNegotiateClient(const HttpNegotiateClient&) = delete;
  HttpNegotiateClient& operator=(const HttpNegotiateClient&) = delete;
  ~HttpNegotiateClient();

  // NextAuthorization()
  //
  // Returns the `Authorization` value ("Negotiate <base64>") for the next
  // request. The first call takes the 401 response's `WWW-Authenticate`
  // values (a bare Negotiate challenge), or none to authenticate
  // preemptively. Later calls take the next 401's values, whose Negotiate
  // challenge must carry the server's continuation token. Errors: NotFound
  // when the server does not offer Negotiate (the message lists the first 8
  // schemes it offers and counts the rest); Unauthenticated when the
  // server rejected the last token (a 401 with a bare challenge), or the
  // session's own error for the server's token (a KRB-ERROR the server sent
  // becomes its real cause); InvalidArgument for malformed values;
  // FailedPrecondition after completion or failure.
  ABSL_MUST_USE_RESULT absl::StatusOr<std::string> NextAuthorization(
      absl::Span<const absl::string_view> www_authenticate = {});

  // VerifyFinal()
  //
  // Checks the successful (2xx) response's `WWW-Authenticate` values: the
  // server's final token completes the session and proves the server's
  // identity. OK when the session is then complete. Unauthenticated when
  // the final token is missing and the session is not complete (the server
  // did not prove its identity), or when the handshake would need another
  // round; the session's error when the token is rejected; InvalidArgument
  // for malformed values or a token after the session completed;
  // FailedPrecondition before any Authorization was produced or after a
  // failure.
  ABSL_MUST_USE_RESULT absl::Status VerifyFinal(
      absl::Span<const absl::string_view> www_authenticate);

  // complete()
  //
  // True once the session is established (after VerifyFinal(), or earlier
  // for a mechanism that needs no reply).
  bool complete() const;

  // session()
  //
  // The underlying session: Info(), Wrap(), End() and the rest.
  ClientSession& session() { return session_; }

 private:
  enum class State { kStart, kSent, kComplete, kFailed };
  absl::Status Fail(absl::Status status);

  ClientSession session_;
  State state_ = State::kStart;
};

// HttpNegotiateResponse
//
// What a server sends for one request.
struct CROSSAUTH_EXPORT HttpNegotiateResponse {
  // 200: authenticated; 401: authentication required or refused; 500: the
  // server itself failed (for example its credential is unusable).
  int status_code = 401;
  // The `WWW-Authenticate` value ("Negotiate" or "Negotiate <base64>"), or
  // empty when no such header is to be sent (a 200 without a final token).
  std::string www_authenticate{};
  // The authenticated client, for example "alice@EXAMPLE.COM"; set on 200,
  // except where the backend reports no peer name (SSPI under Wine: see
  // SessionInfo::peer_principal), where it stays empty.
  std::string principal{};
  // Why the status is not 200: OK for a request without credentials,
  // InvalidArgument for a malformed Authorization (a token that is not
  // base64, or one the mechanism cannot read), NotFound for another
  // scheme, or the session's error for a rejected token (the KRB-ERROR it
  // produced, if any, is in `www_authenticate` and in GetErrorToken()).
  absl::Status error{};

  // authenticated()
  //
  // True for a 200.
  bool authenticated() const { return status_code == 200; }
};

// HttpNegotiateServer
//
// The server side of HTTP Negotiate for one connection (or one client):
// owns a ServerSession and turns `Authorization` values into responses.
// Created from a credential, it starts a fresh session whenever a client
// begins a new exchange (after a completed or failed one). Created from a
// session, it serves that one exchange; later requests get 401 with
// FailedPrecondition. Move-only; one thread at a time.
class CROSSAUTH_EXPORT HttpNegotiateServer {
 public:
  // HttpNegotiateServer::Start()
  //
  // Starts accepting on `credential` (which sessions keep alive). Errors
  // are those of ServerSession::Start().
  ABSL_MUST_USE_RESULT static absl::StatusOr<HttpNegotiateServer> Start(
      const Credential& credential, ServerOptions options = {});

  // Takes over a session that has not been stepped yet.
  explicit HttpNegotiateServer(ServerSession session);

  HttpNegotiateServer(HttpNegotiateServer&&) noexcept;
  HttpNegotiateServer& operator=(HttpNegotiateServer&&) noexcept;
  HttpNegotiateServer(const HttpNegotiateServer&) = delete;
  HttpNegotiateServer& operator=(const HttpNegotiateServer&) = delete;
  ~HttpNegotiateServer();

  // Respond()
  //
  // The response to a request with this `Authorization` value (std::nullopt
  // when the request had none): 401 with a bare "Negotiate" challenge for
  // none, another scheme or a malformed value; 401 with the server's
  // continuation token; 401 with a KRB-ERROR token (or a bare challenge)
  // when the token was refused; 200 with the final token and the principal.
  // Never fails: the reason for anything but 200 is in `error`.
  HttpNegotiateResponse Respond(std::optional<absl::string_view> authorization);

  // complete()
  //
  // True once the current session is established.
  bool complete() const;

  // session()
  //
  // The current session: Info(), Wrap(), End() and the rest.
  ServerSession& session() { return session_; }

 private:
  HttpNegotiateServer(ServerSession session,
                      std::optional<Credential> credential,
                      ServerOptions options);

  ServerSession session_;
  std::optional<Credential> credential_;  // set when sessions can restart
  ServerOptions options_;
  bool stepped_ = false;                // session_ has seen a token
  bool awaiting_continuation_ = false;  // we sent a continuation token
};

}  // namespace crossauth

#endif  // CROSSAUTH_HTTP_NEGOTIATE_H_
