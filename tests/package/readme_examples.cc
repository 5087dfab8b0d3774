// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The README's and the public headers' code examples, compiled the way a
// user compiles them: with -Wall -Wextra -Werror, whatever the project's own
// CROSSAUTH_WERROR says (tests/CMakeLists.txt in the main build, and
// tests/package/CMakeLists.txt against an installed crossauth). A warning in
// an example (-Wmissing-field-initializers for `{"HTTP@host"}`, an ignored
// absl::Status) fails the build. Nothing here runs: the transport and the
// HTTP stack are declarations only. Keep each function the same as its
// example, apart from the declarations it needs.

#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossauth/crossauth.h"

namespace readme_examples {

// The application's transport, as the examples assume it.
class Connection {
 public:
  absl::Status Send(absl::Span<const uint8_t> bytes);
  absl::StatusOr<std::vector<uint8_t>> Receive();
};

// The application's HTTP stack, as the HTTP examples assume it.
struct HttpResponse {
  std::vector<absl::string_view> Values(absl::string_view header) const;
};
struct HttpRequest {
  bool Has(absl::string_view header) const;
  std::string Get(absl::string_view header) const;
};
struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
};
void log(const absl::Status& status);

// The SASL example's protocol.
void SendResponse(absl::Span<const uint8_t> response);
std::vector<uint8_t> ReceiveChallenge();
void Send(absl::Span<const uint8_t> bytes);
std::vector<uint8_t> Receive();

// crossauth.h's file comment.
absl::Status UmbrellaHeader(crossauth::HandshakeSend send,
                            crossauth::HandshakeReceive receive) {
  auto credential = crossauth::Credential::Acquire({});
  auto session =
      crossauth::ClientSession::Start(*credential, {"HTTP@web.example.com"});
  absl::Status done = crossauth::RunHandshake(*session, send, receive);
  return done;
}

// README: "Quickstart: a client".
absl::Status Authenticate(Connection& conn) {
  // The default credential: after kinit (or the Windows logon session).
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire({});
  if (!credential.ok()) return credential.status();

  // Or "HTTP/web.example.com@REALM"; the other ClientOptions keep defaults.
  absl::StatusOr<crossauth::ClientSession> session =
      crossauth::ClientSession::Start(*credential, {"HTTP@web.example.com"});
  if (!session.ok()) return session.status();

  // Step() until complete: each token to the server, each reply back.
  absl::Status done = crossauth::RunHandshake(
      *session,
      [&](absl::Span<const uint8_t> token) { return conn.Send(token); },
      [&] { return conn.Receive(); });
  if (!done.ok()) return done;

  absl::StatusOr<std::vector<uint8_t>> sealed =
      session->Wrap(crossauth::AsBytes("GET /secret"));
  if (!sealed.ok()) return sealed.status();
  if (absl::Status sent = conn.Send(*sealed); !sent.ok()) return sent;
  return session->End();  // the destructor would do it too
}

// README: the hand-written loop that RunHandshake() replaces.
absl::Status HandWrittenLoop(
    Connection& conn, absl::StatusOr<crossauth::ClientSession>& session) {
  std::vector<uint8_t> from_server;  // empty for the first step
  while (!session->complete()) {
    absl::StatusOr<crossauth::StepResult> step = session->Step(from_server);
    if (!step.ok()) return step.status();
    if (!step->token.empty()) {
      if (absl::Status sent = conn.Send(step->token); !sent.ok()) return sent;
    }
    if (!step->complete) {
      absl::StatusOr<std::vector<uint8_t>> reply = conn.Receive();
      if (!reply.ok()) return reply.status();
      from_server = *std::move(reply);
    }
  }
  return absl::OkStatus();
}

// README: setting ClientOptions members by name.
absl::StatusOr<crossauth::ClientSession> ByName(
    const crossauth::Credential& credential) {
  crossauth::ClientOptions options;
  options.target = "HTTP@web.example.com";
  options.mechanism = crossauth::Mechanism::kKerberos;
  return crossauth::ClientSession::Start(credential, options);
}

#if __cplusplus >= 202002L
// session.h: designated initializers (C++20).
absl::StatusOr<crossauth::ClientSession> Designated(
    const crossauth::Credential& credential) {
  return crossauth::ClientSession::Start(
      credential, {.target = "HTTP@web.example.com",
                   .mechanism = crossauth::Mechanism::kKerberos});
}
#endif

// README: "Quickstart: a server".
absl::Status Serve(Connection& conn) {
  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.keytab = "FILE:/etc/web/http.keytab";  // this credential only
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(options);
  if (!credential.ok()) return credential.status();

  absl::StatusOr<crossauth::ServerSession> session =
      crossauth::ServerSession::Start(*credential);
  if (!session.ok()) return session.status();
  // A failed step's KRB-ERROR, if any, is sent to the client before the
  // error is returned, so that the client learns the cause.
  absl::Status done = crossauth::RunHandshake(
      *session,
      [&](absl::Span<const uint8_t> token) { return conn.Send(token); },
      [&] { return conn.Receive(); });
  if (!done.ok()) return done;

  absl::StatusOr<crossauth::SessionInfo> info = session->Info();
  if (!info.ok()) return info.status();
  // Unset where the backend reports no name (SSPI under Wine).
  std::cout << "client is " << info->peer_principal.value_or("unknown") << "\n";
  absl::StatusOr<std::vector<uint8_t>> token = conn.Receive();
  if (!token.ok()) return token.status();
  absl::StatusOr<crossauth::UnwrappedMessage> request =
      session->Unwrap(*token);  // refuses replays and unencrypted data
  return request.status();
}

// README: "Channel bindings".
void ChannelBindings(absl::Span<const uint8_t> server_cert_der,
                     crossauth::ClientOptions& client_options,
                     crossauth::ServerOptions& server_options) {
  // Both sides compute the same bindings from the server's certificate (DER).
  absl::StatusOr<crossauth::ChannelBindings> bindings =
      crossauth::ChannelBindings::TlsServerEndPoint(server_cert_der);
  client_options.channel_bindings = *bindings;  // the client sends them
  server_options.channel_bindings = *bindings;  // the server checks them
  server_options.channel_binding_policy =
      crossauth::ChannelBindingPolicy::kRequire;  // and refuses none
}

// README: "Delegation".
absl::Status Delegation(crossauth::ServerSession& server,
                        const std::string& user_id) {
  absl::StatusOr<crossauth::Credential> as_user = server.DelegatedCredential();
  // NotFound when the client did not delegate, or its ticket is not
  // forwardable.
  crossauth::ClientOptions next;
  next.target = "HTTP@backend.example.com";
  next.mechanism = crossauth::Mechanism::kKerberos;
  auto hop = crossauth::ClientSession::Start(*as_user, next);
  // Or hand it to other code through a cache you name (GSS-API only):
  absl::Status stored =
      as_user->StoreInto("FILE:/run/myservice/krb5cc_" + user_id);
  (void)hop;
  return stored;
}

// README: "Who the peer is".
void WhoThePeerIs(crossauth::ServerSession& server,
                  const std::string& admins_sid) {
  absl::StatusOr<crossauth::PeerIdentity> peer = server.PeerIdentity();
  if (peer.ok() && absl::c_linear_search(peer->group_sids, admins_sid)) {
    // the KDC says this client is in the admins group
  }
  absl::StatusOr<std::string> account = server.LocalName();
  // "alice" for alice@EXAMPLE.COM; NotFound when no rule maps the principal.
  (void)account;
}

// README: "Delegation", S4U.
absl::StatusOr<crossauth::Credential> Impersonation() {
  crossauth::CredentialOptions own;
  own.principal = "HTTP/web.example.com@EXAMPLE.COM";
  own.client_keytab = "FILE:/etc/web.keytab";  // the service's own TGT
  own.ccache = "MEMORY:web-s4u";
  absl::StatusOr<crossauth::Credential> service =
      crossauth::Credential::Acquire(own);
  if (!service.ok()) return service.status();
  absl::StatusOr<crossauth::Credential> as_alice =
      crossauth::Credential::Impersonate(*service, "alice@EXAMPLE.COM");
  // PermissionDenied (ErrorReason::kDelegationRefused) at the first Step()
  // to a service the KDC will not let this one delegate to.
  return as_alice;
}

// README: "Delegation", S4U2Proxy with the client's own ticket. `server`
// stands for the session that ServerSession::Start(*service) began.
absl::StatusOr<crossauth::Credential> ProxyCredential(
    crossauth::ServerSession& server) {
  crossauth::CredentialOptions both;
  both.usage = crossauth::Usage::kBoth;
  both.principal = "web@EXAMPLE.COM";           // the service account
  both.keytab = "FILE:/etc/web.keytab";         // to accept
  both.client_keytab = "FILE:/etc/web.keytab";  // its own forwardable TGT
  both.ccache = "MEMORY:web-s4u2proxy";
  absl::StatusOr<crossauth::Credential> service =
      crossauth::Credential::Acquire(both);
  if (!service.ok()) return service.status();
  // ... ServerSession::Start(*service), and the handshake with the user ...
  absl::StatusOr<crossauth::Credential> as_user = server.ProxyCredential();
  // A ClientSession on *as_user to an allowed service authenticates as the
  // user; to any other, PermissionDenied (ErrorReason::kDelegationRefused).
  return as_user;
}

// README: "HTTP Negotiate", the client.
absl::Status HttpClient(absl::StatusOr<crossauth::Credential>& credential,
                        const HttpResponse& response) {
  auto http = crossauth::HttpNegotiateClient::StartForHost(*credential,
                                                           "web.example.com");
  // GET / -> 401 with "WWW-Authenticate: Negotiate"
  absl::StatusOr<std::string> authorization =
      http->NextAuthorization(response.Values("WWW-Authenticate"));
  if (!authorization.ok()) return authorization.status();
  // GET / with "Authorization: <*authorization>" -> 200
  absl::Status proven = http->VerifyFinal(response.Values("WWW-Authenticate"));
  if (!proven.ok()) return proven;  // no final token, or a forged one
  return absl::OkStatus();
}

// README: "HTTP Negotiate", the server.
void HttpServer(absl::StatusOr<crossauth::Credential>& acceptor_credential,
                const HttpRequest& request, HttpReply& reply) {
  auto http = crossauth::HttpNegotiateServer::Start(*acceptor_credential);
  crossauth::HttpNegotiateResponse response = http->Respond(
      request.Has("Authorization") ? std::optional(request.Get("Authorization"))
                                   : std::nullopt);
  reply.status = response.status_code;  // 200, 401 (500: the server failed)
  if (!response.www_authenticate.empty())
    reply.headers["WWW-Authenticate"] = response.www_authenticate;
  if (response.authenticated())
    reply.body = "Hello, " + response.principal;
  else
    log(response.error);  // why: a malformed header, a replay, ...
}

// README: "SASL GSSAPI".
absl::Status Sasl(absl::StatusOr<crossauth::Credential>& credential,
                  absl::StatusOr<crossauth::ChannelBindings>& bindings,
                  absl::Span<const uint8_t> request) {
  crossauth::SaslGssapiOptions sasl;  // all layers, 64 KiB buffers
  crossauth::ClientOptions session;   // as for a ClientSession
  session.target = "ldap@directory.example";
  session.channel_bindings = *bindings;  // optional: the TLS channel's
  auto client = crossauth::SaslGssapiClient::Start(*credential, session, sasl);
  std::vector<uint8_t> challenge;  // none before the initial response
  while (!client->complete()) {
    absl::StatusOr<std::vector<uint8_t>> response = client->Step(challenge);
    if (!response.ok()) return response.status();
    SendResponse(*response);  // send it even when it is empty
    if (!client->complete()) challenge = ReceiveChallenge();
  }
  absl::StatusOr<crossauth::SaslSecurityLayer> layer =
      std::move(*client).Finish();
  absl::StatusOr<std::vector<uint8_t>> out = layer->Encode(request);
  if (!out.ok()) return out.status();
  Send(*out);  // wrapped, and split to the peer's maximum buffer
  absl::StatusOr<std::vector<uint8_t>> reply = layer->Decode(Receive());
  return reply.status();
}

// The test kit's name, as README's "The test kit" writes it, is compiled by
// tests/package/testing_main.cc (it needs crossauth::testing).

}  // namespace readme_examples
