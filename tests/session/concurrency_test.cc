// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// One session used from two threads at once is refused, and a move or a
// destruction meanwhile is safe; a credential renews from its client keytab
// without blocking readers, once. No timing: a CallGate holds one thread
// inside a native call while the test acts from another.

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
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

using ::testing::HasSubstr;

class ConcurrencyTest : public SeamTest {};

auto InUse() {
  return StatusIs(absl::StatusCode::kFailedPrecondition,
                  HasSubstr("used from two threads at once"),
                  ErrorReason::kWrongState);
}

TEST_F(ConcurrencyTest, EveryCallIsRefusedWhileAnotherThreadIsInOne) {
  absl::StatusOr<SessionPair> pair = Connect();
  ASSERT_OK(pair);
  absl::StatusOr<std::vector<uint8_t>> sealed =
      pair->server.Wrap(Bytes("to the client"));
  ASSERT_OK(sealed);
  absl::StatusOr<std::vector<uint8_t>> mic =
      pair->server.GetMic(Bytes("signed"));
  ASSERT_OK(mic);

  absl::StatusOr<std::vector<uint8_t>> held;
  {
    CallGate gate;
    std::thread caller([&] { held = pair->client.Wrap(Bytes("held")); });
    const bool in_call = gate.WaitUntilHeld();
    EXPECT_TRUE(in_call) << "Wrap() made no native call";
    if (in_call) {
      ClientSession& client = pair->client;
      EXPECT_THAT(client.Step(Bytes("x")), InUse());
      EXPECT_THAT(client.Info(), InUse());
      EXPECT_THAT(client.Wrap(Bytes("second")), InUse());
      EXPECT_THAT(client.Unwrap(*sealed), InUse());
      EXPECT_THAT(client.GetMic(Bytes("m")), InUse());
      EXPECT_THAT(client.VerifyMic(Bytes("signed"), *mic), InUse());
      EXPECT_THAT(client.End(), InUse());
    }
    gate.Open();
    caller.join();
  }
  ASSERT_OK(held);
  // The refused calls did nothing: End() did not end the session, and the
  // refused Unwrap() and VerifyMic() consumed no sequence number.
  absl::StatusOr<UnwrappedMessage> opened = pair->client.Unwrap(*sealed);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, Bytes("to the client"));
  EXPECT_OK(pair->client.VerifyMic(Bytes("signed"), *mic));
  absl::StatusOr<UnwrappedMessage> at_server = pair->server.Unwrap(*held);
  ASSERT_OK(at_server);
  EXPECT_EQ(at_server->message, Bytes("held"));
}

TEST_F(ConcurrencyTest, ServerCallsAreRefusedWhileAnotherThreadIsInOne) {
  absl::StatusOr<SessionPair> pair = Connect();
  ASSERT_OK(pair);
  absl::StatusOr<std::vector<uint8_t>> held;
  {
    CallGate gate;
    std::thread caller([&] { held = pair->server.Wrap(Bytes("held")); });
    ASSERT_TRUE(gate.WaitUntilHeld());
    EXPECT_THAT(pair->server.Step(Bytes("x")), InUse());
    EXPECT_THAT(pair->server.DelegatedCredential(), InUse());
    EXPECT_THAT(pair->server.End(), InUse());
    gate.Open();
    caller.join();
  }
  ASSERT_OK(held);
  EXPECT_OK(pair->client.Unwrap(*held).status());
}

TEST_F(ConcurrencyTest, MovingASessionDuringACallIsSafe) {
  absl::StatusOr<SessionPair> pair = Connect();
  ASSERT_OK(pair);
  absl::StatusOr<std::vector<uint8_t>> held;
  std::optional<ClientSession> moved;
  {
    CallGate gate;
    std::thread caller([&] { held = pair->client.Wrap(Bytes("held")); });
    ASSERT_TRUE(gate.WaitUntilHeld());
    moved.emplace(std::move(pair->client));
    EXPECT_THAT(pair->client.Wrap(Bytes("x")),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("moved from"), ErrorReason::kWrongState));
    // The call in progress now belongs to the moved-to session.
    EXPECT_THAT(moved->Wrap(Bytes("x")), InUse());
    gate.Open();
    caller.join();
  }
  ASSERT_OK(held);
  absl::StatusOr<UnwrappedMessage> at_server = pair->server.Unwrap(*held);
  ASSERT_OK(at_server);
  EXPECT_EQ(at_server->message, Bytes("held"));
  absl::StatusOr<std::vector<uint8_t>> after = moved->Wrap(Bytes("after"));
  ASSERT_OK(after);
  EXPECT_OK(pair->server.Unwrap(*after).status());
}

TEST_F(ConcurrencyTest, DestroyingASessionDuringACallWaitsForTheCall) {
  absl::StatusOr<SessionPair> pair = Connect();
  ASSERT_OK(pair);
  std::optional<ClientSession> client(std::move(pair->client));
  absl::StatusOr<std::vector<uint8_t>> held;
  {
    CallGate gate;
    std::thread caller([&] { held = client->Wrap(Bytes("held")); });
    ASSERT_TRUE(gate.WaitUntilHeld());
    absl::Notification destroyed;
    std::thread destroyer([&] {
      client.reset();
      destroyed.Notify();
    });
    // The destructor cannot finish while the call is held (a pass never
    // depends on this wait; it only lets a missing wait show).
    EXPECT_FALSE(
        destroyed.WaitForNotificationWithTimeout(absl::Milliseconds(100)));
    gate.Open();
    caller.join();
    destroyer.join();
  }
  // The call finished on a live context, and the context was deleted after
  // it (the fixture checks that no native handle is left).
  ASSERT_OK(held);
  EXPECT_OK(pair->server.Unwrap(*held).status());
}

// Sets the renewal margin for one test.
class RenewMargin {
 public:
  explicit RenewMargin(absl::Duration margin) {
    internal::SetRenewMarginForTesting(margin);
  }
  ~RenewMargin() { internal::SetRenewMarginForTesting(absl::Seconds(30)); }
};

TEST_F(ConcurrencyTest, RenewalBlocksNoReaderAndNoSessionOnAValidCredential) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  GTEST_SKIP() << "SSPI has no client keytab (CredentialOptions."
                  "client_keytab is Unimplemented there)";
#else
  // Longer than the realm's 10-hour tickets: every session start renews,
  // while the current credential is still valid.
  RenewMargin margin(absl::Hours(11));
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.client_keytab = Env().user_keytab;
  options.ccache = "MEMORY:crossauth-concurrency-renewal";
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

  absl::StatusOr<ClientSession> renewing;
  absl::StatusOr<std::string> principal;
  absl::StatusOr<absl::Time> expiry;
  absl::StatusOr<ClientSession> meanwhile;
  {
    CallGate gate("gss_acquire_cred_from");
    std::thread renewer([&] {
      renewing = ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
    });
    const bool in_renewal = gate.WaitUntilHeld();
    EXPECT_TRUE(in_renewal) << "the session start did not renew";
    // Bounded, so that a blocked reader fails the test instead of hanging.
    absl::Notification read;
    std::thread reader([&] {
      principal = alice->Principal();
      expiry = alice->Expiry();
      meanwhile = ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
      read.Notify();
    });
    EXPECT_TRUE(read.WaitForNotificationWithTimeout(absl::Seconds(60)))
        << "Principal(), Expiry() or ClientSession::Start() waited for the "
           "renewal";
    gate.Open();
    renewer.join();
    reader.join();
    // One renewal, though two sessions started.
    EXPECT_EQ(gate.Count("gss_acquire_cred_from"), 1);
  }
  EXPECT_THAT(principal,
              ::testing::Eq(absl::StatusOr<std::string>(Env().user_principal)));
  ASSERT_OK(expiry);
  EXPECT_GT(*expiry, absl::Now());
  ASSERT_OK(renewing);
  ASSERT_OK(meanwhile);
  for (ClientSession* client : {&*renewing, &*meanwhile}) {
    absl::StatusOr<ServerSession> server = ServerSession::Start(*service);
    ASSERT_OK(server);
    EXPECT_OK(Handshake(*client, *server));
  }
#endif
}

}  // namespace
}  // namespace test
}  // namespace crossauth
