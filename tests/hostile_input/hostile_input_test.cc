// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Hostile bytes in names, paths, targets and secrets, and in what a peer
// sends: a NUL inside a caller's string is refused before any native call
// could read only the part before it, and a peer's control bytes never reach
// an error message raw. The same source runs on GSS-API and (under Wine) on
// SSPI.

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "crossauth/credential.h"
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
using ::testing::Not;

// `text` followed by a NUL and `tail`.
std::string WithNul(absl::string_view text, absl::string_view tail) {
  std::string out(text);
  out.push_back('\0');
  out.append(tail.data(), tail.size());
  return out;
}

// True when `text` holds a byte a terminal or a log reader would act on.
bool HasControlBytes(absl::string_view text) {
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

class HostileInputTest : public SeamTest {};

// Before the NUL check, the password's first part authenticated.
TEST_F(HostileInputTest, PasswordWithNulIsRefusedWithoutShowingIt) {
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.password = Secret(WithNul(kUserPassword, "anything"));
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  EXPECT_THAT(credential,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("CredentialOptions.password contains a NUL "
                                 "byte"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(std::string(credential.status().message()),
              Not(HasSubstr(kUserPassword)));
  EXPECT_THAT(std::string(credential.status().message()),
              Not(HasSubstr("anything")));
}

// Before: acquired as alice@REALM.
TEST_F(HostileInputTest, PrincipalWithNulIsRefused) {
  CredentialOptions options;
  options.principal = WithNul(kUser, "@EVIL.REALM");
  options.password = Secret(kUserPassword);
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("CredentialOptions.principal contains a NUL "
                                 "byte"),
                       ErrorReason::kInvalidArgument));
  // From the credential cache too.
  options.password.reset();
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("CredentialOptions.principal contains a NUL "
                                 "byte"),
                       ErrorReason::kInvalidArgument));
}

// Before: an acceptor for HTTP@localhost.
TEST_F(HostileInputTest, AcceptorNameWithNulIsRefused) {
  CredentialOptions options;
  options.usage = Usage::kAccept;
  options.replay_cache = kTestReplayCache;
  options.principal = WithNul("HTTP@localhost", "evil");
  EXPECT_THAT(Credential::Acquire(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("CredentialOptions.principal contains a NUL "
                                 "byte"),
                       ErrorReason::kInvalidArgument));
}

// Before: the part before the NUL named the file used. (SSPI has no
// per-credential ccache, but the NUL is refused first on every backend.)
TEST_F(HostileInputTest, FilePathsWithNulAreRefused) {
  CredentialOptions ccache;
  ccache.ccache = WithNul(Env().ccache, ".other");
  EXPECT_THAT(Credential::Acquire(ccache),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("CredentialOptions.ccache contains a NUL "
                                 "byte"),
                       ErrorReason::kInvalidArgument));

  CredentialOptions keytab;
  keytab.usage = Usage::kAccept;
  keytab.replay_cache = kTestReplayCache;
  keytab.keytab = WithNul(Env().service_keytab, ".other");
  EXPECT_THAT(Credential::Acquire(keytab),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("CredentialOptions.keytab contains a NUL "
                                 "byte"),
                       ErrorReason::kInvalidArgument));

  CredentialOptions client_keytab;
  client_keytab.principal = Env().user_principal;
  client_keytab.client_keytab = WithNul(Env().user_keytab, ".other");
  EXPECT_THAT(Credential::Acquire(client_keytab),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("CredentialOptions.client_keytab contains a "
                                 "NUL byte"),
                       ErrorReason::kInvalidArgument));
}

// Before: the credential was stored into ".../stored".
TEST_F(HostileInputTest, StoreIntoPathWithNulIsRefused) {
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Heimdal 7.8's SPNEGO takes no password (README, Heimdal).
  absl::StatusOr<Credential> credential =
      PasswordCredential({Mechanism::kKerberos});
#else
  absl::StatusOr<Credential> credential = PasswordCredential();
#endif
  ASSERT_OK(credential);
  const std::string stored = absl::StrCat(Env().dir, "/stored");
  EXPECT_THAT(
      credential->StoreInto(WithNul(absl::StrCat("FILE:", stored), ".x")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("Credential::StoreInto(): the credential cache name "
                         "contains a NUL byte"),
               ErrorReason::kInvalidArgument));
  if (!RunningUnderWine()) {  // a POSIX path
    EXPECT_FALSE(std::ifstream(stored).good()) << stored << " was written";
  }
}

TEST_F(HostileInputTest, TargetWithNulIsRefused) {
  absl::StatusOr<Credential> credential = ClientCredential();
  ASSERT_OK(credential);
  ClientOptions options = ToService();
  options.target = WithNul(Env().target, "evil");
  EXPECT_THAT(ClientSession::Start(*credential, options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ClientOptions.target contains a NUL byte"),
                       ErrorReason::kInvalidArgument));
}

// A ticket's service name travels in the clear (only the ticket's enc-part
// is sealed), so a peer can put any bytes there. A real AP-REQ for
// host/localhost, its service renamed to ESC [ CR LF, reaches an acceptor
// for HTTP/localhost: no key of it decrypts the ticket, and MIT's error text
// quotes the ticket's server, "\x1b[\r\n/localhost@REALM not found in
// keytab". (A ticket that one of the acceptor's keys decrypts is accepted
// whatever its clear name says.)
TEST_F(HostileInputTest, PeerBytesInATicketReachNoErrorMessageRaw) {
  absl::StatusOr<Credential> client_credential =
      ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(client_credential);
  CredentialOptions acceptor;
  acceptor.usage = Usage::kAccept;
  acceptor.replay_cache = kTestReplayCache;
  acceptor.principal = absl::StrCat(kService, "@", kHost);
  acceptor.mechanisms = {Mechanism::kKerberos};
  absl::StatusOr<Credential> server_credential = Credential::Acquire(acceptor);
  ASSERT_OK(server_credential);
  ClientOptions to_host = ToService(Mechanism::kKerberos);
  to_host.target = absl::StrCat(kOtherService, "@", kHost);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*client_credential, to_host);
  ASSERT_OK(client);
  absl::StatusOr<StepResult> first = client->Step({});
  ASSERT_OK(first);
  // The sname's first component: GeneralString (0x1b), length 4, "host".
  const std::vector<uint8_t> kServiceName = {0x1b, 0x04, 'h', 'o', 's', 't'};
  std::vector<uint8_t> token = first->token;
  auto at = std::search(token.begin(), token.end(), kServiceName.begin(),
                        kServiceName.end());
  ASSERT_NE(at, token.end()) << "no clear service name in the AP-REQ";
  const uint8_t kHostile[] = {0x1b, '[', '\r', '\n'};
  std::copy(std::begin(kHostile), std::end(kHostile), at + 2);

  absl::StatusOr<ServerSession> server =
      ServerSession::Start(*server_credential);
  ASSERT_OK(server);
  absl::StatusOr<StepResult> step = server->Step(token);
  ASSERT_FALSE(step.ok());
  const std::string message(step.status().message());
  EXPECT_FALSE(HasControlBytes(message)) << absl::CHexEscape(message);
  std::optional<NativeError> native = GetNativeError(step.status());
  ASSERT_TRUE(native.has_value());
  EXPECT_FALSE(HasControlBytes(native->text)) << absl::CHexEscape(native->text);
  EXPECT_FALSE(HasControlBytes(native->hint)) << absl::CHexEscape(native->hint);
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Heimdal 7.8 decrypts the ticket with the acceptor's own key and never
  // names the ticket's server (README, Heimdal).
  EXPECT_THAT(step, StatusIs(absl::StatusCode::kUnauthenticated,
                             HasSubstr("(KRB_AP_ERR_BAD_INTEGRITY)"),
                             ErrorReason::kTamperedMessage));
  return;
#endif
  if (!RunningUnderWine()) {
    // MIT names the ticket's server: shown escaped.
    EXPECT_THAT(step, StatusIs(absl::StatusCode::kNotFound,
                               HasSubstr("Request ticket server "
                                         "\\x1b[\\r\\n/localhost@"),
                               ErrorReason::kMissingKeytabEntry));
    EXPECT_THAT(native->text, HasSubstr("\\x1b[\\r\\n/localhost@"));
  }
}

}  // namespace
}  // namespace test
}  // namespace crossauth
