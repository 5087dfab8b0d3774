// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Credential acquisition and lifetime, against the suite's real KDC. The same
// source runs on GSS-API and (under Wine) on SSPI.

#include "crossauth/credential.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/hints.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/expected.h"
#include "tests/support/handshake.h"
#include "tests/support/native_seam.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

class CredentialTest : public SeamTest {};

// The mechanisms of the tests that name a ccache, keytab or password. Heimdal
// 7.8's SPNEGO takes its credential only from the environment's defaults
// (README, Heimdal), so there they use Kerberos, and
// NegotiateFromAStoreIsUnimplementedOnHeimdal asserts the refusal.
std::vector<Mechanism> StoreMechanisms() {
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  return {Mechanism::kKerberos};
#else
  return {Mechanism::kNegotiate};
#endif
}

TEST_F(CredentialTest, DefaultInitiatorComesFromTheCredentialCache) {
  absl::StatusOr<Credential> credential = ClientCredential();
  ASSERT_OK(credential);
  EXPECT_EQ(credential->usage(), Usage::kInitiate);
  if (RunningUnderWine()) {
    // Wine has no QueryCredentialsAttributesW(SECPKG_CRED_ATTR_NAMES).
    EXPECT_THAT(credential->Principal(),
                StatusIs(absl::StatusCode::kUnimplemented,
                         HasSubstr("QueryCredentialsAttributesW"),
                         ErrorReason::kUnsupported));
  } else {
    EXPECT_THAT(
        credential->Principal(),
        ::testing::Eq(absl::StatusOr<std::string>(Env().user_principal)));
  }
  absl::StatusOr<absl::Time> expiry = credential->Expiry();
  ASSERT_OK(expiry);
  EXPECT_GT(*expiry, absl::Now());
  EXPECT_LT(*expiry, absl::Now() + absl::Hours(25));
}

TEST_F(CredentialTest, PasswordGetsInitialTickets) {
  const absl::Time before = absl::Now();
  absl::StatusOr<Credential> credential = PasswordCredential(StoreMechanisms());
  ASSERT_OK(credential);
  const absl::Time after = absl::Now();
  absl::StatusOr<std::string> principal = credential->Principal();
  ASSERT_OK(principal);
  EXPECT_EQ(*principal, Env().user_principal);
  // The end of tickets the realm issues for its default 10 hours (whole
  // seconds); tests/credential/expiry_test.cc has the expired case.
  absl::StatusOr<absl::Time> expiry = credential->Expiry();
  ASSERT_OK(expiry);
  EXPECT_GE(*expiry, before + absl::Hours(10) - absl::Seconds(2));
  EXPECT_LE(*expiry, after + absl::Hours(10) + absl::Seconds(2));
}

TEST_F(CredentialTest, WrongPasswordIsUnauthenticated) {
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.password = Secret("not-the-password");
  // Wine's Kerberos package returns one status for every failed logon.
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(RunningUnderWine()
                                     ? "check the user name, the realm and "
                                       "the password"
                                     : internal::kHintPassword),
                       ErrorReason::kWrongPassword));
}

// The same code on both backends: a failed logon. Only the hint differs
// where the backend can tell an unknown user from a wrong password.
TEST_F(CredentialTest, UnknownUserIsUnauthenticated) {
  CredentialOptions options;
  options.principal = "nobody@" + Env().realm;
  options.password = Secret("whatever-1");
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  // Wine's Kerberos package returns one status for every failed logon.
  EXPECT_THAT(credential,
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(RunningUnderWine()
                                     ? "check the user name, the realm and "
                                       "the password"
                                     : internal::kHintUserName),
                       RunningUnderWine() ? ErrorReason::kWrongPassword
                                          : ErrorReason::kUnknownUser));
}

TEST_F(CredentialTest, AcceptorFromTheDefaultKeytab) {
  absl::StatusOr<Credential> credential = ServerCredential();
  ASSERT_OK(credential);
  EXPECT_EQ(credential->usage(), Usage::kAccept);
  absl::StatusOr<absl::Time> expiry = credential->Expiry();
  ASSERT_OK(expiry);
  EXPECT_EQ(*expiry, absl::InfiniteFuture());
}

TEST_F(CredentialTest, InconsistentOptionsAreRejectedBeforeAnyNativeCall) {
  ResetNativeCallCount();
  CredentialOptions no_mechanisms;
  no_mechanisms.mechanisms.clear();
  EXPECT_THAT(Credential::Acquire(no_mechanisms),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("mechanisms is empty"),
                       ErrorReason::kInvalidArgument));

  CredentialOptions acceptor_password;
  acceptor_password.usage = Usage::kAccept;
  acceptor_password.replay_cache = kTestReplayCache;
  acceptor_password.principal = "HTTP@localhost";
  acceptor_password.password = Secret("x");
  EXPECT_THAT(Credential::Acquire(acceptor_password),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("only acquire an initiator credential"),
                       ErrorReason::kInvalidArgument));

  CredentialOptions password_without_user;
  password_without_user.password = Secret("x");
  EXPECT_THAT(Credential::Acquire(password_without_user),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("needs CredentialOptions.principal"),
                       ErrorReason::kInvalidArgument));

  CredentialOptions empty_password;
  empty_password.principal = Env().user_principal;
  empty_password.password = Secret("");
  EXPECT_THAT(
      Credential::Acquire(empty_password),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("password is empty"), ErrorReason::kInvalidArgument));

  CredentialOptions initiator_keytab;
  initiator_keytab.keytab = "FILE:/nonexistent";
  EXPECT_THAT(Credential::Acquire(initiator_keytab),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("use client_keytab for an initiator"),
                       ErrorReason::kInvalidArgument));
  EXPECT_EQ(NativeCallCount(), 0);
}

TEST_F(CredentialTest, SecretWipesItselfAndMovesWithoutCopies) {
  Secret secret("hunter2-and-more-than-the-small-string-buffer");
  Secret moved(std::move(secret));
  EXPECT_TRUE(secret.view().empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.view(), "hunter2-and-more-than-the-small-string-buffer");
  Secret copy = moved;
  moved.Wipe();
  EXPECT_TRUE(moved.view().empty());
  EXPECT_EQ(copy.view(), "hunter2-and-more-than-the-small-string-buffer");
}

TEST_F(CredentialTest, ReleaseOfTheOnlyCopyReleasesNow) {
  absl::StatusOr<Credential> credential = PasswordCredential(StoreMechanisms());
  ASSERT_OK(credential);
  EXPECT_GT(OutstandingHandles(), 0);
  absl::StatusOr<ReleaseOutcome> released = credential->Release();
  ASSERT_OK(released);
  EXPECT_EQ(*released, ReleaseOutcome::kReleased);
  EXPECT_EQ(OutstandingHandles(), 0) << OutstandingSummary();
  EXPECT_TRUE(credential->empty());
  EXPECT_THAT(
      credential->Release(),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("Credential is empty"), ErrorReason::kWrongState));
  EXPECT_THAT(
      credential->Principal(),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("Credential is empty"), ErrorReason::kWrongState));
}

TEST_F(CredentialTest, ReleaseIsDeferredWhileACopyLives) {
  absl::StatusOr<Credential> credential = PasswordCredential(StoreMechanisms());
  ASSERT_OK(credential);
  Credential copy = *credential;
  absl::StatusOr<ReleaseOutcome> first = credential->Release();
  ASSERT_OK(first);
  EXPECT_EQ(*first, ReleaseOutcome::kDeferred);
  EXPECT_GT(OutstandingHandles(), 0);
  absl::StatusOr<std::string> principal = copy.Principal();
  ASSERT_OK(principal);
  absl::StatusOr<ReleaseOutcome> last = copy.Release();
  ASSERT_OK(last);
  EXPECT_EQ(*last, ReleaseOutcome::kReleased);
  EXPECT_EQ(OutstandingHandles(), 0) << OutstandingSummary();
}

TEST_F(CredentialTest, ReleaseIsDeferredToTheLastSession) {
  absl::StatusOr<Credential> client_credential = ClientCredential();
  ASSERT_OK(client_credential);
  absl::StatusOr<Credential> server_credential = ServerCredential();
  ASSERT_OK(server_credential);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*client_credential, ToService());
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(*server_credential);
  ASSERT_OK(server);

  absl::StatusOr<ReleaseOutcome> client_release = client_credential->Release();
  ASSERT_OK(client_release);
  EXPECT_EQ(*client_release, ReleaseOutcome::kDeferred);
  absl::StatusOr<ReleaseOutcome> server_release = server_credential->Release();
  ASSERT_OK(server_release);
  EXPECT_EQ(*server_release, ReleaseOutcome::kDeferred);

  // The sessions still work on the released handles' native credentials.
  ASSERT_OK(Handshake(*client, *server));
  const int during = OutstandingHandles();
  EXPECT_GT(during, 0);
  ASSERT_OK(client->End());
  ASSERT_OK(server->End());
  EXPECT_EQ(OutstandingHandles(), 0) << OutstandingSummary();
}

#if CROSSAUTH_TEST_BACKEND_SSPI
TEST_F(CredentialTest, FileSourcesAreUnimplementedOnWindows) {
  CredentialOptions ccache;
  ccache.ccache = "FILE:/tmp/x";
  EXPECT_THAT(Credential::Acquire(ccache),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("SSPI"),
                       ErrorReason::kUnsupported));
  CredentialOptions client_keytab;
  client_keytab.client_keytab = Env().user_keytab;
  EXPECT_THAT(Credential::Acquire(client_keytab),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("SSPI"),
                       ErrorReason::kUnsupported));
  CredentialOptions keytab;
  keytab.usage = Usage::kAccept;
  keytab.replay_cache = kTestReplayCache;
  keytab.keytab = "FILE:/tmp/x";
  EXPECT_THAT(Credential::Acquire(keytab),
              StatusIs(absl::StatusCode::kUnimplemented, HasSubstr("SSPI"),
                       ErrorReason::kUnsupported));
  absl::StatusOr<Credential> logon = ClientCredential();
  ASSERT_OK(logon);
  EXPECT_THAT(
      logon->StoreInto("FILE:/tmp/x"),
      StatusIs(absl::StatusCode::kUnimplemented,
               HasSubstr("no credential caches"), ErrorReason::kUnsupported));
}
#else
TEST_F(CredentialTest, ExplicitCredentialCache) {
  CredentialOptions options;
  options.mechanisms = StoreMechanisms();
  options.ccache = Env().ccache;
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  ASSERT_OK(credential);
  absl::StatusOr<std::string> principal = credential->Principal();
  ASSERT_OK(principal);
  EXPECT_EQ(*principal, Env().user_principal);
}

// A principal asked for with a cache that holds another one's tickets: MIT
// refuses it itself; with Heimdal, crossauth checks it (README, Heimdal).
TEST_F(CredentialTest, CredentialCacheOfAnotherPrincipalIsRefused) {
  CredentialOptions options;
  options.mechanisms = StoreMechanisms();
  options.ccache = Env().ccache;
  options.principal = absl::StrCat(kOtherUser, "@", Env().realm);
  EXPECT_THAT(
      Credential::Acquire(options),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr("KG_CCACHE_NOMATCH"), ErrorReason::kNoCredential));
}

TEST_F(CredentialTest, MissingCredentialCacheIsUnauthenticated) {
  CredentialOptions options;
  options.mechanisms = StoreMechanisms();
  options.ccache = "FILE:" + Env().dir + "/no-such-ccache";
  EXPECT_THAT(
      Credential::Acquire(options),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr(internal::kHintNoTicket), ErrorReason::kNoCredential));
}

TEST_F(CredentialTest, ClientKeytabWithoutKinit) {
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.client_keytab = Env().user_keytab;
  options.ccache = "MEMORY:crossauth-client-keytab-test";
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Heimdal 7.8 has no call that gets tickets from a client keytab.
  EXPECT_THAT(credential, StatusIs(absl::StatusCode::kUnimplemented,
                                   ::testing::Eq(kHeimdalNoClientKeytab),
                                   ErrorReason::kUnsupported));
  return;
#endif
  ASSERT_OK(credential);
  absl::StatusOr<std::string> principal = credential->Principal();
  ASSERT_OK(principal);
  EXPECT_EQ(*principal, Env().user_principal);
  // The session gets its tickets from the keytab.
  absl::StatusOr<Credential> server = ServerCredential();
  ASSERT_OK(server);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*credential, ToService());
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> accept = ServerSession::Start(*server);
  ASSERT_OK(accept);
  ASSERT_OK(Handshake(*client, *accept));
  absl::StatusOr<SessionInfo> info = accept->Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->peer_principal, Env().user_principal);
}

TEST_F(CredentialTest, AcceptorKeytabPerCredential) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.replay_cache = kTestReplayCache;
  options.mechanisms = StoreMechanisms();
  options.principal = "HTTP@localhost";
  options.keytab = Env().service_keytab;
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  ASSERT_OK(credential);
  absl::StatusOr<std::string> principal = credential->Principal();
  ASSERT_OK(principal);
  EXPECT_EQ(*principal, Env().service_principal);
}

TEST_F(CredentialTest, AcceptorPrincipalMissingFromKeytabIsNotFound) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.replay_cache = kTestReplayCache;
  options.mechanisms = StoreMechanisms();
  options.principal = "HTTP@localhost";
  options.keytab = Env().user_keytab;  // holds alice only
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr(internal::kHintMissingKeytabEntry),
                       ErrorReason::kMissingKeytabEntry));
}

TEST_F(CredentialTest, AcceptorKeytabFileMissingIsNotFound) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.replay_cache = kTestReplayCache;
  options.mechanisms = StoreMechanisms();
  options.keytab = "FILE:" + Env().dir + "/no-such.keytab";
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  EXPECT_THAT(credential, StatusIs(absl::StatusCode::kNotFound,
                                   HasSubstr("gss_acquire_cred_from"),
                                   ErrorReason::kMissingKeytab));
}

#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
TEST_F(CredentialTest, NegotiateFromAStoreIsUnimplementedOnHeimdal) {
  const std::string refusal =
      "gss_acquire_cred_from: Heimdal 7.8 has no Negotiate credential from a "
      "given ccache, keytab or password: its SPNEGO takes its credential only "
      "from the environment's defaults (KRB5CCNAME, KRB5_KTNAME), not from "
      "gss_krb5_import_cred or gss_acquire_cred_with_password";
  CredentialOptions ccache;
  ccache.ccache = Env().ccache;
  EXPECT_THAT(Credential::Acquire(ccache),
              StatusIs(absl::StatusCode::kUnimplemented, ::testing::Eq(refusal),
                       ErrorReason::kUnsupported));
  CredentialOptions keytab;
  keytab.usage = Usage::kAccept;
  keytab.replay_cache = kTestReplayCache;
  keytab.keytab = Env().service_keytab;
  EXPECT_THAT(Credential::Acquire(keytab),
              StatusIs(absl::StatusCode::kUnimplemented, ::testing::Eq(refusal),
                       ErrorReason::kUnsupported));
  EXPECT_THAT(PasswordCredential(),
              StatusIs(absl::StatusCode::kUnimplemented, ::testing::Eq(refusal),
                       ErrorReason::kUnsupported));
}
#endif
#endif

}  // namespace
}  // namespace test
}  // namespace crossauth
