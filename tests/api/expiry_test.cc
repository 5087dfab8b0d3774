// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Credential lifetime on both backends, in a realm whose tickets live 3
// seconds (CTest runs this suite with crossauth-test-realm --max-life 3):
// Expiry() reports the end of a password logon's tickets, and a session
// started after it fails with Unauthenticated and the "expired" hint.

#include <algorithm>
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

class ExpiryTest : public SeamTest,
                   public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, ExpiryTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(ExpiryTest, ASessionOnAnExpiredCredentialFailsWithTheExpiredHint) {
  const absl::Time before = absl::Now();
  absl::StatusOr<Credential> alice = PasswordCredential({GetParam()});
  ASSERT_OK(alice);
  absl::StatusOr<absl::Time> expiry = alice->Expiry();
  ASSERT_OK(expiry);
  // The realm's 3-second tickets (a second either way for rounding).
  EXPECT_GE(*expiry, before + absl::Seconds(2));
  EXPECT_LE(*expiry, absl::Now() + absl::Seconds(4));

  // Bounded: at most 5 seconds.
  absl::SleepFor(
      std::min(*expiry - absl::Now() + absl::Seconds(1), absl::Seconds(5)));
  ASSERT_LT(*expiry, absl::Now());

  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*alice, ToService(GetParam()));
  absl::Status failure = client.status();
  if (client.ok()) failure = client->Step({}).status();
  EXPECT_THAT(failure, StatusIs(absl::StatusCode::kUnauthenticated,
                                HasSubstr(internal::kHintExpired)));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
