// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// What only the GSS-API backend has: mechanisms missing from the library,
// expired tickets, and acceptor-side keytab checks.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/hints.h"
#include "backends/gssapi/gss_library.h"
#include "backends/gssapi/gss_oids.h"
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

using ::testing::AnyOf;
using ::testing::HasSubstr;

class GssBackendTest : public SeamTest {};

// The table installed before a test wrapped it, and its init_sec_context.
const internal::GssLibrary* wrapped_library = nullptr;

// init_sec_context that reports NTLM as the mechanism once the handshake
// completes: a library whose Negotiate slipped past the allow-list.
OM_uint32 InitReportingNtlm(OM_uint32* minor, gss_cred_id_t cred,
                            gss_ctx_id_t* context, gss_name_t target,
                            gss_OID mech, OM_uint32 flags, OM_uint32 time,
                            gss_channel_bindings_t bindings, gss_buffer_t input,
                            gss_OID* actual_mech, gss_buffer_t output,
                            OM_uint32* ret_flags, OM_uint32* ret_time) {
  OM_uint32 major = wrapped_library->init_sec_context(
      minor, cred, context, target, mech, flags, time, bindings, input,
      actual_mech, output, ret_flags, ret_time);
  if (major == GSS_S_COMPLETE && actual_mech != nullptr) {
    *actual_mech = internal::OidFor(Mechanism::kNtlm);
  }
  return major;
}

TEST_F(GssBackendTest, SessionRefusesNtlmThatIsNotOnTheAllowList) {
  // The client's credential, and so its sessions, use the wrapping table.
  wrapped_library = internal::CurrentGssProvider()->library;
  internal::GssLibrary library = *wrapped_library;
  library.init_sec_context = InitReportingNtlm;
  internal::SetGssLibraryForTesting(&library);
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
  internal::SetGssLibraryForTesting(wrapped_library);
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service = ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(service);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> server = ServerSession::Start(*service);
  ASSERT_OK(server);
  EXPECT_THAT(Handshake(*client, *server),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "gss_init_sec_context: Negotiate settled on NTLM, and "
                       "NTLM is not on the allow-list (add Mechanism::kNtlm "
                       "to allow it)",
                       ErrorReason::kMechanismRefused));
  EXPECT_FALSE(client->complete());
}

TEST_F(GssBackendTest, NtlmWithoutGssNtlmsspIsUnimplemented) {
  // The suite's GSS_MECH_CONFIG is empty, so no NTLM plug-in is loaded.
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.password = Secret(kUserPassword);
  options.mechanisms = {Mechanism::kNtlm};
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr(internal::kHintMechanismUnavailable),
                       ErrorReason::kUnsupported));
}

TEST_F(GssBackendTest, AnyServiceAcceptorHasNoSinglePrincipal) {
  absl::StatusOr<Credential> credential = ServerCredential();
  ASSERT_OK(credential);
  EXPECT_THAT(credential->Principal(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("accepts any service principal"),
                       ErrorReason::kWrongState));
}

TEST_F(GssBackendTest, MissingKeytabEntryOnAccept) {
  // An acceptor whose keytab (alice's) lacks HTTP/localhost.
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.replay_cache = kTestReplayCache;
  options.keytab = Env().user_keytab;
  absl::StatusOr<Credential> acceptor = Credential::Acquire(options);
  ASSERT_OK(acceptor);
  absl::StatusOr<Credential> initiator = ClientCredential();
  ASSERT_OK(initiator);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*initiator, ToService());
  ASSERT_OK(client);
  absl::StatusOr<StepResult> first = client->Step({});
  ASSERT_OK(first);
  absl::StatusOr<ServerSession> server = ServerSession::Start(*acceptor);
  ASSERT_OK(server);
  absl::StatusOr<StepResult> step = server->Step(first->token);
  EXPECT_THAT(step, StatusIs(absl::StatusCode::kNotFound,
                             HasSubstr(internal::kHintMissingKeytabEntry),
                             ErrorReason::kMissingKeytabEntry));
}

// kinit with `options` into a ccache of the test's own; the password
// goes to kinit's standard input.
absl::Status Kinit(const std::string& ccache, const std::string& options) {
  std::string command = absl::StrCat("kinit -c ", ccache, " ", options, " ",
                                     kUser, " >/dev/null");
  FILE* kinit = popen(command.c_str(), "w");
  if (kinit == nullptr) return absl::InternalError("popen(kinit) failed");
  std::fprintf(kinit, "%s\n", kUserPassword);
  int status = pclose(kinit);
  if (status != 0) {
    return absl::InternalError(absl::StrCat("kinit exited with ", status));
  }
  return absl::OkStatus();
}

TEST_F(GssBackendTest, ExpiredTicketIsUnauthenticatedWithTheExpiredHint) {
  const std::string ccache =
      absl::StrCat("FILE:", Env().dir, "/short-lived-ccache");
  ASSERT_OK(Kinit(ccache, "-l 2s"));
  absl::SleepFor(absl::Seconds(3));  // bounded: the ticket lives 2 s

  CredentialOptions options;
  options.ccache = ccache;
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  absl::Status failure = credential.status();
  if (credential.ok()) {
    // MIT may hand out the credential and fail at first use instead.
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*credential, ToService());
    ASSERT_OK(client);
    failure = client->Step({}).status();
  }
  EXPECT_THAT(failure, StatusIs(absl::StatusCode::kUnauthenticated,
                                HasSubstr(internal::kHintExpired),
                                ErrorReason::kExpired));
  EXPECT_THAT(failure.message(), HasSubstr("expired"));
}

// Runs one kadmin.local query against the suite's realm database.
absl::Status Kadmin(const std::string& query) {
  std::string command =
      absl::StrCat("kadmin.local -q \"", query, "\" >/dev/null 2>&1");
  int status = std::system(command.c_str());
  if (status != 0) {
    return absl::InternalError(absl::StrCat("kadmin.local exited ", status));
  }
  return absl::OkStatus();
}

TEST_F(GssBackendTest, ClientKeytabCredentialRenewsItself) {
  // dave's tickets live 4 s; only his keytab can get new ones.
  const std::string keytab = absl::StrCat(Env().dir, "/dave.keytab");
  ASSERT_OK(Kadmin("addprinc -randkey -maxlife \\\"4 seconds\\\" dave"));
  ASSERT_OK(Kadmin(absl::StrCat("ktadd -k ", keytab, " dave")));
  CredentialOptions options;
  options.principal = "dave@" + Env().realm;
  options.client_keytab = "FILE:" + keytab;
  options.ccache = "MEMORY:crossauth-renewal-test";
  absl::StatusOr<Credential> dave = Credential::Acquire(options);
  ASSERT_OK(dave);
  absl::StatusOr<Credential> service = ServerCredential();
  ASSERT_OK(service);

  absl::StatusOr<absl::Time> first_expiry = dave->Expiry();
  ASSERT_OK(first_expiry);
  EXPECT_LE(*first_expiry, absl::Now() + absl::Seconds(5));

  // No session before the tickets expire: MIT refreshes from the keytab once
  // past the halfway point and then not again for 30 s, which a busy machine
  // could otherwise turn into a second expiry within this short test.
  absl::SleepFor(absl::Seconds(5));  // bounded: past the 4 s lifetime
  // Only the first tickets are short: the renewal gets the realm's 10 hours,
  // so the handshake below has all the time a slow machine needs.
  ASSERT_OK(Kadmin("modprinc -maxlife \\\"10 hours\\\" dave"));
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*dave, ToService());
  ASSERT_OK(client);  // renewed here, from the keytab
  absl::StatusOr<ServerSession> server = ServerSession::Start(*service);
  ASSERT_OK(server);
  ASSERT_OK(Handshake(*client, *server));
  absl::StatusOr<SessionInfo> info = server->Info();
  ASSERT_OK(info);
  EXPECT_EQ(info->peer_principal, "dave@" + Env().realm);
  absl::StatusOr<absl::Time> second_expiry = dave->Expiry();
  ASSERT_OK(second_expiry);
  EXPECT_GT(*second_expiry, *first_expiry);
  EXPECT_GT(*second_expiry, absl::Now() + absl::Hours(9));
}

TEST_F(GssBackendTest, NonForwardableTicketDelegatesNothing) {
  const std::string ccache =
      absl::StrCat("FILE:", Env().dir, "/not-forwardable-ccache");
  ASSERT_OK(Kinit(ccache, "-F"));
  CredentialOptions options;
  options.ccache = ccache;
  absl::StatusOr<Credential> alice = Credential::Acquire(options);
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service = ServerCredential();
  ASSERT_OK(service);
  ClientOptions client_options = ToService();
  client_options.flags.delegate = true;  // asked for, but cannot happen
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*alice, client_options);
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> server = ServerSession::Start(*service);
  ASSERT_OK(server);
  ASSERT_OK(Handshake(*client, *server));
  absl::StatusOr<SessionInfo> info = client->Info();
  ASSERT_OK(info);
  EXPECT_FALSE(info->flags.delegate);
  EXPECT_THAT(server->DelegatedCredential(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("ticket is not forwardable"),
                       ErrorReason::kDelegationUnavailable));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
