// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sasl_fixture.h: the fixtures of the SASL GSSAPI suites: both sides in
// process against the realm, and forged peers (raw sessions) that send
// what a SaslGssapiClient or SaslGssapiServer never would.

#ifndef CROSSAUTH_TESTS_SASL_SASL_FIXTURE_H_
#define CROSSAUTH_TESTS_SASL_SASL_FIXTURE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crossauth/sasl_gssapi.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {

constexpr SaslLayers kNoneOnly = SaslLayerSet(SaslLayer::kNone);
constexpr SaslLayers kIntegrityOnly = SaslLayerSet(SaslLayer::kIntegrity);
constexpr SaslLayers kConfidentialityOnly =
    SaslLayerSet(SaslLayer::kConfidentiality);

class SaslGssapiTest : public SeamTest {
 protected:
  static SaslGssapiOptions Options(SaslLayers layers,
                                   uint32_t max_buffer = 65536) {
    SaslGssapiOptions options;
    options.layers = layers;
    options.max_buffer = max_buffer;
    return options;
  }

  absl::StatusOr<SaslGssapiClient> StartClient(SaslGssapiOptions options) {
    absl::StatusOr<Credential> credential =
        ClientCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return SaslGssapiClient::Start(*credential, Env().target,
                                   std::move(options));
  }

  absl::StatusOr<SaslGssapiServer> StartServer(SaslGssapiOptions options) {
    absl::StatusOr<Credential> credential =
        ServerCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return SaslGssapiServer::Start(*credential, std::move(options));
  }

  struct Layers {
    SaslSecurityLayer client;
    SaslSecurityLayer server;
  };

  // Runs the whole exchange (at most 10 rounds) and finishes both sides.
  absl::StatusOr<Layers> Negotiate(SaslGssapiOptions client_options,
                                   SaslGssapiOptions server_options) {
    absl::StatusOr<SaslGssapiClient> client = StartClient(client_options);
    if (!client.ok()) return client.status();
    absl::StatusOr<SaslGssapiServer> server = StartServer(server_options);
    if (!server.ok()) return server.status();
    absl::StatusOr<std::vector<uint8_t>> response = client->Step({});
    for (int round = 0; round < 10 && response.ok(); ++round) {
      absl::StatusOr<std::vector<uint8_t>> challenge = server->Step(*response);
      if (!challenge.ok()) return challenge.status();
      if (server->complete()) break;
      response = client->Step(*challenge);
    }
    if (!response.ok()) return response.status();
    if (!client->complete() || !server->complete()) {
      return absl::InternalError("the exchange did not complete");
    }
    absl::StatusOr<SaslSecurityLayer> client_layer =
        std::move(*client).Finish();
    if (!client_layer.ok()) return client_layer.status();
    absl::StatusOr<SaslSecurityLayer> server_layer =
        std::move(*server).Finish();
    if (!server_layer.ok()) return server_layer.status();
    return Layers{*std::move(client_layer), *std::move(server_layer)};
  }

  // Runs `client` against `server` until both are complete (at most 10
  // rounds); the first failure of either side is returned.
  static absl::Status Exchange(SaslGssapiClient& client,
                               SaslGssapiServer& server) {
    absl::StatusOr<std::vector<uint8_t>> response = client.Step({});
    for (int round = 0; round < 10 && response.ok(); ++round) {
      absl::StatusOr<std::vector<uint8_t>> challenge = server.Step(*response);
      if (!challenge.ok()) return challenge.status();
      if (server.complete()) break;
      response = client.Step(*challenge);
    }
    if (!response.ok()) return response.status();
    if (!client.complete() || !server.complete()) {
      return absl::InternalError("the exchange did not complete");
    }
    return absl::OkStatus();
  }

  // A raw Kerberos client session, the forger's side.
  absl::StatusOr<ClientSession> RawClient() {
    absl::StatusOr<Credential> credential =
        ClientCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return ClientSession::Start(*credential, ToService(Mechanism::kKerberos));
  }

  // Runs a raw client against `server` up to the server's offer, which it
  // returns still wrapped.
  static absl::StatusOr<std::vector<uint8_t>> RunToOffer(
      ClientSession& raw, SaslGssapiServer& server) {
    absl::StatusOr<StepResult> step = raw.Step({});
    if (!step.ok()) return step.status();
    std::vector<uint8_t> response = std::move(step->token);
    for (int round = 0; round < 10; ++round) {
      absl::StatusOr<std::vector<uint8_t>> challenge = server.Step(response);
      if (!challenge.ok()) return challenge.status();
      if (raw.complete()) return challenge;
      step = raw.Step(*challenge);
      if (!step.ok()) return step.status();
      response = std::move(step->token);
    }
    return absl::InternalError("no offer in 10 rounds");
  }

  // Runs `client` against a raw server session until the client waits for
  // the offer.
  static absl::Status RunToClientOffer(SaslGssapiClient& client,
                                       ServerSession& raw) {
    absl::StatusOr<std::vector<uint8_t>> response = client.Step({});
    for (int round = 0; round < 10; ++round) {
      if (!response.ok()) return response.status();
      absl::StatusOr<StepResult> step = raw.Step(*response);
      if (!step.ok()) return step.status();
      if (raw.complete() && step->token.empty()) return absl::OkStatus();
      response = client.Step(step->token);
      if (raw.complete()) {
        if (!response.ok()) return response.status();
        return response->empty()
                   ? absl::OkStatus()
                   : absl::InternalError("a non-empty last response");
      }
    }
    return absl::InternalError("no context in 10 rounds");
  }

  // The server side forged: a raw acceptor.
  absl::StatusOr<ServerSession> RawServer() {
    absl::StatusOr<Credential> credential =
        ServerCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return ServerSession::Start(*credential);
  }

  // Sends `choice` (wrapped with integrity, as RFC 4752 asks) from a raw
  // client to a server offering `layers`, and returns the server's verdict.
  absl::Status ForgedChoice(SaslLayers layers, std::vector<uint8_t> choice) {
    absl::StatusOr<ClientSession> raw = RawClient();
    if (!raw.ok()) return raw.status();
    absl::StatusOr<SaslGssapiServer> server = StartServer(Options(layers));
    if (!server.ok()) return server.status();
    absl::StatusOr<std::vector<uint8_t>> offer = RunToOffer(*raw, *server);
    if (!offer.ok()) return offer.status();
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        raw->Wrap(choice, Protection::kIntegrity);
    if (!wrapped.ok()) return wrapped.status();
    absl::StatusOr<std::vector<uint8_t>> result = server->Step(*wrapped);
    if (result.ok() && !server->complete()) {
      return absl::InternalError("the server neither failed nor completed");
    }
    return result.status();
  }

  // Sends the wrapped `offer` from a raw server to a client with `options`.
  absl::Status ForgedOffer(std::vector<uint8_t> offer,
                           SaslGssapiOptions options = {}) {
    absl::StatusOr<SaslGssapiClient> client = StartClient(std::move(options));
    if (!client.ok()) return client.status();
    absl::StatusOr<ServerSession> raw = RawServer();
    if (!raw.ok()) return raw.status();
    if (absl::Status status = RunToClientOffer(*client, *raw); !status.ok()) {
      return status;
    }
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        raw->Wrap(offer, Protection::kIntegrity);
    if (!wrapped.ok()) return wrapped.status();
    return client->Step(*wrapped).status();
  }
};

// A SaslGssapiServer whose client is a raw session, so that the test can
// send buffers the layer must refuse.
class SaslForgedBufferTest : public SaslGssapiTest {
 protected:
  // Negotiates `layer` from a raw client that receives at most 4096 octets.
  absl::Status Setup(SaslLayer layer, uint32_t server_max = 1024) {
    absl::StatusOr<ClientSession> raw = RawClient();
    if (!raw.ok()) return raw.status();
    absl::StatusOr<SaslGssapiServer> server =
        StartServer(Options(SaslLayerSet(layer), server_max));
    if (!server.ok()) return server.status();
    absl::StatusOr<std::vector<uint8_t>> offer = RunToOffer(*raw, *server);
    if (!offer.ok()) return offer.status();
    absl::StatusOr<std::vector<uint8_t>> choice = EncodeSaslClientChoice(
        {layer, layer == SaslLayer::kNone ? 0u : 4096u, ""});
    if (!choice.ok()) return choice.status();
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        raw->Wrap(*choice, Protection::kIntegrity);
    if (!wrapped.ok()) return wrapped.status();
    absl::StatusOr<std::vector<uint8_t>> last = server->Step(*wrapped);
    if (!last.ok()) return last.status();
    absl::StatusOr<SaslSecurityLayer> finished = std::move(*server).Finish();
    if (!finished.ok()) return finished.status();
    raw_.emplace(*std::move(raw));
    layer_.emplace(*std::move(finished));
    return absl::OkStatus();
  }

  // One framed buffer: the wrap token with its 4-octet length.
  absl::StatusOr<std::vector<uint8_t>> Frame(absl::string_view text,
                                             Protection protection) {
    absl::StatusOr<std::vector<uint8_t>> token =
        raw_->Wrap(Bytes(text), protection);
    if (!token.ok()) return token.status();
    return Framed(*token);
  }

  static std::vector<uint8_t> Framed(const std::vector<uint8_t>& token) {
    const uint32_t size = static_cast<uint32_t>(token.size());
    std::vector<uint8_t> out = {
        static_cast<uint8_t>(size >> 24), static_cast<uint8_t>(size >> 16),
        static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size)};
    out.insert(out.end(), token.begin(), token.end());
    return out;
  }

  // The sessions end before SeamTest counts the handles left.
  void TearDown() override {
    layer_.reset();
    raw_.reset();
    SaslGssapiTest::TearDown();
  }

  std::optional<ClientSession> raw_;
  std::optional<SaslSecurityLayer> layer_;
};

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SASL_SASL_FIXTURE_H_
