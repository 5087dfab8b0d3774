// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossauth/testing/test_realm.h"
#include "tests/support/native_seam.h"

namespace crossauth {
namespace fuzz {
namespace {

constexpr char kAlicePassword[] = "alice-Fz-1357";
// carol is known to gss-ntlmssp only (CROSSAUTH_FUZZ_NTLM_USERS), never to
// the KDC, so Negotiate for her ends in NTLM.
constexpr char kNtlmUser[] = "CROSSAUTH\\carol";
constexpr char kNtlmPassword[] = "carol-Pw-2468";

// The handles the realm's credentials hold; every input must end with
// exactly these outstanding.
int baseline_handles = -1;

[[noreturn]] void Die(absl::string_view what) {
  std::fprintf(stderr, "fuzz setup: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

void DieUnlessOk(const absl::Status& status, absl::string_view what) {
  if (!status.ok()) {
    Die(std::string(what) + ": " + status.ToString());
  }
}

Credential AcquireOrDie(CredentialOptions options, absl::string_view what) {
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  DieUnlessOk(credential.status(), what);
  return *std::move(credential);
}

Credential Initiator(std::vector<Mechanism> mechanisms) {
  CredentialOptions options;
  options.mechanisms = std::move(mechanisms);
  return AcquireOrDie(std::move(options), "acquiring alice's credential");
}

Credential NtlmInitiator(std::vector<Mechanism> mechanisms) {
  CredentialOptions options;
  options.principal = kNtlmUser;
  options.password = Secret(kNtlmPassword);
  options.mechanisms = std::move(mechanisms);
  return AcquireOrDie(std::move(options), "acquiring carol's NTLM credential");
}

Credential Acceptor(std::vector<Mechanism> mechanisms) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.principal = kTarget;
  options.mechanisms = std::move(mechanisms);
  return AcquireOrDie(std::move(options), "acquiring the acceptor");
}

const FuzzRealm* StartRealm(bool with_ntlm) {
  // Before the first GSS-API call: every native call is counted.
  test::InstallCountingSeam();

  crossauth_testing::TestRealmOptions options;
  if (const char* dir = std::getenv("CROSSAUTH_FUZZ_TMPDIR")) {
    options.parent_directory = dir;
  }
  // Kept for the life of the process; destroyed at exit, which stops the
  // KDC and removes its directory (a crash leaves the directory, which
  // scripts/fuzz removes; the KDC dies with this thread).
  static std::unique_ptr<crossauth_testing::TestRealm> realm = [&] {
    absl::StatusOr<std::unique_ptr<crossauth_testing::TestRealm>> started =
        crossauth_testing::TestRealm::Start(options);
    DieUnlessOk(started.status(), "starting the TestRealm");
    return *std::move(started);
  }();
  DieUnlessOk(realm->AddUser("alice", kAlicePassword), "adding alice");
  DieUnlessOk(realm->AddService("HTTP", "localhost").status(),
              "adding HTTP/localhost");
  DieUnlessOk(realm->Kinit("alice", kAlicePassword), "kinit alice");
  DieUnlessOk(realm->ExportEnvironment(), "exporting the realm's environment");
  // No replay cache: every input makes fresh authenticators, so a cache
  // would only grow a file per input and slow the fuzzer down. Replays are
  // the suite's business (tests/session/session_test.cc).
  setenv("KRB5RCACHENAME", "none:", 1);
  if (with_ntlm) {
    // As tests/ntlm/ntlm_test.cc gets it (tests/CMakeLists.txt): gss-ntlmssp
    // through its mechanism configuration, carol from its user file.
    setenv("GSS_MECH_CONFIG", CROSSAUTH_FUZZ_NTLM_MECH_CONFIG, 1);
    setenv("NTLM_USER_FILE", CROSSAUTH_FUZZ_NTLM_USERS, 1);
  }

  auto* fuzz_realm = new FuzzRealm();  // reachable until exit
  fuzz_realm->with_ntlm = with_ntlm;
  fuzz_realm->kerberos_client = Initiator({Mechanism::kKerberos});
  fuzz_realm->negotiate_client = Initiator({Mechanism::kNegotiate});
  fuzz_realm->kerberos_server = Acceptor({Mechanism::kKerberos});
  fuzz_realm->negotiate_server = Acceptor({Mechanism::kNegotiate});
  if (with_ntlm) {
    fuzz_realm->ntlm_client = NtlmInitiator({Mechanism::kNtlm});
    fuzz_realm->negotiate_ntlm_client =
        NtlmInitiator({Mechanism::kNegotiate, Mechanism::kNtlm});
    fuzz_realm->ntlm_server = Acceptor({Mechanism::kNtlm});
    fuzz_realm->negotiate_ntlm_server =
        Acceptor({Mechanism::kNegotiate, Mechanism::kNtlm});
  }

  // One real handshake per pairing, so that tickets are cached and lazily
  // built native state exists before the baseline is taken.
  auto warm_up = [](const Credential& client_credential,
                    const Credential& server_credential, Mechanism mechanism,
                    bool ntlm_user) {
    absl::StatusOr<ClientSession> client = ClientSession::Start(
        client_credential, ClientOptionsFor(mechanism, ntlm_user));
    DieUnlessOk(client.status(), "starting a warm-up client");
    absl::StatusOr<ServerSession> server =
        ServerSession::Start(server_credential);
    DieUnlessOk(server.status(), "starting a warm-up server");
    if (!Handshake(*client, *server)) Die("the warm-up handshake failed");
    (void)client->End();
    (void)server->End();
  };
  warm_up(fuzz_realm->kerberos_client, fuzz_realm->kerberos_server,
          Mechanism::kKerberos, false);
  warm_up(fuzz_realm->negotiate_client, fuzz_realm->negotiate_server,
          Mechanism::kNegotiate, false);
  if (with_ntlm) {
    warm_up(fuzz_realm->ntlm_client, fuzz_realm->ntlm_server, Mechanism::kNtlm,
            true);
    warm_up(fuzz_realm->negotiate_ntlm_client,
            fuzz_realm->negotiate_ntlm_server, Mechanism::kNegotiate, true);
  }
  baseline_handles = test::OutstandingHandles();
  return fuzz_realm;
}

}  // namespace

uint8_t FuzzInput::TakeByte() {
  if (rest_.empty()) return 0;
  uint8_t byte = rest_[0];
  rest_.remove_prefix(1);
  return byte;
}

std::vector<uint8_t> FuzzInput::TakeToken() {
  absl::string_view text(reinterpret_cast<const char*>(rest_.data()),
                         rest_.size());
  size_t at = text.find(kSeparator);
  if (at == absl::string_view::npos) return TakeRest();
  std::vector<uint8_t> token(rest_.begin(), rest_.begin() + at);
  rest_.remove_prefix(at + kSeparator.size());
  return token;
}

std::vector<uint8_t> FuzzInput::TakeRest() {
  std::vector<uint8_t> rest(rest_.begin(), rest_.end());
  rest_ = {};
  return rest;
}

std::vector<uint8_t> ApplyEdits(std::vector<uint8_t> token,
                                absl::Span<const uint8_t> script) {
  for (size_t i = 0; i + 3 <= script.size() && i < 64 * 3; i += 3) {
    size_t position = (size_t{script[i]} << 8) | script[i + 1];
    uint8_t value = script[i + 2];
    if (value == 0) {
      token.resize(position % (token.size() + 1));
    } else if (!token.empty()) {
      token[position % token.size()] ^= value;
    }
  }
  return token;
}

const FuzzRealm& FuzzRealm::Get(bool with_ntlm) {
  static const FuzzRealm* realm = StartRealm(with_ntlm);
  if (realm->with_ntlm != with_ntlm) Die("FuzzRealm::Get: NTLM mismatch");
  return *realm;
}

ClientOptions ClientOptionsFor(Mechanism mechanism, bool ntlm_user) {
  ClientOptions options;
  options.target = kTarget;
  options.mechanism = mechanism;
  if (mechanism == Mechanism::kNtlm || ntlm_user) options.flags.mutual = false;
  return options;
}

void CheckNoHandlesLeft(const char* harness) {
  if (baseline_handles < 0) return;  // no realm: nothing native to leak
  int outstanding = test::OutstandingHandles();
  if (outstanding != baseline_handles) {
    std::fprintf(stderr,
                 "%s: %d native handle(s) outstanding after the input, %d "
                 "expected: %s\n",
                 harness, outstanding, baseline_handles,
                 test::OutstandingSummary().c_str());
    std::abort();
  }
}

void Check(bool condition, const char* harness, absl::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "%s: check failed: %.*s\n", harness,
               static_cast<int>(what.size()), what.data());
  std::abort();
}

bool Handshake(ClientSession& client, ServerSession& server) {
  std::vector<uint8_t> token;
  for (int round = 0; round < 6; ++round) {
    if (!client.complete()) {
      absl::StatusOr<StepResult> step = client.Step(token);
      if (!step.ok()) return false;
      token = std::move(step->token);
    }
    if (token.empty()) return client.complete() && server.complete();
    if (server.complete()) return false;
    absl::StatusOr<StepResult> step = server.Step(token);
    if (!step.ok()) return false;
    token = std::move(step->token);
    if (client.complete() && server.complete()) return token.empty();
    if (token.empty() && !client.complete()) return false;
  }
  return false;
}

}  // namespace fuzz
}  // namespace crossauth
