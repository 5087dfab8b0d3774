// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-double-hop-server: service A of a double hop, for the
// delegation tests. It serves one client of the example programs' protocol
// (peer/peer.h) on a loopback port, takes the credential the client
// delegated (ServerSession::DelegatedCredential()), and with it
// authenticates as the client to service B, an acceptor in this process for
// the --second-hop service from the keytab. It prints the name service B
// saw, so a driver can check that B was reached as the client. The client's
// messages are then served as the example server serves them (wrapped
// echoes, a MIC check).
//
//   crossauth-double-hop-server --port-file FILE --second-hop SERVICE@HOST
//       [--mech negotiate|kerberos] [--accept-raw-kerberos]
//
// Output lines a driver checks:
//   A: authenticated PEER; flags FLAGS
//   A: delegated credential for PRINCIPAL
//   A: nothing delegated: CODE: MESSAGE
//   B: authenticated PEER; I am LOCAL
// Exit status 0 when the client was served (and, if it delegated, the second
// hop succeeded); 1 otherwise.

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "crossauth/crossauth.h"
#include "peer/common.h"
#include "peer/wire.h"

namespace {

using example::Connection;
using example::Frame;

int Fail(const absl::Status& status) {
  std::printf("FAILED: %s\n", status.ToString().c_str());
  return 1;
}

std::vector<uint8_t> Bytes(const std::string& text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

// The examples' handshake, server side: every client token gets a reply.
absl::Status HandshakeWithClient(Connection& connection,
                                 crossauth::ServerSession& session) {
  for (int step = 1; step <= 10; ++step) {
    absl::StatusOr<Frame> frame = connection.Receive();
    if (!frame.ok()) return frame.status();
    if (frame->flags != example::kContext) {
      return absl::InvalidArgumentError("expected a handshake token");
    }
    absl::StatusOr<crossauth::StepResult> result = session.Step(frame->payload);
    if (!result.ok()) {
      (void)connection.Send(example::kNoop, Bytes("authentication failed"));
      return result.status();
    }
    absl::Status sent = connection.Send(example::kContext, result->token);
    if (!sent.ok()) return sent;
    if (result->complete) return absl::OkStatus();
  }
  return absl::DeadlineExceededError("the handshake took over 10 steps");
}

// Both sides of a handshake in this process (service A's client session to
// service B, and service B), at most 10 rounds.
absl::Status HandshakeInProcess(crossauth::ClientSession& client,
                                crossauth::ServerSession& server) {
  std::vector<uint8_t> token;
  for (int round = 0; round < 10; ++round) {
    absl::StatusOr<crossauth::StepResult> sent = client.Step(token);
    if (!sent.ok()) return sent.status();
    if (sent->token.empty()) break;
    absl::StatusOr<crossauth::StepResult> answered = server.Step(sent->token);
    if (!answered.ok()) return answered.status();
    token = std::move(answered->token);
    if (client.complete() && server.complete()) break;
  }
  if (!client.complete() || !server.complete()) {
    return absl::InternalError("the second hop's handshake did not complete");
  }
  return absl::OkStatus();
}

// The second hop: as the client, with its delegated credential, to B.
absl::Status SecondHop(const crossauth::Credential& delegated,
                       const std::string& target) {
  crossauth::CredentialOptions b_options;
  b_options.usage = crossauth::Usage::kAccept;
  b_options.principal = target;
  b_options.mechanisms = {crossauth::Mechanism::kKerberos};
  absl::StatusOr<crossauth::Credential> service_b =
      crossauth::Credential::Acquire(b_options);
  if (!service_b.ok()) return service_b.status();
  crossauth::ClientOptions options;
  options.target = target;
  options.mechanism = crossauth::Mechanism::kKerberos;
  absl::StatusOr<crossauth::ClientSession> as_client =
      crossauth::ClientSession::Start(delegated, options);
  if (!as_client.ok()) return as_client.status();
  absl::StatusOr<crossauth::ServerSession> at_b =
      crossauth::ServerSession::Start(*service_b);
  if (!at_b.ok()) return at_b.status();
  if (absl::Status done = HandshakeInProcess(*as_client, *at_b); !done.ok()) {
    return done;
  }
  absl::StatusOr<crossauth::SessionInfo> info = at_b->Info();
  if (!info.ok()) return info.status();
  std::printf("B: authenticated %s; I am %s\n",
              info->peer_principal.value_or("?").c_str(),
              info->local_principal.value_or("?").c_str());
  absl::Status ended = as_client->End();
  if (absl::Status b_ended = at_b->End(); ended.ok()) ended = b_ended;
  return ended;
}

// The examples' messages, server side: wrapped echoes, a MIC check, until a
// NOOP (at most 1000 frames).
absl::Status ServeMessages(Connection& connection,
                           crossauth::ServerSession& session) {
  std::vector<uint8_t> last_clear;
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<Frame> frame = connection.Receive();
    if (!frame.ok()) return frame.status();
    if (frame->flags == example::kNoop) return absl::OkStatus();
    if (frame->flags & example::kWrapped) {
      absl::StatusOr<crossauth::UnwrappedMessage> opened =
          session.Unwrap(frame->payload);
      if (!opened.ok()) return opened.status();
      std::printf("A: received \"%s\"\n",
                  example::Text(opened->message).c_str());
      std::vector<uint8_t> echo = Bytes("echo: ");
      echo.insert(echo.end(), opened->message.begin(), opened->message.end());
      absl::StatusOr<std::vector<uint8_t>> sealed = session.Wrap(echo);
      if (!sealed.ok()) return sealed.status();
      absl::Status sent = connection.Send(
          example::kData | example::kWrapped | example::kEncrypted, *sealed);
      if (!sent.ok()) return sent;
    } else if (frame->flags == example::kData) {
      last_clear = std::move(frame->payload);
    } else if (frame->flags == example::kMic) {
      absl::Status verified = session.VerifyMic(last_clear, frame->payload);
      absl::Status sent = connection.Send(
          example::kData,
          Bytes(verified.ok() ? "MIC verified" : "MIC refused"));
      if (!verified.ok()) return verified;
      if (!sent.ok()) return sent;
    } else {
      return absl::InvalidArgumentError("unexpected frame");
    }
  }
  return absl::ResourceExhaustedError("more than 1000 frames");
}

int Run(const std::string& port_file, const std::string& second_hop,
        crossauth::Mechanism mechanism, bool accept_raw_kerberos) {
  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.mechanisms = {mechanism};
  if (accept_raw_kerberos && mechanism == crossauth::Mechanism::kNegotiate) {
    options.mechanisms.push_back(crossauth::Mechanism::kKerberos);
  }
  absl::StatusOr<crossauth::Credential> service_a =
      crossauth::Credential::Acquire(options);
  if (!service_a.ok()) return Fail(service_a.status());
  absl::StatusOr<example::Listener> listener =
      example::Listener::Bind("127.0.0.1", 0);
  if (!listener.ok()) return Fail(listener.status());
  std::printf("A: listening on port %d (backend %s)\n", listener->port(),
              std::string(crossauth::BackendName()).c_str());
  std::fflush(stdout);
  std::ofstream(port_file + ".tmp") << listener->port() << "\n";
  std::rename((port_file + ".tmp").c_str(), port_file.c_str());

  absl::StatusOr<Connection> connection = listener->Accept();
  if (!connection.ok()) return Fail(connection.status());
  absl::StatusOr<crossauth::ServerSession> session =
      crossauth::ServerSession::Start(*service_a);
  if (!session.ok()) return Fail(session.status());
  if (absl::Status s = HandshakeWithClient(*connection, *session); !s.ok()) {
    return Fail(s);
  }
  absl::StatusOr<crossauth::SessionInfo> info = session->Info();
  if (!info.ok()) return Fail(info.status());
  std::printf("A: authenticated %s; flags %s\n",
              info->peer_principal.value_or("?").c_str(),
              info->flags.ToString().c_str());

  bool ok = true;
  absl::StatusOr<crossauth::Credential> delegated =
      session->DelegatedCredential();
  if (!delegated.ok()) {
    std::printf("A: nothing delegated: %s: %s\n",
                absl::StatusCodeToString(delegated.status().code()).c_str(),
                std::string(delegated.status().message()).c_str());
  } else {
    absl::StatusOr<std::string> whose = delegated->Principal();
    std::printf("A: delegated credential for %s\n",
                whose.ok() ? whose->c_str() : "?");
    if (absl::Status hop = SecondHop(*delegated, second_hop); !hop.ok()) {
      std::printf("B: FAILED: %s\n", hop.ToString().c_str());
      ok = false;
    }
    absl::StatusOr<crossauth::ReleaseOutcome> released = delegated->Release();
    ok = ok && released.ok();
  }

  if (absl::Status s = ServeMessages(*connection, *session); !s.ok()) {
    return Fail(s);
  }
  absl::Status ended = session->End();
  std::printf("A: End() -> %s\n", ended.ok() ? "OK" : ended.ToString().c_str());
  absl::StatusOr<crossauth::ReleaseOutcome> released = service_a->Release();
  return ok && ended.ok() && released.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  example::Flags flags;
  if (!flags.Parse(argc, argv, {"--port-file", "--second-hop", "--mech"},
                   {"--accept-raw-kerberos"})) {
    return 2;
  }
  std::optional<crossauth::Mechanism> mechanism = example::MechanismFlag(flags);
  if (!flags.Has("--port-file") || !flags.Has("--second-hop") || !mechanism) {
    std::fprintf(stderr,
                 "usage: crossauth-double-hop-server --port-file FILE "
                 "--second-hop SERVICE@HOST [--mech negotiate|kerberos] "
                 "[--accept-raw-kerberos]\n");
    return 2;
  }
  return Run(flags.Get("--port-file"), flags.Get("--second-hop"), *mechanism,
             flags.Has("--accept-raw-kerberos"));
}
