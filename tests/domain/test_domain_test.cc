// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_domain_test.cc: TestDomain (Samba's AD DC) and crossauth's API
// against it. Needs root (CI is root); without root every test skips with
// that reason, and only then.

#include "crossauth/testing/test_domain.h"

#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace crossauth {
namespace test {
namespace {

using ::crossauth_testing::TestDomain;
using ::crossauth_testing::TestDomainOptions;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kAlicePassword[] = "Alice-Pa55word!";

std::vector<uint8_t> Bytes(absl::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

struct SessionPair {
  ClientSession client;
  ServerSession server;
};

// A bounded in-process handshake (tests/support/handshake.h needs the
// realm-backed support library, which this suite does not use).
absl::StatusOr<SessionPair> ConnectWith(const Credential& client_credential,
                                        const Credential& server_credential,
                                        const ClientOptions& options) {
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(client_credential, options);
  if (!client.ok()) return client.status();
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(server_credential, {});
  if (!server.ok()) return server.status();
  std::vector<uint8_t> token;
  for (int round = 0; round < 10; ++round) {
    if (!client->complete()) {
      absl::StatusOr<StepResult> step = client->Step(token);
      if (!step.ok()) return step.status();
      token = std::move(step->token);
    }
    if (token.empty()) break;
    absl::StatusOr<StepResult> step = server->Step(token);
    if (!step.ok()) return step.status();
    token = std::move(step->token);
    if (token.empty() && client->complete()) break;
  }
  if (!client->complete() || !server->complete()) {
    return absl::InternalError("the handshake did not complete in 10 rounds");
  }
  return SessionPair{*std::move(client), *std::move(server)};
}

// One domain for the whole binary, started before any test (and so before
// any thread) by a GoogleTest environment.
TestDomain* domain_ = nullptr;
std::string* skip_reason_ = nullptr;
std::string* start_error_ = nullptr;

absl::Status SetUpDomain(TestDomain& domain) {
  for (absl::Status status : {
           domain.AddUser("alice", kAlicePassword),
           domain.AddGroup("staff"),
           domain.AddGroup("devs"),
           domain.AddGroupMember("staff", "alice"),
           domain.AddGroupMember("devs", "alice"),
           domain.AddServiceAccount("websvc", "HTTP/web").status(),
           domain.AddServiceAccount("othersvc", "HTTP/other").status(),
           domain.AddServiceAccount("thirdsvc", "HTTP/third").status(),
           domain.AllowDelegation("websvc", "HTTP/other.ad.crossauth.test"),
           domain.ExportEnvironment(),
       }) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

class DomainEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (geteuid() != 0) {
      skip_reason_ = new std::string(
          "TestDomain needs root (CI runs as root): it runs Samba's AD DC in "
          "private network and mount namespaces");
      return;
    }
    absl::StatusOr<std::unique_ptr<TestDomain>> domain = TestDomain::Start();
    if (!domain.ok()) {
      start_error_ = new std::string(domain.status().ToString());
      return;
    }
    domain_ = domain->release();
    absl::Status status = SetUpDomain(*domain_);
    if (!status.ok()) start_error_ = new std::string(status.ToString());
  }
  void TearDown() override {
    delete domain_;
    domain_ = nullptr;
  }
};

const ::testing::Environment* const kDomainEnvironment =
    ::testing::AddGlobalTestEnvironment(new DomainEnvironment);

class TestDomainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (skip_reason_ != nullptr) GTEST_SKIP() << *skip_reason_;
    ASSERT_EQ(start_error_, nullptr) << *start_error_;
    ASSERT_NE(domain_, nullptr);
  }
};

TEST_F(TestDomainTest, Names) {
  EXPECT_EQ(domain_->realm(), "AD.CROSSAUTH.TEST");
  EXPECT_EQ(domain_->netbios_domain(), "ADTEST");
  EXPECT_EQ(domain_->dc_host(), "dc1.ad.crossauth.test");
  EXPECT_EQ(domain_->Principal("alice"), "alice@AD.CROSSAUTH.TEST");
  EXPECT_EQ(domain_->HostName("web"), "web.ad.crossauth.test");
}

TEST_F(TestDomainTest, SidsBelongToTheDomain) {
  absl::StatusOr<std::string> domain_sid = domain_->DomainSid();
  ASSERT_OK(domain_sid);
  EXPECT_THAT(*domain_sid, StartsWith("S-1-5-21-"));
  absl::StatusOr<std::string> alice = domain_->Sid("alice");
  ASSERT_OK(alice);
  absl::StatusOr<std::string> staff = domain_->Sid("staff");
  ASSERT_OK(staff);
  absl::StatusOr<std::string> devs = domain_->Sid("devs");
  ASSERT_OK(devs);
  EXPECT_THAT(*alice, StartsWith(*domain_sid + "-"));
  EXPECT_THAT(*staff, StartsWith(*domain_sid + "-"));
  EXPECT_THAT(*devs, StartsWith(*domain_sid + "-"));
  EXPECT_NE(*alice, *staff);
  EXPECT_NE(*staff, *devs);
}

class TestDomainHandshakeTest
    : public TestDomainTest,
      public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, TestDomainHandshakeTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

// alice, logged on with her password.
absl::StatusOr<Credential> AliceWithPassword(Mechanism mechanism) {
  CredentialOptions options;
  options.principal = domain_->Principal("alice");
  options.password = Secret(kAlicePassword);
  options.mechanisms = {mechanism};
  return Credential::Acquire(options);
}

TEST_P(TestDomainHandshakeTest, UserInTwoGroupsReachesTheServiceAccount) {
  absl::StatusOr<Credential> client = AliceWithPassword(GetParam());
  ASSERT_OK(client);

  CredentialOptions server_options;
  server_options.usage = Usage::kAccept;
  server_options.keytab = domain_->service_keytab();
  server_options.mechanisms = {GetParam()};
  absl::StatusOr<Credential> server = Credential::Acquire(server_options);
  ASSERT_OK(server);

  ClientOptions options;
  options.target = "HTTP@web.ad.crossauth.test";
  options.mechanism = GetParam();
  absl::StatusOr<SessionPair> pair = ConnectWith(*client, *server, options);
  ASSERT_OK(pair);
  absl::StatusOr<SessionInfo> info = pair->server.Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->peer_principal, "alice@AD.CROSSAUTH.TEST");
  EXPECT_EQ(info->mechanism, Mechanism::kKerberos);
  EXPECT_EQ(info->negotiated, GetParam() == Mechanism::kNegotiate);
  absl::StatusOr<std::vector<uint8_t>> wrapped =
      pair->client.Wrap(Bytes("to the domain"));
  ASSERT_OK(wrapped);
  absl::StatusOr<UnwrappedMessage> unwrapped = pair->server.Unwrap(*wrapped);
  ASSERT_OK(unwrapped);
  EXPECT_EQ(unwrapped->message, Bytes("to the domain"));
}

TEST_F(TestDomainTest, KinitWithPasswordAndKeytab) {
  std::string ccache = "FILE:" + domain_->directory() + "/kinit-test";
  EXPECT_OK(domain_->Kinit("alice", kAlicePassword, ccache));
  EXPECT_OK(
      domain_->KinitWithKeytab("websvc", domain_->service_keytab(), ccache));
  EXPECT_THAT(domain_->Kinit("alice", "Wrong-Pa55word!", ccache),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("kinit alice failed: ")));
  EXPECT_THAT(domain_->Kinit("nobody", "Wrong-Pa55word!", ccache),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("not found in Kerberos database")));
}

TEST_F(TestDomainTest, DuplicatesAreAlreadyExists) {
  EXPECT_THAT(domain_->AddUser("alice", kAlicePassword),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("samba-tool user add failed")));
  EXPECT_THAT(domain_->AddGroup("staff"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("samba-tool group add failed")));
  EXPECT_THAT(domain_->AddGroupMember("staff", "alice"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("Attribute member already exists")));
  EXPECT_THAT(domain_->AddServiceAccount("websvc", "HTTP/web2"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("samba-tool user add failed")));
}

TEST_F(TestDomainTest, MissingNamesAreNotFound) {
  EXPECT_THAT(domain_->AddGroupMember("no-such-group", "alice"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("Unable to find group \"no-such-group\"")));
  EXPECT_THAT(domain_->Sid("no-such-name"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("Unable to find group \"no-such-name\"")));
  EXPECT_THAT(
      domain_->AllowDelegation("no-such-account", "HTTP/x.ad.crossauth.test"),
      StatusIs(absl::StatusCode::kNotFound,
               HasSubstr("Unable to find account name 'no-such-account'")));
}

TEST_F(TestDomainTest, RefusedInputsAreInvalidArgument) {
  EXPECT_THAT(domain_->AddUser("has blank", kAlicePassword),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "the user name \"has blank\" contains a blank, quote, "
                       "control or special character"));
  EXPECT_THAT(domain_->AddUser("-flag", kAlicePassword),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "the user name must be 1-200 characters, not starting "
                       "with '-'"));
  EXPECT_THAT(domain_->AddUser("carol", "a\nb"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "the password contains a control character"));
  EXPECT_THAT(domain_->AddServiceAccount("svc2", "HTTP"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "the SPN must be SERVICE/HOST, for example HTTP/web, "
                       "not HTTP"));
}

// Root copies the cache into the DC and runs it, so a cache that another
// user could have filled is refused before anything changes.
TEST_F(TestDomainTest, ACacheOthersCanWriteIsRefused) {
  char parent[] = "/tmp/crossauth-domain-cache-test-XXXXXX";
  ASSERT_NE(mkdtemp(parent), nullptr);
  const std::string open_dir = absl::StrCat(parent, "/open");
  ASSERT_EQ(mkdir(open_dir.c_str(), 0700), 0);
  ASSERT_EQ(chmod(open_dir.c_str(), 0777), 0);
  const std::string good = absl::StrCat(parent, "/good");
  ASSERT_EQ(mkdir(good.c_str(), 0700), 0);
  const std::string link = absl::StrCat(parent, "/link");
  ASSERT_EQ(symlink(good.c_str(), link.c_str()), 0);
  for (const std::string& cache : {open_dir, link}) {
    TestDomainOptions options;
    options.cache_directory = cache;
    EXPECT_THAT(
        TestDomain::Start(options).status(),
        StatusIs(absl::StatusCode::kFailedPrecondition,
                 absl::StrCat("the TestDomain cache directory ", cache,
                              " is not a directory of uid 0 that only it can "
                              "write (a symbolic link, another owner, or "
                              "group or world write permission); remove it, "
                              "or set CROSSAUTH_TEST_DOMAIN_CACHE or "
                              "TestDomainOptions::cache_directory")));
  }
  // The domain this suite runs on is still there.
  absl::StatusOr<std::string> alice = domain_->Sid("alice");
  EXPECT_TRUE(alice.ok()) << alice.status();
  unlink(link.c_str());
  rmdir(good.c_str());
  rmdir(open_dir.c_str());
  rmdir(parent);
}

TEST_F(TestDomainTest, WeakPasswordIsInvalidArgumentAndNotLogged) {
  absl::Status status = domain_->AddUser("dave", "weak");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("samba-tool user add failed")));
  EXPECT_FALSE(absl::StrContains(status.message(), "weak")) << status.message();
}

// The service account as an initiator, from its keys (a forwardable TGT,
// as S4U2Proxy needs).
absl::StatusOr<Credential> WebServiceInitiator(Mechanism mechanism) {
  CredentialOptions options;
  options.usage = Usage::kInitiate;
  options.principal = domain_->Principal("websvc");
  options.client_keytab = domain_->service_keytab();
  options.ccache = "MEMORY:crossauth-domain-websvc";
  options.mechanisms = {mechanism};
  return Credential::Acquire(options);
}

absl::StatusOr<Credential> Acceptor(Mechanism mechanism) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.keytab = domain_->service_keytab();
  options.mechanisms = {mechanism};
  return Credential::Acquire(options);
}

TEST_P(TestDomainHandshakeTest, ServiceReachesASecondServiceAsAlice) {
  absl::StatusOr<Credential> service = WebServiceInitiator(GetParam());
  ASSERT_OK(service);
  // S4U2Self: alice never logs on.
  absl::StatusOr<Credential> alice = Credential::Impersonate(*service, "alice");
  ASSERT_OK(alice);
  absl::StatusOr<Credential> acceptor = Acceptor(GetParam());
  ASSERT_OK(acceptor);
  // S4U2Proxy to HTTP/other, allowed by websvc's msDS-AllowedToDelegateTo.
  // (Even HTTP/web, websvc's own SPN, is S4U2Proxy, not in that list, and
  // refused: S4U2Self's ticket is for websvc@REALM.)
  ClientOptions options;
  options.target = "HTTP@other.ad.crossauth.test";
  options.mechanism = GetParam();
  absl::StatusOr<SessionPair> pair = ConnectWith(*alice, *acceptor, options);
  ASSERT_OK(pair);
  absl::StatusOr<SessionInfo> info = pair->server.Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->peer_principal, "alice@AD.CROSSAUTH.TEST");
}

// The web service as acceptor and initiator at once (Usage::kBoth), as
// S4U2Proxy with a client's own ticket needs.
absl::StatusOr<Credential> WebServiceForBoth(Mechanism mechanism) {
  CredentialOptions options;
  options.usage = Usage::kBoth;
  options.principal = domain_->Principal("websvc");
  options.keytab = domain_->service_keytab();
  options.client_keytab = domain_->service_keytab();
  options.ccache = "MEMORY:crossauth-domain-websvc-both";
  options.mechanisms = {mechanism};
  return Credential::Acquire(options);
}

// ServerSession::ProxyCredential() (issue 13 part 3): alice logs on and
// authenticates to websvc without delegating; websvc reaches HTTP/other as
// alice with her own ticket as the evidence (S4U2Proxy), and is refused
// HTTP/third, which is not in its msDS-AllowedToDelegateTo.
TEST_P(TestDomainHandshakeTest,
       ServiceReachesASecondServiceWithTheClientsTicket) {
  absl::StatusOr<Credential> alice = AliceWithPassword(GetParam());
  ASSERT_OK(alice);
  absl::StatusOr<Credential> web = WebServiceForBoth(GetParam());
  ASSERT_OK(web);
  ClientOptions options;
  options.target = "HTTP@web.ad.crossauth.test";
  options.mechanism = GetParam();
  absl::StatusOr<SessionPair> pair = ConnectWith(*alice, *web, options);
  ASSERT_OK(pair);
  absl::StatusOr<SessionInfo> info = pair->server.Info();
  ASSERT_OK(info);
  EXPECT_FALSE(info->flags.delegate);
  EXPECT_THAT(pair->server.DelegatedCredential(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("the client delegated no credential"),
                       ErrorReason::kDelegationUnavailable));

  absl::StatusOr<Credential> as_alice = pair->server.ProxyCredential();
  ASSERT_OK(as_alice);
  absl::StatusOr<Credential> again = pair->server.ProxyCredential();
  ASSERT_OK(again);
  absl::StatusOr<Credential> other = Acceptor(Mechanism::kKerberos);
  ASSERT_OK(other);
  ClientOptions second;
  second.target = "HTTP@other.ad.crossauth.test";
  second.mechanism = Mechanism::kKerberos;
  absl::StatusOr<SessionPair> hop = ConnectWith(*again, *other, second);
  ASSERT_OK(hop);
  absl::StatusOr<SessionInfo> seen = hop->server.Info();
  ASSERT_OK(seen);
  EXPECT_EQ(seen->peer_principal, "alice@AD.CROSSAUTH.TEST");
  absl::StatusOr<std::string> alice_sid = domain_->Sid("alice");
  ASSERT_OK(alice_sid);
  absl::StatusOr<PeerIdentity> identity = hop->server.PeerIdentity();
  ASSERT_OK(identity);
  EXPECT_EQ(identity->user_sid, *alice_sid);

  ClientOptions third;
  third.target = "HTTP@third.ad.crossauth.test";
  third.mechanism = Mechanism::kKerberos;
  absl::StatusOr<ClientSession> refused =
      ClientSession::Start(*as_alice, third);
  ASSERT_OK(refused);
  EXPECT_THAT(refused->Step({}), StatusIs(absl::StatusCode::kPermissionDenied,
                                          HasSubstr("constrained delegation"),
                                          ErrorReason::kDelegationRefused));
}

// Without initiate usage the acceptor keeps no ticket of the client's.
TEST_F(TestDomainTest, AnAcceptOnlyCredentialHasNoProxyCredential) {
  absl::StatusOr<Credential> alice = AliceWithPassword(Mechanism::kKerberos);
  ASSERT_OK(alice);
  absl::StatusOr<Credential> web = Acceptor(Mechanism::kKerberos);
  ASSERT_OK(web);
  ClientOptions options;
  options.target = "HTTP@web.ad.crossauth.test";
  options.mechanism = Mechanism::kKerberos;
  absl::StatusOr<SessionPair> pair = ConnectWith(*alice, *web, options);
  ASSERT_OK(pair);
  EXPECT_THAT(
      pair->server.ProxyCredential(),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("needs Usage::kBoth"),
               ErrorReason::kDelegationUnavailable));
}

TEST_F(TestDomainTest, TargetOutsideAllowedToDelegateToIsRefused) {
  absl::StatusOr<Credential> service =
      WebServiceInitiator(Mechanism::kKerberos);
  ASSERT_OK(service);
  absl::StatusOr<Credential> alice = Credential::Impersonate(*service, "alice");
  ASSERT_OK(alice);
  ClientOptions options;
  options.target = "HTTP@third.ad.crossauth.test";
  options.mechanism = Mechanism::kKerberos;
  absl::StatusOr<ClientSession> client = ClientSession::Start(*alice, options);
  ASSERT_OK(client);
  EXPECT_THAT(client->Step({}), StatusIs(absl::StatusCode::kPermissionDenied,
                                         HasSubstr("constrained delegation"),
                                         ErrorReason::kDelegationRefused));
}

// ServerSession::PeerIdentity() (issue 13 part 2): the acceptor sees the
// verified PAC's SIDs of alice, who is in staff and devs.
TEST_P(TestDomainHandshakeTest, ServerSeesTheUsersGroups) {
  absl::StatusOr<Credential> client = AliceWithPassword(GetParam());
  ASSERT_OK(client);
  absl::StatusOr<Credential> server = Acceptor(GetParam());
  ASSERT_OK(server);
  ClientOptions options;
  options.target = "HTTP@web.ad.crossauth.test";
  options.mechanism = GetParam();
  absl::StatusOr<SessionPair> pair = ConnectWith(*client, *server, options);
  ASSERT_OK(pair);

  absl::StatusOr<std::string> domain_sid = domain_->DomainSid();
  ASSERT_OK(domain_sid);
  absl::StatusOr<std::string> alice = domain_->Sid("alice");
  ASSERT_OK(alice);
  absl::StatusOr<std::string> staff = domain_->Sid("staff");
  ASSERT_OK(staff);
  absl::StatusOr<std::string> devs = domain_->Sid("devs");
  ASSERT_OK(devs);
  absl::StatusOr<PeerIdentity> identity = pair->server.PeerIdentity();
  ASSERT_OK(identity);
  EXPECT_TRUE(identity->has_pac);
  EXPECT_EQ(identity->user_sid, *alice);
  EXPECT_EQ(identity->primary_group_sid, *domain_sid + "-513");
  // Domain Users, her two groups, and the "authentication authority
  // asserted identity" SID Samba adds; nothing else.
  EXPECT_THAT(identity->group_sids,
              ElementsAre(*domain_sid + "-513", *staff, *devs, "S-1-18-1"));
  EXPECT_THAT(identity->authentication_indicators, IsEmpty());
  // The domain's krb5.conf has no auth_to_local: its default realm's
  // one-component principals map to their names.
  absl::StatusOr<std::string> local = pair->server.LocalName();
  ASSERT_OK(local);
  EXPECT_EQ(*local, "alice");
}

}  // namespace
}  // namespace test
}  // namespace crossauth
