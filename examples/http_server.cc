// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-http-server: a minimal HTTP/1.1 server protected by
// Negotiate (RFC 4559). An authenticated GET gets 200 and "Hello,
// <principal>"; anything else gets 401 with "WWW-Authenticate: Negotiate".
// One request per connection; works with `curl --negotiate -u :` and with
// crossauth-example-http-client.
//
//   crossauth-example-http-server [--host IP] [--port PORT] [--port-file F]
//       [--requests N] [--keytab FILE:/path] [--principal HTTP@host]
//       [--mech negotiate|kerberos]
//
// Without --mech, SPNEGO and raw Kerberos tokens are both accepted.
// Port 0 picks a free port; --port-file receives it once the server listens.
// --requests N stops after N connections (default: serve forever).
// Exit status: 0 success, 1 failure, 2 usage error.

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "crossauth/crossauth.h"
#include "examples/http_wire.h"
#include "peer/common.h"

namespace {

namespace http = example::http;

// The request line as it may be logged: escaped and shortened.
std::string Shown(absl::string_view text) {
  return absl::CHexEscape(text.substr(0, 80));
}

http::Message Reply(int code, absl::string_view reason, std::string body) {
  http::Message reply;
  reply.start_line = absl::StrCat("HTTP/1.1 ", code, " ", reason);
  reply.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                   {"Connection", "close"}};
  reply.body = std::move(body);
  return reply;
}

// Answers one request on `socket`; returns the status code sent.
int Serve(http::Socket& socket, const crossauth::Credential& credential) {
  absl::StatusOr<http::Message> request = socket.Receive();
  if (!request.ok()) {
    const bool too_big =
        request.status().code() == absl::StatusCode::kResourceExhausted;
    std::printf("http-server: bad request: %s\n",
                std::string(request.status().message()).c_str());
    http::Message reply =
        too_big ? Reply(431, "Request Header Fields Too Large", "too large\n")
                : Reply(400, "Bad Request", "bad request\n");
    (void)socket.Send(http::Serialize(reply));
    return too_big ? 431 : 400;
  }
  // "METHOD SP request-target SP HTTP/1.x"
  std::vector<absl::string_view> request_line =
      absl::StrSplit(request->start_line, ' ');
  if (request_line.size() != 3 || request_line[0].empty() ||
      request_line[1].empty() ||
      !absl::StartsWith(request_line[2], "HTTP/1.")) {
    std::printf("http-server: bad request line: %s\n",
                Shown(request->start_line).c_str());
    (void)socket.Send(
        http::Serialize(Reply(400, "Bad Request", "bad request\n")));
    return 400;
  }
  std::vector<absl::string_view> authorization =
      request->Values("Authorization");

  absl::StatusOr<crossauth::HttpNegotiateServer> negotiate =
      crossauth::HttpNegotiateServer::Start(credential);
  crossauth::HttpNegotiateResponse response;
  if (!negotiate.ok()) {
    response.status_code = 500;
    response.error = negotiate.status();
  } else if (authorization.size() > 1) {
    response.www_authenticate = "Negotiate";
    response.error =
        absl::InvalidArgumentError("more than one Authorization header field");
  } else {
    response = negotiate->Respond(
        authorization.empty()
            ? std::nullopt
            : std::optional<absl::string_view>(authorization.front()));
  }

  http::Message reply;
  if (response.status_code == 200) {
    // An SSPI backend under Wine cannot tell the client's name (no
    // SECPKG_ATTR_NAMES); the body then says so instead of "Hello, ".
    const std::string name = example::NameOrUnreported(response.principal);
    reply = Reply(200, "OK", absl::StrCat("Hello, ", name, "\n"));
    std::printf("http-server: 200 for %s: authenticated %s\n",
                Shown(request->start_line).c_str(), name.c_str());
  } else if (response.status_code == 401) {
    reply = Reply(401, "Unauthorized", "Negotiate authentication required\n");
    std::printf(
        "http-server: 401 for %s: %s\n", Shown(request->start_line).c_str(),
        response.error.ok() ? "no credentials yet"
                            : std::string(response.error.message()).c_str());
  } else {
    reply = Reply(500, "Internal Server Error", "server error\n");
    std::printf("http-server: 500: %s\n",
                std::string(response.error.message()).c_str());
  }
  if (!response.www_authenticate.empty()) {
    reply.headers.emplace_back("WWW-Authenticate", response.www_authenticate);
  }
  absl::Status sent = socket.Send(http::Serialize(reply));
  if (!sent.ok()) {
    std::printf("http-server: send failed: %s\n",
                std::string(sent.message()).c_str());
  }
  // The session (if any) ends here, when `negotiate` goes out of scope.
  return response.status_code;
}

}  // namespace

int main(int argc, char** argv) {
  example::WriteLinesAsTheyCome();
  example::Flags flags;
  if (!flags.Parse(argc, argv,
                   {"--host", "--port", "--port-file", "--requests", "--keytab",
                    "--principal", "--mech"},
                   {}) ||
      !flags.Int("--port", 0) || !flags.Int("--requests", 0) ||
      *flags.Int("--requests", 0) < 0 || !example::MechanismFlag(flags)) {
    std::fprintf(stderr,
                 "usage: crossauth-example-http-server [--host IP] [--port "
                 "PORT] [--port-file FILE] [--requests N] [--keytab KEYTAB] "
                 "[--principal HTTP@HOST] [--mech negotiate|kerberos]\n");
    return 2;
  }
  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.principal = flags.Get("--principal");
  options.keytab = flags.Get("--keytab");
  // By default both SPNEGO and raw Kerberos tokens are accepted, as
  // mod_auth_gssapi and IIS do; --mech restricts the server to one.
  if (flags.Has("--mech")) {
    options.mechanisms = {*example::MechanismFlag(flags)};
  } else {
    options.mechanisms = {crossauth::Mechanism::kNegotiate,
                          crossauth::Mechanism::kKerberos};
  }
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(options);
  if (!credential.ok()) {
    std::printf("http-server: FAILED: %s\n",
                std::string(credential.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<http::Listener> listener = http::Listener::Bind(
      flags.Get("--host", "127.0.0.1"), *flags.Int("--port", 0));
  if (!listener.ok()) {
    std::printf("http-server: FAILED: %s\n",
                std::string(listener.status().message()).c_str());
    return 1;
  }
  std::printf("http-server: listening on port %d (backend %s)\n",
              listener->port(), std::string(crossauth::BackendName()).c_str());
  if (flags.Has("--port-file")) {
    // Written to a temporary name and renamed, so readers never see half.
    const std::string path = flags.Get("--port-file");
    std::ofstream(path + ".tmp") << listener->port() << "\n";
    std::rename((path + ".tmp").c_str(), path.c_str());
  }

  const int limit = *flags.Int("--requests", 0);
  int served = 0, authenticated = 0;
  for (int i = 0; limit == 0 || i < limit; ++i) {
    absl::StatusOr<http::Socket> socket = listener->Accept();
    if (!socket.ok()) {
      std::printf("http-server: accept failed: %s\n",
                  std::string(socket.status().message()).c_str());
      continue;
    }
    ++served;
    if (Serve(*socket, *credential) == 200) ++authenticated;
  }
  std::printf("http-server: served %d connections, %d authenticated\n", served,
              authenticated);
  absl::StatusOr<crossauth::ReleaseOutcome> released = credential->Release();
  return released.ok() ? 0 : 1;
}
