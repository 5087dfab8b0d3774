// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// NTLM through gss-ntlmssp, and the mechanism allow-list of Negotiate. CTest
// runs this suite with GSS_MECH_CONFIG naming gss-ntlmssp's configuration and
// NTLM_USER_FILE naming tests/gssapi/ntlm_users (carol, an NTLM-only user the
// KDC does not know); every other suite runs without gss-ntlmssp.

#include <string>
#include <vector>

#include "crossauth/credential.h"
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

// Both sides of `pair` used `mechanism`, negotiated through SPNEGO.
void ExpectNegotiated(SessionPair& pair, Mechanism mechanism) {
  for (Session* session : {static_cast<Session*>(&pair.client),
                           static_cast<Session*>(&pair.server)}) {
    absl::StatusOr<SessionInfo> info = session->Info();
    ASSERT_OK(info);
    EXPECT_EQ(info->mechanism, mechanism);
    EXPECT_TRUE(info->negotiated);
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
  EXPECT_THAT(info->peer_principal, HasSubstr("carol"));

  absl::StatusOr<std::vector<uint8_t>> sealed = client->Wrap(Bytes("ntlm!"));
  ASSERT_OK(sealed);
  absl::StatusOr<UnwrappedMessage> opened = server->Unwrap(*sealed);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, Bytes("ntlm!"));
  absl::StatusOr<std::vector<uint8_t>> reply = server->Wrap(Bytes("back"));
  ASSERT_OK(reply);
  absl::StatusOr<UnwrappedMessage> back = client->Unwrap(*reply);
  ASSERT_OK(back);
  EXPECT_EQ(back->message, Bytes("back"));
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

TEST_F(NtlmTest, NegotiateRefusesToEndInNtlmByDefault) {
  // The client may only negotiate Kerberos, which cannot work for carol.
  EXPECT_THAT(Carol({Mechanism::kNegotiate}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("NTLM is not on the allow-list")));
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
               HasSubstr("NTLM is not on the allow-list")));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
