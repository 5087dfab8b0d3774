// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests for the RFC 4752 negotiation messages of sasl_gssapi.h: encoding,
// decoding and every malformed form.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crossauth/error.h"
#include "crossauth/sasl_gssapi.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sasl/sasl_fixture.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SaslMessagesTest, ServerOfferEncodesMaskAndBigEndianMaxBuffer) {
  absl::StatusOr<std::vector<uint8_t>> encoded =
      EncodeSaslServerOffer({kSaslAllLayers, 0x012345});
  ASSERT_OK(encoded);
  EXPECT_THAT(*encoded, ElementsAre(0x07, 0x01, 0x23, 0x45));
  absl::StatusOr<SaslServerOffer> decoded = DecodeSaslServerOffer(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->layers, kSaslAllLayers);
  EXPECT_EQ(decoded->max_buffer, 0x012345u);
  absl::StatusOr<std::vector<uint8_t>> none_only =
      EncodeSaslServerOffer({kNoneOnly, 0});
  ASSERT_OK(none_only);
  EXPECT_THAT(*none_only, ElementsAre(0x01, 0, 0, 0));
}

TEST(SaslMessagesTest, MalformedServerOffersAreInvalidArgument) {
  struct Case {
    std::vector<uint8_t> message;
    const char* error;
  };
  const std::vector<Case> cases = {
      {{}, "0 octets, expected exactly 4"},
      {{0x07, 0x00, 0x10}, "3 octets, expected exactly 4"},
      {{0x07, 0x00, 0x10, 0x00, 0x00}, "5 octets, expected exactly 4"},
      {{0x00, 0x00, 0x10, 0x00}, "invalid layer mask 0x0"},
      {{0x0f, 0x00, 0x10, 0x00}, "invalid layer mask 0xf"},
      {{0x80, 0x00, 0x10, 0x00}, "invalid layer mask 0x80"},
      {{0x02, 0x00, 0x00, 0x00}, "max buffer 0 with the layers integrity"},
      {{0x05, 0x00, 0x00, 0x00},
       "max buffer 0 with the layers none,confidentiality"},
      {{0x01, 0x00, 0x00, 0x05}, "max buffer 5 with no security layer"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(DecodeSaslServerOffer(c.message),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.error),
                         ErrorReason::kInvalidArgument))
        << ::testing::PrintToString(c.message);
  }
  EXPECT_THAT(EncodeSaslServerOffer({kSaslAllLayers, 0x1000000}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("does not fit in 3 octets"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(
      EncodeSaslServerOffer({kIntegrityOnly, 0}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max buffer 0"),
               ErrorReason::kInvalidArgument));
}

TEST(SaslMessagesTest, ClientChoiceCarriesLayerBufferAndAuthzid) {
  absl::StatusOr<std::vector<uint8_t>> encoded =
      EncodeSaslClientChoice({SaslLayer::kIntegrity, 0x00ff00, "alice"});
  ASSERT_OK(encoded);
  EXPECT_THAT(*encoded,
              ElementsAre(0x02, 0x00, 0xff, 0x00, 'a', 'l', 'i', 'c', 'e'));
  absl::StatusOr<SaslClientChoice> decoded = DecodeSaslClientChoice(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->layer, SaslLayer::kIntegrity);
  EXPECT_EQ(decoded->max_buffer, 0x00ff00u);
  EXPECT_EQ(decoded->authzid, "alice");
  // Active Directory's "integrity and confidentiality" means confidentiality.
  absl::StatusOr<SaslClientChoice> ad =
      DecodeSaslClientChoice(std::vector<uint8_t>{0x06, 0x00, 0x10, 0x00});
  ASSERT_OK(ad);
  EXPECT_EQ(ad->layer, SaslLayer::kConfidentiality);
  EXPECT_EQ(ad->authzid, "");
}

TEST(SaslMessagesTest, MalformedClientChoicesAreInvalidArgument) {
  struct Case {
    std::vector<uint8_t> message;
    const char* error;
  };
  const std::vector<Case> cases = {
      {{}, "0 octets, expected at least 4"},
      {{0x04, 0x00, 0x10}, "3 octets, expected at least 4"},
      {{0x00, 0x00, 0x10, 0x00}, "layer mask 0x0 does not name exactly one"},
      {{0x03, 0x00, 0x10, 0x00}, "layer mask 0x3 does not name exactly one"},
      {{0x05, 0x00, 0x10, 0x00}, "layer mask 0x5 does not name exactly one"},
      {{0x07, 0x00, 0x10, 0x00}, "layer mask 0x7 does not name exactly one"},
      {{0x08, 0x00, 0x10, 0x00}, "layer mask 0x8 does not name exactly one"},
      {{0x04, 0x00, 0x00, 0x00}, "max buffer 0 with the confidentiality"},
      {{0x02, 0x00, 0x00, 0x00}, "max buffer 0 with the integrity"},
      {{0x01, 0x00, 0x00, 0x10}, "max buffer 16 with the none layer"},
      {{0x01, 0x00, 0x00, 0x00, 'a', '\0', 'b'}, "contains a NUL octet"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(DecodeSaslClientChoice(c.message),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.error),
                         ErrorReason::kInvalidArgument))
        << ::testing::PrintToString(c.message);
  }
  EXPECT_THAT(
      EncodeSaslClientChoice({SaslLayer::kNone, 0, std::string("a\0b", 3)}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NUL octet"),
               ErrorReason::kInvalidArgument));
  EXPECT_THAT(
      EncodeSaslClientChoice({static_cast<SaslLayer>(0x03), 100, ""}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid layer"),
               ErrorReason::kInvalidArgument));
}

TEST(SaslMessagesTest, LayerNames) {
  EXPECT_EQ(SaslLayerName(SaslLayer::kNone), "none");
  EXPECT_EQ(SaslLayerName(SaslLayer::kIntegrity), "integrity");
  EXPECT_EQ(SaslLayerName(SaslLayer::kConfidentiality), "confidentiality");
}

}  // namespace
}  // namespace test
}  // namespace crossauth
