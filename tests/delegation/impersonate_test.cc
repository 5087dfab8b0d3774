// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Credential::Impersonate() (S4U2Self): a service gets a credential for a
// user from the KDC with its own keys, and reaches itself as that user. The
// same source runs on GSS-API against MIT's KDC and on SSPI under Wine, where
// it is Unimplemented.

#include <string>

#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
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

using ::testing::AllOf;
using ::testing::HasSubstr;

#if CROSSAUTH_TEST_BACKEND_GSSAPI
// The suite's service HTTP/localhost as an initiator: its own TGT, from the
// service keytab, is what the KDC issues the user's ticket against. Its
// tickets go into a memory cache of its own, not alice's default cache.
absl::StatusOr<Credential> ServiceAsInitiator(
    std::vector<Mechanism> mechanisms) {
  CredentialOptions options;
  options.usage = Usage::kInitiate;
  options.principal = Env().service_principal;
  options.client_keytab = Env().service_keytab;
  options.ccache = "MEMORY:crossauth-impersonate-test";
  options.mechanisms = std::move(mechanisms);
  return Credential::Acquire(options);
}
#endif

constexpr char kSspiUnimplemented[] =
    "Credential::Impersonate(): not implemented on SSPI, where S4U2Self is "
    "LsaLogonUser with a KERB_S4U_LOGON: Wine's LsaLogonUser "
    "(dlls/secur32/lsa.c) is a stub that returns success without logging "
    "anyone on, so crossauth could not test it";

class ImpersonateTest : public SeamTest,
                        public ::testing::WithParamInterface<Mechanism> {};

#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
// Heimdal 7.8 has no gss_acquire_cred_impersonate_name (README, Heimdal):
// Impersonate() is Unimplemented for any initiator credential, here a default
// one (the service's own would need a client keytab, also refused there).
void ExpectHeimdalRefuses(std::vector<Mechanism> mechanisms) {
  absl::StatusOr<Credential> service = ClientCredential(std::move(mechanisms));
  ASSERT_OK(service);
  EXPECT_THAT(
      Credential::Impersonate(*service, kOtherUser),
      StatusIs(absl::StatusCode::kUnimplemented,
               "gss_acquire_cred_impersonate_name: Heimdal 7.8 has no "
               "gss_acquire_cred_impersonate_name (S4U2Self through GSS-API)",
               ErrorReason::kUnsupported));
}
#endif

INSTANTIATE_TEST_SUITE_P(Mechanisms, ImpersonateTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(ImpersonateTest, ServiceReachesItselfAsTheUser) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  // SSPI has no client keytab: a default initiator credential stands in.
  absl::StatusOr<Credential> service = ClientCredential({GetParam()});
  ASSERT_OK(service);
  EXPECT_THAT(Credential::Impersonate(*service, kOtherUser),
              StatusIs(absl::StatusCode::kUnimplemented, kSspiUnimplemented,
                       ErrorReason::kUnsupported));
#elif CROSSAUTH_TEST_GSSAPI_HEIMDAL
  ExpectHeimdalRefuses({GetParam()});
#else
  absl::StatusOr<Credential> service = ServiceAsInitiator({GetParam()});
  ASSERT_OK(service);
  // bob has never logged on: no password, no ticket of his is involved.
  absl::StatusOr<Credential> bob =
      Credential::Impersonate(*service, kOtherUser);
  ASSERT_OK(bob);
  EXPECT_EQ(bob->usage(), Usage::kInitiate);
  EXPECT_EQ(bob->mechanisms(), std::vector<Mechanism>{GetParam()});
  absl::StatusOr<std::string> whose = bob->Principal();
  ASSERT_OK(whose);
  EXPECT_EQ(*whose, absl::StrCat(kOtherUser, "@", Env().realm));
  absl::StatusOr<absl::Time> expiry = bob->Expiry();
  ASSERT_OK(expiry);
  EXPECT_GT(*expiry, absl::Now());

  absl::StatusOr<Credential> acceptor = ServerCredential({GetParam()});
  ASSERT_OK(acceptor);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*bob, *acceptor, ToService(GetParam()));
  ASSERT_OK(pair);
  absl::StatusOr<SessionInfo> server_info = pair->server.Info();
  ASSERT_OK(server_info);
  EXPECT_EQ(server_info->peer_principal,
            absl::StrCat(kOtherUser, "@", Env().realm));
  EXPECT_EQ(server_info->mechanism, Mechanism::kKerberos);
  EXPECT_EQ(server_info->negotiated, GetParam() == Mechanism::kNegotiate);
  absl::StatusOr<SessionInfo> client_info = pair->client.Info();
  ASSERT_OK(client_info);
  EXPECT_EQ(client_info->local_principal,
            absl::StrCat(kOtherUser, "@", Env().realm));

  // The impersonated session protects messages like any other.
  absl::StatusOr<std::vector<uint8_t>> wrapped =
      pair->client.Wrap(Bytes("as bob"));
  ASSERT_OK(wrapped);
  absl::StatusOr<UnwrappedMessage> unwrapped = pair->server.Unwrap(*wrapped);
  ASSERT_OK(unwrapped);
  EXPECT_EQ(unwrapped->message, Bytes("as bob"));
#endif
}

#if !CROSSAUTH_TEST_BACKEND_SSPI
// NTLM is never carried over: S4U2Self is Kerberos only.
TEST_F(ImpersonateTest, KeepsOnlyKerberosMechanisms) {
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  ExpectHeimdalRefuses({Mechanism::kNegotiate, Mechanism::kKerberos});
  return;
#endif
  absl::StatusOr<Credential> service =
      ServiceAsInitiator({Mechanism::kNegotiate, Mechanism::kKerberos});
  ASSERT_OK(service);
  absl::StatusOr<Credential> bob =
      Credential::Impersonate(*service, kOtherUser);
  ASSERT_OK(bob);
  EXPECT_EQ(bob->mechanisms(), (std::vector<Mechanism>{Mechanism::kNegotiate,
                                                       Mechanism::kKerberos}));
}

// As Credential::Acquire() reports an unknown user.
TEST_F(ImpersonateTest, UnknownUserIsUnauthenticated) {
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  ExpectHeimdalRefuses({Mechanism::kKerberos});
  return;
#endif
  absl::StatusOr<Credential> service =
      ServiceAsInitiator({Mechanism::kKerberos});
  ASSERT_OK(service);
  EXPECT_THAT(
      Credential::Impersonate(*service, "nobody-here"),
      StatusIs(absl::StatusCode::kUnauthenticated,
               AllOf(HasSubstr("gss_acquire_cred_impersonate_name: Client "),
                     // MIT names the principal when its message
                     // table has the context's extended message.
                     HasSubstr("not found in Kerberos database "
                               "(KDC_ERR_C_PRINCIPAL_UNKNOWN); check "
                               "the user name and the realm; "
                               "impersonating nobody-here")),
               ErrorReason::kUnknownUser));
}

// S4U2Proxy: MIT's KDC with its DB2 database keeps no list of the services
// a service may delegate to, so it refuses to issue bob's ticket for a
// second service.
TEST_F(ImpersonateTest, MitKdcRefusesASecondService) {
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  ExpectHeimdalRefuses({Mechanism::kKerberos});
  return;
#endif
  absl::StatusOr<Credential> service =
      ServiceAsInitiator({Mechanism::kKerberos});
  ASSERT_OK(service);
  absl::StatusOr<Credential> bob =
      Credential::Impersonate(*service, kOtherUser);
  ASSERT_OK(bob);
  ClientOptions options;
  options.mechanism = Mechanism::kKerberos;
  options.target = absl::StrCat(kOtherService, "@", kHost);
  absl::StatusOr<ClientSession> client = ClientSession::Start(*bob, options);
  ASSERT_OK(client);
  EXPECT_THAT(
      client->Step({}),
      StatusIs(absl::StatusCode::kPermissionDenied,
               absl::StrCat("gss_init_sec_context: KDC can't fulfill "
                            "requested option (KDC_ERR_BADOPTION); ",
                            internal::kHintDelegationRefused,
                            "; target principal host/localhost@", Env().realm),
               ErrorReason::kDelegationRefused));
}
#endif

TEST_F(ImpersonateTest, RefusesBadArguments) {
  EXPECT_THAT(Credential::Impersonate(Credential(), kOtherUser),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "the Credential is empty (default-constructed, "
                       "moved-from or released)",
                       ErrorReason::kWrongState));

  absl::StatusOr<Credential> initiator =
      ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(initiator);
  EXPECT_THAT(Credential::Impersonate(*initiator, ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "Credential::Impersonate(): the user is empty; name "
                       "the user to act for, for example "
                       "\"alice@EXAMPLE.COM\"",
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(Credential::Impersonate(*initiator, std::string("bob\0x", 5)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "Credential::Impersonate()'s user contains a NUL byte",
                       ErrorReason::kInvalidArgument));

  absl::StatusOr<Credential> acceptor =
      ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(acceptor);
  EXPECT_THAT(Credential::Impersonate(*acceptor, kOtherUser),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Credential::Impersonate() needs the "
                                 "service's initiator credential"),
                       ErrorReason::kInvalidArgument));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
