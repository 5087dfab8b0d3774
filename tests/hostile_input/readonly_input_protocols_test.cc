// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Inputs are read-only, for the protocol helpers: HTTP Negotiate
// (http_negotiate.h) and SASL GSSAPI (sasl_gssapi.h) get every header,
// token, frame and message from a read-only page that ends where the bytes
// end (ReadOnlyBytes). Nothing may crash, and nothing may change. The
// sessions and channel bindings are in readonly_input_test.cc. Against the
// suite's real KDC, on GSS-API and (under Wine) on SSPI.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backends/common/hints.h"
#include "crossauth/credential.h"
#include "crossauth/http_negotiate.h"
#include "crossauth/mechanism.h"
#include "crossauth/sasl_gssapi.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/expected.h"
#include "tests/support/handshake.h"
#include "tests/support/readonly_bytes.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

class ReadOnlyHttpTest : public SeamTest,
                         public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, ReadOnlyHttpTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

// --- HTTP Negotiate. -------------------------------------------------------

TEST_P(ReadOnlyHttpTest, HttpNegotiateReadsHeadersFromReadOnlyPages) {
  absl::StatusOr<Credential> client_credential = ClientCredential({GetParam()});
  ASSERT_OK(client_credential);
  absl::StatusOr<Credential> server_credential = ServerCredential({GetParam()});
  ASSERT_OK(server_credential);
  ReadOnlyBytes host(kHost);
  absl::StatusOr<HttpNegotiateClient> client =
      GetParam() == Mechanism::kNegotiate
          ? HttpNegotiateClient::StartForHost(*client_credential, host.view())
          : HttpNegotiateClient::Start(*client_credential,
                                       ToService(GetParam()));
  ASSERT_OK(client);
  EXPECT_TRUE(host.Intact());
  absl::StatusOr<HttpNegotiateServer> server =
      HttpNegotiateServer::Start(*server_credential);
  ASSERT_OK(server);

  HttpNegotiateResponse challenge = server->Respond(std::nullopt);
  ASSERT_EQ(challenge.status_code, 401);
  ReadOnlyStrings challenges({"Basic realm=x", challenge.www_authenticate});
  absl::StatusOr<std::string> authorization =
      client->NextAuthorization(challenges.span());
  ASSERT_OK(authorization);
  EXPECT_TRUE(challenges.Intact());

  ReadOnlyBytes request(*authorization);
  HttpNegotiateResponse response = server->Respond(request.view());
  ASSERT_EQ(response.status_code, 200) << response.error;
  if (!RunningUnderWine()) {
    // Under Wine the SSPI acceptor cannot tell the client's name
    // (docs/windows.md).
    EXPECT_EQ(response.principal, Env().user_principal);
  }
  EXPECT_TRUE(request.Intact());

  ReadOnlyStrings final_values({response.www_authenticate});
  EXPECT_OK(client->VerifyFinal(final_values.span()));
  EXPECT_TRUE(final_values.Intact());
  EXPECT_TRUE(client->complete());
}

TEST_P(ReadOnlyHttpTest, HostileHttpHeadersFromReadOnlyPagesAreRefused) {
  absl::StatusOr<Credential> server_credential = ServerCredential({GetParam()});
  ASSERT_OK(server_credential);
  absl::StatusOr<HttpNegotiateServer> server =
      HttpNegotiateServer::Start(*server_credential);
  ASSERT_OK(server);
  struct Case {
    std::string value;
    absl::StatusCode code;
    std::string message;
    ErrorReason reason;
    bool parses = false;  // well-formed: only the session refuses it
  };
  std::vector<Case> authorizations = {
      {"Basic YWxpY2U6cHc=", absl::StatusCode::kNotFound, "\"Basic\"",
       ErrorReason::kMechanismRefused},
      {"Negotiate", absl::StatusCode::kInvalidArgument, "carry no token",
       ErrorReason::kInvalidArgument},
      {"Negotiate @@@", absl::StatusCode::kInvalidArgument, "token68",
       ErrorReason::kInvalidArgument},
      {"Negotiate YWJ", absl::StatusCode::kInvalidArgument, "base64",
       ErrorReason::kInvalidArgument},
      {"Negotiate " + std::string(70000, 'A'),
       absl::StatusCode::kInvalidArgument, "the limit is 65536",
       ErrorReason::kInvalidArgument},
      {"Negotiate AAAA", absl::StatusCode::kInvalidArgument, "malformed",
       ErrorReason::kMalformedToken, true},
  };
  if (GetParam() == Mechanism::kKerberos) {
    // Kerberos framing with a wrong TOK_ID (issue 9 item 1.3).
    authorizations.push_back({"Negotiate YA0GCSqGSIb3EgECAgFb",
                              absl::StatusCode::kInvalidArgument, "malformed",
                              ErrorReason::kMalformedToken, true});
  } else if (RunningUnderWine()) {
    // A SPNEGO framing that claims 256 bytes and holds 9: Wine's
    // AcceptSecurityContext says SEC_E_INTERNAL_ERROR (Windows:
    // SEC_E_INVALID_TOKEN).
    authorizations.push_back(
        {"Negotiate YIIBAAYGKwYBBQUCoA==", absl::StatusCode::kInternal,
         "SEC_E_INTERNAL_ERROR", ErrorReason::kOther, true});
  } else {
    authorizations.push_back(
        {"Negotiate YIIBAAYGKwYBBQUCoA==", absl::StatusCode::kInvalidArgument,
         "malformed", ErrorReason::kMalformedToken, true});
  }
  for (const Case& c : authorizations) {
    SCOPED_TRACE(c.value.substr(0, 40));
    ReadOnlyBytes value(c.value);
    absl::StatusOr<std::vector<uint8_t>> parsed =
        ParseNegotiateAuthorization(value.view());
    if (c.parses) {
      EXPECT_OK(parsed);
    } else {
      EXPECT_THAT(parsed, StatusIs(c.code, HasSubstr(c.message), c.reason));
    }
    HttpNegotiateResponse response = server->Respond(value.view());
    EXPECT_EQ(response.status_code, 401);
    EXPECT_THAT(response.error,
                StatusIs(c.code, HasSubstr(c.message), c.reason));
    EXPECT_TRUE(value.Intact());
  }

  ReadOnlyBytes valid("Negotiate YWJj");
  absl::StatusOr<std::vector<uint8_t>> token =
      ParseNegotiateAuthorization(valid.view());
  ASSERT_OK(token);
  EXPECT_EQ(*token, Bytes("abc"));
  EXPECT_TRUE(valid.Intact());
  ReadOnlyBytes raw("abc");
  EXPECT_EQ(FormatNegotiateHeader(raw.span()), "Negotiate YWJj");
  EXPECT_TRUE(raw.Intact());

  const std::vector<std::vector<std::string>> challenges = {
      {"Negotiate YWJ"},
      {"Negotiate a=b"},
      {"Negotiate YWJj, Negotiate YWJj"},
      {"Basic realm=\"x"},
      {"Negotiate ", "Negotiate YWJj"},
      {std::string(70000, 'N')}};
  for (const std::vector<std::string>& values : challenges) {
    SCOPED_TRACE(values.front().substr(0, 40));
    ReadOnlyStrings headers(values);
    EXPECT_THAT(
        ParseNegotiateChallenge(headers.span()),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 HasSubstr("WWW-Authenticate"), ErrorReason::kInvalidArgument));
    EXPECT_TRUE(headers.Intact());
  }

  // A client fed a hostile final header.
  absl::StatusOr<Credential> client_credential = ClientCredential({GetParam()});
  ASSERT_OK(client_credential);
  absl::StatusOr<HttpNegotiateClient> client =
      HttpNegotiateClient::Start(*client_credential, ToService(GetParam()));
  ASSERT_OK(client);
  ReadOnlyStrings bare({"Negotiate"});
  ASSERT_OK(client->NextAuthorization(bare.span()));
  ReadOnlyStrings forged({"Negotiate AAAA"});
  EXPECT_THAT(
      client->VerifyFinal(forged.span()),
      StatusIs(
          AnyOf(absl::StatusCode::kInvalidArgument, absl::StatusCode::kDataLoss,
                absl::StatusCode::kUnauthenticated),
          HasSubstr(kInitCall),
          AnyOf(ErrorReason::kMalformedToken, ErrorReason::kTamperedMessage,
                ErrorReason::kServerNotProven, ErrorReason::kTokenRefused)));
  EXPECT_TRUE(bare.Intact());
  EXPECT_TRUE(forged.Intact());
}

// --- SASL GSSAPI. -----------------------------------------------------------

class ReadOnlySaslTest : public SeamTest {};

TEST_F(ReadOnlySaslTest, ExchangeAndLayersReadFromReadOnlyPages) {
  absl::StatusOr<Credential> client_credential =
      ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(client_credential);
  absl::StatusOr<Credential> server_credential =
      ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(server_credential);
  for (SaslLayer layer :
       {SaslLayer::kConfidentiality, SaslLayer::kIntegrity, SaslLayer::kNone}) {
    SCOPED_TRACE(SaslLayerName(layer));
    SaslGssapiOptions options;
    options.layers = SaslLayerSet(layer);
    if (layer == SaslLayer::kNone) options.max_buffer = 0;
    absl::StatusOr<SaslGssapiClient> client =
        SaslGssapiClient::Start(*client_credential, Env().target, options);
    ASSERT_OK(client);
    absl::StatusOr<SaslGssapiServer> server =
        SaslGssapiServer::Start(*server_credential, options);
    ASSERT_OK(server);
    ReadOnlyBytes initial(std::vector<uint8_t>{});
    absl::StatusOr<std::vector<uint8_t>> response =
        client->Step(initial.span());
    for (int round = 0; round < 10 && response.ok(); ++round) {
      ReadOnlyBytes from_client(*response);
      absl::StatusOr<std::vector<uint8_t>> challenge =
          server->Step(from_client.span());
      ASSERT_OK(challenge);
      EXPECT_TRUE(from_client.Intact());
      if (server->complete()) break;
      ReadOnlyBytes from_server(*challenge);
      response = client->Step(from_server.span());
      EXPECT_TRUE(from_server.Intact());
    }
    ASSERT_OK(response);
    ASSERT_TRUE(client->complete() && server->complete());
    absl::StatusOr<SaslSecurityLayer> client_layer =
        std::move(*client).Finish();
    ASSERT_OK(client_layer);
    absl::StatusOr<SaslSecurityLayer> server_layer =
        std::move(*server).Finish();
    ASSERT_OK(server_layer);

    ReadOnlyBytes data("a line of the protocol\r\n");
    absl::StatusOr<std::vector<uint8_t>> encoded =
        client_layer->Encode(data.span());
    ASSERT_OK(encoded);
    EXPECT_TRUE(data.Intact());
    ReadOnlyBytes wire(*encoded);
    absl::StatusOr<std::vector<uint8_t>> decoded =
        server_layer->Decode(wire.span());
    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, Bytes("a line of the protocol\r\n"));
    EXPECT_TRUE(wire.Intact());
    if (layer == SaslLayer::kNone) continue;

    // A tampered buffer, from a read-only page, breaks the stream.
    absl::StatusOr<std::vector<uint8_t>> next =
        server_layer->Encode(data.span());
    ASSERT_OK(next);
    std::vector<uint8_t> tampered = *next;
    tampered.back() ^= 0x20;
    ReadOnlyBytes altered(tampered);
    EXPECT_THAT(client_layer->Decode(altered.span()),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr(internal::kHintMessageAltered),
                         ErrorReason::kTamperedMessage));
    EXPECT_TRUE(altered.Intact());
    ASSERT_OK(client_layer->End());
    ASSERT_OK(server_layer->End());
  }
}

TEST_F(ReadOnlySaslTest, HostileFramesFromReadOnlyPagesAreRefused) {
  absl::StatusOr<Credential> client_credential =
      ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(client_credential);
  absl::StatusOr<Credential> server_credential =
      ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(server_credential);

  ReadOnlyBytes offer(std::vector<uint8_t>{0x07, 0x00, 0x10, 0x00});
  absl::StatusOr<SaslServerOffer> decoded = DecodeSaslServerOffer(offer.span());
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->max_buffer, 0x1000u);
  EXPECT_TRUE(offer.Intact());
  const std::vector<std::pair<std::vector<uint8_t>, std::string>> bad_offers = {
      {{0x07, 0x00, 0x10}, "3 octets, expected exactly 4"},
      {{0x08, 0x00, 0x00, 0x01}, "invalid layer mask 0x8"},
      {{}, "0 octets, expected exactly 4"}};
  for (const auto& [bad, message_part] : bad_offers) {
    ReadOnlyBytes message(bad);
    EXPECT_THAT(
        DecodeSaslServerOffer(message.span()),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(message_part),
                 ErrorReason::kInvalidArgument));
    EXPECT_TRUE(message.Intact());
  }
  ReadOnlyBytes choice(
      Bytes(std::string("\x04\x00\x10\x00"
                        "alice",
                        9)));
  absl::StatusOr<SaslClientChoice> chosen =
      DecodeSaslClientChoice(choice.span());
  ASSERT_OK(chosen);
  EXPECT_EQ(chosen->authzid, "alice");
  EXPECT_TRUE(choice.Intact());
  ReadOnlyBytes nul_authzid(
      Bytes(std::string("\x04\x00\x10\x00"
                        "al\0ce",
                        9)));
  EXPECT_THAT(DecodeSaslClientChoice(nul_authzid.span()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NUL"),
                       ErrorReason::kInvalidArgument));
  EXPECT_TRUE(nul_authzid.Intact());
  ReadOnlyBytes short_choice(std::vector<uint8_t>{0x04, 0x00});
  EXPECT_THAT(DecodeSaslClientChoice(short_choice.span()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("2 octets, expected at least 4"),
                       ErrorReason::kInvalidArgument));
  EXPECT_TRUE(short_choice.Intact());

  // A server fed garbage where the client's first token belongs, and a
  // client fed garbage where the server's token belongs.
  absl::StatusOr<SaslGssapiServer> server =
      SaslGssapiServer::Start(*server_credential);
  ASSERT_OK(server);
  ReadOnlyBytes garbage(std::vector<uint8_t>{0x60, 0x82, 0xff, 0xff, 0x06});
  EXPECT_THAT(
      server->Step(garbage.span()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(kDefectiveTokenSymbol), ErrorReason::kMalformedToken));
  EXPECT_TRUE(garbage.Intact());
  // Kerberos framing with a wrong TOK_ID (issue 9 item 1.3).
  absl::StatusOr<SaslGssapiServer> second =
      SaslGssapiServer::Start(*server_credential);
  ASSERT_OK(second);
  ReadOnlyBytes wrong_token_id(
      std::vector<uint8_t>{0x60, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                           0x12, 0x01, 0x02, 0x02, 0x01, 0x5b});
  EXPECT_THAT(
      second->Step(wrong_token_id.span()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AnyOf(HasSubstr("malformed"), HasSubstr(kDefectiveTokenSymbol)),
               ErrorReason::kMalformedToken));
  EXPECT_TRUE(wrong_token_id.Intact());
  absl::StatusOr<SaslGssapiClient> client =
      SaslGssapiClient::Start(*client_credential, Env().target);
  ASSERT_OK(client);
  ASSERT_OK(client->Step({}));
  ReadOnlyBytes reply(std::vector<uint8_t>{0x6f, 0x03, 0x02, 0x01, 0x05});
  EXPECT_THAT(
      client->Step(reply.span()),
      StatusIs(
          AnyOf(absl::StatusCode::kInvalidArgument, absl::StatusCode::kDataLoss,
                absl::StatusCode::kUnauthenticated),
          HasSubstr(kInitCall),
          AnyOf(ErrorReason::kMalformedToken, ErrorReason::kTamperedMessage,
                ErrorReason::kServerNotProven, ErrorReason::kTokenRefused)));
  EXPECT_TRUE(reply.Intact());

  // Frames on an established layer: a zero length, one over the maximum,
  // and half a frame (which waits for the rest).
  absl::StatusOr<SaslGssapiClient> good_client =
      SaslGssapiClient::Start(*client_credential, Env().target);
  ASSERT_OK(good_client);
  absl::StatusOr<SaslGssapiServer> good_server =
      SaslGssapiServer::Start(*server_credential);
  ASSERT_OK(good_server);
  absl::StatusOr<std::vector<uint8_t>> response = good_client->Step({});
  for (int round = 0; round < 10 && response.ok(); ++round) {
    absl::StatusOr<std::vector<uint8_t>> challenge =
        good_server->Step(*response);
    ASSERT_OK(challenge);
    if (good_server->complete()) break;
    response = good_client->Step(*challenge);
  }
  ASSERT_OK(response);
  absl::StatusOr<SaslSecurityLayer> layer = std::move(*good_server).Finish();
  ASSERT_OK(layer);
  absl::StatusOr<SaslSecurityLayer> peer = std::move(*good_client).Finish();
  ASSERT_OK(peer);
  ReadOnlyBytes half(std::vector<uint8_t>{0x00, 0x00, 0x00, 0x40, 0x05});
  absl::StatusOr<std::vector<uint8_t>> waiting = layer->Decode(half.span());
  ASSERT_OK(waiting);
  EXPECT_TRUE(waiting->empty());
  EXPECT_EQ(layer->buffered(), 5u);
  EXPECT_TRUE(half.Intact());
  ReadOnlyBytes zero(std::vector<uint8_t>{0x00, 0x00, 0x00, 0x00});
  EXPECT_THAT(peer->Decode(zero.span()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a buffer of 0 octets"),
                       ErrorReason::kInvalidArgument));
  EXPECT_TRUE(zero.Intact());
}

}  // namespace
}  // namespace test
}  // namespace crossauth
