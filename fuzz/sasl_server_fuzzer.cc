// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sasl_server: SaslGssapiServer with a client's responses, and the
// SaslSecurityLayer it hands over, with a real acceptor.
//
// Input: a selector byte, then
//   raw mode (bits 0-1 = 0): up to 3 responses separated by "|NEXT|", from
//     the initial response on;
//   choice mode (bits 0-1 = 1, 2): a real client (a plain Kerberos
//     ClientSession) runs the context; then the next token is the client's
//     choice message before wrapping, wrapped with integrity (1) or
//     confidentiality (2); then, if the server accepted it, the rest goes to
//     Decode() as it is (bit 2 clear) or as buffers of the tokens separated
//     by "|NEXT|", each wrapped by the client with the negotiated layer and
//     given its 4-octet length (bit 2 set);
//   mode 3: as 1, but the choice goes unwrapped, as raw bytes.
// Checks: an accepted choice's layer was offered; every session ends and
// every native handle is released.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "crossauth/credential.h"
#include "crossauth/sasl_gssapi.h"
#include "crossauth/session.h"
#include "fuzz/fuzz_support.h"

namespace {

using crossauth::ClientSession;
using crossauth::Protection;
using crossauth::SaslGssapiServer;
using crossauth::SaslLayer;
using crossauth::SaslSecurityLayer;
using crossauth::StepResult;
using crossauth::fuzz::Check;
using crossauth::fuzz::FuzzInput;
using crossauth::fuzz::FuzzRealm;

constexpr char kHarness[] = "sasl_server";

// Runs the context and the server's offer; false when it failed.
bool RunContext(ClientSession& client, SaslGssapiServer& server) {
  std::vector<uint8_t> challenge;
  for (int round = 0; round < 4; ++round) {
    std::vector<uint8_t> response;
    if (!client.complete()) {
      absl::StatusOr<StepResult> step = client.Step(challenge);
      if (!step.ok()) return false;
      response = std::move(step->token);
    }
    absl::StatusOr<std::vector<uint8_t>> next = server.Step(response);
    if (!next.ok()) return false;
    challenge = *std::move(next);
    // The offer arrives once the client's context is complete.
    if (client.complete() && !challenge.empty()) {
      absl::StatusOr<crossauth::UnwrappedMessage> offer =
          client.Unwrap(challenge, Protection::kIntegrity);
      return offer.ok();
    }
  }
  return false;
}

void DecodeStream(SaslSecurityLayer& layer, ClientSession* client, bool framed,
                  FuzzInput& input) {
  if (!framed || client == nullptr) {
    (void)layer.Decode(input.TakeRest());
    return;
  }
  const Protection protection = layer.layer() == SaslLayer::kConfidentiality
                                    ? Protection::kConfidentiality
                                    : Protection::kIntegrity;
  for (int buffer = 0; buffer < 4 && !input.empty(); ++buffer) {
    std::vector<uint8_t> data = input.TakeToken();
    if (data.empty()) data.push_back(0);  // see unwrap_fuzzer.cc
    absl::StatusOr<std::vector<uint8_t>> token = client->Wrap(data, protection);
    if (!token.ok()) return;
    std::vector<uint8_t> bytes;
    uint32_t length = static_cast<uint32_t>(token->size());
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes.push_back(static_cast<uint8_t>(length >> shift));
    }
    bytes.insert(bytes.end(), token->begin(), token->end());
    absl::StatusOr<std::vector<uint8_t>> decoded = layer.Decode(bytes);
    if (!decoded.ok()) return;
    if (layer.layer() != SaslLayer::kNone) {
      Check(*decoded == data, kHarness, "Decode() returned other data");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  FuzzRealm::Get(/*with_ntlm=*/false);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const FuzzRealm& realm = FuzzRealm::Get(/*with_ntlm=*/false);
  FuzzInput input(data, size);
  const uint8_t selector = input.TakeByte();
  const int mode = selector & 3;
  {
    absl::StatusOr<SaslGssapiServer> server =
        SaslGssapiServer::Start(realm.kerberos_server);
    Check(server.ok(), kHarness, "the server did not start");
    std::optional<ClientSession> client;
    if (mode == 0) {
      for (int round = 0; round < 3 && !server->complete(); ++round) {
        if (!server->Step(input.TakeToken()).ok()) break;
        if (input.empty()) break;
      }
    } else {
      absl::StatusOr<ClientSession> started = ClientSession::Start(
          realm.kerberos_client,
          crossauth::fuzz::ClientOptionsFor(crossauth::Mechanism::kKerberos));
      Check(started.ok(), kHarness, "the client did not start");
      client.emplace(*std::move(started));
      Check(RunContext(*client, *server), kHarness,
            "the real context and offer failed");
      std::vector<uint8_t> choice = input.TakeToken();
      std::vector<uint8_t> response = choice;
      // Not an empty message wrapped with integrity only: MIT krb5 1.20
      // leaks a byte opening it (see fuzz/README.md).
      if (mode != 3 && !choice.empty()) {
        absl::StatusOr<std::vector<uint8_t>> wrapped =
            client->Wrap(choice, mode == 1 ? Protection::kIntegrity
                                           : Protection::kConfidentiality);
        Check(wrapped.ok(), kHarness, "the client cannot wrap its choice");
        response = *std::move(wrapped);
      }
      absl::StatusOr<std::vector<uint8_t>> last = server->Step(response);
      if (last.ok()) {
        Check(server->complete() && last->empty(), kHarness,
              "an accepted choice that does not complete the server");
        absl::StatusOr<crossauth::SaslClientChoice> decoded =
            crossauth::DecodeSaslClientChoice(choice);
        Check(mode != 3 && decoded.ok(), kHarness,
              "the server accepted a choice that does not decode");
      }
    }
    if (server->complete()) {
      absl::StatusOr<SaslSecurityLayer> layer = std::move(*server).Finish();
      Check(layer.ok(), kHarness, "Finish() failed on a complete server");
      DecodeStream(*layer, client ? &*client : nullptr, (selector & 4) != 0,
                   input);
      (void)layer->End();
    }
    if (client) (void)client->End();
  }
  crossauth::fuzz::CheckNoHandlesLeft(kHarness);
  return 0;
}
