// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/pac.h"

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crossauth::internal {
namespace {

using ::testing::HasSubstr;

void Put32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

std::vector<uint8_t> OneBufferPac(uint32_t size, uint64_t offset,
                                  size_t total) {
  std::vector<uint8_t> b;
  Put32(b, 1);
  Put32(b, 0);
  Put32(b, kPacLogonInfo);
  Put32(b, size);
  Put32(b, static_cast<uint32_t>(offset));
  Put32(b, static_cast<uint32_t>(offset >> 32));
  b.resize(total, 0xAB);
  return b;
}

TEST(PacBuffersTest, OneBuffer) {
  auto pac = OneBufferPac(8, 24, 32);
  auto buffers = ParsePacBuffers(pac);
  ASSERT_TRUE(buffers.ok()) << buffers.status();
  ASSERT_EQ(buffers->size(), 1u);
  EXPECT_EQ((*buffers)[0].type, kPacLogonInfo);
  EXPECT_EQ((*buffers)[0].data.data(), pac.data() + 24);
  EXPECT_EQ((*buffers)[0].data.size(), 8u);
}

TEST(PacBuffersTest, Malformed) {
  struct Case {
    std::vector<uint8_t> pac;
    const char* message;
  } cases[] = {
      {{1, 0, 0}, "shorter than its 8-byte header"},
      {OneBufferPac(9, 24, 32), "past the end"},
      {OneBufferPac(8, 0xFFFFFFFF00000000ull, 32), "past the end"},
      {OneBufferPac(0, 0x100000000ull, 32), "past the end"},
      {OneBufferPac(8, 28, 40), "not 8-byte aligned"},
  };
  for (const Case& c : cases) {
    auto buffers = ParsePacBuffers(c.pac);
    EXPECT_EQ(buffers.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(buffers.status().message(), HasSubstr(c.message));
  }
  std::vector<uint8_t> huge = {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0};
  EXPECT_THAT(ParsePacBuffers(huge).status().message(),
              HasSubstr("cBuffers 4294967295 is over 64"));
  std::vector<uint8_t> short_list = {2, 0, 0, 0, 0, 0, 0, 0};
  short_list.resize(8 + 16, 0);
  EXPECT_THAT(ParsePacBuffers(short_list).status().message(),
              HasSubstr("cBuffers 2 does not fit in 24 bytes"));
  std::vector<uint8_t> version = {0, 0, 0, 0, 1, 0, 0, 0};
  EXPECT_THAT(ParsePacBuffers(version).status().message(),
              HasSubstr("version 1 is not 0"));
}

TEST(SidTest, DomainUser) {
  std::vector<uint8_t> sid = {1, 5, 0, 0, 0, 0, 0, 5};
  Put32(sid, 21);
  Put32(sid, 1);
  Put32(sid, 2);
  Put32(sid, 3);
  Put32(sid, 1104);
  EXPECT_EQ(SidToString(sid).value(), "S-1-5-21-1-2-3-1104");
}

TEST(SidTest, Malformed) {
  EXPECT_THAT(SidToString(std::vector<uint8_t>{1, 0}).status().message(),
              HasSubstr("shorter than 8"));
  EXPECT_THAT(SidToString(std::vector<uint8_t>{2, 0, 0, 0, 0, 0, 0, 5})
                  .status()
                  .message(),
              HasSubstr("revision 2"));
  EXPECT_THAT(SidToString(std::vector<uint8_t>{1, 16, 0, 0, 0, 0, 0, 5})
                  .status()
                  .message(),
              HasSubstr("16 sub-authorities"));
  EXPECT_THAT(SidToString(std::vector<uint8_t>{1, 1, 0, 0, 0, 0, 0, 5})
                  .status()
                  .message(),
              HasSubstr("is 8 bytes"));
}

}  // namespace
}  // namespace crossauth::internal
