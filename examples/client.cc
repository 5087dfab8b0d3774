// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-client: authenticates to crossauth-example-server over
// TCP, mutually, then exchanges protected messages. Copy it as the start of
// your own client.
//
//   crossauth-example-client --host 127.0.0.1 --port 4444
//       --target HTTP@localhost [--mech negotiate|kerberos] [--messages 3]
//       [--expect-peer HTTP/localhost@REALM]
//
// It uses the default credential (after kinit, or the logon session on
// Windows). Exit status: 0 success, 1 failure, 2 usage error.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crossauth/crossauth.h"
#include "examples/common.h"
#include "examples/wire.h"

namespace {

int Fail(const absl::Status& status) {
  std::printf("client: FAILED: %s\n", std::string(status.message()).c_str());
  return 1;
}

std::vector<uint8_t> Bytes(const std::string& text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  example::Flags flags;
  if (!flags.Parse(argc, argv,
                   {"--host", "--port", "--target", "--mech", "--messages",
                    "--expect-peer"},
                   {}) ||
      !flags.Has("--port") || !flags.Int("--port", 0) ||
      !flags.Int("--messages", 3) || !example::MechanismFlag(flags)) {
    std::fprintf(stderr,
                 "usage: crossauth-example-client --port PORT [--host IP] "
                 "[--target SERVICE@HOST] [--mech negotiate|kerberos] "
                 "[--messages N] [--expect-peer PRINCIPAL]\n");
    return 2;
  }
  const crossauth::Mechanism mechanism = *example::MechanismFlag(flags);
  const std::string host = flags.Get("--host", "127.0.0.1");
  const int port = *flags.Int("--port", 0);
  const int messages = *flags.Int("--messages", 3);

  // 1. The credential: who we are.
  crossauth::CredentialOptions credential_options;
  credential_options.mechanisms = {mechanism};
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(credential_options);
  if (!credential.ok()) return Fail(credential.status());
  absl::StatusOr<std::string> me = credential->Principal();
  std::printf("client: credential for %s (backend %s)\n",
              me.ok() ? me->c_str() : "?",
              std::string(crossauth::BackendName()).c_str());

  // 2. The session: whom we want to reach.
  crossauth::ClientOptions options;
  options.target = flags.Get("--target", "HTTP@localhost");
  options.mechanism = mechanism;
  absl::StatusOr<crossauth::ClientSession> session =
      crossauth::ClientSession::Start(*credential, options);
  if (!session.ok()) return Fail(session.status());

  absl::StatusOr<example::Connection> connection =
      example::Connection::Connect(host, port);
  if (!connection.ok()) return Fail(connection.status());
  std::printf("client: connected to %s:%d, authenticating to %s with %s\n",
              host.c_str(), port, options.target.c_str(),
              std::string(crossauth::MechanismName(mechanism)).c_str());

  // 3. The handshake: send our token, feed back the server's, until done.
  std::vector<uint8_t> from_server;
  for (int step = 1; !session->complete(); ++step) {
    if (step > 10) return Fail(absl::DeadlineExceededError("too many steps"));
    absl::StatusOr<crossauth::StepResult> result = session->Step(from_server);
    if (!result.ok()) return Fail(result.status());
    if (result->token.empty()) break;
    std::printf("client: step %d: sending a %zu-byte token\n", step,
                result->token.size());
    if (absl::Status s = connection->Send(example::kContext, result->token);
        !s.ok()) {
      return Fail(s);
    }
    absl::StatusOr<example::Frame> reply = connection->Receive();
    if (!reply.ok()) return Fail(reply.status());
    if (reply->flags != example::kContext) {
      return Fail(absl::UnauthenticatedError(
          absl::StrCat("the server refused: ", example::Text(reply->payload))));
    }
    std::printf("client: step %d: received a %zu-byte token\n", step,
                reply->payload.size());
    from_server = std::move(reply->payload);
    if (result->complete && from_server.empty()) break;
  }
  absl::StatusOr<crossauth::SessionInfo> info = session->Info();
  if (!info.ok()) return Fail(info.status());
  std::printf("client: authenticated as %s; the server proved it is %s\n",
              info->local_principal.c_str(), info->peer_principal.c_str());
  std::printf("client: %s\n", example::Describe(*info).c_str());
  if (flags.Has("--expect-peer") &&
      info->peer_principal != flags.Get("--expect-peer")) {
    return Fail(absl::PermissionDeniedError(
        absl::StrCat("expected the server to be ", flags.Get("--expect-peer"),
                     ", not ", info->peer_principal)));
  }

  // 4. Protected messages: encrypted requests, encrypted replies.
  for (int i = 1; i <= messages; ++i) {
    const std::string text = absl::StrCat("hello ", i);
    absl::StatusOr<std::vector<uint8_t>> sealed = session->Wrap(Bytes(text));
    if (!sealed.ok()) return Fail(sealed.status());
    if (absl::Status s = connection->Send(
            example::kData | example::kWrapped | example::kEncrypted, *sealed);
        !s.ok()) {
      return Fail(s);
    }
    absl::StatusOr<example::Frame> reply = connection->Receive();
    if (!reply.ok()) return Fail(reply.status());
    absl::StatusOr<crossauth::UnwrappedMessage> opened =
        session->Unwrap(reply->payload);
    if (!opened.ok()) return Fail(opened.status());
    std::printf(
        "client: sent \"%s\" (%zu bytes wrapped), server replied \"%s\"\n",
        text.c_str(), sealed->size(), example::Text(opened->message).c_str());
  }

  // 5. A MIC: the message travels in the clear, the MIC proves who sent it.
  const std::vector<uint8_t> goodbye = Bytes("goodbye");
  absl::StatusOr<std::vector<uint8_t>> mic = session->GetMic(goodbye);
  if (!mic.ok()) return Fail(mic.status());
  if (absl::Status s = connection->Send(example::kData, goodbye); !s.ok()) {
    return Fail(s);
  }
  if (absl::Status s = connection->Send(example::kMic, *mic); !s.ok()) {
    return Fail(s);
  }
  absl::StatusOr<example::Frame> verdict = connection->Receive();
  if (!verdict.ok()) return Fail(verdict.status());
  std::printf("client: sent \"goodbye\" with a %zu-byte MIC; server says: %s\n",
              mic->size(), example::Text(verdict->payload).c_str());
  (void)connection->Send(example::kNoop, {});

  // 6. The ending: delete the context, release the credential.
  return example::Finish("client", *session, *credential) ? 0 : 1;
}
