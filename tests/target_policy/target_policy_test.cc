// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Host canonicalization with names the test controls, on both backends. CTest
// runs this suite in a private mount namespace whose /etc/hosts says
//   127.0.0.1 webcanon.test webalias
// and in a realm that has HTTP/webcanon.test but no HTTP/webalias. Under
// Wine the process resolves through the same /etc/hosts (Wine's getaddrinfo
// is the host's), but its SSPI reports no principal names and an unknown
// service as SEC_E_INTERNAL_ERROR; the handshake with webcanon.test's key
// still proves which principal was used.

#include <optional>
#include <string>

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

class TargetPolicyTest : public SeamTest {
 protected:
  absl::Status Connect(const ClientOptions& options, SessionInfo* info) {
    absl::StatusOr<Credential> alice = ClientCredential();
    if (!alice.ok()) return alice.status();
    absl::StatusOr<Credential> service = ServerCredential();
    if (!service.ok()) return service.status();
    absl::StatusOr<SessionPair> pair = ConnectWith(*alice, *service, options);
    if (!pair.ok()) return pair.status();
    absl::StatusOr<SessionInfo> got = pair->client.Info();
    if (!got.ok()) return got.status();
    *info = *got;
    return absl::OkStatus();
  }
};

// The principal the client asked for: "HTTP/webcanon.test@REALM" on
// GSS-API; the SPN "HTTP/webcanon.test" on SSPI.
std::string Principal(const std::string& spn) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  return spn;
#else
  return spn + "@" + Env().realm;
#endif
}

// What Info() names as the peer: under Wine nothing (no SECPKG_ATTR_NAMES).
std::optional<std::string> PeerName(const std::string& spn) {
  if (RunningUnderWine()) return std::nullopt;
  return spn + "@" + Env().realm;
}

// The code of an unknown service: NotFound, except under Wine, whose
// kerberos.dll says SEC_E_INTERNAL_ERROR.
absl::StatusCode UnknownServiceCode() {
  return RunningUnderWine() ? absl::StatusCode::kInternal
                            : absl::StatusCode::kNotFound;
}

// Its reason: an unknown service principal, or kOther for Wine's
// SEC_E_INTERNAL_ERROR.
ErrorReason UnknownServiceReason() {
  return RunningUnderWine() ? ErrorReason::kOther
                            : ErrorReason::kUnknownServicePrincipal;
}

TEST_F(TargetPolicyTest, ForwardDnsFollowsTheAliasToTheCanonicalName) {
  ClientOptions options = ToService();
  options.target = "HTTP@webalias";
  options.canonicalization = HostCanonicalization::kForwardDns;
  SessionInfo info;
  // Only HTTP/webcanon.test exists: success proves the canonical name.
  ASSERT_OK(Connect(options, &info));
  EXPECT_EQ(info.peer_principal, PeerName("HTTP/webcanon.test"));
}

TEST_F(TargetPolicyTest, NoCanonicalizationUsesTheNameAsWritten) {
  ClientOptions options = ToService();
  options.target = "HTTP@webalias";
  SessionInfo info;
  EXPECT_THAT(
      Connect(options, &info),
      StatusIs(UnknownServiceCode(),
               HasSubstr("target principal " + Principal("HTTP/webalias")),
               UnknownServiceReason()));
  options.target = "HTTP@WebCanon.Test";
  ASSERT_OK(Connect(options, &info));
  EXPECT_EQ(info.peer_principal, PeerName("HTTP/webcanon.test"));
}

TEST_F(TargetPolicyTest, ForwardDnsFailureIsNotFoundWithAHint) {
  absl::StatusOr<Credential> alice = ClientCredential();
  ASSERT_OK(alice);
  ClientOptions options = ToService();
  options.target = "HTTP@no-such-host.invalid";
  options.canonicalization = HostCanonicalization::kForwardDns;
  EXPECT_THAT(ClientSession::Start(*alice, options),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("forward DNS lookup of "
                                 "\"no-such-host.invalid\" failed"),
                       ErrorReason::kUnknownHost));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
