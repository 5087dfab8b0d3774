// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Fails every native call of a full session in turn (acquire both
// credentials, the handshake, Info, wrap/unwrap and MIC both ways, End) and
// checks that each failure surfaces as its own specific error and leaks
// nothing.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/native_seam.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

absl::Status FullSession(Mechanism mechanism) {
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Heimdal 7.8's SPNEGO takes no password (README, Heimdal): its Negotiate
  // initiator comes from the default ccache.
  absl::StatusOr<Credential> client_credential =
      mechanism == Mechanism::kNegotiate ? ClientCredential({mechanism})
                                         : PasswordCredential({mechanism});
#else
  absl::StatusOr<Credential> client_credential =
      PasswordCredential({mechanism});
#endif
  if (!client_credential.ok()) return client_credential.status();
  absl::StatusOr<std::string> principal = client_credential->Principal();
  if (!principal.ok()) return principal.status();
  absl::StatusOr<Credential> server_credential = ServerCredential({mechanism});
  if (!server_credential.ok()) return server_credential.status();
  ClientOptions options = ToService(mechanism);
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*client_credential, options);
  if (!client.ok()) return client.status();
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(*server_credential);
  if (!server.ok()) return server.status();
  if (absl::Status s = Handshake(*client, *server); !s.ok()) return s;
  absl::StatusOr<SessionInfo> info = server->Info();
  if (!info.ok()) return info.status();
  absl::StatusOr<std::vector<uint8_t>> sealed = client->Wrap(Bytes("ping"));
  if (!sealed.ok()) return sealed.status();
  absl::StatusOr<UnwrappedMessage> opened = server->Unwrap(*sealed);
  if (!opened.ok()) return opened.status();
  absl::StatusOr<std::vector<uint8_t>> mic = server->GetMic(Bytes("pong"));
  if (!mic.ok()) return mic.status();
  if (absl::Status s = client->VerifyMic(Bytes("pong"), *mic); !s.ok()) {
    return s;
  }
  if (absl::Status s = client->End(); !s.ok()) return s;
  return server->End();
}

class FaultInjectionTest : public SeamTest,
                           public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, FaultInjectionTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(FaultInjectionTest, EveryNativeCallFailsCleanly) {
  ResetNativeCallCount();
  ASSERT_OK(FullSession(GetParam()));
  const int calls = NativeCallCount();
  ASSERT_GT(calls, 10);
  ASSERT_EQ(OutstandingHandles(), 0) << OutstandingSummary();

  for (int n = 1; n <= calls; ++n) {
    FailNthCall(n);
    absl::Status status = FullSession(GetParam());
    const std::string injected = InjectedCall();
    ASSERT_FALSE(injected.empty()) << "call " << n << " was never made";
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kResourceExhausted,
                                 HasSubstr(injected)))
        << "failing call " << n << " (" << injected << ")";
    EXPECT_EQ(OutstandingHandles(), 0)
        << "failing call " << n << " (" << injected
        << ") leaked: " << OutstandingSummary();
  }
  FailNthCall(0);
}

}  // namespace
}  // namespace test
}  // namespace crossauth
