// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Keytab rotation (issue 13 part 4), against MIT's KDC in a TestRealm of its
// own (kadmin.local changes the service's keys): while the keytab holds the
// old and the new key, an acceptor takes tickets of both versions, named or
// for any service; once only the new key is left, a ticket of the old
// version is ErrorReason::kStaleKey, and the message names the ticket's
// key version and the keytab's. GSS-API only (SSPI has no keytabs).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "crossauth/testing/test_realm.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

constexpr char kPassword[] = "alice-Pw-4711";

class KeytabRotationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<crossauth_testing::TestRealm>> realm =
        crossauth_testing::TestRealm::Start();
    ASSERT_TRUE(realm.ok()) << realm.status();
    realm_ = realm->release();
    ASSERT_TRUE(realm_->AddUser("alice", kPassword).ok());
    // Before any krb5 call of this process: the library reads them once.
    ASSERT_TRUE(realm_->ExportEnvironment().ok());
  }
  static void TearDownTestSuite() {
    delete realm_;
    realm_ = nullptr;
  }

  // A fresh initiator credential for alice (its own memory cache, so it asks
  // the KDC for a ticket of the service's current key version).
  static absl::StatusOr<Credential> Alice() {
    CredentialOptions options;
    options.principal = realm_->Principal("alice");
    options.password = Secret(kPassword);
    options.mechanisms = {Mechanism::kKerberos};
    return Credential::Acquire(options);
  }

  // The first token of a session from `alice` to `service`.
  static absl::StatusOr<std::vector<uint8_t>> FirstToken(
      const Credential& alice, const std::string& service) {
    ClientOptions options;
    options.target = service;
    options.mechanism = Mechanism::kKerberos;
    absl::StatusOr<ClientSession> client = ClientSession::Start(alice, options);
    if (!client.ok()) return client.status();
    absl::StatusOr<StepResult> first = client->Step({});
    if (!first.ok()) return first.status();
    return first->token;
  }

  // `count` first tokens from `alice` to `service`, one per acceptance (an
  // acceptor's replay cache sees each token once).
  static absl::StatusOr<std::vector<std::vector<uint8_t>>> FirstTokens(
      const Credential& alice, const std::string& service, int count) {
    std::vector<std::vector<uint8_t>> tokens;
    for (int i = 0; i < count; ++i) {
      absl::StatusOr<std::vector<uint8_t>> token = FirstToken(alice, service);
      if (!token.ok()) return token.status();
      tokens.push_back(*std::move(token));
    }
    return tokens;
  }

  // An acceptor on `keytab`: for `principal`, or for any service in the
  // keytab when it is empty.
  static absl::StatusOr<Credential> Acceptor(const std::string& keytab,
                                             const std::string& principal) {
    CredentialOptions options;
    options.usage = Usage::kAccept;
    options.principal = principal;
    options.keytab = keytab;
    options.mechanisms = {Mechanism::kKerberos};
    return Credential::Acquire(options);
  }

  static absl::StatusOr<StepResult> Accept(const Credential& acceptor,
                                           const std::vector<uint8_t>& token) {
    absl::StatusOr<ServerSession> server = ServerSession::Start(acceptor);
    if (!server.ok()) return server.status();
    return server->Step(token);
  }

  static crossauth_testing::TestRealm* realm_;
};

crossauth_testing::TestRealm* KeytabRotationTest::realm_ = nullptr;

TEST_F(KeytabRotationTest, BothKeyVersionsAreAcceptedWhileTheKeytabHoldsBoth) {
  absl::StatusOr<std::string> service = realm_->AddService("HTTP", "rot.test");
  ASSERT_OK(service);
  const std::string keytab =
      absl::StrCat(realm_->directory(), "/rotation.keytab");
  ASSERT_OK(realm_->ExportKeytab(*service, keytab));  // kvno 1

  // First tokens of key version 1, one per acceptor below.
  absl::StatusOr<Credential> before = Alice();
  ASSERT_OK(before);
  absl::StatusOr<std::vector<std::vector<uint8_t>>> old_tokens =
      FirstTokens(*before, *service, 2);
  ASSERT_OK(old_tokens);

  // The rotation: a new random key (kvno 2), the old one kept, and the
  // keytab given both.
  ASSERT_OK(realm_->Kadmin(absl::StrCat("cpw -randkey -keepold ", *service)));
  ASSERT_OK(realm_->ExportKeytab(*service, keytab));
  absl::StatusOr<Credential> after = Alice();
  ASSERT_OK(after);

  int accepted = 0;
  for (const std::string& principal : {*service, std::string()}) {
    absl::StatusOr<Credential> acceptor = Acceptor(keytab, principal);
    ASSERT_OK(acceptor);
    absl::StatusOr<std::vector<uint8_t>> new_token =
        FirstToken(*after, *service);
    ASSERT_OK(new_token);
    EXPECT_NE(*new_token, (*old_tokens)[accepted]);
    for (const std::vector<uint8_t>* token :
         {&(*old_tokens)[accepted], &*new_token}) {
      absl::StatusOr<StepResult> step = Accept(*acceptor, *token);
      ASSERT_OK(step) << (principal.empty() ? "any service" : principal);
      EXPECT_TRUE(step->complete);
    }
    ++accepted;
  }
  EXPECT_EQ(accepted, 2);
}

TEST_F(KeytabRotationTest, ATicketForARemovedKeyIsAStaleKey) {
  absl::StatusOr<std::string> service =
      realm_->AddService("HTTP", "stale.test");
  ASSERT_OK(service);
  absl::StatusOr<Credential> before = Alice();
  ASSERT_OK(before);
  absl::StatusOr<std::vector<std::vector<uint8_t>>> old_tokens =
      FirstTokens(*before, *service, 2);
  ASSERT_OK(old_tokens);

  // A new key without the old one, in a keytab of its own: kvno 2 only.
  ASSERT_OK(realm_->Kadmin(absl::StrCat("cpw -randkey ", *service)));
  const std::string keytab = absl::StrCat(realm_->directory(), "/stale.keytab");
  ASSERT_OK(realm_->ExportKeytab(*service, keytab));

  int refused = 0;
  for (const std::string& principal : {*service, std::string()}) {
    absl::StatusOr<Credential> acceptor = Acceptor(keytab, principal);
    ASSERT_OK(acceptor);
    absl::StatusOr<StepResult> step = Accept(*acceptor, (*old_tokens)[refused]);
    EXPECT_THAT(step, StatusIs(absl::StatusCode::kNotFound, HasSubstr("kvno 1"),
                               ErrorReason::kStaleKey))
        << (principal.empty() ? "any service" : principal);
    EXPECT_THAT(step.status().message(),
                HasSubstr(absl::StrCat("; the ticket is for key version 1 of ",
                                       *service)));
    // The keytab's versions for the acceptor's own service only: an
    // acceptor for any service would look up a name the peer chose.
    EXPECT_EQ(absl::StrContains(step.status().message(),
                                absl::StrCat("; the keytab ", keytab,
                                             " holds key version 2")),
              !principal.empty())
        << step.status().message();
    ++refused;
  }
  EXPECT_EQ(refused, 2);
}

}  // namespace
}  // namespace test
}  // namespace crossauth
