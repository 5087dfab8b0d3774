// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A renewal in progress blocks no running session: while one thread is held
// inside the renewal's gss_acquire_cred_from (a CallGate, no timing), a
// session on the same credential still steps through its handshake, and an
// established one still wraps and unwraps.

#include <optional>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/core/credential_state.h"
#include "tests/support/call_gate.h"
#include "tests/support/expected.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

class RenewalRunningTest : public SeamTest {};

// Sets the renewal margin for one scope.
class RenewMargin {
 public:
  explicit RenewMargin(absl::Duration margin) {
    internal::SetRenewMarginForTesting(margin);
  }
  RenewMargin(const RenewMargin&) = delete;
  RenewMargin& operator=(const RenewMargin&) = delete;
  ~RenewMargin() { internal::SetRenewMarginForTesting(absl::Seconds(30)); }
};

TEST_F(RenewalRunningTest, StepWrapAndUnwrapRunWhileTheCredentialRenews) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  GTEST_SKIP() << "SSPI has no client keytab (CredentialOptions."
                  "client_keytab is Unimplemented there)";
#else
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.client_keytab = Env().user_keytab;
  options.ccache = "MEMORY:crossauth-renewal-running";
  options.mechanisms = {Mechanism::kKerberos};
  absl::StatusOr<Credential> alice = Credential::Acquire(options);
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Renewal needs a client keytab, which Heimdal 7.8 cannot use (README,
  // Heimdal).
  EXPECT_THAT(alice.status(), StatusIs(absl::StatusCode::kUnimplemented,
                                       ::testing::Eq(kHeimdalNoClientKeytab),
                                       ErrorReason::kUnsupported));
  return;
#endif
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service = ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(service);
  // Started before the renewal: one established pair, one client that has
  // not stepped yet.
  absl::StatusOr<SessionPair> established =
      ConnectWith(*alice, *service, ToService(Mechanism::kKerberos));
  ASSERT_OK(established);
  absl::StatusOr<ClientSession> stepping =
      ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
  ASSERT_OK(stepping);
  absl::StatusOr<ServerSession> stepping_server =
      ServerSession::Start(*service);
  ASSERT_OK(stepping_server);

  // Longer than the realm's 10-hour tickets: the next session start renews.
  RenewMargin margin(absl::Hours(11));
  absl::StatusOr<ClientSession> renewing;
  absl::Status handshake;
  absl::StatusOr<std::vector<uint8_t>> sealed;
  absl::StatusOr<UnwrappedMessage> opened;
  {
    CallGate gate("gss_acquire_cred_from");
    std::thread renewer([&] {
      renewing = ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
    });
    const bool in_renewal = gate.WaitUntilHeld();
    EXPECT_TRUE(in_renewal) << "the session start did not renew";
    // Bounded, so that a session blocked by the renewal fails the test
    // instead of hanging it.
    absl::Notification done;
    std::thread worker([&] {
      handshake = Handshake(*stepping, *stepping_server);
      sealed = established->client.Wrap(Bytes("during the renewal"));
      if (sealed.ok()) opened = established->server.Unwrap(*sealed);
      done.Notify();
    });
    EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(60)))
        << "Step(), Wrap() or Unwrap() waited for the renewal";
    gate.Open();
    renewer.join();
    worker.join();
    EXPECT_EQ(gate.Count("gss_acquire_cred_from"), 1);
  }
  EXPECT_OK(handshake);
  ASSERT_OK(sealed);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, Bytes("during the renewal"));
  // The renewed credential works too.
  ASSERT_OK(renewing);
  absl::StatusOr<ServerSession> server = ServerSession::Start(*service);
  ASSERT_OK(server);
  EXPECT_OK(Handshake(*renewing, *server));
#endif
}

}  // namespace
}  // namespace test
}  // namespace crossauth
