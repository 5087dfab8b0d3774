// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// handshake.h: credentials and a bounded in-process handshake for tests.

#ifndef CROSSAUTH_TESTS_SUPPORT_HANDSHAKE_H_
#define CROSSAUTH_TESTS_SUPPORT_HANDSHAKE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "tests/support/expected.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {

inline std::vector<uint8_t> Bytes(absl::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

// Options for a session to the suite's service.
inline ClientOptions ToService(Mechanism mechanism = Mechanism::kNegotiate) {
  ClientOptions options;
  options.target = Env().target;
  options.mechanism = mechanism;
  return options;
}

// The kinit'ed user's default credential.
inline absl::StatusOr<Credential> ClientCredential(
    std::vector<Mechanism> mechanisms = {Mechanism::kNegotiate}) {
  CredentialOptions options;
  options.mechanisms = std::move(mechanisms);
  return Credential::Acquire(options);
}

// The user's credential from a password (no credential cache involved).
inline absl::StatusOr<Credential> PasswordCredential(
    std::vector<Mechanism> mechanisms = {Mechanism::kNegotiate}) {
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.password = Secret(kUserPassword);
  options.mechanisms = std::move(mechanisms);
  return Credential::Acquire(options);
}

// An acceptor for any service in the realm's service keytab.
inline absl::StatusOr<Credential> ServerCredential(
    std::vector<Mechanism> mechanisms = {Mechanism::kNegotiate}) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.replay_cache = kTestReplayCache;
  options.mechanisms = std::move(mechanisms);
  return Credential::Acquire(options);
}

// Runs client and server steps until both are complete (at most 10 rounds).
inline absl::Status Handshake(ClientSession& client, ServerSession& server) {
  std::vector<uint8_t> token;
  for (int round = 0; round < 10; ++round) {
    if (!client.complete()) {
      absl::StatusOr<StepResult> step = client.Step(token);
      if (!step.ok()) return step.status();
      token = std::move(step->token);
    } else if (!token.empty()) {
      return absl::InternalError("the client is complete but got a token");
    }
    if (token.empty()) {
      if (client.complete() && server.complete()) return absl::OkStatus();
      return absl::InternalError("the handshake stalled: no token to send");
    }
    if (server.complete()) {
      return absl::InternalError("the server is complete but got a token");
    }
    absl::StatusOr<StepResult> step = server.Step(token);
    if (!step.ok()) return step.status();
    token = std::move(step->token);
    if (client.complete() && server.complete()) {
      return token.empty() ? absl::OkStatus()
                           : absl::InternalError("a token was left over");
    }
  }
  return absl::InternalError("the handshake did not finish in 10 rounds");
}

// A client and a server session that completed a handshake.
struct SessionPair {
  ClientSession client;
  ServerSession server;
};

// Starts a session on each credential and runs the handshake.
inline absl::StatusOr<SessionPair> ConnectWith(
    const Credential& client_credential, const Credential& server_credential,
    const ClientOptions& client_options,
    const ServerOptions& server_options = {}) {
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(client_credential, client_options);
  if (!client.ok()) return client.status();
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(server_credential, server_options);
  if (!server.ok()) return server.status();
  absl::Status done = Handshake(*client, *server);
  if (!done.ok()) return done;
  return SessionPair{*std::move(client), *std::move(server)};
}

// A handshake between the kinit'ed user and the suite's service.
inline absl::StatusOr<SessionPair> Connect(
    Mechanism mechanism = Mechanism::kNegotiate) {
  absl::StatusOr<Credential> client_credential = ClientCredential({mechanism});
  if (!client_credential.ok()) return client_credential.status();
  absl::StatusOr<Credential> server_credential = ServerCredential({mechanism});
  if (!server_credential.ok()) return server_credential.status();
  return ConnectWith(*client_credential, *server_credential,
                     ToService(mechanism));
}

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_HANDSHAKE_H_
