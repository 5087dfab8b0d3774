// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// NTLM, and the mechanism allow-list of Negotiate, on both backends. The
// only suite that sees NTLM, with carol (CROSSAUTH\carol, an NTLM-only user
// the KDC does not know):
// - GSS-API: CTest sets GSS_MECH_CONFIG to gss-ntlmssp's configuration and
//   NTLM_USER_FILE to tests/ntlm/ntlm_users; every other suite runs
//   without gss-ntlmssp.
// - SSPI under Wine: CTest sets CROSSAUTH_WINE_NTLM=on, so scripts/lib/
//   wine-run lets Wine find Samba's ntlm_auth (Wine's NTLM package); every
//   other suite runs without it. Wine's NTLM acceptor checks logons through
//   winbindd (ntlm_auth --helper-protocol=squid-2.5-ntlmssp), so the suite
//   runs inside tests/sspi/with_winbindd.sh, whose private winbindd knows
//   carol.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/expected.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

constexpr char kNtlmUser[] = "CROSSAUTH\\carol";
constexpr char kNtlmPassword[] = "carol-Pw-2468";

absl::StatusOr<Credential> Carol(std::vector<Mechanism> mechanisms) {
  CredentialOptions options;
  options.principal = kNtlmUser;
  options.password = Secret(kNtlmPassword);
  options.mechanisms = std::move(mechanisms);
  return Credential::Acquire(options);
}

absl::StatusOr<Credential> Alice(std::vector<Mechanism> mechanisms) {
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.password = Secret(kUserPassword);
  options.mechanisms = std::move(mechanisms);
  return Credential::Acquire(options);
}

absl::StatusOr<Credential> Acceptor(std::vector<Mechanism> mechanisms) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.replay_cache = kTestReplayCache;
  options.principal = std::string(kService) + "@" + kHost;
  options.mechanisms = std::move(mechanisms);
  return Credential::Acquire(options);
}

// NTLM proves the server only indirectly (through the session key), so
// these clients do not ask for mutual authentication.
ClientOptions NoMutual(Mechanism mechanism) {
  ClientOptions options = ToService(mechanism);
  options.flags.mutual = false;
  return options;
}

// Both sides of `pair` used `mechanism`, negotiated through SPNEGO (Wine's
// Negotiate package sends the inner mechanism's raw tokens instead).
void ExpectNegotiated(SessionPair& pair, Mechanism mechanism) {
  for (Session* session : {static_cast<Session*>(&pair.client),
                           static_cast<Session*>(&pair.server)}) {
    absl::StatusOr<SessionInfo> info = session->Info();
    ASSERT_OK(info);
    EXPECT_EQ(info->mechanism, mechanism);
    EXPECT_EQ(info->negotiated, !RunningUnderWine());
  }
}

// The client's name as the acceptor reports it: gss-ntlmssp says
// "CROSSAUTH\carol"; Wine's NTLM package has no SECPKG_ATTR_NAMES.
void ExpectPeerIsCarol(const SessionInfo& info) {
  if (RunningUnderWine()) {
    EXPECT_EQ(info.peer_principal, std::nullopt);
  } else {
    EXPECT_THAT(info.peer_principal, ::testing::Optional(HasSubstr("carol")));
  }
}

class NtlmTest : public SeamTest {};

TEST_F(NtlmTest, NtlmHandshakeAndMessages) {
  absl::StatusOr<Credential> carol = Carol({Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential = Acceptor({Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*carol, *server_credential, NoMutual(Mechanism::kNtlm));
  ASSERT_OK(pair);
  ClientSession* client = &pair->client;
  ServerSession* server = &pair->server;
  absl::StatusOr<SessionInfo> info = server->Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->mechanism, Mechanism::kNtlm);
  EXPECT_FALSE(info->negotiated);
  ExpectPeerIsCarol(*info);
  EXPECT_FALSE(info->flags.mutual);
  EXPECT_TRUE(info->flags.integrity);
  EXPECT_TRUE(info->flags.confidentiality);

  absl::StatusOr<std::vector<uint8_t>> sealed = client->Wrap(Bytes("ntlm!"));
  ASSERT_OK(sealed);
  if (RunningUnderWine()) {
    // Wine 8's NTLM acceptor (dlls/msv1_0/main.c) never derives the NTLM2
    // session-security keys that its client derives, so it fails every
    // message a client protects. The Wine NTLM client's messages are proven
    // against gss-ntlmssp by tests/sspi/wine_ntlm_interop_test.sh.
    EXPECT_THAT(server->Unwrap(*sealed),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr("DecryptMessage: SEC_E_MESSAGE_ALTERED"),
                         ErrorReason::kTamperedMessage));
    GTEST_SKIP() << "Wine's NTLM acceptor cannot unwrap (no NTLM2 keys)";
  }
  absl::StatusOr<UnwrappedMessage> opened = server->Unwrap(*sealed);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, Bytes("ntlm!"));
  absl::StatusOr<std::vector<uint8_t>> reply = server->Wrap(Bytes("back"));
  ASSERT_OK(reply);
  absl::StatusOr<UnwrappedMessage> back = client->Unwrap(*reply);
  ASSERT_OK(back);
  EXPECT_EQ(back->message, Bytes("back"));
}

// ServerSession::PeerIdentity() and LocalName() of an NTLM client: no PAC.
TEST_F(NtlmTest, AnNtlmPeerHasNoPac) {
  absl::StatusOr<Credential> carol = Carol({Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential = Acceptor({Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*carol, *server_credential, NoMutual(Mechanism::kNtlm));
  ASSERT_OK(pair);
  absl::StatusOr<PeerIdentity> identity = pair->server.PeerIdentity();
  absl::StatusOr<std::string> local = pair->server.LocalName();
#if CROSSAUTH_TEST_BACKEND_SSPI
  EXPECT_THAT(identity, StatusIs(absl::StatusCode::kUnimplemented,
                                 HasSubstr("not yet implemented for SSPI"),
                                 ErrorReason::kUnsupported));
  EXPECT_THAT(local, StatusIs(absl::StatusCode::kUnimplemented,
                              HasSubstr("SSPI has no mapping"),
                              ErrorReason::kUnsupported));
#else
  ASSERT_OK(identity);
  EXPECT_FALSE(identity->has_pac);
  EXPECT_EQ(identity->user_sid, "");
  EXPECT_THAT(identity->group_sids, ::testing::IsEmpty());
  EXPECT_THAT(identity->authentication_indicators, ::testing::IsEmpty());
  // gss-ntlmssp maps no account (its name's length counts a NUL, which the
  // message leaves out).
  EXPECT_THAT(local, StatusIs(absl::StatusCode::kNotFound,
                              "ServerSession::LocalName(): no local account "
                              "for CROSSAUTH\\carol (its mechanism maps it "
                              "to none)",
                              ErrorReason::kOther));
#endif
}

// gss-ntlmssp's acceptor reports neither replay nor sequence detection, but
// NTLM signs a sequence number into every message: its messages are opened,
// and a replay fails the signature check.
TEST_F(NtlmTest, ReplayedNtlmMessageIsRefused) {
  if (RunningUnderWine()) {
    GTEST_SKIP() << "Wine's NTLM acceptor cannot unwrap (no NTLM2 keys)";
  }
  absl::StatusOr<Credential> carol = Carol({Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential = Acceptor({Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*carol, *server_credential, NoMutual(Mechanism::kNtlm));
  ASSERT_OK(pair);
  absl::StatusOr<std::vector<uint8_t>> sealed = pair->client.Wrap(Bytes("1"));
  ASSERT_OK(sealed);
  ASSERT_OK(pair->server.Unwrap(*sealed));
  EXPECT_THAT(pair->server.Unwrap(*sealed),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(internal::kHintMessageAltered),
                       ErrorReason::kTamperedMessage));
  absl::StatusOr<std::vector<uint8_t>> mic = pair->client.GetMic(Bytes("m"));
  ASSERT_OK(mic);
  // The failed replay moved gss-ntlmssp's receive counter on, so this fresh
  // MIC fails too: an NTLM session is not usable after a bad message.
  EXPECT_THAT(pair->server.VerifyMic(Bytes("m"), *mic),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(internal::kHintMessageAltered),
                       ErrorReason::kTamperedMessage));
}

// gss-ntlmssp 1.2 asks for about 2^64 bytes when it unwraps a token shorter
// than the 16-byte NTLM signature (found by fuzz/ntlm); such a token never
// reaches the backend.
TEST_F(NtlmTest, TokensShorterThanTheSignatureAreDataLoss) {
  absl::StatusOr<Credential> carol = Carol({Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential = Acceptor({Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*carol, *server_credential, NoMutual(Mechanism::kNtlm));
  ASSERT_OK(pair);
  for (size_t size : {size_t{1}, size_t{15}}) {
    const std::vector<uint8_t> token(size, 0x0a);
    EXPECT_THAT(
        pair->server.Unwrap(token, Protection::kIntegrity),
        StatusIs(absl::StatusCode::kDataLoss,
                 HasSubstr(absl::StrCat("Unwrap(): the NTLM token has ", size,
                                        " bytes, fewer than its "
                                        "16-byte signature")),
                 ErrorReason::kTamperedMessage));
    EXPECT_THAT(pair->client.VerifyMic(Bytes("m"), token),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr(internal::kHintMessageAltered),
                         ErrorReason::kTamperedMessage));
  }
}

TEST_F(NtlmTest, WrongNtlmPasswordIsUnauthenticated) {
  CredentialOptions options;
  options.principal = kNtlmUser;
  options.password = Secret("not-carols-password");
  options.mechanisms = {Mechanism::kNtlm};
  absl::StatusOr<Credential> impostor = Credential::Acquire(options);
  ASSERT_OK(impostor);  // NTLM checks the password only at the acceptor
  absl::StatusOr<Credential> server_credential = Acceptor({Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*impostor, *server_credential, NoMutual(Mechanism::kNtlm));
  EXPECT_THAT(pair, StatusIs(absl::StatusCode::kUnauthenticated,
                             HasSubstr("the NTLM client's user name or "
                                       "password was refused"),
                             ErrorReason::kWrongPassword));
}

TEST_F(NtlmTest, NegotiateEndsInKerberosWhenBothAreAllowed) {
  absl::StatusOr<Credential> alice =
      Alice({Mechanism::kNegotiate, Mechanism::kNtlm});
  ASSERT_OK(alice);
  absl::StatusOr<Credential> server_credential =
      Acceptor({Mechanism::kNegotiate, Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*alice, *server_credential, ToService(Mechanism::kNegotiate));
  ASSERT_OK(pair);
  ExpectNegotiated(*pair, Mechanism::kKerberos);
}

TEST_F(NtlmTest, NegotiateEndsInNtlmOnlyWhenAllowedAndKerberosIsImpossible) {
  absl::StatusOr<Credential> carol =
      Carol({Mechanism::kNegotiate, Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential =
      Acceptor({Mechanism::kNegotiate, Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<SessionPair> pair =
      ConnectWith(*carol, *server_credential, NoMutual(Mechanism::kNegotiate));
  ASSERT_OK(pair);
  ExpectNegotiated(*pair, Mechanism::kNtlm);
}

// The offset of the contents of the first DER element with `tag` among the
// elements in bytes [begin, end), and its length; nullopt when there is none.
std::optional<std::pair<size_t, size_t>> FindDer(
    const std::vector<uint8_t>& der, size_t begin, size_t end, uint8_t tag) {
  size_t pos = begin;
  while (pos + 2 <= end) {
    const uint8_t this_tag = der[pos];
    size_t length = der[pos + 1];
    size_t header = 2;
    if (length & 0x80) {
      const size_t bytes = length & 0x7f;
      if (bytes == 0 || bytes > 3 || pos + 2 + bytes > end) return std::nullopt;
      length = 0;
      for (size_t i = 0; i < bytes; ++i)
        length = length << 8 | der[pos + 2 + i];
      header += bytes;
    }
    if (pos + header + length > end) return std::nullopt;
    if (this_tag == tag) return std::make_pair(pos + header, length);
    pos += header + length;
  }
  return std::nullopt;
}

// Where the mechListMIC of a NegTokenResp ([1] SEQUENCE { ..., [3] OCTET
// STRING }) lies in `token`, if it has one.
std::optional<std::pair<size_t, size_t>> MechListMic(
    const std::vector<uint8_t>& token) {
  auto resp = FindDer(token, 0, token.size(), 0xa1);
  if (!resp.has_value()) return std::nullopt;
  auto sequence = FindDer(token, resp->first, resp->first + resp->second, 0x30);
  if (!sequence.has_value()) return std::nullopt;
  auto mic =
      FindDer(token, sequence->first, sequence->first + sequence->second, 0xa3);
  if (!mic.has_value()) return std::nullopt;
  auto octets = FindDer(token, mic->first, mic->first + mic->second, 0x04);
  if (!octets.has_value() || octets->second == 0) return std::nullopt;
  return octets;
}

// SPNEGO protects its mechanism list with a MIC when the mechanism used was
// not the initiator's first choice, as when Negotiate falls back to NTLM.
// A changed mechListMIC (a downgrade attempt) must fail the handshake.
TEST_F(NtlmTest, ChangedMechListMicIsRefused) {
  if (RunningUnderWine()) {
    GTEST_SKIP() << "Wine's Negotiate package sends raw NTLM tokens, without "
                    "SPNEGO and so without a mechListMIC";
  }
  absl::StatusOr<Credential> carol =
      Carol({Mechanism::kNegotiate, Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential =
      Acceptor({Mechanism::kNegotiate, Mechanism::kNtlm});
  ASSERT_OK(server_credential);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*carol, NoMutual(Mechanism::kNegotiate));
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(*server_credential);
  ASSERT_OK(server);
  std::vector<uint8_t> token;
  bool client_turn = true;
  for (int round = 0; round < 6; ++round, client_turn = !client_turn) {
    absl::StatusOr<StepResult> step =
        client_turn ? client->Step(token) : server->Step(token);
    ASSERT_OK(step);
    token = std::move(step->token);
    ASSERT_FALSE(token.empty()) << "no mechListMIC before the end";
    std::optional<std::pair<size_t, size_t>> mic = MechListMic(token);
    if (!mic.has_value()) continue;
    token[mic->first + mic->second - 1] ^= 0x01;
    absl::StatusOr<StepResult> refused =
        client_turn ? server->Step(token) : client->Step(token);
    ASSERT_FALSE(refused.ok()) << "a changed mechListMIC was accepted";
    EXPECT_THAT(refused.status(),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr(internal::kHintMessageAltered),
                         ErrorReason::kTamperedMessage));
    EXPECT_FALSE(client->complete() && server->complete());
    return;
  }
  FAIL() << "the handshake carried no mechListMIC";
}

TEST_F(NtlmTest, NegotiateRefusesToEndInNtlmByDefault) {
  // The client may only negotiate Kerberos, which cannot work for carol.
  EXPECT_THAT(Carol({Mechanism::kNegotiate}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("NTLM is not on the allow-list"),
                       ErrorReason::kMechanismRefused));
}

// The silent fallback users complain of: Kerberos cannot reach a service
// the KDC does not know, and Negotiate then tries NTLM. Only with NTLM
// allowed may the first token be NTLM's.
TEST_F(NtlmTest, NegotiateFallsBackToNtlmOnlyWhenAllowed) {
  ClientOptions options = NoMutual(Mechanism::kNegotiate);
  options.target = "nosuch@localhost";
  for (bool allow : {false, true}) {
    SCOPED_TRACE(allow ? "NTLM allowed" : "NTLM not allowed");
    std::vector<Mechanism> mechanisms = {Mechanism::kNegotiate};
    if (allow) mechanisms.push_back(Mechanism::kNtlm);
    absl::StatusOr<Credential> alice = Alice(mechanisms);
    ASSERT_OK(alice);
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*alice, options);
    ASSERT_OK(client);
    absl::StatusOr<StepResult> first = client->Step({});
    if (!allow) {
      // Kerberos' own failure, naming the principal it tried (Wine's
      // kerberos.dll says SEC_E_INTERNAL_ERROR for an unknown service).
#if CROSSAUTH_TEST_BACKEND_SSPI
      const std::string tried = "target principal nosuch/localhost";
#else
      const std::string tried =
          "target principal nosuch/localhost@" + Env().realm;
#endif
      EXPECT_THAT(
          first,
          StatusIs(RunningUnderWine() ? absl::StatusCode::kInternal
                                      : absl::StatusCode::kNotFound,
                   HasSubstr(tried),
                   RunningUnderWine() ? ErrorReason::kOther
                                      : ErrorReason::kUnknownServicePrincipal));
      EXPECT_THAT(first.status().message(), ::testing::Not(HasSubstr("NTLM")));
      continue;
    }
    ASSERT_OK(first);
    const std::string token(first->token.begin(), first->token.end());
    if (RunningUnderWine()) {
      // Wine's Negotiate sends the NTLM NEGOTIATE message raw.
      EXPECT_EQ(token.substr(0, 8), std::string("NTLMSSP\0", 8));
    } else {
      // A SPNEGO NegTokenInit offering only NTLM (its OID, DER-encoded).
      EXPECT_THAT(token,
                  HasSubstr(std::string("\x06\x0a\x2b\x06\x01\x04\x01\x82\x37"
                                        "\x02\x02\x0a",
                                        12)));
    }
  }
}

// Raw NTLM, as Wine's Negotiate sends it, to a Negotiate acceptor that does
// not allow NTLM.
TEST_F(NtlmTest, AcceptorRefusesRawNtlmByDefault) {
  absl::StatusOr<Credential> carol = Carol({Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential =
      Acceptor({Mechanism::kNegotiate});
  ASSERT_OK(server_credential);
  EXPECT_THAT(
      ConnectWith(*carol, *server_credential, NoMutual(Mechanism::kNtlm)),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("the client offered only NTLM, and NTLM is not on "
                         "the allow-list"),
               ErrorReason::kMechanismRefused));
}

TEST_F(NtlmTest, AcceptorRefusesNtlmByDefault) {
  absl::StatusOr<Credential> carol =
      Carol({Mechanism::kNegotiate, Mechanism::kNtlm});
  ASSERT_OK(carol);
  absl::StatusOr<Credential> server_credential =
      Acceptor({Mechanism::kNegotiate});
  ASSERT_OK(server_credential);
  EXPECT_THAT(
      ConnectWith(*carol, *server_credential, NoMutual(Mechanism::kNegotiate)),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("NTLM is not on the allow-list"),
               ErrorReason::kMechanismRefused));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
