// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-http-client: GETs a page from a Negotiate-protected
// HTTP server (RFC 4559), answering its 401 challenges with
// HttpNegotiateClient and checking the server's final mutual-authentication
// token before it trusts the page. Prints the body.
//
//   crossauth-example-http-client --port PORT [--host IP] [--path /]
//       [--target HTTP@localhost] [--mech negotiate|kerberos]
//       [--host-header localhost:PORT]
//
// Uses the default credential (after kinit). One request per connection.
// Exit status: 0 success, 1 failure, 2 usage error.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "crossauth/crossauth.h"
#include "examples/http_wire.h"
#include "peer/common.h"

namespace {

namespace http = example::http;

struct Endpoint {
  std::string host;
  int port = 0;
  std::string path;
  std::string host_header;
};

absl::StatusOr<http::Message> Get(const Endpoint& endpoint,
                                  const std::string& authorization) {
  absl::StatusOr<http::Socket> socket =
      http::Socket::Connect(endpoint.host, endpoint.port);
  if (!socket.ok()) return socket.status();
  http::Message request;
  request.start_line = absl::StrCat("GET ", endpoint.path, " HTTP/1.1");
  request.headers = {{"Host", endpoint.host_header}, {"Connection", "close"}};
  if (!authorization.empty()) {
    request.headers.emplace_back("Authorization", authorization);
  }
  if (absl::Status sent = socket->Send(http::Serialize(request)); !sent.ok()) {
    return sent;
  }
  return socket->Receive();
}

int StatusCode(const http::Message& response) {
  // "HTTP/1.1 200 OK"
  int code = 0;
  if (response.start_line.size() < 12 ||
      !absl::SimpleAtoi(response.start_line.substr(9, 3), &code)) {
    return 0;
  }
  return code;
}

absl::Status Run(const Endpoint& endpoint, crossauth::Credential& credential,
                 crossauth::ClientOptions options) {
  absl::StatusOr<crossauth::HttpNegotiateClient> negotiate =
      crossauth::HttpNegotiateClient::Start(credential, std::move(options));
  if (!negotiate.ok()) return negotiate.status();

  std::string authorization;
  // Round 0 asks without credentials; each 401 after that is one more
  // handshake round. Real mechanisms finish in one or two.
  for (int round = 0; round < 5; ++round) {
    absl::StatusOr<http::Message> response = Get(endpoint, authorization);
    if (!response.ok()) return response.status();
    const int code = StatusCode(*response);
    std::vector<absl::string_view> challenges =
        response->Values("WWW-Authenticate");
    std::printf("http-client: round %d: HTTP %d\n", round, code);
    if (code == 401) {
      absl::StatusOr<std::string> next =
          negotiate->NextAuthorization(challenges);
      if (!next.ok()) return next.status();
      authorization = *std::move(next);
      std::printf("http-client: sending a %zu-byte Authorization header\n",
                  authorization.size());
      continue;
    }
    if (code != 200) {
      return absl::UnavailableError(
          absl::StrCat("the server answered HTTP ", code, "; expected 200"));
    }
    if (authorization.empty()) {
      std::printf("http-client: the page needs no authentication\n");
    } else if (absl::Status verified = negotiate->VerifyFinal(challenges);
               !verified.ok()) {
      return verified;  // do not trust a page from an unproven server
    } else {
      absl::StatusOr<crossauth::SessionInfo> info = negotiate->session().Info();
      if (!info.ok()) return info.status();
      std::printf(
          "http-client: authenticated as %s; the server proved it is "
          "%s\n",
          example::NameOrUnreported(info->local_principal).c_str(),
          example::NameOrUnreported(info->peer_principal).c_str());
      std::printf("http-client: %s\n", example::Describe(*info).c_str());
    }
    std::printf("http-client: body: %s\n",
                absl::CHexEscape(response->body).c_str());
    return negotiate->session().End();
  }
  return absl::DeadlineExceededError("no 200 after 5 rounds");
}

}  // namespace

int main(int argc, char** argv) {
  example::WriteLinesAsTheyCome();
  example::Flags flags;
  if (!flags.Parse(
          argc, argv,
          {"--host", "--port", "--path", "--target", "--mech", "--host-header"},
          {}) ||
      !flags.Has("--port") || !flags.Int("--port", 0) ||
      !example::MechanismFlag(flags)) {
    std::fprintf(stderr,
                 "usage: crossauth-example-http-client --port PORT [--host IP] "
                 "[--path /] [--target HTTP@HOST] [--mech negotiate|kerberos] "
                 "[--host-header HOST:PORT]\n");
    return 2;
  }
  crossauth::ClientOptions options;
  options.target = flags.Get("--target", "HTTP@localhost");
  options.mechanism = *example::MechanismFlag(flags);
  Endpoint endpoint;
  endpoint.host = flags.Get("--host", "127.0.0.1");
  endpoint.port = *flags.Int("--port", 0);
  endpoint.path = flags.Get("--path", "/");
  endpoint.host_header =
      flags.Get("--host-header", absl::StrCat("localhost:", endpoint.port));

  crossauth::CredentialOptions credential_options;
  credential_options.mechanisms = {options.mechanism};
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(credential_options);
  if (!credential.ok()) {
    std::printf("http-client: FAILED: %s\n",
                std::string(credential.status().message()).c_str());
    return 1;
  }
  absl::Status done = Run(endpoint, *credential, std::move(options));
  if (!done.ok()) {
    std::printf("http-client: FAILED: %s\n",
                std::string(done.message()).c_str());
    return 1;
  }
  return credential->Release().ok() ? 0 : 1;
}
