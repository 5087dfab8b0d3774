// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ServerSession::PeerIdentity() and LocalName() against the suite's MIT
// realm: an MIT KDC's ticket carries no logon information, so there are no
// SIDs, and that is not an error; the default auth_to_local maps alice and
// not a two-component principal. The same source runs on GSS-API and SSPI
// under Wine (Unimplemented there). The groups of an Active Directory user
// are tested against the TestDomain
// (tests/domain/peer_identity_domain_test.cc).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
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
using ::testing::IsEmpty;

class PeerIdentityTest : public SeamTest,
                         public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, PeerIdentityTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

#if CROSSAUTH_TEST_BACKEND_SSPI
constexpr char kSspiPeerIdentity[] =
    "ServerSession::PeerIdentity(): not yet implemented for SSPI (it would "
    "read the token's groups through QuerySecurityContextToken and "
    "GetTokenInformation(TokenGroups), which Wine 8 cannot run: its Kerberos "
    "and Negotiate packages leave QuerySecurityContextToken NULL, "
    "dlls/secur32/lsa.c)";
constexpr char kSspiLocalName[] =
    "ServerSession::LocalName(): SSPI has no mapping of principals to local "
    "accounts (on Windows the client's account is the principal itself)";
#endif

TEST_P(PeerIdentityTest, AnMitTicketHasNoGroups) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  absl::StatusOr<PeerIdentity> identity = pair->server.PeerIdentity();
#if CROSSAUTH_TEST_BACKEND_SSPI
  EXPECT_THAT(identity, StatusIs(absl::StatusCode::kUnimplemented,
                                 kSspiPeerIdentity, ErrorReason::kUnsupported));
#elif CROSSAUTH_TEST_GSSAPI_HEIMDAL
  EXPECT_THAT(identity,
              StatusIs(absl::StatusCode::kUnimplemented,
                       "ServerSession::PeerIdentity(): Heimdal 7.8's Kerberos "
                       "mechanism has no name attributes "
                       "(gss_get_name_attribute answers GSS_S_UNAVAILABLE for "
                       "\"urn:mspac:\" and \"auth-indicators\", even for a "
                       "ticket with a PAC), so the PAC and the authentication "
                       "indicators cannot be read",
                       ErrorReason::kUnsupported));
#else
  ASSERT_OK(identity);
  // MIT 1.20's DB2 KDC issues a minimal PAC (client info and the
  // checksums, no logon information): verified, but without SIDs.
  EXPECT_TRUE(identity->has_pac);
  EXPECT_EQ(identity->user_sid, "");
  EXPECT_EQ(identity->primary_group_sid, "");
  EXPECT_THAT(identity->group_sids, IsEmpty());
  // alice's password preauthentication (encrypted timestamp) sets none.
  EXPECT_THAT(identity->authentication_indicators, IsEmpty());
  // Each call asks again and gets the same.
  absl::StatusOr<PeerIdentity> again = pair->server.PeerIdentity();
  ASSERT_OK(again);
  EXPECT_EQ(again->has_pac, identity->has_pac);
#endif
}

TEST_P(PeerIdentityTest, NothingBeforeCompletionOrAfterEnd) {
  absl::StatusOr<Credential> server_credential = ServerCredential({GetParam()});
  ASSERT_OK(server_credential);
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(*server_credential);
  ASSERT_OK(server);
  EXPECT_THAT(server->PeerIdentity(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("ServerSession::PeerIdentity()"),
                       ErrorReason::kWrongState));
  EXPECT_THAT(server->LocalName(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("ServerSession::LocalName()"),
                       ErrorReason::kWrongState));

  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  ASSERT_OK(pair->server.End());
  EXPECT_THAT(pair->server.PeerIdentity(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("ServerSession::PeerIdentity()"),
                       ErrorReason::kWrongState));
  EXPECT_THAT(pair->server.LocalName(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("ServerSession::LocalName()"),
                       ErrorReason::kWrongState));
}

TEST_P(PeerIdentityTest, TheUserMapsToHerName) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
#if CROSSAUTH_TEST_BACKEND_SSPI
  EXPECT_THAT(pair->server.LocalName(),
              StatusIs(absl::StatusCode::kUnimplemented, kSspiLocalName,
                       ErrorReason::kUnsupported));
#else
  // The realm's krb5.conf has no auth_to_local: the default rule maps a
  // one-component principal of the default realm to that component.
  absl::StatusOr<std::string> local = pair->server.LocalName();
  ASSERT_OK(local);
  EXPECT_EQ(*local, kUser);
#endif
}

#if !CROSSAUTH_TEST_BACKEND_SSPI
TEST_P(PeerIdentityTest, ATwoComponentPrincipalIsUnmapped) {
  // host/localhost from the service keytab, as a client: the default rule
  // maps no principal with two components.
  CredentialOptions options;
  options.principal = absl::StrCat(kOtherService, "/", kHost, "@", Env().realm);
  options.client_keytab = Env().service_keytab;
  options.ccache = "MEMORY:crossauth-peer-identity-test";
  options.mechanisms = {GetParam()};
  absl::StatusOr<Credential> client = Credential::Acquire(options);
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Heimdal 7.8 gets no tickets from a client keytab, so there is no such
  // client here (the mapping itself is gss_localname on both).
  EXPECT_THAT(client,
              StatusIs(absl::StatusCode::kUnimplemented,
                       ::testing::Eq("gss_acquire_cred_from: Heimdal 7.8 has "
                                     "no call that gets an initiator's "
                                     "tickets from a client keytab (MIT's "
                                     "gss_acquire_cred_from with "
                                     "client_keytab)"),
                       ErrorReason::kUnsupported));
  return;
#endif
  ASSERT_OK(client);
  absl::StatusOr<Credential> server = ServerCredential({GetParam()});
  ASSERT_OK(server);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*client, *server, ToService(GetParam()));
  ASSERT_OK(pair);
  EXPECT_THAT(pair->server.LocalName(),
              StatusIs(absl::StatusCode::kNotFound,
                       absl::StrCat("ServerSession::LocalName(): no local "
                                    "account for ",
                                    options.principal,
                                    " (no auth_to_local rule of the Kerberos "
                                    "configuration maps it)"),
                       ErrorReason::kOther));
}
#endif

}  // namespace
}  // namespace test
}  // namespace crossauth
