// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Expired credentials on both backends, without waiting for anything to
// expire: CTest runs this suite in a realm whose KDC clock is two hours
// behind (crossauth-test-realm --kdc-clock-offset -7200 --max-life 3600), so
// every ticket it issues ended an hour before it was issued. Whatever the
// machine's speed, a credential is expired from the start, and by the same
// hour: Expiry() reports that time in the past, and a session started with
// it fails with Unauthenticated and the "expired" hint.

#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/hints.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/core/credential_state.h"
#include "tests/support/call_gate.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

// The realm's tickets end this long before the real time they are issued at
// (the KDC's -2 h clock plus its 1 h maximum lifetime).
constexpr absl::Duration kEndedBeforeIssue = absl::Hours(1);
// Ticket times are whole seconds.
constexpr absl::Duration kRounding = absl::Seconds(2);

class ExpiryTest : public SeamTest,
                   public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, ExpiryTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(ExpiryTest, ExpiryOfAnExpiredCredentialIsWhenItEnded) {
  const absl::Time before = absl::Now();
  absl::StatusOr<Credential> alice = PasswordCredential({GetParam()});
  ASSERT_OK(alice);
  const absl::Time after = absl::Now();
  absl::StatusOr<absl::Time> expiry = alice->Expiry();
  ASSERT_OK(expiry);
  EXPECT_GE(*expiry, before - kEndedBeforeIssue - kRounding);
  if (RunningUnderWine()) {
    // Wine's AcquireCredentialsHandle reports tickets that ended before the
    // logon as expiring at the logon: in the past too, but not when.
    EXPECT_LE(*expiry, after);
  } else {
    EXPECT_LE(*expiry, after - kEndedBeforeIssue + kRounding);
  }
  // A copy asks the same native credential.
  Credential copy = *alice;
  absl::StatusOr<absl::Time> copy_expiry = copy.Expiry();
  ASSERT_OK(copy_expiry);
  EXPECT_EQ(*copy_expiry, *expiry);
}

TEST_P(ExpiryTest, ASessionOnAnExpiredCredentialFailsWithTheExpiredHint) {
  absl::StatusOr<Credential> alice = PasswordCredential({GetParam()});
  ASSERT_OK(alice);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*alice, ToService(GetParam()));
  absl::Status failure = client.status();
  if (client.ok()) failure = client->Step({}).status();
  EXPECT_THAT(failure, StatusIs(absl::StatusCode::kUnauthenticated,
                                HasSubstr(internal::kHintExpired),
                                ErrorReason::kExpired));
  if (client.ok()) {
    // The session stays failed: a second step is refused, not retried.
    EXPECT_THAT(client->Step({1}),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("failed in an earlier step"),
                         ErrorReason::kWrongState));
  }
}

class ExpiredRenewalTest : public SeamTest {};

TEST_F(ExpiredRenewalTest, SessionStartsOnAnExpiredCredentialShareOneRenewal) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  GTEST_SKIP() << "SSPI has no client keytab (CredentialOptions."
                  "client_keytab is Unimplemented there)";
#else
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.client_keytab = Env().user_keytab;
  options.ccache = "MEMORY:crossauth-expired-renewal";
  options.mechanisms = {Mechanism::kKerberos};
  absl::StatusOr<Credential> alice = Credential::Acquire(options);
  ASSERT_OK(alice);
  absl::StatusOr<absl::Time> expiry = alice->Expiry();
  ASSERT_OK(expiry);
  ASSERT_LT(*expiry, absl::Now());  // so every session start must renew

  absl::StatusOr<ClientSession> first;
  absl::StatusOr<ClientSession> second;
  int acquires = 0;
  {
    CallGate gate("gss_acquire_cred_from");
    std::thread renewer([&] {
      first = ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
    });
    const bool renewing = gate.WaitUntilHeld();
    EXPECT_TRUE(renewing) << "the session start did not renew";
    std::thread waiter([&] {
      second = ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
    });
    // The second start has nothing valid to start on: it waits for the
    // renewal in progress instead of starting its own. Bounded polling.
    bool waiting = false;
    for (int i = 0; i < 60000 && renewing && !waiting; ++i) {
      waiting = internal::RenewalWaitersForTesting() == 1;
      if (!waiting) absl::SleepFor(absl::Milliseconds(1));
    }
    EXPECT_TRUE(waiting) << "the second session start did not wait";
    // Readers do not wait: Expiry() still answers with the current
    // credential's end.
    absl::StatusOr<absl::Time> meanwhile = alice->Expiry();
    ASSERT_OK(meanwhile);
    EXPECT_EQ(*meanwhile, *expiry);
    gate.Open();
    renewer.join();
    waiter.join();
    acquires = gate.Count("gss_acquire_cred_from");
  }
  EXPECT_EQ(acquires, 1);
  EXPECT_EQ(internal::RenewalWaitersForTesting(), 0);
  // Both started on the renewed credential, which this realm issues expired
  // as well: the handshake fails, with the hint, on both.
  for (absl::StatusOr<ClientSession>* client : {&first, &second}) {
    absl::Status failure = client->status();
    if (client->ok()) failure = (*client)->Step({}).status();
    EXPECT_THAT(failure, StatusIs(absl::StatusCode::kUnauthenticated,
                                  HasSubstr(internal::kHintExpired),
                                  ErrorReason::kExpired));
  }
#endif
}

}  // namespace
}  // namespace test
}  // namespace crossauth
