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
#include "crossauth/error.h"
#include "crossauth/sasl_gssapi.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sasl/sasl_fixture.h"
#include "tests/support/handshake.h"
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
                             HasSubstr("only integrity-protected")),
                       ErrorReason::kProtectionMissing));
  // The stream is out of step now; nothing more is opened.
  frame = Frame("later", Protection::kConfidentiality);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("out of step"), ErrorReason::kWrongState));
}

TEST_F(SaslForgedBufferTest, EncryptedBufferUnderIntegrityIsDenied) {
  ASSERT_OK(Setup(SaslLayer::kIntegrity));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("sealed", Protection::kConfidentiality);
  ASSERT_OK(frame);
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("protected with confidentiality, but the "
                                 "negotiated layer is integrity"),
                       ErrorReason::kProtectionMissing));
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
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("gss_unwrap"),
                       ErrorReason::kTamperedMessage));
}

TEST_F(SaslForgedBufferTest, ReplayedBufferIsAborted) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality));
  absl::StatusOr<std::vector<uint8_t>> frame =
      Frame("once", Protection::kConfidentiality);
  ASSERT_OK(frame);
  ASSERT_OK(layer_->Decode(*frame));
  EXPECT_THAT(layer_->Decode(*frame),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("gss_unwrap"),
                       ErrorReason::kReplayedMessage));
}

TEST_F(SaslForgedBufferTest, BadLengthsAreInvalidArgument) {
  ASSERT_OK(Setup(SaslLayer::kConfidentiality, 1024));
  EXPECT_THAT(layer_->Decode(std::vector<uint8_t>{0, 0, 0, 0}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a buffer of 0 octets; this side accepts 1 "
                                 "to 1024"),
                       ErrorReason::kInvalidArgument));
  ASSERT_OK(Setup(SaslLayer::kConfidentiality, 1024));
  EXPECT_THAT(layer_->Decode(std::vector<uint8_t>{0, 0, 0x04, 0x01, 'x'}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a buffer of 1025 octets"),
                       ErrorReason::kInvalidArgument));
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

// The sizes of the buffers in an encoded stream.
std::vector<uint32_t> BufferSizes(const std::vector<uint8_t>& encoded) {
  std::vector<uint32_t> sizes;
  for (size_t offset = 0; offset + 4 <= encoded.size();) {
    const uint8_t* p = encoded.data() + offset;
    const uint32_t length = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                            (uint32_t{p[2]} << 8) | p[3];
    sizes.push_back(length);
    offset += 4 + length;
  }
  return sizes;
}

TEST_F(SaslGssapiTest, EncodeSplitsToThePeersMaxBuffer) {
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kConfidentialityOnly, 65536),
                Options(kConfidentialityOnly, kSaslMinMaxBuffer));
  ASSERT_OK(layers);
  std::vector<uint8_t> big(5000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i);
  absl::StatusOr<std::vector<uint8_t>> encoded = layers->client.Encode(big);
  ASSERT_OK(encoded);
  const std::vector<uint32_t> sizes = BufferSizes(*encoded);
  size_t total = 0;
  for (uint32_t size : sizes) {
    EXPECT_LE(size, kSaslMinMaxBuffer);
    total += 4 + size;
  }
  EXPECT_EQ(total, encoded->size());
  EXPECT_GE(sizes.size(), 5000 / kSaslMinMaxBuffer + 1);
  // No data, no buffer.
  absl::StatusOr<std::vector<uint8_t>> nothing = layers->client.Encode({});
  ASSERT_OK(nothing);
  EXPECT_TRUE(nothing->empty());
  absl::StatusOr<std::vector<uint8_t>> decoded =
      layers->server.Decode(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, big);
}

// A client that announced 129 octets once made a server send 4,259,840
// bytes for 64 KiB (one octet per 65-octet buffer). Such a maximum is
// refused when the layer is chosen, on both sides.
TEST_F(SaslGssapiTest, TinyMaxBufferFromTheClientIsInvalidArgument) {
  EXPECT_THAT(ForgedChoice(kIntegrityOnly, {0x02, 0, 0, 129}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("SaslGssapiServer::Step(): the client's max "
                                 "buffer of 129 octets is below the minimum "
                                 "of 1024 for the integrity layer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedChoice(kConfidentialityOnly, {0x04, 0, 0x03, 0xff}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max buffer of 1023 octets"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(ForgedChoice(kIntegrityOnly, {0x02, 0, 0, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max buffer of 1 octets"),
                       ErrorReason::kInvalidArgument));
  // The none layer sends no buffers: its maximum is 0.
  EXPECT_OK(ForgedChoice(kNoneOnly, {0x01, 0, 0, 0}));
}

TEST_F(SaslGssapiTest, TinyMaxBufferFromTheServerIsInvalidArgument) {
  EXPECT_THAT(ForgedOffer({0x04, 0, 0, 129}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("SaslGssapiClient::Step(): the server's max "
                                 "buffer of 129 octets is below the minimum "
                                 "of 1024 for the confidentiality layer"),
                       ErrorReason::kInvalidArgument));
  // Refused even when the client could fall back to no layer: a layer
  // chosen is never silently dropped.
  EXPECT_THAT(ForgedOffer({0x07, 0, 0, 200}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("max buffer of 200 octets"),
                       ErrorReason::kInvalidArgument));
  // A client that only allows none does not care.
  EXPECT_OK(ForgedOffer({0x07, 0, 0, 200}, Options(kNoneOnly, 0)));
}

// At the smallest maximum accepted, the bytes sent stay close to the data.
TEST_F(SaslGssapiTest, SmallestMaxBufferKeepsTheOverheadSmall) {
  for (SaslLayers layer : {kIntegrityOnly, kConfidentialityOnly}) {
    absl::StatusOr<Layers> layers =
        Negotiate(Options(layer, kSaslMinMaxBuffer), Options(layer));
    ASSERT_OK(layers);
    const std::vector<uint8_t> data(64 * 1024, 'd');
    absl::StatusOr<std::vector<uint8_t>> encoded = layers->server.Encode(data);
    ASSERT_OK(encoded);
    EXPECT_LE(encoded->size(), data.size() * 12 / 10) << int{layer};
    absl::StatusOr<std::vector<uint8_t>> decoded =
        layers->client.Decode(*encoded);
    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, data);
  }
}

// The 3-octet maximum: one buffer carries it all.
TEST_F(SaslGssapiTest, LargestMaxBufferCarriesDataInOneBuffer) {
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kConfidentialityOnly, kSaslMaxBufferLimit),
                Options(kConfidentialityOnly, kSaslMaxBufferLimit));
  ASSERT_OK(layers);
  EXPECT_EQ(layers->server.peer_max_buffer(), kSaslMaxBufferLimit);
  const std::vector<uint8_t> data(64 * 1024, 'd');
  absl::StatusOr<std::vector<uint8_t>> encoded = layers->server.Encode(data);
  ASSERT_OK(encoded);
  EXPECT_EQ(BufferSizes(*encoded).size(), 1u);
  EXPECT_LE(encoded->size(), data.size() + 4 + 128);
  absl::StatusOr<std::vector<uint8_t>> decoded =
      layers->client.Decode(*encoded);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, data);
}

// Each buffer carries what Session::MaxMessageSize() reports for the peer's
// maximum (not a fixed guess at the wrap overhead): a session to the same
// service, with the same enctype, answers the same.
TEST_F(SaslGssapiTest, BuffersCarryWhatMaxMessageSizeAllows) {
  absl::StatusOr<SessionPair> reference = Connect(Mechanism::kKerberos);
  ASSERT_OK(reference);
  for (SaslLayers layer : {kIntegrityOnly, kConfidentialityOnly}) {
    for (uint32_t peer_max : {kSaslMinMaxBuffer, uint32_t{5000}}) {
      SCOPED_TRACE(absl::StrCat("layer ", int{layer}, ", peer max ", peer_max));
      absl::StatusOr<Layers> layers =
          Negotiate(Options(layer), Options(layer, peer_max));
      ASSERT_OK(layers);
      ASSERT_EQ(layers->client.peer_max_buffer(), peer_max);
      const Protection protection = layer == kConfidentialityOnly
                                        ? Protection::kConfidentiality
                                        : Protection::kIntegrity;
      absl::StatusOr<size_t> expected =
          reference->client.MaxMessageSize(peer_max, protection);
      ASSERT_OK(expected);
      absl::StatusOr<size_t> per_buffer = layers->client.MaxDataPerBuffer();
      ASSERT_OK(per_buffer);
      EXPECT_EQ(*per_buffer, *expected);
      EXPECT_GT(*per_buffer, peer_max - 128u);  // more than the old guess

      const std::vector<uint8_t> data(3 * *per_buffer + 5, 'x');
      absl::StatusOr<std::vector<uint8_t>> encoded =
          layers->client.Encode(data);
      ASSERT_OK(encoded);
      const std::vector<uint32_t> sizes = BufferSizes(*encoded);
      ASSERT_EQ(sizes.size(), 4u);
      for (uint32_t size : sizes) EXPECT_LE(size, peer_max);
      absl::StatusOr<std::vector<uint8_t>> decoded =
          layers->server.Decode(*encoded);
      ASSERT_OK(decoded);
      EXPECT_EQ(*decoded, data);
      EXPECT_EQ(layers->server.buffered(), 0u);
    }
  }
}

// The none layer carries data unwrapped: no per-buffer size.
TEST_F(SaslGssapiTest, NoneLayerHasNoDataPerBuffer) {
  absl::StatusOr<Layers> layers =
      Negotiate(Options(kNoneOnly, 0), Options(kNoneOnly, 0));
  ASSERT_OK(layers);
  absl::StatusOr<size_t> per_buffer = layers->client.MaxDataPerBuffer();
  ASSERT_OK(per_buffer);
  EXPECT_EQ(*per_buffer, 0u);
}

}  // namespace
}  // namespace test
}  // namespace crossauth
