// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Delegation: the double hop (a user reaches service A, and A reaches
// service B as the user), and no delegation without the client's opt-in.
// The same source runs on GSS-API and SSPI.

#include <string>

#include "absl/strings/string_view.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/native_seam.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

class DelegationTest : public SeamTest,
                       public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, DelegationTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

// The first hop: alice to HTTP/localhost (service A).
absl::StatusOr<SessionPair> FirstHop(Mechanism mechanism, bool delegate) {
  absl::StatusOr<Credential> alice = ClientCredential({mechanism});
  if (!alice.ok()) return alice.status();
  absl::StatusOr<Credential> service_a = ServerCredential({mechanism});
  if (!service_a.ok()) return service_a.status();
  ClientOptions options = ToService(mechanism);
  options.flags.delegate = delegate;
  return ConnectWith(*alice, *service_a, options);
}

// Wine's SSPI cannot hand a server what a client delegated: its
// AcceptSecurityContext passes no delegated_cred_handle to
// gss_accept_sec_context, and it has no ImpersonateSecurityContext, through
// which Windows reaches the client's forwarded ticket.
constexpr char kWineDropsDelegation[] =
    "Wine's AcceptSecurityContext drops the delegated credential and Wine "
    "has no ImpersonateSecurityContext; the SSPI client's delegation is "
    "proven against a native acceptor by the interop_wine_double_hop tests";

TEST_P(DelegationTest, DoubleHopReachesTheSecondServiceAsTheUser) {
  absl::StatusOr<SessionPair> hop1 = FirstHop(GetParam(), /*delegate=*/true);
  ASSERT_OK(hop1);
  absl::StatusOr<SessionInfo> client_info = hop1->client.Info();
  ASSERT_OK(client_info);
  EXPECT_TRUE(client_info->flags.delegate) << client_info->flags.ToString();
  absl::StatusOr<SessionInfo> server_info = hop1->server.Info();
  ASSERT_OK(server_info);
  EXPECT_TRUE(server_info->flags.delegate) << server_info->flags.ToString();
  if (RunningUnderWine()) {
    // The acceptor saw the delegation (above) but cannot take it: it says
    // so, naming Wine, instead of pretending nothing was delegated.
    EXPECT_THAT(hop1->server.DelegatedCredential(),
                StatusIs(absl::StatusCode::kUnimplemented,
                         HasSubstr("DelegatedCredential(): not available "
                                   "under Wine: Wine's AcceptSecurityContext "
                                   "drops the credential"),
                         ErrorReason::kUnsupported));
    GTEST_SKIP() << kWineDropsDelegation;
  }

  absl::StatusOr<Credential> delegated = hop1->server.DelegatedCredential();
  ASSERT_OK(delegated);
  EXPECT_EQ(delegated->usage(), Usage::kInitiate);
  absl::StatusOr<std::string> whose = delegated->Principal();
  ASSERT_OK(whose);
  EXPECT_EQ(*whose, Env().user_principal);
  ASSERT_OK(hop1->server.End());  // the delegated credential outlives it

  // The second hop: service A, as alice, to host/localhost (service B).
  absl::StatusOr<Credential> service_b =
      ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(service_b);
  ClientOptions options;
  options.target = std::string(kOtherService) + "@" + kHost;
  options.mechanism = Mechanism::kKerberos;
  absl::StatusOr<ClientSession> as_alice =
      ClientSession::Start(*delegated, options);
  ASSERT_OK(as_alice);
  absl::StatusOr<ServerSession> at_b = ServerSession::Start(*service_b);
  ASSERT_OK(at_b);
  ASSERT_OK(Handshake(*as_alice, *at_b));
  absl::StatusOr<SessionInfo> b_info = at_b->Info();
  ASSERT_OK(b_info);
  EXPECT_EQ(b_info->peer_principal, Env().user_principal);
  EXPECT_EQ(b_info->local_principal,
            std::string(kOtherService) + "/" + kHost + "@" + Env().realm);
}

TEST_P(DelegationTest, NothingIsDelegatedWithoutTheClientsOptIn) {
  absl::StatusOr<SessionPair> hop1 = FirstHop(GetParam(), /*delegate=*/false);
  ASSERT_OK(hop1);
  absl::StatusOr<SessionInfo> client_info = hop1->client.Info();
  ASSERT_OK(client_info);
  EXPECT_FALSE(client_info->flags.delegate);
  absl::StatusOr<SessionInfo> info = hop1->server.Info();
  ASSERT_OK(info);
  EXPECT_FALSE(info->flags.delegate);
  // The same answer on every backend, Wine included: without the client's
  // opt-in there is nothing to take.
  EXPECT_THAT(
      hop1->server.DelegatedCredential(),
      StatusIs(absl::StatusCode::kNotFound,
               ::testing::Eq("ServerSession::DelegatedCredential(): the client "
                             "delegated no credential (it did not request "
                             "delegation, or its ticket is not forwardable)"),
               ErrorReason::kDelegationUnavailable));
}

// Delegation::kAlways is SecurityFlags::delegate by another name.
TEST_P(DelegationTest, AlwaysIsTheDelegateFlag) {
  absl::StatusOr<Credential> alice = ClientCredential({GetParam()});
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service_a = ServerCredential({GetParam()});
  ASSERT_OK(service_a);
  ClientOptions options = ToService(GetParam());
  options.delegation = Delegation::kAlways;
  absl::StatusOr<SessionPair> hop1 = ConnectWith(*alice, *service_a, options);
  ASSERT_OK(hop1);
  absl::StatusOr<SessionInfo> client_info = hop1->client.Info();
  ASSERT_OK(client_info);
  EXPECT_TRUE(client_info->flags.delegate) << client_info->flags.ToString();
  if (RunningUnderWine()) return;  // kWineDropsDelegation
  EXPECT_OK(hop1->server.DelegatedCredential());
}

// The suite's HTTP/localhost is not ok-as-delegate: kIfTrusted hands it
// nothing (tests/delegation/delegation_policy_test.cc has a service that is).
TEST_P(DelegationTest, IfTrustedDelegatesNothingToAnUntrustedService) {
  absl::StatusOr<Credential> alice = ClientCredential({GetParam()});
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service_a = ServerCredential({GetParam()});
  ASSERT_OK(service_a);
  ClientOptions options = ToService(GetParam());
  options.delegation = Delegation::kIfTrusted;
  if (RunningUnderWine()) {
    EXPECT_THAT(
        ClientSession::Start(*alice, options),
        StatusIs(absl::StatusCode::kUnimplemented,
                 "ClientOptions::delegation: Delegation::kIfTrusted is not "
                 "available under Wine, whose ISC_REQ_DELEGATE delegates to "
                 "any service (Wine 8 passes GSS_C_DELEG_FLAG, never "
                 "GSS_C_DELEG_POLICY_FLAG); on Windows it is ISC_REQ_DELEGATE",
                 ErrorReason::kUnsupported));
    return;
  }
  absl::StatusOr<SessionPair> hop1 = ConnectWith(*alice, *service_a, options);
  ASSERT_OK(hop1);
  absl::StatusOr<SessionInfo> client_info = hop1->client.Info();
  ASSERT_OK(client_info);
  EXPECT_FALSE(client_info->flags.delegate) << client_info->flags.ToString();
  EXPECT_THAT(hop1->server.DelegatedCredential(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("the client delegated no credential"),
                       ErrorReason::kDelegationUnavailable));
}

class DelegationOptionsTest : public SeamTest {};

TEST_F(DelegationOptionsTest, TheFlagAndIfTrustedContradictEachOther) {
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(alice);
  ClientOptions options = ToService(Mechanism::kKerberos);
  options.flags.delegate = true;
  options.delegation = Delegation::kIfTrusted;
  ResetNativeCallCount();
  EXPECT_THAT(ClientSession::Start(*alice, options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ClientSession::Start(): flags.delegate asks to "
                       "delegate to any service, and delegation is "
                       "Delegation::kIfTrusted; set only "
                       "ClientOptions::delegation",
                       ErrorReason::kInvalidArgument));
  EXPECT_EQ(NativeCallCount(), 0);
  // The flag with kAlways, or alone, is the same request.
  options.delegation = Delegation::kAlways;
  EXPECT_OK(ClientSession::Start(*alice, options));
}

TEST_P(DelegationTest, DelegatedCredentialNeedsACompleteSession) {
  absl::StatusOr<Credential> service = ServerCredential({GetParam()});
  ASSERT_OK(service);
  absl::StatusOr<ServerSession> server = ServerSession::Start(*service);
  ASSERT_OK(server);
  EXPECT_THAT(
      server->DelegatedCredential(),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("not complete yet"), ErrorReason::kWrongState));
}

TEST_P(DelegationTest, ProxyCredentialNeedsACompleteSession) {
  absl::StatusOr<Credential> service = ServerCredential({GetParam()});
  ASSERT_OK(service);
  absl::StatusOr<ServerSession> server = ServerSession::Start(*service);
  ASSERT_OK(server);
  EXPECT_THAT(server->ProxyCredential(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "ServerSession::ProxyCredential(): the session is not "
                       "complete yet; finish the handshake with Step() first",
                       ErrorReason::kWrongState));
}

// When the client delegated its tickets, ProxyCredential() is
// DelegatedCredential(): they reach any service, not only those the KDC
// allows.
TEST_P(DelegationTest, ProxyCredentialIsWhatTheClientDelegated) {
  absl::StatusOr<SessionPair> hop1 = FirstHop(GetParam(), /*delegate=*/true);
  ASSERT_OK(hop1);
  if (RunningUnderWine()) {
    EXPECT_THAT(hop1->server.ProxyCredential(),
                StatusIs(absl::StatusCode::kUnimplemented,
                         HasSubstr("not available under Wine"),
                         ErrorReason::kUnsupported));
    return;
  }
  absl::StatusOr<Credential> proxy = hop1->server.ProxyCredential();
  ASSERT_OK(proxy);
  absl::StatusOr<std::string> whose = proxy->Principal();
  ASSERT_OK(whose);
  EXPECT_EQ(*whose, Env().user_principal);
  absl::StatusOr<Credential> delegated = hop1->server.DelegatedCredential();
  ASSERT_OK(delegated);
  absl::StatusOr<std::string> same = delegated->Principal();
  ASSERT_OK(same);
  EXPECT_EQ(*same, Env().user_principal);
}

#if CROSSAUTH_TEST_BACKEND_GSSAPI
#if !CROSSAUTH_TEST_GSSAPI_HEIMDAL  // Heimdal refuses client keytabs
// Service A as acceptor and initiator at once (Usage::kBoth).
absl::StatusOr<Credential> ServiceForBoth(Mechanism mechanism) {
  CredentialOptions both;
  both.usage = Usage::kBoth;
  both.principal = Env().service_principal;
  both.keytab = Env().service_keytab;
  both.client_keytab = Env().service_keytab;
  both.ccache = "MEMORY:crossauth-proxy-credential-test";
  both.mechanisms = {mechanism};
  return Credential::Acquire(both);
}
#endif

// S4U2Proxy with the client's own ticket: service A acquired for
// Usage::kBoth, alice delegates nothing, and MIT's acceptor keeps her
// ticket as the evidence. MIT's KDC with its DB2 database then refuses the
// S4U2Proxy request itself (tests/domain proves a KDC that grants it:
// TestDomainHandshakeTest.ServiceReachesASecondServiceWithTheClientsTicket).
TEST_P(DelegationTest, ProxyCredentialFromTheClientsOwnTicket) {
  absl::StatusOr<Credential> alice = ClientCredential({GetParam()});
  ASSERT_OK(alice);
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Heimdal refuses client keytabs (kHeimdalNoClientKeytab), and its
  // acceptor keeps no evidence ticket anyway.
  absl::StatusOr<Credential> service_a = ServerCredential({GetParam()});
#else
  absl::StatusOr<Credential> service_a = ServiceForBoth(GetParam());
#endif
  ASSERT_OK(service_a);
  absl::StatusOr<SessionPair> hop1 =
      ConnectWith(*alice, *service_a, ToService(GetParam()));
  ASSERT_OK(hop1);
  absl::StatusOr<SessionInfo> info = hop1->server.Info();
  ASSERT_OK(info);
  EXPECT_FALSE(info->flags.delegate) << info->flags.ToString();
  EXPECT_THAT(hop1->server.DelegatedCredential(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("the client delegated no credential"),
                       ErrorReason::kDelegationUnavailable));
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  EXPECT_THAT(hop1->server.ProxyCredential(),
              StatusIs(absl::StatusCode::kUnimplemented,
                       "ServerSession::ProxyCredential(): Heimdal 7.8's "
                       "acceptor does not keep the client's ticket as "
                       "S4U2Proxy evidence (constrained delegation needs "
                       "MIT's GSS-API or Credential::Impersonate)",
                       ErrorReason::kUnsupported));
#else
  absl::StatusOr<Credential> proxy = hop1->server.ProxyCredential();
  ASSERT_OK(proxy);
  EXPECT_EQ(proxy->usage(), Usage::kInitiate);
  absl::StatusOr<std::string> whose = proxy->Principal();
  ASSERT_OK(whose);
  EXPECT_EQ(*whose, Env().user_principal);
  ClientOptions options;
  options.target = std::string(kOtherService) + "@" + kHost;
  options.mechanism = Mechanism::kKerberos;
  absl::StatusOr<ClientSession> as_alice =
      ClientSession::Start(*proxy, options);
  ASSERT_OK(as_alice);
  EXPECT_THAT(as_alice->Step({}), StatusIs(absl::StatusCode::kPermissionDenied,
                                           HasSubstr("(KDC_ERR_BADOPTION)"),
                                           ErrorReason::kDelegationRefused));
#endif
}
#if !CROSSAUTH_TEST_GSSAPI_HEIMDAL
// Telling evidence from forwarded tickets fails closed: when the query
// fails, the handshake fails, instead of reporting a delegation that may be
// none (and nothing leaks: SeamTest counts the handles).
TEST_P(DelegationTest, AFailedEvidenceCheckFailsTheHandshake) {
  absl::StatusOr<Credential> alice = ClientCredential({GetParam()});
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service_a = ServiceForBoth(GetParam());
  ASSERT_OK(service_a);
  SetCallHook([](const char* call) {
    if (absl::string_view(call) == "gss_inquire_cred_by_oid") FailNthCall(1);
  });
  struct Unhook {
    ~Unhook() { SetCallHook({}); }
  } unhook;
  EXPECT_THAT(ConnectWith(*alice, *service_a, ToService(GetParam())).status(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("gss_inquire_cred_by_oid")));
  EXPECT_EQ(InjectedCall(), "gss_inquire_cred_by_oid");
}
#endif
#endif  // CROSSAUTH_TEST_BACKEND_GSSAPI

#if CROSSAUTH_TEST_BACKEND_GSSAPI
TEST_P(DelegationTest, DelegatedCredentialCanBeStoredForOthers) {
  absl::StatusOr<SessionPair> hop1 = FirstHop(GetParam(), /*delegate=*/true);
  ASSERT_OK(hop1);
  absl::StatusOr<Credential> delegated = hop1->server.DelegatedCredential();
  ASSERT_OK(delegated);
  EXPECT_THAT(delegated->StoreInto(""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cache name is empty"),
                       ErrorReason::kInvalidArgument));
  const std::string ccache = "FILE:" + Env().dir + "/delegated-" +
                             std::string(MechanismName(GetParam()));
  ASSERT_OK(delegated->StoreInto(ccache));
  CredentialOptions options;
  options.ccache = ccache;
  options.mechanisms = {Mechanism::kKerberos};
  absl::StatusOr<Credential> reloaded = Credential::Acquire(options);
  ASSERT_OK(reloaded);
  absl::StatusOr<std::string> whose = reloaded->Principal();
  ASSERT_OK(whose);
  EXPECT_EQ(*whose, Env().user_principal);
}

#endif  // CROSSAUTH_TEST_BACKEND_GSSAPI

}  // namespace
}  // namespace test
}  // namespace crossauth
