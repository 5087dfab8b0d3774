// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Inputs are read-only: every public call that takes caller bytes gets them
// from a read-only page that ends where the bytes end (ReadOnlyBytes), so a
// write into them, or a read past them, kills the suite. Every call must
// leave the bytes as they were, good or hostile. This file has the sessions,
// channel bindings, names and paths; readonly_input_protocols_test.cc the
// HTTP and SASL helpers. Against the suite's real KDC; the same source runs
// on GSS-API and (under Wine) on SSPI.
//
// Also the regression tests of issue 9 items 1.1 and 1.15: MIT's gss_unwrap
// rewrites its input in place (integrity-only tokens, and tokens with a
// right rotation count), so crossauth must hand it a copy.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "crossauth/channel_bindings.h"
#include "crossauth/credential.h"
#include "crossauth/mechanism.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/expected.h"
#include "tests/support/handshake.h"
#include "tests/support/readonly_bytes.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_certificates.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// An RFC 4121 wrap token (TOK_ID 05 04) rotated right by `extra` more
// bytes after its 16-byte header, with RRC updated (RFC 4121 4.2.5): what a
// Windows peer sends. The receiver rotates the body back by RRC.
std::vector<uint8_t> Rotated(const std::vector<uint8_t>& token, size_t extra) {
  std::vector<uint8_t> out = token;
  if (token.size() <= 16 + extra || token[0] != 0x05 || token[1] != 0x04) {
    ADD_FAILURE() << "not an RFC 4121 wrap token of more than " << 16 + extra
                  << " bytes";
    return out;
  }
  const size_t body = token.size() - 16;
  const size_t rrc = (static_cast<size_t>(token[6]) << 8 | token[7]) + extra;
  for (size_t i = 0; i < body; ++i) {
    out[16 + (i + extra) % body] = token[16 + i];
  }
  out[6] = static_cast<uint8_t>(rrc >> 8);
  out[7] = static_cast<uint8_t>(rrc);
  return out;
}

// An initial Kerberos token with a wrong TOK_ID (01 5b), issue 9 item 1.3.
const std::vector<uint8_t> kWrongTokenId = {0x60, 0x0d, 0x06, 0x09, 0x2a,
                                            0x86, 0x48, 0x86, 0xf7, 0x12,
                                            0x01, 0x02, 0x02, 0x01, 0x5b};

// What a sealed AES token's RRC is when Windows sends it: the EC filler and
// checksum move to the front (16 + 12 bytes).
constexpr size_t kWindowsRrc = 28;

// The answer to a truncated first token. Wine's AcceptSecurityContext
// returns SEC_E_INTERNAL_ERROR for it (Windows: SEC_E_INVALID_TOKEN); the
// bytes must stay untouched all the same.
::testing::Matcher<const absl::StatusOr<StepResult>&> TruncatedFirstToken() {
  if (RunningUnderWine()) {
    return StatusIs(absl::StatusCode::kInternal,
                    HasSubstr("SEC_E_INTERNAL_ERROR"), ErrorReason::kOther);
  }
  return StatusIs(absl::StatusCode::kInvalidArgument,
                  HasSubstr(internal::kHintMalformedToken),
                  ErrorReason::kMalformedToken);
}

class ReadOnlyInputTest : public SeamTest,
                          public ::testing::WithParamInterface<Mechanism> {
 protected:
  // A handshake whose every token comes from a read-only page.
  static absl::Status ReadOnlyHandshake(ClientSession& client,
                                        ServerSession& server) {
    std::vector<uint8_t> token;
    for (int round = 0; round < 10; ++round) {
      if (!client.complete()) {
        ReadOnlyBytes input(token);
        absl::StatusOr<StepResult> step = client.Step(input.span());
        if (!input.Intact()) return absl::InternalError("client changed it");
        if (!step.ok()) return step.status();
        token = std::move(step->token);
      }
      if (token.empty()) break;
      ReadOnlyBytes input(token);
      absl::StatusOr<StepResult> step = server.Step(input.span());
      if (!input.Intact()) return absl::InternalError("server changed it");
      if (!step.ok()) return step.status();
      token = std::move(step->token);
      if (client.complete() && server.complete() && token.empty()) break;
    }
    if (!client.complete() || !server.complete()) {
      return absl::InternalError("the handshake did not finish");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<SessionPair> ReadOnlyConnect() {
    absl::StatusOr<Credential> client_credential =
        ClientCredential({GetParam()});
    if (!client_credential.ok()) return client_credential.status();
    absl::StatusOr<Credential> server_credential =
        ServerCredential({GetParam()});
    if (!server_credential.ok()) return server_credential.status();
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*client_credential, ToService(GetParam()));
    if (!client.ok()) return client.status();
    absl::StatusOr<ServerSession> server =
        ServerSession::Start(*server_credential);
    if (!server.ok()) return server.status();
    absl::Status done = ReadOnlyHandshake(*client, *server);
    if (!done.ok()) return done;
    return SessionPair{*std::move(client), *std::move(server)};
  }
};

INSTANTIATE_TEST_SUITE_P(Mechanisms, ReadOnlyInputTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

// --- Issue 9, 1.1 and 1.15: Unwrap never changes the caller's token. -------

TEST_P(ReadOnlyInputTest, IntegrityOnlyUnwrapLeavesTheTokenUnchanged) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  absl::StatusOr<std::vector<uint8_t>> wrapped =
      pair->client.Wrap(Bytes("signed, not sealed"), Protection::kIntegrity);
  ASSERT_OK(wrapped);
  const std::vector<uint8_t> sent = *wrapped;
  absl::StatusOr<UnwrappedMessage> opened =
      pair->server.Unwrap(*wrapped, Protection::kIntegrity);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, Bytes("signed, not sealed"));
  EXPECT_EQ(opened->protection, Protection::kIntegrity);
  EXPECT_THAT(*wrapped, ElementsAreArray(sent));
}

// The PermissionDenied hint says to accept integrity-only messages; doing
// so with the same buffer meets the replay check, not a token that the
// first call mangled (GSS_S_DEFECTIVE_TOKEN, DataLoss).
TEST_P(ReadOnlyInputTest, IntegrityOnlyTokenCanBeUnwrappedAgainFromTheBuffer) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  absl::StatusOr<std::vector<uint8_t>> wrapped =
      pair->client.Wrap(Bytes("not secret"), Protection::kIntegrity);
  ASSERT_OK(wrapped);
  const std::vector<uint8_t> sent = *wrapped;
  EXPECT_THAT(pair->server.Unwrap(*wrapped),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("only integrity-protected"),
                       ErrorReason::kProtectionMissing));
  EXPECT_THAT(*wrapped, ElementsAreArray(sent));
  EXPECT_THAT(
      pair->server.Unwrap(*wrapped, Protection::kIntegrity),
      StatusIs(absl::StatusCode::kAborted, HasSubstr(kReplayedMessageText),
               ErrorReason::kReplayedMessage));
  EXPECT_THAT(*wrapped, ElementsAreArray(sent));
}

TEST_P(ReadOnlyInputTest, TokensWithARotationCountUnwrapAndStayUnchanged) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    SCOPED_TRACE(protection == Protection::kIntegrity ? "integrity"
                                                      : "confidentiality");
    const std::vector<uint8_t> message =
        Bytes("rotated right, as Windows sends it");
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        pair->client.Wrap(message, protection);
    ASSERT_OK(wrapped);
    std::vector<uint8_t> rotated = Rotated(*wrapped, kWindowsRrc);
    ASSERT_NE(rotated, *wrapped);
    const std::vector<uint8_t> sent = rotated;
    absl::StatusOr<UnwrappedMessage> opened =
        pair->server.Unwrap(rotated, Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(opened->message, message);
    EXPECT_EQ(opened->protection, protection);
    EXPECT_THAT(rotated, ElementsAreArray(sent));
  }
}

// --- Every session call, from read-only pages. ------------------------------

TEST_P(ReadOnlyInputTest, HandshakeStepsReadTokensFromReadOnlyPages) {
  absl::StatusOr<SessionPair> pair = ReadOnlyConnect();
  ASSERT_OK(pair);
  absl::StatusOr<SessionInfo> info = pair->server.Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->mechanism, Mechanism::kKerberos);
}

TEST_P(ReadOnlyInputTest, MessageCallsReadFromReadOnlyPages) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  const std::vector<uint8_t> text = Bytes("read-only message, 33 bytes long");
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    SCOPED_TRACE(protection == Protection::kIntegrity ? "integrity"
                                                      : "confidentiality");
    ReadOnlyBytes message(text);
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        pair->client.Wrap(message.span(), protection);
    ASSERT_OK(wrapped);
    EXPECT_TRUE(message.Intact());

    ReadOnlyBytes token(*wrapped);
    absl::StatusOr<UnwrappedMessage> opened =
        pair->server.Unwrap(token.span(), Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(opened->message, text);
    EXPECT_TRUE(token.Intact());
    // Again from the same page: a replay, and still nothing written.
    EXPECT_THAT(
        pair->server.Unwrap(token.span(), Protection::kIntegrity),
        StatusIs(absl::StatusCode::kAborted, HasSubstr(kReplayedMessageText),
                 ErrorReason::kReplayedMessage));
    EXPECT_TRUE(token.Intact());

    absl::StatusOr<std::vector<uint8_t>> next =
        pair->client.Wrap(message.span(), protection);
    ASSERT_OK(next);
    ReadOnlyBytes rotated(Rotated(*next, kWindowsRrc));
    opened = pair->server.Unwrap(rotated.span(), Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(opened->message, text);
    EXPECT_TRUE(rotated.Intact());
  }

  // The refusal of an integrity-only message leaves it as it was too.
  absl::StatusOr<std::vector<uint8_t>> signed_only =
      pair->server.Wrap(text, Protection::kIntegrity);
  ASSERT_OK(signed_only);
  ReadOnlyBytes refused(*signed_only);
  EXPECT_THAT(pair->client.Unwrap(refused.span()),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("only integrity-protected"),
                       ErrorReason::kProtectionMissing));
  EXPECT_TRUE(refused.Intact());

  ReadOnlyBytes message(text);
  absl::StatusOr<std::vector<uint8_t>> mic =
      pair->server.GetMic(message.span());
  ASSERT_OK(mic);
  EXPECT_TRUE(message.Intact());
  ReadOnlyBytes mic_bytes(*mic);
  EXPECT_OK(pair->client.VerifyMic(message.span(), mic_bytes.span()));
  EXPECT_TRUE(message.Intact());
  EXPECT_TRUE(mic_bytes.Intact());
  EXPECT_THAT(
      pair->client.VerifyMic(message.span(), mic_bytes.span()),
      StatusIs(absl::StatusCode::kAborted, HasSubstr(kReplayedMessageText),
               ErrorReason::kReplayedMessage));
  EXPECT_TRUE(mic_bytes.Intact());
}

TEST_P(ReadOnlyInputTest, HostileMessageTokensFromReadOnlyPagesAreRefused) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  const std::vector<uint8_t> text = Bytes("the genuine message");
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    SCOPED_TRACE(protection == Protection::kIntegrity ? "integrity"
                                                      : "confidentiality");
    absl::StatusOr<std::vector<uint8_t>> wrapped =
        pair->client.Wrap(text, protection);
    ASSERT_OK(wrapped);
    std::vector<uint8_t> tampered = *wrapped;
    tampered.back() ^= 0x40;
    ReadOnlyBytes altered(tampered);
    EXPECT_THAT(pair->server.Unwrap(altered.span(), Protection::kIntegrity),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr(internal::kHintMessageAltered),
                         ErrorReason::kTamperedMessage));
    EXPECT_TRUE(altered.Intact());

    // Every prefix of a real token ends at the page end: a parser that
    // trusts a length inside it reads into the guard page.
    for (size_t size : {size_t{1}, size_t{2}, size_t{15}, size_t{16},
                        size_t{17}, wrapped->size() - 1}) {
      SCOPED_TRACE(absl::StrCat(size, " of ", wrapped->size(), " bytes"));
      ReadOnlyBytes truncated(absl::MakeConstSpan(wrapped->data(), size));
      EXPECT_THAT(pair->server.Unwrap(truncated.span(), Protection::kIntegrity),
                  StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kUnwrapCall),
                           ErrorReason::kTamperedMessage));
      EXPECT_TRUE(truncated.Intact());
    }
  }

  ReadOnlyBytes garbage("\x05\x04\x06\xff\x00\x0c\x00\x00garbage!garbage!");
  EXPECT_THAT(pair->server.Unwrap(garbage.span(), Protection::kIntegrity),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kUnwrapCall),
                       ErrorReason::kTamperedMessage));
  EXPECT_TRUE(garbage.Intact());

  ReadOnlyBytes message(text);
  absl::StatusOr<std::vector<uint8_t>> mic = pair->client.GetMic(text);
  ASSERT_OK(mic);
  std::vector<uint8_t> forged = *mic;
  forged.back() ^= 0x01;
  ReadOnlyBytes forged_mic(forged);
  EXPECT_THAT(pair->server.VerifyMic(message.span(), forged_mic.span()),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(internal::kHintMessageAltered),
                       ErrorReason::kTamperedMessage));
  ReadOnlyBytes short_mic(absl::MakeConstSpan(mic->data(), 10));
  EXPECT_THAT(pair->server.VerifyMic(message.span(), short_mic.span()),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kVerifyMicCall),
                       ErrorReason::kTamperedMessage));
  EXPECT_TRUE(message.Intact());
  EXPECT_TRUE(forged_mic.Intact());
  EXPECT_TRUE(short_mic.Intact());
}

TEST_P(ReadOnlyInputTest, HostileFirstTokensFromReadOnlyPagesAreRefused) {
  absl::StatusOr<Credential> credential = ServerCredential({GetParam()});
  ASSERT_OK(credential);
  const std::vector<std::vector<uint8_t>> garbage = {
      Bytes("NTLMSSP\0garbage"),
      {0x60},
      {0x60, 0x82, 0xff, 0xff, 0x06},
      {0x00, 0x01, 0x02, 0x03}};
  for (const std::vector<uint8_t>& token : garbage) {
    absl::StatusOr<ServerSession> server = ServerSession::Start(*credential);
    ASSERT_OK(server);
    ReadOnlyBytes input(token);
    EXPECT_THAT(server->Step(input.span()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(kDefectiveTokenSymbol),
                         ErrorReason::kMalformedToken));
    EXPECT_TRUE(input.Intact());
  }
  if (GetParam() == Mechanism::kKerberos) {
    // Kerberos framing with a wrong TOK_ID: MIT continues with nothing to
    // send, which is a malformed token.
    absl::StatusOr<ServerSession> server = ServerSession::Start(*credential);
    ASSERT_OK(server);
    ReadOnlyBytes input(kWrongTokenId);
    EXPECT_THAT(server->Step(input.span()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AnyOf(HasSubstr("malformed"),
                               HasSubstr(kDefectiveTokenSymbol)),
                         ErrorReason::kMalformedToken));
    EXPECT_TRUE(input.Intact());
  } else {
    // A SPNEGO framing whose length claims 127 bytes; 8 are there.
    absl::StatusOr<ServerSession> server = ServerSession::Start(*credential);
    ASSERT_OK(server);
    ReadOnlyBytes input(std::vector<uint8_t>{0x60, 0x7f, 0x06, 0x06, 0x2b, 0x06,
                                             0x01, 0x05, 0x05, 0x02});
    EXPECT_THAT(server->Step(input.span()), TruncatedFirstToken());
    EXPECT_TRUE(input.Intact());
  }
}

TEST_P(ReadOnlyInputTest, TruncatedFirstTokensFromReadOnlyPagesAreRefused) {
  absl::StatusOr<Credential> client_credential = ClientCredential({GetParam()});
  ASSERT_OK(client_credential);
  absl::StatusOr<Credential> server_credential = ServerCredential({GetParam()});
  ASSERT_OK(server_credential);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*client_credential, ToService(GetParam()));
  ASSERT_OK(client);
  absl::StatusOr<StepResult> first = client->Step({});
  ASSERT_OK(first);
  ASSERT_GT(first->token.size(), 40u);
  for (size_t size : {first->token.size() / 2, first->token.size() - 1}) {
    SCOPED_TRACE(absl::StrCat(size, " of ", first->token.size(), " bytes"));
    absl::StatusOr<ServerSession> server =
        ServerSession::Start(*server_credential);
    ASSERT_OK(server);
    ReadOnlyBytes truncated(absl::MakeConstSpan(first->token.data(), size));
    EXPECT_THAT(server->Step(truncated.span()), TruncatedFirstToken());
    EXPECT_TRUE(truncated.Intact());
  }
}

TEST_P(ReadOnlyInputTest, HostileServerRepliesFromReadOnlyPagesAreRefused) {
  absl::StatusOr<Credential> credential = ClientCredential({GetParam()});
  ASSERT_OK(credential);
  {
    // An empty reply after the first step (a peer that closed the
    // connection), from a read-only page: the pointer is not null.
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*credential, ToService(GetParam()));
    ASSERT_OK(client);
    ASSERT_OK(client->Step({}));
    ReadOnlyBytes empty(std::vector<uint8_t>{});
    EXPECT_THAT(client->Step(empty.span()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("the server's token is empty"),
                         ErrorReason::kInvalidArgument));
  }
  const std::vector<std::vector<uint8_t>> replies = {
      {0x00, 0x01, 0x02, 0x03},
      {0x6f},
      {0xa1, 0x82, 0xff, 0xff, 0x30},
      Bytes("NTLMSSP\0\x02\0\0\0garbage")};
  for (const std::vector<uint8_t>& reply : replies) {
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*credential, ToService(GetParam()));
    ASSERT_OK(client);
    ASSERT_OK(client->Step({}));
    ReadOnlyBytes input(reply);
    absl::StatusOr<StepResult> step = client->Step(input.span());
    EXPECT_THAT(step, StatusIs(AnyOf(absl::StatusCode::kInvalidArgument,
                                     absl::StatusCode::kDataLoss,
                                     absl::StatusCode::kUnauthenticated),
                               HasSubstr(kInitCall),
                               AnyOf(ErrorReason::kMalformedToken,
                                     ErrorReason::kTamperedMessage,
                                     ErrorReason::kServerNotProven,
                                     ErrorReason::kTokenRefused)));
    EXPECT_TRUE(input.Intact());
  }
}

// --- Channel bindings. ------------------------------------------------------

TEST(ReadOnlyChannelBindingsTest, ConstructorsReadFromReadOnlyPages) {
  ReadOnlyBytes data("tls-unique:0123456789");
  EXPECT_EQ(
      ChannelBindings::FromApplicationData(data.span()).application_data(),
      Bytes("tls-unique:0123456789"));
  EXPECT_TRUE(data.Intact());

  ReadOnlyBytes exported(std::vector<uint8_t>(32, 0x5a));
  absl::StatusOr<ChannelBindings> exporter =
      ChannelBindings::TlsExporter(exported.span());
  ASSERT_OK(exporter);
  EXPECT_TRUE(exported.Intact());
  ReadOnlyBytes short_export(std::vector<uint8_t>(31, 0x5a));
  EXPECT_THAT(ChannelBindings::TlsExporter(short_export.span()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("32"),
                       ErrorReason::kInvalidArgument));
  EXPECT_TRUE(short_export.Intact());

  absl::StatusOr<std::vector<uint8_t>> der = TestCertificate("rsa-sha256");
  ASSERT_OK(der);
  ReadOnlyBytes certificate(*der);
  absl::StatusOr<ChannelBindings> end_point =
      ChannelBindings::TlsServerEndPoint(certificate.span());
  ASSERT_OK(end_point);
  EXPECT_TRUE(certificate.Intact());
  for (size_t size :
       {size_t{0}, size_t{1}, size_t{4}, der->size() / 2, der->size() - 1}) {
    SCOPED_TRACE(absl::StrCat(size, " of ", der->size(), " bytes"));
    ReadOnlyBytes truncated(absl::MakeConstSpan(der->data(), size));
    EXPECT_THAT(ChannelBindings::TlsServerEndPoint(truncated.span()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(size == 0 ? "the certificate is empty"
                                             : "not one DER X.509"),
                         ErrorReason::kInvalidArgument));
    EXPECT_TRUE(truncated.Intact());
  }
}

// --- Names and paths. -------------------------------------------------------

class ReadOnlyNamesTest : public SeamTest {};

TEST_F(ReadOnlyNamesTest, MechanismFromNameReadsFromAReadOnlyPage) {
  ReadOnlyBytes name("Negotiate");
  EXPECT_EQ(MechanismFromName(name.view()), Mechanism::kNegotiate);
  ReadOnlyBytes prefix("Negot");
  EXPECT_EQ(MechanismFromName(prefix.view()), std::nullopt);
  EXPECT_TRUE(name.Intact());
  EXPECT_TRUE(prefix.Intact());
}

TEST_F(ReadOnlyNamesTest, StoreIntoReadsThePathFromAReadOnlyPage) {
  absl::StatusOr<Credential> credential =
      ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(credential);
  ReadOnlyBytes ccache(
      absl::StrCat("FILE:", Env().dir, "/readonly_input.ccache"));
  absl::Status stored = credential->StoreInto(ccache.view());
#if CROSSAUTH_TEST_BACKEND_SSPI
  EXPECT_THAT(stored,
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("StoreInto"),
                       ErrorReason::kUnsupported));
#else
  EXPECT_OK(stored);
#endif
  EXPECT_TRUE(ccache.Intact());
}

}  // namespace
}  // namespace test
}  // namespace crossauth
