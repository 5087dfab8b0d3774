// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Delegation's three choices (issue 13 part 4) against MIT's KDC, in a
// TestRealm of its own (kadmin.local marks one service ok-as-delegate):
// kNever delegates to neither service, kIfTrusted only to the trusted one,
// kAlways to both; each time the client's SessionInfo and the server's
// DelegatedCredential() agree. GSS-API only: under Wine kIfTrusted is
// Unimplemented (tests/delegation/delegation_test.cc).

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "crossauth/testing/test_realm.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crossauth {
namespace test {
namespace {

constexpr char kPassword[] = "alice-Pw-4711";

class DelegationPolicyTest : public ::testing::TestWithParam<Mechanism> {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<crossauth_testing::TestRealm>> realm =
        crossauth_testing::TestRealm::Start();
    ASSERT_TRUE(realm.ok()) << realm.status();
    realm_ = realm->release();
    ASSERT_TRUE(realm_->AddUser("alice", kPassword).ok());
    absl::StatusOr<std::string> trusted =
        realm_->AddService("HTTP", "trusted.test");
    ASSERT_TRUE(trusted.ok()) << trusted.status();
    trusted_ = new std::string(*trusted);
    absl::StatusOr<std::string> plain =
        realm_->AddService("HTTP", "plain.test");
    ASSERT_TRUE(plain.ok()) << plain.status();
    plain_ = new std::string(*plain);
    absl::StatusOr<std::string> marked =
        realm_->Kadmin(absl::StrCat("modprinc +ok_as_delegate ", *trusted_));
    ASSERT_TRUE(marked.ok()) << marked.status();
    // Before any krb5 call of this process: the library reads them once.
    ASSERT_TRUE(realm_->ExportEnvironment().ok());
  }
  static void TearDownTestSuite() {
    delete realm_;
    delete trusted_;
    delete plain_;
    realm_ = nullptr;
    trusted_ = plain_ = nullptr;
  }

  // Whether alice, asking with `delegation`, delegated to `service`: what
  // her session says, checked against what the server got.
  absl::StatusOr<bool> Delegated(Delegation delegation,
                                 const std::string& service) const {
    CredentialOptions alice_options;
    alice_options.principal = realm_->Principal("alice");
    alice_options.password = Secret(kPassword);
    alice_options.mechanisms = {GetParam()};
    absl::StatusOr<Credential> alice = Credential::Acquire(alice_options);
    if (!alice.ok()) return alice.status();
    CredentialOptions server_options;
    server_options.usage = Usage::kAccept;
    server_options.principal = service;
    server_options.keytab = realm_->service_keytab();
    server_options.mechanisms = {GetParam()};
    absl::StatusOr<Credential> server_credential =
        Credential::Acquire(server_options);
    if (!server_credential.ok()) return server_credential.status();

    ClientOptions options;
    options.target = service;
    options.mechanism = GetParam();
    options.delegation = delegation;
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*alice, options);
    if (!client.ok()) return client.status();
    absl::StatusOr<ServerSession> server =
        ServerSession::Start(*server_credential);
    if (!server.ok()) return server.status();
    std::vector<uint8_t> token;
    // A Kerberos or SPNEGO exchange takes at most three tokens.
    for (int i = 0; i < 4 && !(client->complete() && server->complete()); ++i) {
      if (!client->complete()) {
        absl::StatusOr<StepResult> step = client->Step(token);
        if (!step.ok()) return step.status();
        token = step->token;
      }
      if (!token.empty() || !server->complete()) {
        if (server->complete()) break;
        absl::StatusOr<StepResult> step = server->Step(token);
        if (!step.ok()) return step.status();
        token = step->token;
      }
    }
    if (!client->complete() || !server->complete()) {
      return absl::InternalError("the handshake did not complete");
    }
    absl::StatusOr<SessionInfo> info = client->Info();
    if (!info.ok()) return info.status();
    absl::StatusOr<Credential> delegated = server->DelegatedCredential();
    if (info->flags.delegate != delegated.ok()) {
      return absl::InternalError(
          absl::StrCat("the client says delegate=", info->flags.delegate,
                       " but the server's DelegatedCredential() is ",
                       delegated.status().ToString()));
    }
    if (delegated.ok()) {
      absl::StatusOr<std::string> whose = delegated->Principal();
      if (!whose.ok()) return whose.status();
      if (*whose != realm_->Principal("alice")) {
        return absl::InternalError("delegated: " + *whose);
      }
    } else if (delegated.status().code() != absl::StatusCode::kNotFound) {
      return delegated.status();
    }
    return info->flags.delegate;
  }

  void ExpectDelegated(Delegation delegation, const std::string& service,
                       bool expected) const {
    absl::StatusOr<bool> delegated = Delegated(delegation, service);
    ASSERT_TRUE(delegated.ok()) << service << ": " << delegated.status();
    EXPECT_EQ(*delegated, expected) << service;
  }

  static crossauth_testing::TestRealm* realm_;
  static std::string* trusted_;
  static std::string* plain_;
};

crossauth_testing::TestRealm* DelegationPolicyTest::realm_ = nullptr;
std::string* DelegationPolicyTest::trusted_ = nullptr;
std::string* DelegationPolicyTest::plain_ = nullptr;

INSTANTIATE_TEST_SUITE_P(Mechanisms, DelegationPolicyTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(DelegationPolicyTest, NeverDelegatesToEither) {
  ExpectDelegated(Delegation::kNever, *trusted_, false);
  ExpectDelegated(Delegation::kNever, *plain_, false);
}

TEST_P(DelegationPolicyTest, IfTrustedDelegatesOnlyToTheOkAsDelegateService) {
  ExpectDelegated(Delegation::kIfTrusted, *trusted_, true);
  ExpectDelegated(Delegation::kIfTrusted, *plain_, false);
}

TEST_P(DelegationPolicyTest, AlwaysDelegatesToBoth) {
  ExpectDelegated(Delegation::kAlways, *trusted_, true);
  ExpectDelegated(Delegation::kAlways, *plain_, true);
}

}  // namespace
}  // namespace test
}  // namespace crossauth
