// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests for SaslSecurityLayer: buffers split to the peer's maximum, and
// forged buffers the layer must refuse without returning plaintext.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
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

TEST_F(SaslForgedBufferTest, IntegrityOnlyBufferUnderConfidentialityIsDenied) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("secret in clear", Protection::kIntegrity);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AnyOf(HasSubstr("integrity only, but the negotiated "
                                       "layer is confidentiality"),
                             HasSubstr("only integrity-protected"))));
  // The stream is out of step now; nothing more is opened.
  frame = Frame("later", Protection::kConfidentiality);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("out of step")));
}

TEST_F(SaslForgedBufferTest, EncryptedBufferUnderIntegrityIsDenied) {
  ASSERT_OK(Setup(SaslLayer::kIntegrity));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("sealed", Protection::kConfidentiality);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("protected with confidentiality, but the "
                                 "negotiated layer is integrity")));
}

TEST_F(SaslForgedBufferTest, TamperedBufferIsDataLoss) {
  ASSERT_OK(Setup(SaslLayer::kIntegrity));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("pay 10 EUR", Protection::kIntegrity);
  ASSERT_OK(frame);
  // The plaintext travels in the clear with integrity: change the amount.
  std::string text(frame->begin(), frame->end());
  size_t at = text.find("10 EUR");
  ASSERT_NE(at, std::string::npos);
  (*frame)[at] = '9';
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("gss_unwrap")));
}

TEST_F(SaslForgedBufferTest, ReplayedBufferIsAborted) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("once", Protection::kConfidentiality);
  ASSERT_OK(frame);
  ASSERT_OK(layer_->Decode(*frame));
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("gss_unwrap")));
}

TEST_F(SaslForgedBufferTest, BadLengthsAreInvalidArgument) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality, 1024));
  EXPECT_THAT(layer_->Decode(std::vector<uint8_t>{0, 0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a buffer of 0 octets; this side accepts 1 "
                                 "to 1024")));
  ASSERT_OK(Setup(SaslLayer::kConfidentiality, 1024));
  EXPECT_THAT(layer_->Decode(std::vector<uint8_t>{0, 0, 0x04, 0x01, 'x'}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a buffer of 1025 octets")));
  EXPECT_EQ(layer_->buffered(), 0u);
}

TEST_F(SaslForgedBufferTest, PartialBuffersWaitForTheirRest) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality));
  absl::StatusOr<std::vector<uint8_t>> first =
      Frame("first,", Protection::kConfidentiality);
  absl::StatusOr<std::vector<uint8_t>> second =
      Frame("second", Protection::kConfidentiality);
  ASSERT_OK(first);
  ASSERT_OK(second);
  std::vector<uint8_t> stream = *first;
  stream.insert(stream.end(), second->begin(), second->end());
  std::string received;
  for (uint8_t byte : stream) {  // one octet at a time
    absl::StatusOr<std::vector<uint8_t>> out =
        layer_->Decode(std::vector<uint8_t>{byte});
    ASSERT_OK(out);
    received.append(out->begin(), out->end());
  }
  EXPECT_EQ(received, "first,second");
  EXPECT_EQ(layer_->buffered(), 0u);
}

TEST_F(SaslGssapiTest, EncodeSplitsToThePeersMaxBuffer) {
  absl::StatusOr<Layers> layers = Negotiate(
      Options(kConfidentialityOnly, 65536), Options(kConfidentialityOnly, 300));
  ASSERT_OK(layers);
  std::vector<uint8_t> big(2000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i);
  absl::StatusOr<std::vector<uint8_t>> encoded = layers->client.Encode(big);
  ASSERT_OK(encoded);
  int buffers = 0;
  for (size_t offset = 0; offset < encoded->size(); ++buffers) {
    ASSERT_LE(offset + 4, encoded->size());
    const uint8_t* p = encoded->data() + offset;
    const uint32_t length = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                            (uint32_t{p[2]} << 8) | p[3];
    EXPECT_LE(length, 300u);
    offset += 4 + length;
  }
  EXPECT_GE(buffers, 2000 / 300 + 1);
  // No data, no buffer.
  absl::StatusOr<std::vector<uint8_t>> nothing = layers->client.Encode({});
  ASSERT_OK(nothing);
  EXPECT_TRUE(nothing->empty());
  absl::StatusOr<std::vector<uint8_t>> decoded =
      layers->server.Decode(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, big);
}

TEST_F(SaslGssapiTest, PeerMaxBufferTooSmallForAWrapIsResourceExhausted) {
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kSaslAllLayers), Options(kIntegrityOnly, 100));
  ASSERT_OK(layers);
  EXPECT_THAT(layers->client.Encode(Bytes("x")),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("the peer's max buffer of 100 octets")));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
