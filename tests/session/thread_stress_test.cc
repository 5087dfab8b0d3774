// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Many threads on shared credentials: four workers share one client and one
// acceptor Credential, each running hundreds of handshakes with message
// protection both ways, while another thread copies, inspects, releases and
// destroys handles to the same credentials. A second test does the same on a
// credential that renews from its client keytab at every session start. The
// assertions hold whatever the interleaving and the machine's speed; the
// tsan stage of scripts/test runs this suite under ThreadSanitizer, which
// fails on any data race.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/core/credential_state.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

constexpr int kWorkers = 4;
constexpr int kHandshakesPerWorker = 200;

// The first failure any thread saw, with its context.
class FirstFailure {
 public:
  void Record(absl::string_view where, const absl::Status& status) {
    if (status.ok()) return;
    absl::MutexLock lock(&mutex_);
    ++count_;
    if (first_.ok())
      first_ = absl::Status(status.code(),
                            absl::StrCat(where, ": ", status.message()));
  }
  absl::Status first() const {
    absl::MutexLock lock(&mutex_);
    return first_;
  }
  int count() const {
    absl::MutexLock lock(&mutex_);
    return count_;
  }

 private:
  mutable absl::Mutex mutex_;
  absl::Status first_ ABSL_GUARDED_BY(mutex_);
  int count_ ABSL_GUARDED_BY(mutex_) = 0;
};

// One worker's sessions: a handshake, then a message each way and a MIC.
void RunWorker(int worker, const Credential& client_credential,
               const Credential& server_credential, FirstFailure& failures) {
  for (int i = 0; i < kHandshakesPerWorker; ++i) {
    const std::string where = absl::StrCat("worker ", worker, " round ", i);
    absl::StatusOr<SessionPair> pair =
        ConnectWith(client_credential, server_credential, ToService());
    if (!pair.ok()) {
      failures.Record(where, pair.status());
      continue;
    }
    const std::vector<uint8_t> message = Bytes(where);
    absl::StatusOr<std::vector<uint8_t>> sealed = pair->client.Wrap(message);
    failures.Record(where, sealed.status());
    if (sealed.ok()) {
      absl::StatusOr<UnwrappedMessage> opened = pair->server.Unwrap(*sealed);
      failures.Record(where, opened.status());
      if (opened.ok() && opened->message != message) {
        failures.Record(where, absl::DataLossError("server got other bytes"));
      }
    }
    absl::StatusOr<std::vector<uint8_t>> reply = pair->server.Wrap(message);
    failures.Record(where, reply.status());
    if (reply.ok()) {
      absl::StatusOr<UnwrappedMessage> opened = pair->client.Unwrap(*reply);
      failures.Record(where, opened.status());
    }
    absl::StatusOr<std::vector<uint8_t>> mic = pair->client.GetMic(message);
    failures.Record(where, mic.status());
    if (mic.ok()) failures.Record(where, pair->server.VerifyMic(message, *mic));
    failures.Record(where, pair->client.End());
    failures.Record(where, pair->server.End());
  }
}

// Copies, inspects, releases and destroys handles to both credentials until
// the workers are done (bounded by `max_rounds` as well).
void ChurnHandles(const Credential& client_credential,
                  const Credential& server_credential,
                  const std::atomic<bool>& done, FirstFailure& failures) {
  constexpr int kMaxRounds = 100000;
  for (int round = 0; round < kMaxRounds && !done.load(); ++round) {
    Credential client_copy = client_credential;
    Credential server_copy(server_credential);
    absl::Status principal = client_copy.Principal().status();
    // Wine has no QueryCredentialsAttributesW(SECPKG_CRED_ATTR_NAMES).
    if (!(RunningUnderWine() &&
          principal.code() == absl::StatusCode::kUnimplemented)) {
      failures.Record("churn Principal()", principal);
    }
    failures.Record("churn Expiry()", client_copy.Expiry().status());
    Credential moved = std::move(client_copy);
    absl::StatusOr<ReleaseOutcome> released = moved.Release();
    failures.Record("churn Release()", released.status());
    if (released.ok() && *released != ReleaseOutcome::kDeferred) {
      failures.Record("churn Release()",
                      absl::InternalError("a copy released the credential "
                                          "while the original lives"));
    }
    absl::StatusOr<ReleaseOutcome> server_released = server_copy.Release();
    failures.Record("churn Release()", server_released.status());
    {
      Credential destroyed = server_credential;  // destroyed unreleased
    }
  }
}

void RunStress(const Credential& client_credential,
               const Credential& server_credential) {
  FirstFailure failures;
  std::atomic<bool> done{false};
  std::thread churn([&] {
    ChurnHandles(client_credential, server_credential, done, failures);
  });
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      RunWorker(w, client_credential, server_credential, failures);
    });
  }
  for (std::thread& worker : workers) worker.join();
  done.store(true);
  churn.join();
  EXPECT_OK(failures.first()) << failures.count() << " failure(s) in all";
}

class ThreadStressTest : public SeamTest {};

TEST_F(ThreadStressTest, SharedCredentialsUnderConcurrentSessionsAndCopies) {
  absl::StatusOr<Credential> client = ClientCredential();
  ASSERT_OK(client);
  absl::StatusOr<Credential> server = ServerCredential();
  ASSERT_OK(server);
  RunStress(*client, *server);
  // The originals are the last owners now.
  EXPECT_THAT(
      client->Release(),
      ::testing::Eq(absl::StatusOr<ReleaseOutcome>(ReleaseOutcome::kReleased)));
  EXPECT_THAT(
      server->Release(),
      ::testing::Eq(absl::StatusOr<ReleaseOutcome>(ReleaseOutcome::kReleased)));
}

TEST_F(ThreadStressTest, RenewalFromAClientKeytabAtEverySessionStart) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  GTEST_SKIP() << "SSPI has no client keytab (CredentialOptions."
                  "client_keytab is Unimplemented there)";
#else
  // A renewal margin longer than the realm's 10-hour tickets: every session
  // start renews (or, while another thread renews, starts on the current
  // credential, which is still valid), so renewals race with sessions and
  // with each other as they would with short tickets, without a clock.
  internal::SetRenewMarginForTesting(absl::Hours(11));
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.client_keytab = Env().user_keytab;
  options.ccache = "MEMORY:crossauth-stress-renewal";
  absl::StatusOr<Credential> client = Credential::Acquire(options);
  absl::StatusOr<Credential> server = ServerCredential();
  if (client.ok() && server.ok()) RunStress(*client, *server);
  internal::SetRenewMarginForTesting(absl::Seconds(30));
  ASSERT_OK(client);
  ASSERT_OK(server);
#endif
}

}  // namespace
}  // namespace test
}  // namespace crossauth
