// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// client_step: ClientSession::Step() with a server's tokens, after a real
// first step, on Kerberos, SPNEGO and NTLM initiators.
//
// Input: a selector byte, then
//   raw mode (bit 2 clear): up to 3 server tokens separated by "|NEXT|", fed
//     to the client in turn while it continues (empty ones are skipped: see
//     fuzz/README.md, known defects);
//   edit mode (bit 2 set): an edit script (fuzz_support.h ApplyEdits())
//     applied to a real acceptor's token of round (bit 3) 0 or 1.
// Selector bit 0 chooses the client: alice with Kerberos (clear) or with
// Negotiate (set); in the ntlm harness (ntlm_fuzzer.cc), carol with NTLM
// (clear) or with Negotiate+NTLM (set).
// Checks: an incomplete step has a token to send; every session ends and
// every native handle is released; in edit mode with an empty script the
// real handshake completes.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "fuzz/fuzz_support.h"
#include "fuzz/session_harnesses.h"

namespace {

using crossauth::ClientSession;
using crossauth::Credential;
using crossauth::Mechanism;
using crossauth::ServerSession;
using crossauth::StepResult;
using crossauth::fuzz::FuzzInput;
using crossauth::fuzz::FuzzRealm;

constexpr char kHarness[] = "client_step";

struct Pairing {
  const Credential* initiator;
  const Credential* acceptor;
  Mechanism mechanism;
  bool ntlm_user;
};

Pairing PairingFor(const FuzzRealm& realm, uint8_t selector) {
  const bool negotiate = (selector & 1) != 0;
  if (realm.with_ntlm) {
    if (negotiate) {
      return {&realm.negotiate_ntlm_client, &realm.negotiate_ntlm_server,
              Mechanism::kNegotiate, true};
    }
    return {&realm.ntlm_client, &realm.ntlm_server, Mechanism::kNtlm, true};
  }
  if (negotiate) {
    return {&realm.negotiate_client, &realm.negotiate_server,
            Mechanism::kNegotiate, false};
  }
  return {&realm.kerberos_client, &realm.kerberos_server, Mechanism::kKerberos,
          false};
}

// An incomplete step always has a token to send (issue 9, 1.3).
void CheckContinues(const StepResult& step) {
  crossauth::fuzz::Check(step.complete || !step.token.empty(), kHarness,
                         "an incomplete step with nothing to send");
}

void RawTokens(ClientSession& client, FuzzInput& input) {
  for (int round = 0; round < 3 && !client.complete() && !input.empty();
       ++round) {
    std::vector<uint8_t> token = input.TakeToken();
    if (token.empty()) continue;
    absl::StatusOr<StepResult> step = client.Step(token);
    if (!step.ok()) return;
    CheckContinues(*step);
  }
}

void EditedHandshake(ClientSession& client, std::vector<uint8_t> token,
                     const Pairing& pairing, uint8_t selector,
                     FuzzInput& input) {
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(*pairing.acceptor);
  crossauth::fuzz::Check(server.ok(), kHarness, "the server did not start");
  const int edited_round = (selector >> 3) & 1;
  std::vector<uint8_t> script = input.TakeRest();
  bool failed = false;
  for (int round = 0; round < 4; ++round) {
    if (token.empty() || server->complete()) break;
    absl::StatusOr<StepResult> step = server->Step(token);
    if (!step.ok()) {
      failed = true;
      break;
    }
    token = std::move(step->token);
    if (token.empty() || client.complete()) break;
    if (round == edited_round) {
      token = crossauth::fuzz::ApplyEdits(std::move(token), script);
      if (token.empty()) break;  // a known defect; see fuzz/README.md
    }
    absl::StatusOr<StepResult> client_step = client.Step(token);
    if (!client_step.ok()) {
      failed = true;
      break;
    }
    CheckContinues(*client_step);
    token = std::move(client_step->token);
  }
  if (script.empty()) {
    crossauth::fuzz::Check(!failed && client.complete() && server->complete(),
                           kHarness, "the unedited handshake did not complete");
  }
  (void)server->End();
}

}  // namespace

namespace crossauth {
namespace fuzz {

void RunClientStep(const FuzzRealm& realm, FuzzInput& input) {
  const uint8_t selector = input.TakeByte();
  const Pairing pairing = PairingFor(realm, selector);
  {
    absl::StatusOr<ClientSession> client = ClientSession::Start(
        *pairing.initiator, crossauth::fuzz::ClientOptionsFor(
                                pairing.mechanism, pairing.ntlm_user));
    crossauth::fuzz::Check(client.ok(), kHarness, "the client did not start");
    absl::StatusOr<StepResult> first = client->Step({});
    crossauth::fuzz::Check(first.ok() && !first->token.empty(), kHarness,
                           "the real first step failed");
    if (selector & 4) {
      EditedHandshake(*client, std::move(first->token), pairing, selector,
                      input);
    } else {
      RawTokens(*client, input);
    }
    (void)client->End();
  }
  CheckNoHandlesLeft(kHarness);
}

}  // namespace fuzz
}  // namespace crossauth

#ifndef CROSSAUTH_FUZZ_NTLM_HARNESS
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  FuzzRealm::Get(/*with_ntlm=*/false);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzInput input(data, size);
  crossauth::fuzz::RunClientStep(FuzzRealm::Get(/*with_ntlm=*/false), input);
  return 0;
}
#endif
