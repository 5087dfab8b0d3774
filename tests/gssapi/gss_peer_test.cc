// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ServerSession::PeerIdentity() on GSS-API with the PAC the library hands
// over replaced (the realm's MIT KDC issues no logon information): a
// verified PAC's SIDs come out in order, an unverified one is ignored, a
// malformed one is InvalidArgument/kMalformedToken, and the library's
// failures (gss_get_name_attribute, gss_localname) come back without a
// leaked handle. The real Active Directory PAC is tested against the
// TestDomain (tests/domain/test_domain_test.cc, ServerSeesTheUsersGroups).

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/pac/logon_info_writer.h"
#include "tests/support/handshake.h"
#include "tests/support/native_seam.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::crossauth::internal::pac_test::EncodedLogonInfo;
using ::crossauth::internal::pac_test::EncodeLogonInfo;
using ::crossauth::internal::pac_test::PacWith;
using ::crossauth::internal::pac_test::Put32At;
using ::crossauth::internal::pac_test::TwoGroupUser;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The table a test wrapped, and what its "urn:mspac:" attribute returns.
const internal::GssLibrary* wrapped_library = nullptr;
std::vector<uint8_t>* fake_pac = nullptr;
int fake_authenticated = 1;

// When set, "auth-indicators" has four values, the odd ones unauthenticated
// (or, with endless_indicators, it never ends).
bool fake_indicators = false;
bool endless_indicators = false;

OM_uint32 FakePacAttribute(OM_uint32* minor, gss_name_t name, gss_buffer_t attr,
                           int* authenticated, int* complete,
                           gss_buffer_t value, gss_buffer_t display_value,
                           int* more) {
  const std::string wanted(static_cast<const char*>(attr->value), attr->length);
  const bool pac = wanted == "urn:mspac:" && fake_pac != nullptr;
  const bool indicators = wanted == "auth-indicators" && fake_indicators;
  if (!pac && !indicators) {
    return wrapped_library->get_name_attribute(
        minor, name, attr, authenticated, complete, value, display_value, more);
  }
  // RFC 6680: *more is -1 on the first call, then what the last call left.
  const int index = *more < 0 ? 0 : *more;
  std::string text;
  if (pac) {
    text.assign(fake_pac->begin(), fake_pac->end());
    *authenticated = fake_authenticated;
    *more = 0;
  } else {
    text = absl::StrCat("indicator-", index);
    *authenticated = index % 2 == 0;
    *more = endless_indicators || index + 1 < 4 ? index + 1 : 0;
  }
  *minor = 0;
  // Released by the library's gss_release_buffer, which calls free().
  value->length = text.size();
  value->value = std::malloc(text.size());
  std::memcpy(value->value, text.data(), text.size());
  if (display_value != GSS_C_NO_BUFFER) *display_value = {0, nullptr};
  *complete = 1;
  return GSS_S_COMPLETE;
}

class GssPeerTest : public SeamTest {
 protected:
  void TearDown() override {
    fake_pac = nullptr;
    fake_indicators = false;
    endless_indicators = false;
    SeamTest::TearDown();
  }

  // A Kerberos session whose acceptor's table has the fake attributes.
  absl::StatusOr<SessionPair> ConnectFaked() {
    wrapped_library = internal::CurrentGssProvider()->library;
    library_ = *wrapped_library;
    library_.get_name_attribute = FakePacAttribute;
    internal::SetGssLibraryForTesting(&library_);
    absl::StatusOr<Credential> server =
        ServerCredential({Mechanism::kKerberos});
    internal::SetGssLibraryForTesting(wrapped_library);
    if (!server.ok()) return server.status();
    absl::StatusOr<Credential> client =
        ClientCredential({Mechanism::kKerberos});
    if (!client.ok()) return client.status();
    return ConnectWith(*client, *server, ToService(Mechanism::kKerberos));
  }

  // A Kerberos session whose acceptor's "urn:mspac:" is `pac`.
  absl::StatusOr<SessionPair> ConnectWithPac(std::vector<uint8_t> pac,
                                             int authenticated) {
    pac_ = std::move(pac);
    fake_pac = &pac_;
    fake_authenticated = authenticated;
    return ConnectFaked();
  }

  std::vector<uint8_t> pac_;
  internal::GssLibrary library_{};
};

// Heimdal 7.8 reads no name attributes: PeerIdentity() is Unimplemented
// before any native call (tests/session/peer_identity_test.cc asserts it).
#if !CROSSAUTH_TEST_GSSAPI_HEIMDAL
TEST_F(GssPeerTest, AVerifiedPacGivesItsSidsInOrder) {
  absl::StatusOr<SessionPair> pair =
      ConnectWithPac(PacWith(EncodeLogonInfo(TwoGroupUser()).bytes), 1);
  ASSERT_OK(pair);
  absl::StatusOr<PeerIdentity> identity = pair->server.PeerIdentity();
  ASSERT_OK(identity);
  EXPECT_TRUE(identity->has_pac);
  EXPECT_EQ(identity->user_sid, "S-1-5-21-1111-2222-3333-1104");
  EXPECT_EQ(identity->primary_group_sid, "S-1-5-21-1111-2222-3333-513");
  EXPECT_THAT(
      identity->group_sids,
      ElementsAre("S-1-5-21-1111-2222-3333-513", "S-1-5-21-1111-2222-3333-1108",
                  "S-1-18-1", "S-1-5-21-7-8-9-1200", "S-1-5-21-4-5-6-1300"));
}

TEST_F(GssPeerTest, AnUnverifiedPacIsIgnored) {
  absl::StatusOr<SessionPair> pair =
      ConnectWithPac(PacWith(EncodeLogonInfo(TwoGroupUser()).bytes), 0);
  ASSERT_OK(pair);
  absl::StatusOr<PeerIdentity> identity = pair->server.PeerIdentity();
  ASSERT_OK(identity);
  EXPECT_FALSE(identity->has_pac);
  EXPECT_EQ(identity->user_sid, "");
  EXPECT_EQ(identity->primary_group_sid, "");
  EXPECT_THAT(identity->group_sids, IsEmpty());
}

TEST_F(GssPeerTest, AMalformedPacIsMalformedToken) {
  EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  std::vector<uint8_t> bad = good.bytes;
  Put32At(bad, good.at.at("GroupCount"), 5000);
  absl::StatusOr<SessionPair> pair = ConnectWithPac(PacWith(bad), 1);
  ASSERT_OK(pair);
  EXPECT_THAT(pair->server.PeerIdentity(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ServerSession::PeerIdentity(): "),
                       ErrorReason::kMalformedToken));
  // A PAC whose buffer list does not fit.
  std::vector<uint8_t> cut = PacWith(good.bytes);
  cut.resize(20);
  absl::StatusOr<SessionPair> other = ConnectWithPac(cut, 1);
  ASSERT_OK(other);
  EXPECT_THAT(other->server.PeerIdentity(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ServerSession::PeerIdentity(): "),
                       ErrorReason::kMalformedToken));
}

TEST_F(GssPeerTest, OnlyAuthenticatedIndicatorsCount) {
  fake_indicators = true;
  absl::StatusOr<SessionPair> pair = ConnectFaked();
  ASSERT_OK(pair);
  absl::StatusOr<PeerIdentity> identity = pair->server.PeerIdentity();
  ASSERT_OK(identity);
  EXPECT_THAT(identity->authentication_indicators,
              ElementsAre("indicator-0", "indicator-2"));
}

TEST_F(GssPeerTest, AnEndlessAttributeIsBounded) {
  fake_indicators = true;
  endless_indicators = true;
  absl::StatusOr<SessionPair> pair = ConnectFaked();
  ASSERT_OK(pair);
  EXPECT_THAT(pair->server.PeerIdentity(),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "gss_get_name_attribute: the attribute "
                       "\"auth-indicators\" has more than 64 values",
                       ErrorReason::kOther));
}

#endif

// Each native call PeerIdentity() and LocalName() make, failed in turn:
// the failure is returned and nothing leaks (SeamTest checks the handles).
TEST_F(GssPeerTest, EveryNativeFailureIsReturned) {
  absl::StatusOr<SessionPair> pair = Connect(Mechanism::kKerberos);
  ASSERT_OK(pair);
  std::vector<std::string> failed;
  for (int n = 1; n <= 10; ++n) {
    FailNthCall(n);
    absl::StatusOr<PeerIdentity> identity = pair->server.PeerIdentity();
    const std::string injected = InjectedCall();
    FailNthCall(0);
    if (injected.empty()) {
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
      EXPECT_THAT(identity, StatusIs(absl::StatusCode::kUnimplemented,
                                     HasSubstr("Heimdal 7.8")));
#else
      ASSERT_OK(identity);
#endif
      break;
    }
    failed.push_back(injected);
    EXPECT_THAT(identity, StatusIs(absl::StatusCode::kResourceExhausted,
                                   HasSubstr(injected)))
        << "call " << n;
  }
  // The name, the PAC, the indicators.
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  EXPECT_THAT(failed, IsEmpty());
#else
  EXPECT_THAT(failed,
              ElementsAre("gss_inquire_context", "gss_get_name_attribute",
                          "gss_get_name_attribute"));
#endif
  failed.clear();
  for (int n = 1; n <= 10; ++n) {
    FailNthCall(n);
    absl::StatusOr<std::string> local = pair->server.LocalName();
    const std::string injected = InjectedCall();
    FailNthCall(0);
    if (injected.empty()) {
      ASSERT_OK(local);
      EXPECT_EQ(*local, kUser);
      break;
    }
    failed.push_back(injected);
    EXPECT_THAT(local, StatusIs(absl::StatusCode::kResourceExhausted,
                                HasSubstr(injected)))
        << "call " << n;
  }
  EXPECT_THAT(failed, ElementsAre("gss_inquire_context", "gss_localname"));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
