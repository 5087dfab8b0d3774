// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// HttpNegotiateClient against HttpNegotiateServer in one process, against
// the suite's realm, for both mechanisms: the 401/200 rounds, the final
// mutual-authentication token, and what each side does with a missing,
// forged, replayed or malformed header. SeamTest fails any test that leaves
// a native handle behind.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "crossauth/error.h"
#include "crossauth/http_negotiate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace {

using ::crossauth::test::ClientCredential;
using ::crossauth::test::Env;
using ::crossauth::test::ServerCredential;
using ::crossauth::test::StatusIs;
using ::crossauth::test::ToService;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class HttpNegotiateRealmTest : public test::SeamTest,
                               public ::testing::WithParamInterface<Mechanism> {
 protected:
  HttpNegotiateClient NewClient() {
    absl::StatusOr<Credential> credential = ClientCredential({GetParam()});
    EXPECT_OK(credential);
    absl::StatusOr<HttpNegotiateClient> client =
        HttpNegotiateClient::Start(*credential, ToService(GetParam()));
    EXPECT_OK(client);
    return *std::move(client);
  }
  HttpNegotiateServer NewServer() {
    absl::StatusOr<Credential> credential = ServerCredential({GetParam()});
    EXPECT_OK(credential);
    absl::StatusOr<HttpNegotiateServer> server =
        HttpNegotiateServer::Start(*credential);
    EXPECT_OK(server);
    return *std::move(server);
  }
};

class HttpNegotiateStartTest : public test::SeamTest {};

TEST_P(HttpNegotiateRealmTest, RoundTripWithMutualAuthentication) {
  HttpNegotiateClient client = NewClient();
  HttpNegotiateServer server = NewServer();

  HttpNegotiateResponse first = server.Respond(std::nullopt);
  EXPECT_EQ(first.status_code, 401);
  EXPECT_EQ(first.www_authenticate, "Negotiate");
  EXPECT_OK(first.error);

  absl::StatusOr<std::string> authorization =
      client.NextAuthorization({first.www_authenticate});
  ASSERT_OK(authorization);
  EXPECT_THAT(*authorization, StartsWith("Negotiate "));
  EXPECT_FALSE(client.complete());  // waits for the server's proof

  HttpNegotiateResponse second = server.Respond(*authorization);
  ASSERT_EQ(second.status_code, 200) << second.error;
  EXPECT_TRUE(second.authenticated());
  EXPECT_OK(second.error);
  EXPECT_EQ(second.principal, Env().user_principal);
  EXPECT_THAT(second.www_authenticate, StartsWith("Negotiate "));
  EXPECT_TRUE(server.complete());

  ASSERT_OK(client.VerifyFinal({"Basic realm=x", second.www_authenticate}));
  EXPECT_TRUE(client.complete());
  absl::StatusOr<SessionInfo> info = client.session().Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->peer_principal, Env().service_principal);
  EXPECT_EQ(info->mechanism, Mechanism::kKerberos);
  EXPECT_EQ(info->negotiated, GetParam() == Mechanism::kNegotiate);
  EXPECT_TRUE(info->flags.mutual);

  // The sessions protect messages like any other.
  absl::StatusOr<std::vector<uint8_t>> sealed =
      client.session().Wrap(test::Bytes("GET /secret"));
  ASSERT_OK(sealed);
  absl::StatusOr<UnwrappedMessage> opened = server.session().Unwrap(*sealed);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, test::Bytes("GET /secret"));

  EXPECT_THAT(client.NextAuthorization({"Negotiate"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the exchange has completed"),
                       ErrorReason::kWrongState));
  EXPECT_OK(client.session().End());
  EXPECT_OK(server.session().End());
}

TEST_P(HttpNegotiateRealmTest, PreemptiveAuthorization) {
  HttpNegotiateClient client = NewClient();
  HttpNegotiateServer server = NewServer();
  absl::StatusOr<std::string> authorization = client.NextAuthorization();
  ASSERT_OK(authorization);
  HttpNegotiateResponse response = server.Respond(*authorization);
  ASSERT_EQ(response.status_code, 200) << response.error;
  EXPECT_OK(client.VerifyFinal({response.www_authenticate}));
}

TEST_P(HttpNegotiateRealmTest, MissingFinalTokenIsUnauthenticated) {
  HttpNegotiateClient client = NewClient();
  ASSERT_OK(client.NextAuthorization({"Negotiate"}));
  EXPECT_THAT(client.VerifyFinal({"Basic realm=x"}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("has not proven its identity (mutual "
                                 "authentication)"),
                       ErrorReason::kServerNotProven));
  EXPECT_FALSE(client.complete());
  EXPECT_THAT(
      client.VerifyFinal({}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("the exchange has failed"), ErrorReason::kWrongState));
}

TEST_P(HttpNegotiateRealmTest, ForgedFinalTokenIsRefused) {
  HttpNegotiateClient client = NewClient();
  ASSERT_OK(client.NextAuthorization({"Negotiate"}));
  absl::Status verified = client.VerifyFinal({"Negotiate AAAA"});
  EXPECT_THAT(verified,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("malformed"), ErrorReason::kMalformedToken));
  EXPECT_FALSE(client.complete());
}

TEST_P(HttpNegotiateRealmTest, MalformedFinalHeaderIsInvalidArgument) {
  HttpNegotiateClient client = NewClient();
  ASSERT_OK(client.NextAuthorization({"Negotiate"}));
  EXPECT_THAT(
      client.VerifyFinal({"Negotiate YWJ"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("not padded base64"), ErrorReason::kInvalidArgument));
}

TEST_P(HttpNegotiateRealmTest, ClientRefusesBadChallenges) {
  HttpNegotiateClient basic_only = NewClient();
  EXPECT_THAT(basic_only.NextAuthorization({"Basic realm=x", "Bearer"}),
              StatusIs(absl::StatusCode::kNotFound,
                       "the server does not offer Negotiate; it offers: "
                       "Basic, Bearer",
                       ErrorReason::kMechanismRefused));

  HttpNegotiateClient early_token = NewClient();
  EXPECT_THAT(early_token.NextAuthorization({"Negotiate YWJj"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("first Negotiate challenge carries a token"),
                       ErrorReason::kMalformedToken));

  HttpNegotiateClient refused = NewClient();
  ASSERT_OK(refused.NextAuthorization({"Negotiate"}));
  EXPECT_THAT(refused.NextAuthorization({"Negotiate"}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("the server refused our Negotiate token"),
                       ErrorReason::kTokenRefused));

  HttpNegotiateClient unsent = NewClient();
  EXPECT_THAT(unsent.VerifyFinal({"Negotiate YWJj"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no Authorization has been sent yet"),
                       ErrorReason::kWrongState));
}

TEST_P(HttpNegotiateRealmTest, ServerRefusesBadAuthorizationThenServesGood) {
  HttpNegotiateServer server = NewServer();
  struct Case {
    std::string authorization;
    absl::StatusCode code;
    std::string message;
    ErrorReason reason;
  };
  const std::vector<Case> cases = {
      {"Basic YWxpY2U6cHc=", absl::StatusCode::kNotFound,
       "the scheme is \"Basic\", not Negotiate",
       ErrorReason::kMechanismRefused},
      {"Negotiate", absl::StatusCode::kInvalidArgument, "carry no token",
       ErrorReason::kInvalidArgument},
      {"Negotiate @@@", absl::StatusCode::kInvalidArgument,
       "expected a token68 or an auth-param name",
       ErrorReason::kInvalidArgument},
      {"Negotiate " + std::string(70000, 'A'),
       absl::StatusCode::kInvalidArgument, "the limit is 65536",
       ErrorReason::kInvalidArgument},
      {"Negotiate AAAA", absl::StatusCode::kInvalidArgument, "malformed",
       ErrorReason::kMalformedToken},
  };
  for (const Case& c : cases) {
    HttpNegotiateResponse response = server.Respond(c.authorization);
    EXPECT_EQ(response.status_code, 401);
    EXPECT_EQ(response.www_authenticate, "Negotiate");
    EXPECT_TRUE(response.principal.empty());
    EXPECT_THAT(response.error,
                StatusIs(c.code, HasSubstr(c.message), c.reason))
        << c.authorization.substr(0, 40);
  }
  // The same helper still authenticates a real client afterwards.
  HttpNegotiateClient client = NewClient();
  absl::StatusOr<std::string> authorization =
      client.NextAuthorization({"Negotiate"});
  ASSERT_OK(authorization);
  HttpNegotiateResponse response = server.Respond(*authorization);
  ASSERT_EQ(response.status_code, 200) << response.error;
  EXPECT_EQ(response.principal, Env().user_principal);
  EXPECT_OK(client.VerifyFinal({response.www_authenticate}));
}

TEST_P(HttpNegotiateRealmTest, ReplayedAuthorizationGetsTheKrbError) {
  HttpNegotiateClient client = NewClient();
  absl::StatusOr<std::string> authorization =
      client.NextAuthorization({"Negotiate"});
  ASSERT_OK(authorization);
  HttpNegotiateServer first = NewServer();
  ASSERT_EQ(first.Respond(*authorization).status_code, 200);

  HttpNegotiateServer second = NewServer();
  HttpNegotiateResponse replayed = second.Respond(*authorization);
  EXPECT_EQ(replayed.status_code, 401);
  EXPECT_THAT(replayed.error,
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("replay"),
                       ErrorReason::kReplayedAuthenticator));
  // The KRB-ERROR travels in the challenge, so a client learns the cause.
  std::optional<std::vector<uint8_t>> error_token =
      GetErrorToken(replayed.error);
  ASSERT_TRUE(error_token.has_value());
  EXPECT_EQ(replayed.www_authenticate, FormatNegotiateHeader(*error_token));
  absl::Status client_view = client.VerifyFinal({replayed.www_authenticate});
  // The client reports the server's real cause, not a generic failure.
  EXPECT_THAT(client_view, StatusIs(absl::StatusCode::kUnauthenticated,
                                    HasSubstr("KRB_AP_ERR_REPEAT"),
                                    ErrorReason::kReplayedAuthenticator));
  EXPECT_FALSE(client.complete());
}

TEST_P(HttpNegotiateRealmTest, SessionBackedServerServesOneExchange) {
  absl::StatusOr<Credential> credential = ServerCredential({GetParam()});
  ASSERT_OK(credential);
  absl::StatusOr<ServerSession> session = ServerSession::Start(*credential);
  ASSERT_OK(session);
  HttpNegotiateServer server(*std::move(session));

  HttpNegotiateClient client = NewClient();
  absl::StatusOr<std::string> authorization = client.NextAuthorization();
  ASSERT_OK(authorization);
  ASSERT_EQ(server.Respond(*authorization).status_code, 200);

  HttpNegotiateClient again = NewClient();
  absl::StatusOr<std::string> next = again.NextAuthorization();
  ASSERT_OK(next);
  HttpNegotiateResponse response = server.Respond(*next);
  EXPECT_EQ(response.status_code, 401);
  EXPECT_THAT(response.error,
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("create a new HttpNegotiateServer"),
                       ErrorReason::kWrongState));
  EXPECT_TRUE(server.complete());  // the first exchange is untouched
}

TEST_P(HttpNegotiateRealmTest, CredentialBackedServerRestartsPerExchange) {
  HttpNegotiateServer server = NewServer();
  for (int i = 0; i < 3; ++i) {
    HttpNegotiateClient client = NewClient();
    absl::StatusOr<std::string> authorization = client.NextAuthorization();
    ASSERT_OK(authorization);
    HttpNegotiateResponse response = server.Respond(*authorization);
    ASSERT_EQ(response.status_code, 200) << i << ": " << response.error;
    EXPECT_OK(client.VerifyFinal({response.www_authenticate}));
  }
}

// An error lists a few of the server's schemes, not all 10,000 (once a
// 68,936-byte message).
TEST_F(HttpNegotiateStartTest, TenThousandOtherSchemesGiveABoundedError) {
  absl::StatusOr<Credential> credential = ClientCredential();
  ASSERT_OK(credential);
  absl::StatusOr<HttpNegotiateClient> client =
      HttpNegotiateClient::Start(*credential, ToService());
  ASSERT_OK(client);
  std::vector<std::string> values;
  for (int i = 0; i < 10000; ++i) values.push_back(absl::StrCat("S", i));
  std::vector<absl::string_view> views(values.begin(), values.end());
  absl::StatusOr<std::string> next = client->NextAuthorization(views);
  EXPECT_THAT(next, StatusIs(absl::StatusCode::kNotFound,
                             "the server does not offer Negotiate; it offers: "
                             "S0, S1, S2, S3, S4, S5, S6, S7, ... (9992 more)",
                             ErrorReason::kMechanismRefused));
  EXPECT_LT(next.status().message().size(), 200u);
  // In one header value too.
  absl::StatusOr<HttpNegotiateClient> other =
      HttpNegotiateClient::Start(*credential, ToService());
  ASSERT_OK(other);
  const std::string one_value = absl::StrJoin(values, ",");
  next = other->NextAuthorization({one_value});
  EXPECT_THAT(next, StatusIs(absl::StatusCode::kNotFound,
                             HasSubstr("S7, ... (9992 more)"),
                             ErrorReason::kMechanismRefused));
}

// A Kerberos-framed first token with a wrong token ID: MIT's acceptor wants
// another round but gives nothing to send. A 401 for the client's malformed
// token, like any other, never a server error.
TEST_F(HttpNegotiateStartTest, WrongTokenIdIsTheClientsError) {
  constexpr char kWrongTokenId[] = "Negotiate YA0GCSqGSIb3EgECAgFb";
  // (An acceptor for Negotiate only refuses the raw Kerberos mechanism
  // before it reads the token.)
  const std::vector<std::vector<Mechanism>> kAcceptors = {
      {Mechanism::kKerberos}, {Mechanism::kNegotiate, Mechanism::kKerberos}};
  for (const std::vector<Mechanism>& mechanisms : kAcceptors) {
    SCOPED_TRACE(mechanisms.size());
    absl::StatusOr<Credential> credential = ServerCredential(mechanisms);
    ASSERT_OK(credential);
    absl::StatusOr<HttpNegotiateServer> server =
        HttpNegotiateServer::Start(*credential);
    ASSERT_OK(server);
    HttpNegotiateResponse response = server->Respond(kWrongTokenId);
    EXPECT_EQ(response.status_code, 401);
    EXPECT_EQ(response.www_authenticate, "Negotiate");
    EXPECT_THAT(response.error,
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("malformed"), ErrorReason::kMalformedToken));
    EXPECT_FALSE(server->complete());
    // The next exchange starts afresh and is refused the same way.
    response = server->Respond(kWrongTokenId);
    EXPECT_EQ(response.status_code, 401);
    EXPECT_THAT(response.error,
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("malformed"), ErrorReason::kMalformedToken));
  }
}

TEST_F(HttpNegotiateStartTest, StartForHostTargetsHttpAtHost) {
  absl::StatusOr<Credential> credential = ClientCredential();
  ASSERT_OK(credential);
  absl::StatusOr<HttpNegotiateClient> client =
      HttpNegotiateClient::StartForHost(*credential, test::kHost);
  ASSERT_OK(client);
  absl::StatusOr<Credential> acceptor = ServerCredential();
  ASSERT_OK(acceptor);
  absl::StatusOr<HttpNegotiateServer> server =
      HttpNegotiateServer::Start(*acceptor);
  ASSERT_OK(server);
  absl::StatusOr<std::string> authorization = client->NextAuthorization();
  ASSERT_OK(authorization);
  HttpNegotiateResponse response = server->Respond(*authorization);
  ASSERT_EQ(response.status_code, 200) << response.error;
  ASSERT_OK(client->VerifyFinal({response.www_authenticate}));
  EXPECT_EQ(client->session().Info()->peer_principal, Env().service_principal);
}

TEST_F(HttpNegotiateStartTest, StartErrorsComeFromTheSession) {
  EXPECT_THAT(
      HttpNegotiateClient::StartForHost(Credential(), "localhost"),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("the Credential is empty"), ErrorReason::kWrongState));
  EXPECT_THAT(
      HttpNegotiateServer::Start(Credential()),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("the Credential is empty"), ErrorReason::kWrongState));
  absl::StatusOr<Credential> credential = ClientCredential();
  ASSERT_OK(credential);
  EXPECT_THAT(HttpNegotiateClient::StartForHost(*credential, ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("target \"HTTP@\" has no host"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(HttpNegotiateClient::StartForHost(*credential, "127.0.0.1"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("names an IP address"),
                       ErrorReason::kInvalidArgument));
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, HttpNegotiateRealmTest,
                         ::testing::Values(Mechanism::kNegotiate,
                                           Mechanism::kKerberos),
                         [](const auto& info) {
                           return std::string(MechanismName(info.param));
                         });

}  // namespace
}  // namespace crossauth
