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
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/hints.h"
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
  EXPECT_LE(*expiry, after - kEndedBeforeIssue + kRounding);
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
                                HasSubstr(internal::kHintExpired)));
  if (client.ok()) {
    // The session stays failed: a second step is refused, not retried.
    EXPECT_THAT(client->Step({1}),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("failed in an earlier step")));
  }
}

}  // namespace
}  // namespace test
}  // namespace crossauth
