// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-server: accepts crossauth-example-client connections,
// authenticates each client, echoes its protected messages and verifies its
// MIC. Copy it as the start of your own server.
//
//   crossauth-example-server [--host IP] [--port PORT] [--port-file FILE]
//       [--once] [--keytab FILE:/path] [--principal HTTP@host]
//       [--mech negotiate|kerberos] [--expect-peer alice@REALM]
//
// Port 0 picks a free port; --port-file receives it once the server listens.
// Exit status: 0 success, 1 failure, 2 usage error.

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crossauth/crossauth.h"
#include "examples/common.h"
#include "examples/wire.h"

namespace {

absl::Status Refuse(example::Connection& connection, const absl::Status& why) {
  std::printf("server: refused: %s\n", std::string(why.message()).c_str());
  // A KRB-ERROR lets the client see the real cause; otherwise a plain no.
  if (std::optional<std::vector<uint8_t>> token =
          crossauth::GetErrorToken(why)) {
    (void)connection.Send(example::kContext, *token);
  } else {
    const std::string no = "authentication failed";
    (void)connection.Send(example::kNoop,
                          std::vector<uint8_t>(no.begin(), no.end()));
  }
  return why;
}

absl::Status Serve(example::Connection& connection,
                   const crossauth::Credential& credential,
                   const std::string& expect_peer) {
  absl::StatusOr<crossauth::ServerSession> session =
      crossauth::ServerSession::Start(credential);
  if (!session.ok()) return session.status();

  // The handshake: each client token gets a reply, possibly empty.
  for (int step = 1; !session->complete(); ++step) {
    if (step > 10) return absl::DeadlineExceededError("too many steps");
    absl::StatusOr<example::Frame> frame = connection.Receive();
    if (!frame.ok()) return frame.status();
    if (frame->flags != example::kContext) {
      return absl::InvalidArgumentError("expected a handshake token");
    }
    std::printf("server: step %d: received a %zu-byte token\n", step,
                frame->payload.size());
    absl::StatusOr<crossauth::StepResult> result =
        session->Step(frame->payload);
    if (!result.ok()) return Refuse(connection, result.status());
    std::printf("server: step %d: replying with a %zu-byte token%s\n", step,
                result->token.size(),
                result->complete ? " (session complete)" : "");
    absl::Status sent = connection.Send(example::kContext, result->token);
    if (!sent.ok()) return sent;
  }
  absl::StatusOr<crossauth::SessionInfo> info = session->Info();
  if (!info.ok()) return info.status();
  std::printf("server: authenticated %s; I am %s\n",
              info->peer_principal.c_str(), info->local_principal.c_str());
  std::printf("server: %s\n", example::Describe(*info).c_str());
  if (!expect_peer.empty() && info->peer_principal != expect_peer) {
    return absl::PermissionDeniedError(
        absl::StrCat("expected the client to be ", expect_peer, ", not ",
                     info->peer_principal));
  }

  // Protected messages until the client says goodbye (bounded).
  std::vector<uint8_t> last_clear;
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<example::Frame> frame = connection.Receive();
    if (!frame.ok()) return frame.status();
    if (frame->flags == example::kNoop) break;
    if (frame->flags & example::kWrapped) {
      absl::StatusOr<crossauth::UnwrappedMessage> opened =
          session->Unwrap(frame->payload);
      if (!opened.ok()) return opened.status();
      std::printf("server: received \"%s\"\n",
                  example::Text(opened->message).c_str());
      std::string echo = "echo: " + std::string(opened->message.begin(),
                                                opened->message.end());
      absl::StatusOr<std::vector<uint8_t>> sealed =
          session->Wrap(std::vector<uint8_t>(echo.begin(), echo.end()));
      if (!sealed.ok()) return sealed.status();
      absl::Status sent = connection.Send(
          example::kData | example::kWrapped | example::kEncrypted, *sealed);
      if (!sent.ok()) return sent;
    } else if (frame->flags == example::kData) {
      last_clear = std::move(frame->payload);
    } else if (frame->flags == example::kMic) {
      absl::Status verified = session->VerifyMic(last_clear, frame->payload);
      std::string verdict =
          verified.ok() ? "MIC verified"
                        : "MIC refused: " + std::string(verified.message());
      std::printf("server: \"%s\": %s\n", example::Text(last_clear).c_str(),
                  verdict.c_str());
      absl::Status sent = connection.Send(
          example::kData, std::vector<uint8_t>(verdict.begin(), verdict.end()));
      if (!verified.ok()) return verified;
      if (!sent.ok()) return sent;
    } else {
      return absl::InvalidArgumentError("unexpected frame");
    }
  }
  absl::Status ended = session->End();
  std::printf("server: End() -> %s: %s\n", example::EndCall(),
              ended.ok() ? "OK" : std::string(ended.message()).c_str());
  return ended;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  example::Flags flags;
  if (!flags.Parse(argc, argv,
                   {"--host", "--port", "--port-file", "--keytab",
                    "--principal", "--mech", "--expect-peer"},
                   {"--once"}) ||
      !flags.Int("--port", 0) || !example::MechanismFlag(flags)) {
    std::fprintf(stderr,
                 "usage: crossauth-example-server [--host IP] [--port PORT] "
                 "[--port-file FILE] [--once] [--keytab KEYTAB] "
                 "[--principal SERVICE@HOST] [--mech negotiate|kerberos] "
                 "[--expect-peer PRINCIPAL]\n");
    return 2;
  }
  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.principal = flags.Get("--principal");
  options.keytab = flags.Get("--keytab");
  options.mechanisms = {*example::MechanismFlag(flags)};
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(options);
  if (!credential.ok()) {
    std::printf("server: FAILED: %s\n",
                std::string(credential.status().message()).c_str());
    return 1;
  }
  std::printf("server: acceptor credential for %s (backend %s)\n",
              options.principal.empty() ? "any service in the keytab"
                                        : options.principal.c_str(),
              std::string(crossauth::BackendName()).c_str());

  absl::StatusOr<example::Listener> listener = example::Listener::Bind(
      flags.Get("--host", "127.0.0.1"), *flags.Int("--port", 0));
  if (!listener.ok()) {
    std::printf("server: FAILED: %s\n",
                std::string(listener.status().message()).c_str());
    return 1;
  }
  std::printf("server: listening on port %d\n", listener->port());
  if (flags.Has("--port-file")) {
    // Written to a temporary name and renamed, so readers never see half.
    const std::string path = flags.Get("--port-file");
    std::ofstream(path + ".tmp") << listener->port() << "\n";
    std::rename((path + ".tmp").c_str(), path.c_str());
  }

  bool all_ok = true;
  do {
    absl::StatusOr<example::Connection> connection = listener->Accept();
    if (!connection.ok()) {
      std::printf("server: accept failed: %s\n",
                  std::string(connection.status().message()).c_str());
      all_ok = false;
      continue;
    }
    absl::Status served =
        Serve(*connection, *credential, flags.Get("--expect-peer"));
    if (!served.ok()) {
      std::printf("server: FAILED: %s\n",
                  std::string(served.message()).c_str());
      all_ok = false;
    }
  } while (!flags.Has("--once"));

  absl::StatusOr<crossauth::ReleaseOutcome> released = credential->Release();
  std::printf("server: Release() -> %s: %s\n", example::ReleaseCall(),
              !released.ok() ? std::string(released.status().message()).c_str()
              : *released == crossauth::ReleaseOutcome::kReleased
                  ? "released now"
                  : "deferred to the last session");
  return all_ok && released.ok() ? 0 : 1;
}
