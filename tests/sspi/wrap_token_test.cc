// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The RFC 4121 header reader that the Wine message layout relies on.

#include "backends/sspi/wrap_token.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "gtest/gtest.h"

namespace crossauth {
namespace internal {
namespace {

std::vector<uint8_t> WrapHeader(uint8_t flags, uint16_t ec, uint16_t rrc,
                                uint64_t sequence) {
  std::vector<uint8_t> token = {0x05,
                                0x04,
                                flags,
                                0xFF,
                                static_cast<uint8_t>(ec >> 8),
                                static_cast<uint8_t>(ec),
                                static_cast<uint8_t>(rrc >> 8),
                                static_cast<uint8_t>(rrc)};
  for (int shift = 56; shift >= 0; shift -= 8) {
    token.push_back(static_cast<uint8_t>(sequence >> shift));
  }
  return token;
}

TEST(WrapTokenTest, ReadsASealedWrapHeader) {
  std::vector<uint8_t> token = WrapHeader(0x06, 0, 28, 0x0102030405060708);
  token.resize(100);
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  ASSERT_TRUE(header.has_value());
  EXPECT_TRUE(header->wrap);
  EXPECT_TRUE(header->sealed);
  EXPECT_EQ(header->ec, 0);
  EXPECT_EQ(header->rrc, 28);
  EXPECT_EQ(header->sequence, 0x0102030405060708u);
  // header + confounder + encrypted header copy + 12-byte checksum
  EXPECT_EQ(Rfc4121WrapOverhead(*header, 12), 60u);
}

TEST(WrapTokenTest, IntegrityOnlyOverheadComesFromEc) {
  std::vector<uint8_t> token = WrapHeader(0x04, 12, 0, 7);
  token.resize(40);
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  ASSERT_TRUE(header.has_value());
  EXPECT_FALSE(header->sealed);
  EXPECT_EQ(Rfc4121WrapOverhead(*header, 99), 28u);
}

TEST(WrapTokenTest, ReadsAMicHeader) {
  std::vector<uint8_t> token = {0x04, 0x04, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                0,    0,    0,    0,    0,    0,    0x01, 0x00};
  std::optional<Rfc4121Header> header = ParseRfc4121Header(token);
  ASSERT_TRUE(header.has_value());
  EXPECT_FALSE(header->wrap);
  EXPECT_EQ(header->sequence, 256u);
}

TEST(WrapTokenTest, RejectsOtherTokens) {
  EXPECT_FALSE(ParseRfc4121Header(std::vector<uint8_t>(15, 0x05)));
  std::vector<uint8_t> bad_filler = WrapHeader(0x06, 0, 0, 1);
  bad_filler[3] = 0x00;
  EXPECT_FALSE(ParseRfc4121Header(bad_filler));
  std::vector<uint8_t> gss_framed(32, 0);
  gss_framed[0] = 0x60;  // an RFC 1964 (DES, RC4) token
  EXPECT_FALSE(ParseRfc4121Header(gss_framed));
}

// A gss_wrap token of a 5-byte message: header, body bytes numbered 0, 1, ...
std::vector<uint8_t> Token(uint8_t flags, uint16_t ec, size_t body) {
  std::vector<uint8_t> token = WrapHeader(flags, ec, 0, 7);
  for (size_t i = 0; i < body; ++i) token.push_back(static_cast<uint8_t>(i));
  return token;
}

TEST(WrapTokenTest, SealedTokensRotateTheHeaderCopyAndChecksumIntoTheHeader) {
  // Confounder 16, message 5, header copy 16, checksum 12.
  std::vector<uint8_t> token = Token(0x06, 0, 16 + 5 + 16 + 12);
  std::optional<Rfc4121HeaderLayout> layout = HeaderLayoutOf(token, 5);
  ASSERT_TRUE(layout.has_value());
  EXPECT_EQ(layout->rrc, 28);
  EXPECT_EQ(layout->header_size, 60u);
  EXPECT_EQ(layout->data_offset, 32u);
  std::vector<uint8_t> header(60);
  WriteLayoutHeader(token, *layout, header.data());
  std::optional<Rfc4121Header> parsed = ParseRfc4121Header(header);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->rrc, 28);
  EXPECT_EQ(parsed->sequence, 7u);
  // The body's last 28 bytes (21..48), then the confounder (0..15).
  for (size_t i = 0; i < 28; ++i) EXPECT_EQ(header[16 + i], 21 + i);
  for (size_t i = 0; i < 16; ++i) EXPECT_EQ(header[44 + i], i);
}

TEST(WrapTokenTest, SignedTokensRotateTheChecksumIntoTheHeader) {
  std::vector<uint8_t> token = Token(0x04, 12, 5 + 12);
  std::optional<Rfc4121HeaderLayout> layout = HeaderLayoutOf(token, 5);
  ASSERT_TRUE(layout.has_value());
  EXPECT_EQ(layout->rrc, 12);
  EXPECT_EQ(layout->header_size, 28u);
  EXPECT_EQ(layout->data_offset, 16u);
  std::vector<uint8_t> header(28);
  WriteLayoutHeader(token, *layout, header.data());
  for (size_t i = 0; i < 12; ++i) EXPECT_EQ(header[16 + i], 5 + i);
}

TEST(WrapTokenTest, NoHeaderLayoutForOtherTokens) {
  // Rotated already, a checksum that is not EC, too short, a MIC.
  std::vector<uint8_t> rotated = WrapHeader(0x06, 0, 28, 1);
  rotated.resize(16 + 49);
  EXPECT_FALSE(HeaderLayoutOf(rotated, 5));
  EXPECT_FALSE(HeaderLayoutOf(Token(0x04, 12, 5 + 11), 5));
  EXPECT_FALSE(HeaderLayoutOf(Token(0x06, 0, 20), 5));
  std::vector<uint8_t> mic = {0x04, 0x04, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  mic.resize(28);
  EXPECT_FALSE(HeaderLayoutOf(mic, 0));
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
