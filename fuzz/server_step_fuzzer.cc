// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// server_step: ServerSession::Step() with a client's tokens, on Kerberos,
// SPNEGO and NTLM acceptors with the realm's real keytab.
//
// Input: a selector byte, then
//   raw mode (bit 2 clear): up to 3 client tokens separated by "|NEXT|", fed
//     to the acceptor in turn while it continues;
//   edit mode (bit 2 set): an edit script (fuzz_support.h ApplyEdits())
//     applied to a real client's token of round (bit 3) 0 or 1; the rest of
//     the handshake is real.
// Selector bit 0 chooses the acceptor: Kerberos (clear) or Negotiate (set);
// in the ntlm harness (ntlm_fuzzer.cc), NTLM (clear) or Negotiate+NTLM (set,
// with alice's Kerberos client in edit mode, or carol's NTLM one with bit 4).
// Checks: an incomplete step has a token to send; every session ends and
// every native handle is released; in edit mode with an empty script the
// real handshake completes.

#include <cstddef>
#include <cstdint>
#include <optional>
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

constexpr char kHarness[] = "server_step";

struct Pairing {
  const Credential* acceptor;
  const Credential* initiator;
  Mechanism mechanism;
  bool ntlm_user;
};

Pairing PairingFor(const FuzzRealm& realm, uint8_t selector) {
  const bool negotiate = (selector & 1) != 0;
  if (!realm.with_ntlm) {
    if (negotiate) {
      return {&realm.negotiate_server, &realm.negotiate_client,
              Mechanism::kNegotiate, false};
    }
    return {&realm.kerberos_server, &realm.kerberos_client,
            Mechanism::kKerberos, false};
  }
  if (!negotiate) {
    return {&realm.ntlm_server, &realm.ntlm_client, Mechanism::kNtlm, true};
  }
  if (selector & 0x10) {
    return {&realm.negotiate_ntlm_server, &realm.negotiate_ntlm_client,
            Mechanism::kNegotiate, true};
  }
  return {&realm.negotiate_ntlm_server, &realm.negotiate_client,
          Mechanism::kNegotiate, false};
}

// An incomplete step always has a token to send (issue 9, 1.3: a session
// that can never finish).
void CheckContinues(const StepResult& step) {
  crossauth::fuzz::Check(step.complete || !step.token.empty(), kHarness,
                         "an incomplete step with nothing to send");
}

void RawTokens(ServerSession& server, FuzzInput& input) {
  for (int round = 0; round < 3 && !server.complete(); ++round) {
    std::vector<uint8_t> token = input.TakeToken();
    absl::StatusOr<StepResult> step = server.Step(token);
    if (!step.ok()) return;
    CheckContinues(*step);
    if (step->token.empty() || input.empty()) return;
  }
}

void EditedHandshake(ServerSession& server, const Pairing& pairing,
                     uint8_t selector, FuzzInput& input) {
  absl::StatusOr<ClientSession> client = ClientSession::Start(
      *pairing.initiator,
      crossauth::fuzz::ClientOptionsFor(pairing.mechanism, pairing.ntlm_user));
  crossauth::fuzz::Check(client.ok(), kHarness, "the client did not start");
  const int edited_round = (selector >> 3) & 1;
  std::vector<uint8_t> script = input.TakeRest();
  std::vector<uint8_t> token;
  bool failed = false;
  for (int round = 0; round < 4 && !failed; ++round) {
    if (!client->complete()) {
      absl::StatusOr<StepResult> step = client->Step(token);
      if (!step.ok()) {
        failed = true;
        break;
      }
      token = std::move(step->token);
    }
    if (token.empty() || server.complete()) break;
    if (round == edited_round) {
      token = crossauth::fuzz::ApplyEdits(std::move(token), script);
    }
    absl::StatusOr<StepResult> step = server.Step(token);
    if (!step.ok()) {
      failed = true;
      break;
    }
    CheckContinues(*step);
    token = std::move(step->token);
    if (token.empty()) break;
  }
  if (script.empty()) {
    crossauth::fuzz::Check(!failed && client->complete() && server.complete(),
                           kHarness, "the unedited handshake did not complete");
  }
  (void)client->End();
}

}  // namespace

namespace crossauth {
namespace fuzz {

void RunServerStep(const FuzzRealm& realm, FuzzInput& input) {
  const uint8_t selector = input.TakeByte();
  const Pairing pairing = PairingFor(realm, selector);
  {
    absl::StatusOr<ServerSession> server =
        ServerSession::Start(*pairing.acceptor);
    crossauth::fuzz::Check(server.ok(), kHarness, "the server did not start");
    if (selector & 4) {
      EditedHandshake(*server, pairing, selector, input);
    } else {
      RawTokens(*server, input);
    }
    (void)server->End();
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
  crossauth::fuzz::RunServerStep(FuzzRealm::Get(/*with_ntlm=*/false), input);
  return 0;
}
#endif
