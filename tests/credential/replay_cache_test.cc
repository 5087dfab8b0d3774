// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// CredentialOptions::replay_cache: an acceptor's own replay cache, or none.
// A client's first token (the AP-REQ) is sent to a second acceptor session
// on the same credential: the default and a named cache refuse it, "none:"
// accepts it. The same source runs on GSS-API and SSPI (Unimplemented).

#include <string>
#include <vector>

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

using ::testing::HasSubstr;

class ReplayCacheTest : public SeamTest {};

absl::StatusOr<Credential> Acceptor(std::string replay_cache) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.mechanisms = {Mechanism::kKerberos};
  options.replay_cache = std::move(replay_cache);
  return Credential::Acquire(options);
}

#if CROSSAUTH_TEST_BACKEND_GSSAPI && !CROSSAUTH_TEST_GSSAPI_HEIMDAL
// A fresh client's first token for the suite's service.
absl::StatusOr<std::vector<uint8_t>> FirstToken() {
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
  if (!alice.ok()) return alice.status();
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
  if (!client.ok()) return client.status();
  absl::StatusOr<StepResult> first = client->Step({});
  if (!first.ok()) return first.status();
  return first->token;
}

// Accepts `token` twice, on two server sessions of `acceptor`; returns the
// second acceptance.
absl::StatusOr<StepResult> AcceptTwice(const Credential& acceptor,
                                       const std::vector<uint8_t>& token) {
  absl::StatusOr<ServerSession> first = ServerSession::Start(acceptor);
  if (!first.ok()) return first.status();
  absl::StatusOr<StepResult> accepted = first->Step(token);
  if (!accepted.ok()) return accepted.status();
  absl::StatusOr<ServerSession> second = ServerSession::Start(acceptor);
  if (!second.ok()) return second.status();
  return second->Step(token);
}

TEST_F(ReplayCacheTest, ANamedCacheRefusesAReplay) {
  absl::StatusOr<Credential> acceptor =
      Acceptor(absl::StrCat("file2:", Env().dir, "/named.rcache"));
  ASSERT_OK(acceptor);
  absl::StatusOr<std::vector<uint8_t>> token = FirstToken();
  ASSERT_OK(token);
  EXPECT_THAT(AcceptTwice(*acceptor, *token),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(internal::kHintReplayedAuthenticator),
                       ErrorReason::kReplayedAuthenticator));
}

// The danger the header describes: with "none:" the same first token is
// accepted again, as the same client.
TEST_F(ReplayCacheTest, NoneAcceptsAReplay) {
  absl::StatusOr<Credential> acceptor = Acceptor("none:");
  ASSERT_OK(acceptor);
  absl::StatusOr<std::vector<uint8_t>> token = FirstToken();
  ASSERT_OK(token);
  absl::StatusOr<ServerSession> first = ServerSession::Start(*acceptor);
  ASSERT_OK(first);
  ASSERT_OK(first->Step(*token));
  absl::StatusOr<ServerSession> replay = ServerSession::Start(*acceptor);
  ASSERT_OK(replay);
  ASSERT_OK(replay->Step(*token));
  EXPECT_TRUE(replay->complete());
  absl::StatusOr<SessionInfo> info = replay->Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->peer_principal, Env().user_principal);
}

// The choice is the credential's: a replay that "none:" let through is
// still refused by the default cache, which saw the token first.
TEST_F(ReplayCacheTest, TheChoiceIsPerAcceptor) {
  absl::StatusOr<Credential> careful = Acceptor("");
  ASSERT_OK(careful);
  absl::StatusOr<Credential> careless = Acceptor("none:");
  ASSERT_OK(careless);
  absl::StatusOr<std::vector<uint8_t>> token = FirstToken();
  ASSERT_OK(token);
  EXPECT_THAT(AcceptTwice(*careful, *token),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(internal::kHintReplayedAuthenticator),
                       ErrorReason::kReplayedAuthenticator));
  absl::StatusOr<ServerSession> again = ServerSession::Start(*careless);
  ASSERT_OK(again);
  EXPECT_OK(again->Step(*token));
}
#endif

TEST_F(ReplayCacheTest, OnlyAcceptorsHaveOne) {
  CredentialOptions options;
  options.usage = Usage::kInitiate;
  options.replay_cache = "none:";
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "CredentialOptions.replay_cache is an acceptor's and "
                       "needs Usage::kAccept or kBoth",
                       ErrorReason::kInvalidArgument));
  options.usage = Usage::kAccept;
  options.replay_cache = std::string("none:\0x", 7);
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "CredentialOptions.replay_cache contains a NUL byte",
                       ErrorReason::kInvalidArgument));
}

#if CROSSAUTH_TEST_BACKEND_SSPI
TEST_F(ReplayCacheTest, SspiHasNoChoice) {
  EXPECT_THAT(Acceptor("none:"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       "CredentialOptions::replay_cache is not supported by "
                       "the SSPI backend (Windows): Windows keeps the "
                       "acceptor's replay cache in the LSA, which offers no "
                       "per-credential choice; use the logon session's "
                       "credential (leave it empty) or a principal and "
                       "password",
                       ErrorReason::kUnsupported));
}
#endif

#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
// Heimdal 7.8's acceptor keeps no replay cache, so crossauth fails closed:
// an acceptor (kAccept or kBoth) is made only when the caller says "none:",
// and no other cache can be chosen.
TEST_F(ReplayCacheTest, HeimdalMakesAnAcceptorOnlyWithNone) {
  EXPECT_THAT(
      Acceptor(""),
      StatusIs(absl::StatusCode::kUnimplemented,
               "gss_acquire_cred_from: Heimdal 7.8 has no replay cache: its "
               "acceptor would accept a replayed first token as its client. "
               "Set CredentialOptions::replay_cache to \"none:\" to accept "
               "that (read its DANGER note: require channel bindings, or a "
               "protocol that refuses replays)",
               ErrorReason::kUnsupported));
  CredentialOptions both;
  both.usage = Usage::kBoth;
  both.mechanisms = {Mechanism::kKerberos};
  EXPECT_THAT(Credential::Acquire(both),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("Heimdal 7.8 has no replay cache: its "
                                 "acceptor would accept a replayed first "
                                 "token"),
                       ErrorReason::kUnsupported));
  EXPECT_THAT(Acceptor(absl::StrCat("file2:", Env().dir, "/heimdal.rcache")),
              StatusIs(absl::StatusCode::kUnimplemented,
                       "gss_acquire_cred_from: Heimdal 7.8 has no replay "
                       "cache to choose: its acceptor keeps none, so "
                       "\"none:\" is the only replay_cache it takes",
                       ErrorReason::kUnsupported));
  absl::StatusOr<Credential> careless = Acceptor("none:");
  EXPECT_OK(careless);
  // An initiator has no replay cache to decide about.
  EXPECT_OK(ClientCredential({Mechanism::kKerberos}));
}
#endif

}  // namespace
}  // namespace test
}  // namespace crossauth
