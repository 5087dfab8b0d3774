// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests for sasl_gssapi.h: both sides in process against the realm with
// every layer, and forged peers that send malformed or disallowed
// negotiation messages.

#include "crossauth/sasl_gssapi.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "crossauth/channel_bindings.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sasl/sasl_fixture.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SaslGssapiLayerTest : public SaslGssapiTest,
                            public ::testing::WithParamInterface<SaslLayer> {};

TEST_P(SaslGssapiLayerTest, NegotiatesTheLayerAndCarriesDataBothWays) {
  const SaslLayer layer = GetParam();
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kSaslAllLayers & ~(SaslLayerSet(layer) - 1), 4096),
                Options(SaslLayerSet(layer) | kNoneOnly, 8192));
  ASSERT_OK(layers);
  EXPECT_EQ(layers->client.layer(), layer);
  EXPECT_EQ(layers->server.layer(), layer);
  const uint32_t client_max = layer == SaslLayer::kNone ? 0 : 4096;
  const uint32_t server_max = layer == SaslLayer::kNone ? 0 : 8192;
  EXPECT_EQ(layers->client.max_buffer(), client_max);
  EXPECT_EQ(layers->client.peer_max_buffer(), server_max);
  EXPECT_EQ(layers->server.max_buffer(), server_max);
  EXPECT_EQ(layers->server.peer_max_buffer(), client_max);
  EXPECT_EQ(layers->server.authzid(), Env().user_principal);
  EXPECT_EQ(layers->client.authzid(), "");
  absl::StatusOr<SessionInfo> info = layers->server.Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->peer_principal, Env().user_principal);
  EXPECT_EQ(info->mechanism, Mechanism::kKerberos);
  EXPECT_FALSE(info->negotiated);

  const std::vector<uint8_t> request = Bytes("a LDAP search, say");
  absl::StatusOr<std::vector<uint8_t>> encoded = layers->client.Encode(request);
  ASSERT_OK(encoded);
  if (layer == SaslLayer::kNone) {
    EXPECT_EQ(*encoded, request);
  } else {
    ASSERT_GT(encoded->size(), 4u);
    const uint32_t length = (uint32_t{(*encoded)[0]} << 24) |
                            (uint32_t{(*encoded)[1]} << 16) |
                            (uint32_t{(*encoded)[2]} << 8) | (*encoded)[3];
    EXPECT_EQ(length, encoded->size() - 4);
    const std::string wire(encoded->begin(), encoded->end());
    if (layer == SaslLayer::kConfidentiality) {
      EXPECT_THAT(wire, ::testing::Not(HasSubstr("LDAP search")));
    } else {
      EXPECT_THAT(wire, HasSubstr("LDAP search"));  // integrity only
    }
  }
  absl::StatusOr<std::vector<uint8_t>> decoded =
      layers->server.Decode(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, request);

  const std::vector<uint8_t> reply = Bytes("the result");
  encoded = layers->server.Encode(reply);
  ASSERT_OK(encoded);
  decoded = layers->client.Decode(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, reply);
  ASSERT_OK(layers->client.End());
  ASSERT_OK(layers->server.End());
  EXPECT_THAT(layers->client.Encode(reply),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("ended"), ErrorReason::kWrongState));
}

INSTANTIATE_TEST_SUITE_P(EveryLayer, SaslGssapiLayerTest,
                         ::testing::Values(SaslLayer::kNone,
                                           SaslLayer::kIntegrity,
                                           SaslLayer::kConfidentiality),
                         [](const auto& info) {
                           return std::string(SaslLayerName(info.param));
                         });

TEST_F(SaslGssapiTest, DefaultsChooseConfidentiality) {
  absl::StatusOr<Layers> layers = Negotiate({}, {});
  ASSERT_OK(layers);
  EXPECT_EQ(layers->client.layer(), SaslLayer::kConfidentiality);
  EXPECT_EQ(layers->client.peer_max_buffer(), 65536u);
}

TEST_F(SaslGssapiTest, BadOptionsAreInvalidArgument) {
  EXPECT_THAT(
      StartClient(Options(0)),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("invalid layers 0x0"), ErrorReason::kInvalidArgument));
  EXPECT_THAT(StartClient(Options(0x10)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid layers 0x10"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(StartServer(Options(kIntegrityOnly, 0)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max_buffer 0 with the layers integrity"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(StartServer(Options(kSaslAllLayers, 0x1000000)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("exceeds the 3-octet limit"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(StartClient(Options(kIntegrityOnly, kSaslMinMaxBuffer - 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max_buffer 1023 is below the minimum of "
                                 "1024 for the layers integrity"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(StartServer(Options(kSaslAllLayers, 129)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max_buffer 129 is below the minimum"),
                       ErrorReason::kInvalidArgument));
  SaslGssapiOptions server_with_authzid;
  server_with_authzid.authzid = "alice";
  EXPECT_THAT(StartServer(server_with_authzid),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("authzid is a client option"),
                       ErrorReason::kInvalidArgument));
  // A max buffer of 0 is fine when only the none layer is allowed.
  EXPECT_OK(StartClient(Options(kNoneOnly, 0)).status());
}

// The client takes ClientOptions as the server takes ServerOptions: channel
// bindings reach the session on both sides.
TEST_F(SaslGssapiTest, ClientOptionsCarryChannelBindings) {
  const ChannelBindings right =
      ChannelBindings::FromApplicationData(Bytes("tls-exporter:right"));
  const ChannelBindings wrong =
      ChannelBindings::FromApplicationData(Bytes("tls-exporter:wrong"));
  absl::StatusOr<Credential> client_credential =
      ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(client_credential);
  absl::StatusOr<Credential> server_credential =
      ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(server_credential);
  ServerOptions server_session;
  server_session.channel_bindings = right;
  server_session.channel_binding_policy = ChannelBindingPolicy::kIfPresent;
  for (const ChannelBindings* sent : {&right, &wrong}) {
    ClientOptions client_session;
    client_session.target = Env().target;
    client_session.channel_bindings = *sent;
    absl::StatusOr<SaslGssapiClient> client =
        SaslGssapiClient::Start(*client_credential, client_session);
    if (RunningUnderWine()) {
      // Wine's SSPI drops SECBUFFER_CHANNEL_BINDINGS, so bindings are
      // refused rather than ignored.
      EXPECT_THAT(client, StatusIs(absl::StatusCode::kUnimplemented,
                                   HasSubstr("not available under Wine"),
                                   ErrorReason::kUnsupported));
      continue;
    }
    ASSERT_OK(client);
    absl::StatusOr<SaslGssapiServer> server =
        SaslGssapiServer::Start(*server_credential, {}, server_session);
    ASSERT_OK(server);
    absl::Status done = Exchange(*client, *server);
    if (sent == &wrong) {
      EXPECT_THAT(done, StatusIs(absl::StatusCode::kUnauthenticated,
                                 HasSubstr(internal::kHintBadBindings),
                                 ErrorReason::kChannelBindingsMismatch));
      continue;
    }
    ASSERT_OK(done);
    absl::StatusOr<SaslSecurityLayer> layer = std::move(*server).Finish();
    ASSERT_OK(layer);
    absl::StatusOr<SessionInfo> info = layer->Info();
    ASSERT_OK(info);
    EXPECT_TRUE(info->flags.channel_bound) << info->flags.ToString();
  }
}

// The rest of ClientOptions applies too: an IP-literal target is refused
// unless allowed, and the mechanism is raw Kerberos whatever else is asked.
TEST_F(SaslGssapiTest, ClientOptionsApplyToTheSession) {
  absl::StatusOr<Credential> credential =
      ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(credential);
  ClientOptions to_address;
  to_address.target = "ldap@127.0.0.1";
  EXPECT_THAT(SaslGssapiClient::Start(*credential, to_address),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("names an IP address"),
                       ErrorReason::kInvalidArgument));
  to_address.allow_ip_literal = true;
  EXPECT_OK(SaslGssapiClient::Start(*credential, to_address).status());

  ClientOptions ntlm;
  ntlm.target = Env().target;
  ntlm.mechanism = Mechanism::kNtlm;
  EXPECT_THAT(SaslGssapiClient::Start(*credential, ntlm),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("runs raw Kerberos V5"),
                       ErrorReason::kInvalidArgument));

  // The default mechanism (kNegotiate) and kKerberos both give raw
  // Kerberos, which the SASL server insists on.
  for (Mechanism mechanism : {Mechanism::kNegotiate, Mechanism::kKerberos}) {
    ClientOptions session = ToService(mechanism);
    absl::StatusOr<SaslGssapiClient> client =
        SaslGssapiClient::Start(*credential, session);
    ASSERT_OK(client);
    absl::StatusOr<SaslGssapiServer> server = StartServer({});
    ASSERT_OK(server);
    ASSERT_OK(Exchange(*client, *server));
    absl::StatusOr<SaslSecurityLayer> layer = std::move(*client).Finish();
    ASSERT_OK(layer);
    absl::StatusOr<SessionInfo> info = layer->Info();
    ASSERT_OK(info);
    EXPECT_EQ(info->mechanism, Mechanism::kKerberos);
    EXPECT_FALSE(info->negotiated);
  }
}

TEST_F(SaslGssapiTest, NoCommonLayerIsPermissionDenied) {
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kIntegrityOnly), Options(kConfidentialityOnly));
  EXPECT_THAT(layers, StatusIs(absl::StatusCode::kPermissionDenied,
                               HasSubstr("the server offers confidentiality; "
                                         "this client allows integrity"),
                               ErrorReason::kProtectionMissing));
}

TEST_F(SaslGssapiTest, AuthzidUserPartInTheServersRealmIsAccepted) {
  SaslGssapiOptions client = Options(kSaslAllLayers);
  client.authzid = kUser;
  absl::StatusOr<Layers> layers = Negotiate(client, {});
  ASSERT_OK(layers);
  EXPECT_EQ(layers->server.authzid(), kUser);
  EXPECT_EQ(layers->client.authzid(), kUser);
  client.authzid = Env().user_principal;
  layers = Negotiate(client, {});
  ASSERT_OK(layers);
  EXPECT_EQ(layers->server.authzid(), Env().user_principal);
}

TEST_F(SaslGssapiTest, AuthzidOfAnotherUserIsPermissionDenied) {
  SaslGssapiOptions client;
  client.authzid = kOtherUser;
  EXPECT_THAT(Negotiate(client, {}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr(absl::StrCat(Env().user_principal,
                                              " may not act as \"bob\"")),
                       ErrorReason::kPolicyRefused));
  client.authzid = absl::StrCat(kUser, "@OTHER.REALM");
  EXPECT_THAT(Negotiate(client, {}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("may not act as \"alice@OTHER.REALM\""),
                       ErrorReason::kPolicyRefused));
}

TEST_F(SaslGssapiTest, AuthorizeCallbackDecides) {
  SaslGssapiOptions client;
  client.authzid = kOtherUser;
  SaslGssapiOptions server;
  std::string seen_principal;
  server.authorize = [&](absl::string_view principal,
                         absl::string_view authzid) {
    seen_principal = std::string(principal);
    return authzid == kOtherUser ? absl::OkStatus()
                                 : absl::NotFoundError("no such user");
  };
  absl::StatusOr<Layers> layers = Negotiate(client, server);
  ASSERT_OK(layers);
  EXPECT_EQ(layers->server.authzid(), kOtherUser);
  EXPECT_EQ(seen_principal, Env().user_principal);
  client.authzid = "carol";
  EXPECT_THAT(Negotiate(client, server),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("may not act as \"carol\": no such user"),
                       ErrorReason::kPolicyRefused));
}

// A peer's authzid reaches the refusal escaped and bounded: it may be
// written to a log or a terminal.
TEST_F(SaslGssapiTest, AuthzidWithControlBytesIsShownEscaped) {
  SaslGssapiOptions client;
  client.authzid = "\x1b[31mroot\r\nNOTICE: forged";
  absl::StatusOr<Layers> layers = Negotiate(client, {});
  EXPECT_THAT(layers,
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("may not act as \"\\x1b[31mroot\\r\\nNOTICE: "
                                 "forged\""),
                       ErrorReason::kPolicyRefused));
  for (char c : layers.status().message()) {
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << layers.status();
  }
  // The application's own refusal, quoting the authzid, is escaped too.
  SaslGssapiOptions server;
  server.authorize = [](absl::string_view, absl::string_view authzid) {
    return absl::PermissionDeniedError(absl::StrCat("no: ", authzid));
  };
  EXPECT_THAT(Negotiate(client, server),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "no: \\x1b[31mroot\\r\\nNOTICE: forged",
                       ErrorReason::kPolicyRefused));
  server.authorize = [](absl::string_view, absl::string_view authzid) {
    return absl::NotFoundError(absl::StrCat("unknown ", authzid));
  };
  EXPECT_THAT(Negotiate(client, server),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("forged\": unknown \\x1b[31mroot\\r\\n"),
                       ErrorReason::kPolicyRefused));
}

TEST_F(SaslGssapiTest, LongAuthzidIsQuotedInPart) {
  SaslGssapiOptions client;
  client.authzid = std::string(60000, 'a');
  absl::StatusOr<Layers> layers = Negotiate(client, {});
  EXPECT_THAT(layers, StatusIs(absl::StatusCode::kPermissionDenied,
                               HasSubstr("... (59744 more bytes)\""),
                               ErrorReason::kPolicyRefused));
  EXPECT_LT(layers.status().message().size(), 512u);
}

// A Kerberos-framed token with a wrong token ID: MIT's acceptor wants
// another round but has nothing to send. The client's error, not an empty
// challenge.
TEST_F(SaslGssapiTest, MalformedFirstTokenIsInvalidArgument) {
  absl::StatusOr<SaslGssapiServer> server = StartServer({});
  ASSERT_OK(server);
  const std::vector<uint8_t> kWrongTokenId = {0x60, 0x0d, 0x06, 0x09, 0x2a,
                                              0x86, 0x48, 0x86, 0xf7, 0x12,
                                              0x01, 0x02, 0x02, 0x01, 0x5b};
  EXPECT_THAT(server->Step(kWrongTokenId),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("malformed"), ErrorReason::kMalformedToken));
  EXPECT_FALSE(server->complete());
  EXPECT_THAT(
      server->Step(kWrongTokenId),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("an earlier step failed"), ErrorReason::kWrongState));
}

TEST_F(SaslGssapiTest, ChoiceOfALayerNotOfferedIsPermissionDenied) {
  EXPECT_THAT(ForgedChoice(kIntegrityOnly | kNoneOnly, {0x04, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("chose the confidentiality layer, which was "
                                 "not offered (offered: none,integrity)"),
                       ErrorReason::kProtectionMissing));
  EXPECT_THAT(ForgedChoice(kConfidentialityOnly, {0x01, 0, 0, 0}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("chose the none layer"),
                       ErrorReason::kProtectionMissing));
}

TEST_F(SaslGssapiTest, MalformedChoicesAreInvalidArgument) {
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x04, 0, 0x10}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("3 octets, expected at least 4"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x00, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not name exactly one layer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x02, 0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max buffer 0 with the integrity layer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x01, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("with the none layer"),
                       ErrorReason::kInvalidArgument));
}

TEST_F(SaslGssapiTest, UnwrappedOrTamperedChoiceIsRejected) {
  absl::StatusOr<ClientSession> raw = RawClient();
  ASSERT_OK(raw);
  absl::StatusOr<SaslGssapiServer> server = StartServer({});
  ASSERT_OK(server);
  ASSERT_OK(RunToOffer(*raw, *server).status());
  // The plain 4 octets, not wrapped: a defective token.
  EXPECT_THAT(server->Step(std::vector<uint8_t>{0x04, 0, 0x10, 0}),
              StatusIs(AnyOf(absl::StatusCode::kDataLoss,
                             absl::StatusCode::kInvalidArgument),
                       HasSubstr("gss_unwrap"),
                       AnyOf(ErrorReason::kTamperedMessage,
                             ErrorReason::kMalformedToken)));
  EXPECT_FALSE(server->complete());
  EXPECT_THAT(server->Step({}), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("an earlier step failed"),
                                         ErrorReason::kWrongState));
}

TEST_F(SaslGssapiTest, NonEmptyResponseAfterTheLastContextTokenIsRejected) {
  absl::StatusOr<ClientSession> raw = RawClient();
  ASSERT_OK(raw);
  absl::StatusOr<SaslGssapiServer> server = StartServer({});
  ASSERT_OK(server);
  absl::StatusOr<StepResult> step = raw->Step({});
  ASSERT_OK(step);
  absl::StatusOr<std::vector<uint8_t>> ap_rep = server->Step(step->token);
  ASSERT_OK(ap_rep);
  ASSERT_FALSE(ap_rep->empty());  // mutual authentication: an AP-REP
  EXPECT_THAT(server->Step(Bytes("junk")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("expected an empty response after the last "
                                 "context token, got 4 octets"),
                       ErrorReason::kInvalidArgument));
}

TEST_F(SaslGssapiTest, SpnegoContextIsRejected) {
  absl::StatusOr<Credential> client_credential =
      ClientCredential({Mechanism::kNegotiate});
  ASSERT_OK(client_credential);
  absl::StatusOr<ClientSession> raw =
      ClientSession::Start(*client_credential, ToService());
  ASSERT_OK(raw);
  absl::StatusOr<Credential> server_credential =
      ServerCredential({Mechanism::kNegotiate, Mechanism::kKerberos});
  ASSERT_OK(server_credential);
  absl::StatusOr<SaslGssapiServer> server =
      SaslGssapiServer::Start(*server_credential);
  ASSERT_OK(server);
  EXPECT_THAT(RunToOffer(*raw, *server),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("the client's context is SPNEGO; SASL "
                                 "GSSAPI (RFC 4752) takes raw Kerberos V5"),
                       ErrorReason::kInvalidArgument));
}

TEST_F(SaslGssapiTest, MalformedOffersAreInvalidArgument) {
  EXPECT_THAT(ForgedOffer({0x02, 0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max buffer 0 with the layers integrity"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedOffer({0x07, 0, 0x10, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("5 octets, expected exactly 4"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedOffer({0x07, 0, 0x10}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("3 octets, expected exactly 4"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedOffer({0x01, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("RFC 4752 requires 0"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedOffer({0x20, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid layer mask 0x20"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedOffer({0x01, 0, 0, 0}, Options(kConfidentialityOnly)),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("the server offers none; this client "
                                 "allows confidentiality"),
                       ErrorReason::kProtectionMissing));
}

TEST_F(SaslGssapiTest, EmptyChallengeInsteadOfTheOfferIsRejected) {
  // (An empty offer is sasl_messages_test.cc's: MIT krb5 1.20 leaks one
  // octet when it unwraps an empty integrity-only message.)
  absl::StatusOr<SaslGssapiClient> client = StartClient({});
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> raw = RawServer();
  ASSERT_OK(raw);
  ASSERT_OK(RunToClientOffer(*client, *raw));
  EXPECT_THAT(client->Step({}), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("got an empty challenge"),
                                         ErrorReason::kInvalidArgument));
  EXPECT_THAT(std::move(*client).Finish(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not complete"), ErrorReason::kWrongState));
}

TEST_F(SaslGssapiTest, StepsOutOfOrderAreFailedPrecondition) {
  absl::StatusOr<SaslGssapiClient> client = StartClient({});
  ASSERT_OK(client);
  absl::StatusOr<SaslGssapiServer> server = StartServer({});
  ASSERT_OK(server);
  EXPECT_THAT(std::move(*server).Finish(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("SaslGssapiServer::Finish(): the negotiation "
                                 "is not complete"),
                       ErrorReason::kWrongState));
  absl::StatusOr<std::vector<uint8_t>> response = client->Step({});
  ASSERT_OK(response);
  for (int round = 0; round < 10 && !server->complete(); ++round) {
    absl::StatusOr<std::vector<uint8_t>> challenge = server->Step(*response);
    ASSERT_OK(challenge);
    if (server->complete()) break;
    response = client->Step(*challenge);
    ASSERT_OK(response);
  }
  ASSERT_TRUE(client->complete());
  EXPECT_THAT(client->Step({}), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("already complete"),
                                         ErrorReason::kWrongState));
  EXPECT_THAT(server->Step({}), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("already complete"),
                                         ErrorReason::kWrongState));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
