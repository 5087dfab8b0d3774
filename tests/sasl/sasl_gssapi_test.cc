// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests for sasl_gssapi.h: the RFC 4752 negotiation messages, then both
// sides in process against the realm, with every layer and with forged
// peers that send malformed or disallowed messages.

#include "crossauth/sasl_gssapi.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr SaslLayers kNoneOnly = SaslLayerSet(SaslLayer::kNone);
constexpr SaslLayers kIntegrityOnly = SaslLayerSet(SaslLayer::kIntegrity);
constexpr SaslLayers kConfidentialityOnly =
    SaslLayerSet(SaslLayer::kConfidentiality);

// --- The negotiation messages, without a realm's help ---

TEST(SaslMessagesTest, ServerOfferEncodesMaskAndBigEndianMaxBuffer) {
  absl::StatusOr<std::vector<uint8_t>> encoded =
      EncodeSaslServerOffer({kSaslAllLayers, 0x012345});
  ASSERT_OK(encoded);
  EXPECT_THAT(*encoded, ElementsAre(0x07, 0x01, 0x23, 0x45));
  absl::StatusOr<SaslServerOffer> decoded = DecodeSaslServerOffer(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->layers, kSaslAllLayers);
  EXPECT_EQ(decoded->max_buffer, 0x012345u);
  absl::StatusOr<std::vector<uint8_t>> none_only =
      EncodeSaslServerOffer({kNoneOnly, 0});
  ASSERT_OK(none_only);
  EXPECT_THAT(*none_only, ElementsAre(0x01, 0, 0, 0));
}

TEST(SaslMessagesTest, MalformedServerOffersAreInvalidArgument) {
  struct Case {
    std::vector<uint8_t> message;
    const char* error;
  };
  const std::vector<Case> cases = {
      {{}, "0 octets, expected exactly 4"},
      {{0x07, 0x00, 0x10}, "3 octets, expected exactly 4"},
      {{0x07, 0x00, 0x10, 0x00, 0x00}, "5 octets, expected exactly 4"},
      {{0x00, 0x00, 0x10, 0x00}, "invalid layer mask 0x0"},
      {{0x0f, 0x00, 0x10, 0x00}, "invalid layer mask 0xf"},
      {{0x80, 0x00, 0x10, 0x00}, "invalid layer mask 0x80"},
      {{0x02, 0x00, 0x00, 0x00}, "max buffer 0 with the layers integrity"},
      {{0x05, 0x00, 0x00, 0x00},
       "max buffer 0 with the layers none,confidentiality"},
      {{0x01, 0x00, 0x00, 0x05}, "max buffer 5 with no security layer"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(
        DecodeSaslServerOffer(c.message),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.error)))
        << ::testing::PrintToString(c.message);
  }
  EXPECT_THAT(EncodeSaslServerOffer({kSaslAllLayers, 0x1000000}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not fit in 3 octets")));
  EXPECT_THAT(
      EncodeSaslServerOffer({kIntegrityOnly, 0}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max buffer 0")));
}

TEST(SaslMessagesTest, ClientChoiceCarriesLayerBufferAndAuthzid) {
  absl::StatusOr<std::vector<uint8_t>> encoded =
      EncodeSaslClientChoice({SaslLayer::kIntegrity, 0x00ff00, "alice"});
  ASSERT_OK(encoded);
  EXPECT_THAT(*encoded,
              ElementsAre(0x02, 0x00, 0xff, 0x00, 'a', 'l', 'i', 'c', 'e'));
  absl::StatusOr<SaslClientChoice> decoded = DecodeSaslClientChoice(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->layer, SaslLayer::kIntegrity);
  EXPECT_EQ(decoded->max_buffer, 0x00ff00u);
  EXPECT_EQ(decoded->authzid, "alice");
  // Active Directory's "integrity and confidentiality" means confidentiality.
  absl::StatusOr<SaslClientChoice> ad =
      DecodeSaslClientChoice(std::vector<uint8_t>{0x06, 0x00, 0x10, 0x00});
  ASSERT_OK(ad);
  EXPECT_EQ(ad->layer, SaslLayer::kConfidentiality);
  EXPECT_EQ(ad->authzid, "");
}

TEST(SaslMessagesTest, MalformedClientChoicesAreInvalidArgument) {
  struct Case {
    std::vector<uint8_t> message;
    const char* error;
  };
  const std::vector<Case> cases = {
      {{}, "0 octets, expected at least 4"},
      {{0x04, 0x00, 0x10}, "3 octets, expected at least 4"},
      {{0x00, 0x00, 0x10, 0x00}, "layer mask 0x0 does not name exactly one"},
      {{0x03, 0x00, 0x10, 0x00}, "layer mask 0x3 does not name exactly one"},
      {{0x05, 0x00, 0x10, 0x00}, "layer mask 0x5 does not name exactly one"},
      {{0x07, 0x00, 0x10, 0x00}, "layer mask 0x7 does not name exactly one"},
      {{0x08, 0x00, 0x10, 0x00}, "layer mask 0x8 does not name exactly one"},
      {{0x04, 0x00, 0x00, 0x00}, "max buffer 0 with the confidentiality"},
      {{0x02, 0x00, 0x00, 0x00}, "max buffer 0 with the integrity"},
      {{0x01, 0x00, 0x00, 0x10}, "max buffer 16 with the none layer"},
      {{0x01, 0x00, 0x00, 0x00, 'a', '\0', 'b'}, "contains a NUL octet"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(
        DecodeSaslClientChoice(c.message),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.error)))
        << ::testing::PrintToString(c.message);
  }
  EXPECT_THAT(
      EncodeSaslClientChoice({SaslLayer::kNone, 0, std::string("a\0b", 3)}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NUL octet")));
  EXPECT_THAT(
      EncodeSaslClientChoice({static_cast<SaslLayer>(0x03), 100, ""}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid layer")));
}

TEST(SaslMessagesTest, LayerNames) {
  EXPECT_EQ(SaslLayerName(SaslLayer::kNone), "none");
  EXPECT_EQ(SaslLayerName(SaslLayer::kIntegrity), "integrity");
  EXPECT_EQ(SaslLayerName(SaslLayer::kConfidentiality), "confidentiality");
}

// --- Both sides in process, against the realm ---

class SaslGssapiTest : public SeamTest {
 protected:
  static SaslGssapiOptions Options(SaslLayers layers,
                                   uint32_t max_buffer = 65536) {
    SaslGssapiOptions options;
    options.layers = layers;
    options.max_buffer = max_buffer;
    return options;
  }

  absl::StatusOr<SaslGssapiClient> StartClient(SaslGssapiOptions options) {
    absl::StatusOr<Credential> credential =
        ClientCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return SaslGssapiClient::Start(*credential, Env().target,
                                   std::move(options));
  }

  absl::StatusOr<SaslGssapiServer> StartServer(SaslGssapiOptions options) {
    absl::StatusOr<Credential> credential =
        ServerCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return SaslGssapiServer::Start(*credential, std::move(options));
  }

  struct Layers {
    SaslSecurityLayer client;
    SaslSecurityLayer server;
  };

  // Runs the whole exchange (at most 10 rounds) and finishes both sides.
  absl::StatusOr<Layers> Negotiate(SaslGssapiOptions client_options,
                                   SaslGssapiOptions server_options) {
    absl::StatusOr<SaslGssapiClient> client = StartClient(client_options);
    if (!client.ok()) return client.status();
    absl::StatusOr<SaslGssapiServer> server = StartServer(server_options);
    if (!server.ok()) return server.status();
    absl::StatusOr<std::vector<uint8_t>> response = client->Step({});
    for (int round = 0; round < 10 && response.ok(); ++round) {
      absl::StatusOr<std::vector<uint8_t>> challenge = server->Step(*response);
      if (!challenge.ok()) return challenge.status();
      if (server->complete()) break;
      response = client->Step(*challenge);
    }
    if (!response.ok()) return response.status();
    if (!client->complete() || !server->complete()) {
      return absl::InternalError("the exchange did not complete");
    }
    absl::StatusOr<SaslSecurityLayer> client_layer =
        std::move(*client).Finish();
    if (!client_layer.ok()) return client_layer.status();
    absl::StatusOr<SaslSecurityLayer> server_layer =
        std::move(*server).Finish();
    if (!server_layer.ok()) return server_layer.status();
    return Layers{*std::move(client_layer), *std::move(server_layer)};
  }

  // A raw Kerberos client session, the forger's side.
  absl::StatusOr<ClientSession> RawClient() {
    absl::StatusOr<Credential> credential =
        ClientCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return ClientSession::Start(*credential, ToService(Mechanism::kKerberos));
  }

  // Runs a raw client against `server` up to the server's offer, which it
  // returns still wrapped.
  static absl::StatusOr<std::vector<uint8_t>> RunToOffer(
      ClientSession& raw, SaslGssapiServer& server) {
    absl::StatusOr<StepResult> step = raw.Step({});
    if (!step.ok()) return step.status();
    std::vector<uint8_t> response = std::move(step->token);
    for (int round = 0; round < 10; ++round) {
      absl::StatusOr<std::vector<uint8_t>> challenge = server.Step(response);
      if (!challenge.ok()) return challenge.status();
      if (raw.complete()) return challenge;
      step = raw.Step(*challenge);
      if (!step.ok()) return step.status();
      response = std::move(step->token);
    }
    return absl::InternalError("no offer in 10 rounds");
  }

  // Runs `client` against a raw server session until the client waits for
  // the offer.
  static absl::Status RunToClientOffer(SaslGssapiClient& client,
                                       ServerSession& raw) {
    absl::StatusOr<std::vector<uint8_t>> response = client.Step({});
    for (int round = 0; round < 10; ++round) {
      if (!response.ok()) return response.status();
      absl::StatusOr<StepResult> step = raw.Step(*response);
      if (!step.ok()) return step.status();
      if (raw.complete() && step->token.empty()) return absl::OkStatus();
      response = client.Step(step->token);
      if (raw.complete()) {
        if (!response.ok()) return response.status();
        return response->empty()
                   ? absl::OkStatus()
                   : absl::InternalError("a non-empty last response");
      }
    }
    return absl::InternalError("no context in 10 rounds");
  }

  // The server side forged: a raw acceptor.
  absl::StatusOr<ServerSession> RawServer() {
    absl::StatusOr<Credential> credential =
        ServerCredential({Mechanism::kKerberos});
    if (!credential.ok()) return credential.status();
    return ServerSession::Start(*credential);
  }

  // Sends `choice` (wrapped with integrity, as RFC 4752 asks) from a raw
  // client to a server offering `layers`, and returns the server's verdict.
  absl::Status ForgedChoice(SaslLayers layers, std::vector<uint8_t> choice) {
    absl::StatusOr<ClientSession> raw = RawClient();
    if (!raw.ok()) return raw.status();
    absl::StatusOr<SaslGssapiServer> server = StartServer(Options(layers));
    if (!server.ok()) return server.status();
    absl::StatusOr<std::vector<uint8_t>> offer = RunToOffer(*raw, *server);
    if (!offer.ok()) return offer.status();
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        raw->Wrap(choice, Protection::kIntegrity);
    if (!wrapped.ok()) return wrapped.status();
    absl::StatusOr<std::vector<uint8_t>> result = server->Step(*wrapped);
    if (result.ok() && !server->complete()) {
      return absl::InternalError("the server neither failed nor completed");
    }
    return result.status();
  }

  // Sends the wrapped `offer` from a raw server to a client with `options`.
  absl::Status ForgedOffer(std::vector<uint8_t> offer,
                           SaslGssapiOptions options = {}) {
    absl::StatusOr<SaslGssapiClient> client = StartClient(std::move(options));
    if (!client.ok()) return client.status();
    absl::StatusOr<ServerSession> raw = RawServer();
    if (!raw.ok()) return raw.status();
    if (absl::Status status = RunToClientOffer(*client, *raw); !status.ok()) {
      return status;
    }
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        raw->Wrap(offer, Protection::kIntegrity);
    if (!wrapped.ok()) return wrapped.status();
    return client->Step(*wrapped).status();
  }
};

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
  EXPECT_THAT(
      layers->client.Encode(reply),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ended")));
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
  EXPECT_THAT(StartClient(Options(0)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid layers 0x0")));
  EXPECT_THAT(StartClient(Options(0x10)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid layers 0x10")));
  EXPECT_THAT(StartServer(Options(kIntegrityOnly, 0)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max_buffer 0 with the layers integrity")));
  EXPECT_THAT(StartServer(Options(kSaslAllLayers, 0x1000000)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("exceeds the 3-octet limit")));
  SaslGssapiOptions server_with_authzid;
  server_with_authzid.authzid = "alice";
  EXPECT_THAT(StartServer(server_with_authzid),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("authzid is a client option")));
  // A max buffer of 0 is fine when only the none layer is allowed.
  EXPECT_OK(StartClient(Options(kNoneOnly, 0)).status());
}

TEST_F(SaslGssapiTest, NoCommonLayerIsPermissionDenied) {
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kIntegrityOnly), Options(kConfidentialityOnly));
  EXPECT_THAT(layers, StatusIs(absl::StatusCode::kPermissionDenied,
                               HasSubstr("the server offers confidentiality; "
                                         "this client allows integrity")));
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
                                              " may not act as \"bob\""))));
  client.authzid = absl::StrCat(kUser, "@OTHER.REALM");
  EXPECT_THAT(Negotiate(client, {}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("may not act as \"alice@OTHER.REALM\"")));
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
                       HasSubstr("may not act as \"carol\": no such user")));
}

TEST_F(SaslGssapiTest, ChoiceOfALayerNotOfferedIsPermissionDenied) {
  EXPECT_THAT(ForgedChoice(kIntegrityOnly | kNoneOnly, {0x04, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("chose the confidentiality layer, which was "
                                 "not offered (offered: none,integrity)")));
  EXPECT_THAT(ForgedChoice(kConfidentialityOnly, {0x01, 0, 0, 0}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("chose the none layer")));
}

TEST_F(SaslGssapiTest, MalformedChoicesAreInvalidArgument) {
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x04, 0, 0x10}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("3 octets, expected at least 4")));
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x00, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not name exactly one layer")));
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x02, 0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max buffer 0 with the integrity layer")));
  EXPECT_THAT(ForgedChoice(kSaslAllLayers, {0x01, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("with the none layer")));
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
                       HasSubstr("gss_unwrap")));
  EXPECT_FALSE(server->complete());
  EXPECT_THAT(server->Step({}), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("an earlier step failed")));
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
                                 "context token, got 4 octets")));
}

TEST_F(SaslGssapiTest, MalformedOffersAreInvalidArgument) {
  EXPECT_THAT(ForgedOffer({0x02, 0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max buffer 0 with the layers integrity")));
  EXPECT_THAT(ForgedOffer({0x07, 0, 0x10, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("5 octets, expected exactly 4")));
  EXPECT_THAT(ForgedOffer({0x07, 0, 0x10}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("3 octets, expected exactly 4")));
  EXPECT_THAT(ForgedOffer({0x01, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("RFC 4752 requires 0")));
  EXPECT_THAT(ForgedOffer({0x20, 0, 0x10, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid layer mask 0x20")));
  EXPECT_THAT(ForgedOffer({0x01, 0, 0, 0}, Options(kConfidentialityOnly)),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("the server offers none; this client "
                                 "allows confidentiality")));
}

TEST_F(SaslGssapiTest, EmptyOrUnwrappedOfferIsRejected) {
  EXPECT_THAT(ForgedOffer({}), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("0 octets")));
  absl::StatusOr<SaslGssapiClient> client = StartClient({});
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> raw = RawServer();
  ASSERT_OK(raw);
  ASSERT_OK(RunToClientOffer(*client, *raw));
  EXPECT_THAT(client->Step({}), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("got an empty challenge")));
  EXPECT_THAT(std::move(*client).Finish(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not complete")));
}

TEST_F(SaslGssapiTest, StepsOutOfOrderAreFailedPrecondition) {
  absl::StatusOr<SaslGssapiClient> client = StartClient({});
  ASSERT_OK(client);
  absl::StatusOr<SaslGssapiServer> server = StartServer({});
  ASSERT_OK(server);
  EXPECT_THAT(std::move(*server).Finish(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("SaslGssapiServer::Finish(): the negotiation "
                                 "is not complete")));
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
                                         HasSubstr("already complete")));
  EXPECT_THAT(server->Step({}), StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("already complete")));
}

// --- The security layer's buffers ---

// A SaslGssapiServer whose client is a raw session, so that the test can
// send buffers the layer must refuse.
class SaslForgedBufferTest : public SaslGssapiTest {
 protected:
  // Negotiates `layer` from a raw client that receives at most 4096 octets.
  absl::Status Setup(SaslLayer layer, uint32_t server_max = 1024) {
    absl::StatusOr<ClientSession> raw = RawClient();
    if (!raw.ok()) return raw.status();
    absl::StatusOr<SaslGssapiServer> server =
        StartServer(Options(SaslLayerSet(layer), server_max));
    if (!server.ok()) return server.status();
    absl::StatusOr<std::vector<uint8_t>> offer = RunToOffer(*raw, *server);
    if (!offer.ok()) return offer.status();
    absl::StatusOr<std::vector<uint8_t>> choice = EncodeSaslClientChoice(
        {layer, layer == SaslLayer::kNone ? 0u : 4096u, ""});
    if (!choice.ok()) return choice.status();
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        raw->Wrap(*choice, Protection::kIntegrity);
    if (!wrapped.ok()) return wrapped.status();
    absl::StatusOr<std::vector<uint8_t>> last = server->Step(*wrapped);
    if (!last.ok()) return last.status();
    absl::StatusOr<SaslSecurityLayer> finished = std::move(*server).Finish();
    if (!finished.ok()) return finished.status();
    raw_.emplace(*std::move(raw));
    layer_.emplace(*std::move(finished));
    return absl::OkStatus();
  }

  // One framed buffer: the wrap token with its 4-octet length.
  absl::StatusOr<std::vector<uint8_t>> Frame(absl::string_view text,
                                             Protection protection) {
    absl::StatusOr<std::vector<uint8_t>> token =
        raw_->Wrap(Bytes(text), protection);
    if (!token.ok()) return token.status();
    return Framed(*token);
  }

  static std::vector<uint8_t> Framed(const std::vector<uint8_t>& token) {
    const uint32_t size = static_cast<uint32_t>(token.size());
    std::vector<uint8_t> out = {
        static_cast<uint8_t>(size >> 24), static_cast<uint8_t>(size >> 16),
        static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size)};
    out.insert(out.end(), token.begin(), token.end());
    return out;
  }

  // The sessions end before SeamTest counts the handles left.
  void TearDown() override {
    layer_.reset();
    raw_.reset();
    SaslGssapiTest::TearDown();
  }

  std::optional<ClientSession> raw_;
  std::optional<SaslSecurityLayer> layer_;
};

TEST_F(SaslForgedBufferTest, IntegrityOnlyBufferUnderConfidentialityIsDenied) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("secret in clear", Protection::kIntegrity);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AnyOf(HasSubstr("integrity only, but the negotiated "
                                       "layer is confidentiality"),
                             HasSubstr("only integrity-protected"))));
  // The stream is out of step now; nothing more is opened.
  frame = Frame("later", Protection::kConfidentiality);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("out of step")));
}

TEST_F(SaslForgedBufferTest, EncryptedBufferUnderIntegrityIsDenied) {
  ASSERT_OK(Setup(SaslLayer::kIntegrity));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("sealed", Protection::kConfidentiality);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("protected with confidentiality, but the "
                                 "negotiated layer is integrity")));
}

TEST_F(SaslForgedBufferTest, TamperedBufferIsDataLoss) {
  ASSERT_OK(Setup(SaslLayer::kIntegrity));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("pay 10 EUR", Protection::kIntegrity);
  ASSERT_OK(frame);
  // The plaintext travels in the clear with integrity: change the amount.
  std::string text(frame->begin(), frame->end());
  size_t at = text.find("10 EUR");
  ASSERT_NE(at, std::string::npos);
  (*frame)[at] = '9';
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("gss_unwrap")));
}

TEST_F(SaslForgedBufferTest, ReplayedBufferIsAborted) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("once", Protection::kConfidentiality);
  ASSERT_OK(frame);
  ASSERT_OK(layer_->Decode(*frame));
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("gss_unwrap")));
}

TEST_F(SaslForgedBufferTest, BadLengthsAreInvalidArgument) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality, 1024));
  EXPECT_THAT(layer_->Decode(std::vector<uint8_t>{0, 0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a buffer of 0 octets; this side accepts 1 "
                                 "to 1024")));
  ASSERT_OK(Setup(SaslLayer::kConfidentiality, 1024));
  EXPECT_THAT(layer_->Decode(std::vector<uint8_t>{0, 0, 0x04, 0x01, 'x'}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a buffer of 1025 octets")));
  EXPECT_EQ(layer_->buffered(), 0u);
}

TEST_F(SaslForgedBufferTest, PartialBuffersWaitForTheirRest) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality));
  absl::StatusOr<std::vector<uint8_t>> first =
      Frame("first,", Protection::kConfidentiality);
  absl::StatusOr<std::vector<uint8_t>> second =
      Frame("second", Protection::kConfidentiality);
  ASSERT_OK(first);
  ASSERT_OK(second);
  std::vector<uint8_t> stream = *first;
  stream.insert(stream.end(), second->begin(), second->end());
  std::string received;
  for (uint8_t byte : stream) {  // one octet at a time
    absl::StatusOr<std::vector<uint8_t>> out =
        layer_->Decode(std::vector<uint8_t>{byte});
    ASSERT_OK(out);
    received.append(out->begin(), out->end());
  }
  EXPECT_EQ(received, "first,second");
  EXPECT_EQ(layer_->buffered(), 0u);
}

TEST_F(SaslGssapiTest, EncodeSplitsToThePeersMaxBuffer) {
  absl::StatusOr<Layers> layers = Negotiate(
      Options(kConfidentialityOnly, 65536), Options(kConfidentialityOnly, 300));
  ASSERT_OK(layers);
  std::vector<uint8_t> big(2000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i);
  absl::StatusOr<std::vector<uint8_t>> encoded = layers->client.Encode(big);
  ASSERT_OK(encoded);
  int buffers = 0;
  for (size_t offset = 0; offset < encoded->size(); ++buffers) {
    ASSERT_LE(offset + 4, encoded->size());
    const uint8_t* p = encoded->data() + offset;
    const uint32_t length = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                            (uint32_t{p[2]} << 8) | p[3];
    EXPECT_LE(length, 300u);
    offset += 4 + length;
  }
  EXPECT_GE(buffers, 2000 / 300 + 1);
  absl::StatusOr<std::vector<uint8_t>> decoded =
      layers->server.Decode(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, big);
}

TEST_F(SaslGssapiTest, PeerMaxBufferTooSmallForAWrapIsResourceExhausted) {
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kSaslAllLayers), Options(kIntegrityOnly, 100));
  ASSERT_OK(layers);
  EXPECT_THAT(layers->client.Encode(Bytes("x")),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("the peer's max buffer of 100 octets")));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
