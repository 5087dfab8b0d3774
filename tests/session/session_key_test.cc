// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Session::SessionKey(): both sides of an established session get the same
// key; nothing before completion or after End(). The same source runs on
// GSS-API and SSPI under Wine (Unimplemented there).

#include <string>

#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

class SessionKeyTest : public SeamTest,
                       public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, SessionKeyTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(SessionKeyTest, BothSidesGetTheSameKey) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  absl::StatusOr<Secret> client_key = pair->client.SessionKey();
  absl::StatusOr<Secret> server_key = pair->server.SessionKey();
#if CROSSAUTH_TEST_BACKEND_SSPI
  for (const absl::StatusOr<Secret>* key : {&client_key, &server_key}) {
    EXPECT_THAT(*key,
                StatusIs(absl::StatusCode::kUnimplemented,
                         "SessionKey(): not available under Wine, whose "
                         "QueryContextAttributes(SECPKG_ATTR_SESSION_KEY) is "
                         "a stub in its Kerberos, Negotiate and NTLM packages "
                         "(dlls/kerberos/krb5_ap.c, dlls/secur32/lsa.c, "
                         "dlls/msv1_0/main.c); crossauth has no Windows code "
                         "for it yet either",
                         ErrorReason::kUnsupported));
  }
#else
  ASSERT_OK(client_key);
  ASSERT_OK(server_key);
  // The realm's tickets use aes256-cts: a 32-byte key.
  EXPECT_EQ(client_key->view().size(), 32u);
  EXPECT_EQ(client_key->view(), server_key->view());
  // Each session has a key of its own.
  absl::StatusOr<SessionPair> other = Connect(GetParam());
  ASSERT_OK(other);
  absl::StatusOr<Secret> other_key = other->client.SessionKey();
  ASSERT_OK(other_key);
  EXPECT_NE(other_key->view(), client_key->view());
#endif
}

TEST_P(SessionKeyTest, NoKeyBeforeCompletionOrAfterEnd) {
  absl::StatusOr<Credential> alice = ClientCredential({GetParam()});
  ASSERT_OK(alice);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*alice, ToService(GetParam()));
  ASSERT_OK(client);
  EXPECT_THAT(client->SessionKey(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("SessionKey()"), ErrorReason::kWrongState));

  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  ASSERT_OK(pair->server.End());
  EXPECT_THAT(pair->server.SessionKey(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("SessionKey()"), ErrorReason::kWrongState));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
