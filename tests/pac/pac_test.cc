// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/pac.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/pac/logon_info_writer.h"
#include "tests/support/status_matchers.h"

namespace crossauth::internal {
namespace {

using ::crossauth::internal::pac_test::EncodedLogonInfo;
using ::crossauth::internal::pac_test::EncodeLogonInfo;
using ::crossauth::internal::pac_test::ExtraSid;
using ::crossauth::internal::pac_test::Group;
using ::crossauth::internal::pac_test::LogonInfoSpec;
using ::crossauth::internal::pac_test::Name;
using ::crossauth::internal::pac_test::PacWith;
using ::crossauth::internal::pac_test::Put16At;
using ::crossauth::internal::pac_test::Put32At;
using ::crossauth::internal::pac_test::Sid;
using ::crossauth::internal::pac_test::TestDomainSid;
using ::crossauth::internal::pac_test::TwoGroupUser;
using ::crossauth::test::StatusIs;
using ::testing::ElementsAre;
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
    EXPECT_THAT(ParsePacBuffers(c.pac),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(c.message), ErrorReason::kMalformedToken));
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

// The status of decoding `bytes` as a logon-info buffer.
absl::Status LogonStatus(const std::vector<uint8_t>& bytes) {
  return ParsePacLogonInfo(bytes).status();
}

// `MalformedWith(text)`: InvalidArgument, kMalformedToken, a message with
// `text`.
auto MalformedWith(const std::string& text) {
  return StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(text),
                  ErrorReason::kMalformedToken);
}

TEST(PacLogonInfoTest, UserWithGroupsExtraSidsAndResourceGroups) {
  EncodedLogonInfo encoded = EncodeLogonInfo(TwoGroupUser());
  absl::StatusOr<PacLogonInfo> info = ParsePacLogonInfo(encoded.bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->logon_domain_sid, "S-1-5-21-1111-2222-3333");
  EXPECT_EQ(info->user_rid, 1104u);
  EXPECT_EQ(info->user_sid, "S-1-5-21-1111-2222-3333-1104");
  EXPECT_EQ(info->primary_group_rid, 513u);
  EXPECT_EQ(info->primary_group_sid, "S-1-5-21-1111-2222-3333-513");
  EXPECT_THAT(
      info->group_sids,
      ElementsAre("S-1-5-21-1111-2222-3333-513", "S-1-5-21-1111-2222-3333-1108",
                  "S-1-18-1", "S-1-5-21-7-8-9-1200", "S-1-5-21-4-5-6-1300"));
  EXPECT_THAT(info->group_attributes,
              ElementsAre(7u, 7u, 7u, 0x20000007u, 0x20000007u));
  EXPECT_EQ(info->effective_name, "alice");
  EXPECT_EQ(info->full_name, "Alice Example");
  EXPECT_EQ(info->logon_server, "DC1");
  EXPECT_EQ(info->logon_domain_name, "ADTEST");
  EXPECT_EQ(info->user_flags, kLogonExtraSids | kLogonResourceGroups);
}

// The logon-info buffer of a service ticket for alice, in the groups staff
// and lab, from crossauth-test-domain (Debian 12's Samba 4.17 AD DC, its
// Heimdal KDC), through MIT's gss_get_name_attribute("urn:mspac:"). Samba
// writes empty names with a non-null Buffer, and MaximumLength 8 for the
// 6-byte "DC1".
constexpr uint8_t kSambaLogonInfo[] = {
    0x01, 0x10, 0x08, 0x00, 0xcc, 0xcc, 0xcc, 0xcc, 0xb0, 0x01, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x70, 0xad, 0xf9, 0xa3,
    0x6f, 0x82, 0xdd, 0x01, 0x70, 0xad, 0xf9, 0xa3, 0x6f, 0x82, 0xdd, 0x01,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x0a, 0x00, 0x0a, 0x00,
    0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x10, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x02, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x4e, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
    0x1c, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x06, 0x00, 0x08, 0x00, 0x20, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x0e, 0x00,
    0x24, 0x00, 0x02, 0x00, 0x28, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x61, 0x00, 0x6c, 0x00,
    0x69, 0x00, 0x63, 0x00, 0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
    0x01, 0x02, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x4f, 0x04, 0x00, 0x00,
    0x07, 0x00, 0x00, 0x00, 0x50, 0x04, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00,
    0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
    0x44, 0x00, 0x43, 0x00, 0x31, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x41, 0x00, 0x44, 0x00,
    0x54, 0x00, 0x45, 0x00, 0x53, 0x00, 0x54, 0x00, 0x04, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00,
    0x5f, 0x35, 0x75, 0xdc, 0x72, 0x6a, 0x46, 0x80, 0xc0, 0x95, 0xa9, 0x61,
    0x01, 0x00, 0x00, 0x00, 0x30, 0x00, 0x02, 0x00, 0x07, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12,
    0x01, 0x00, 0x00, 0x00,
};

TEST(PacLogonInfoTest, ARealSambaPac) {
  absl::StatusOr<PacLogonInfo> info = ParsePacLogonInfo(kSambaLogonInfo);
  ASSERT_TRUE(info.ok()) << info.status();
  const std::string domain = "S-1-5-21-3698668895-2152098418-1638503872";
  EXPECT_EQ(info->logon_domain_sid, domain);
  EXPECT_EQ(info->user_sid, domain + "-1102");
  EXPECT_EQ(info->primary_group_sid, domain + "-513");
  // Domain Users, staff, lab, and "authentication authority asserted
  // identity".
  EXPECT_THAT(info->group_sids, ElementsAre(domain + "-513", domain + "-1103",
                                            domain + "-1104", "S-1-18-1"));
  EXPECT_THAT(info->group_attributes, ElementsAre(7u, 7u, 7u, 7u));
  EXPECT_EQ(info->effective_name, "alice");
  EXPECT_EQ(info->full_name, "");
  EXPECT_EQ(info->logon_server, "DC1");
  EXPECT_EQ(info->logon_domain_name, "ADTEST");
  EXPECT_EQ(info->user_flags, kLogonExtraSids);
  for (size_t size = 0; size < sizeof(kSambaLogonInfo); ++size) {
    EXPECT_THAT(ParsePacLogonInfo(absl::MakeConstSpan(kSambaLogonInfo, size)),
                MalformedWith(size < 16 ? "16-byte type serialization headers"
                                        : "ObjectBufferLength 432 does not "
                                          "fit"))
        << size << " bytes";
  }
}

TEST(PacLogonInfoTest, InsideAPac) {
  const std::vector<uint8_t> pac =
      PacWith(EncodeLogonInfo(TwoGroupUser()).bytes);
  absl::StatusOr<std::vector<PacBuffer>> buffers = ParsePacBuffers(pac);
  ASSERT_TRUE(buffers.ok()) << buffers.status();
  ASSERT_EQ(buffers->size(), 2u);
  ASSERT_EQ((*buffers)[0].type, kPacLogonInfo);
  absl::StatusOr<PacLogonInfo> info = ParsePacLogonInfo((*buffers)[0].data);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->user_sid, "S-1-5-21-1111-2222-3333-1104");
  EXPECT_EQ(info->group_sids.size(), 5u);
}

TEST(PacLogonInfoTest, ResourceGroupsNeedTheirUserFlag) {
  LogonInfoSpec spec = TwoGroupUser();
  spec.user_flags = kLogonExtraSids;
  absl::StatusOr<PacLogonInfo> info =
      ParsePacLogonInfo(EncodeLogonInfo(spec).bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->group_sids, ElementsAre("S-1-5-21-1111-2222-3333-513",
                                            "S-1-5-21-1111-2222-3333-1108",
                                            "S-1-18-1", "S-1-5-21-7-8-9-1200"));
  EXPECT_EQ(info->group_attributes.size(), 4u);
  // Without the flag, a null ResourceGroupDomainSid is no error either.
  spec.resource_group_domain_sid.reset();
  info = ParsePacLogonInfo(EncodeLogonInfo(spec).bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->group_sids.size(), 4u);
}

TEST(PacLogonInfoTest, EmptyNamesAndNoGroups) {
  // Names with a null Buffer and names with an empty one; no groups, with
  // null arrays and with empty ones.
  for (bool null_pointers : {true, false}) {
    SCOPED_TRACE(null_pointers ? "null pointers" : "empty referents");
    LogonInfoSpec spec;
    for (Name* n :
         {&spec.effective_name, &spec.full_name, &spec.logon_script,
          &spec.profile_path, &spec.home_directory, &spec.home_directory_drive,
          &spec.logon_server, &spec.logon_domain_name}) {
      n->null_buffer = null_pointers;
    }
    spec.full_name.extra_maximum = null_pointers ? 0 : 4;
    spec.user_id = 500;
    spec.primary_group_id = 512;
    spec.logon_domain_id = TestDomainSid();
    spec.null_group_ids = null_pointers;
    spec.null_extra_sids = null_pointers;
    spec.null_resource_group_ids = null_pointers;
    absl::StatusOr<PacLogonInfo> info =
        ParsePacLogonInfo(EncodeLogonInfo(spec).bytes);
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->user_sid, "S-1-5-21-1111-2222-3333-500");
    EXPECT_EQ(info->primary_group_sid, "S-1-5-21-1111-2222-3333-512");
    EXPECT_TRUE(info->group_sids.empty());
    EXPECT_TRUE(info->group_attributes.empty());
    EXPECT_EQ(info->effective_name, "");
    EXPECT_EQ(info->full_name, "");
    EXPECT_EQ(info->logon_server, "");
    EXPECT_EQ(info->logon_domain_name, "");
    EXPECT_EQ(info->user_flags, 0u);
  }
}

TEST(PacLogonInfoTest, NamesAreConvertedToUtf8) {
  LogonInfoSpec spec = TwoGroupUser();
  // U+00DC, U+4E2D and U+1F600 (a surrogate pair).
  spec.effective_name.text = u"\u00dcnal\u4e2d\U0001F600";
  spec.logon_domain_name.text = u"AD\U0001F600";
  spec.logon_domain_name.extra_maximum = 2;  // MaximumLength above Length
  absl::StatusOr<PacLogonInfo> info =
      ParsePacLogonInfo(EncodeLogonInfo(spec).bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->effective_name, "\xC3\x9Cnal\xE4\xB8\xAD\xF0\x9F\x98\x80");
  EXPECT_EQ(info->logon_domain_name, "AD\xF0\x9F\x98\x80");
}

TEST(PacLogonInfoTest, TheGroupLimitIsExact) {
  LogonInfoSpec spec = TwoGroupUser();
  spec.groups.assign(kPacMaxGroups, Group{2000, 7});
  spec.extra_sids.assign(kPacMaxGroups, ExtraSid{Sid{18, {1}}, 7});
  spec.resource_groups.assign(kPacMaxGroups, Group{3000, 7});
  absl::StatusOr<PacLogonInfo> info =
      ParsePacLogonInfo(EncodeLogonInfo(spec).bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->group_sids.size(), 3u * kPacMaxGroups);
  EXPECT_EQ(info->group_sids.back(), "S-1-5-21-4-5-6-3000");

  LogonInfoSpec groups = TwoGroupUser();
  groups.groups.assign(kPacMaxGroups + 1, Group{2000, 7});
  EXPECT_THAT(LogonStatus(EncodeLogonInfo(groups).bytes),
              MalformedWith("logon info: GroupCount 1025 exceeds the limit "
                            "of 1024"));
  LogonInfoSpec extra = TwoGroupUser();
  extra.extra_sids.assign(kPacMaxGroups + 1, ExtraSid{Sid{18, {1}}, 7});
  EXPECT_THAT(LogonStatus(EncodeLogonInfo(extra).bytes),
              MalformedWith("SidCount 1025 exceeds the limit of 1024"));
  LogonInfoSpec resources = TwoGroupUser();
  resources.resource_groups.assign(kPacMaxGroups + 1, Group{3000, 7});
  EXPECT_THAT(LogonStatus(EncodeLogonInfo(resources).bytes),
              MalformedWith("ResourceGroupCount 1025 exceeds the limit of "
                            "1024"));
}

TEST(PacLogonInfoTest, EveryTruncationIsMalformed) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  ASSERT_TRUE(ParsePacLogonInfo(good.bytes).ok());
  for (size_t size = 0; size < good.bytes.size(); ++size) {
    SCOPED_TRACE(absl::StrCat("truncated to ", size, " bytes"));
    std::vector<uint8_t> cut(good.bytes.begin(), good.bytes.begin() + size);
    // As cut, ObjectBufferLength claims more than there is.
    EXPECT_THAT(LogonStatus(cut),
                MalformedWith(size < 16 ? "16-byte type serialization headers"
                                        : "does not fit"));
    // With ObjectBufferLength cut to match, the NDR itself is short, up to
    // the padding after its end.
    if (size < 16) continue;
    Put32At(cut, good.at.at("ObjectBufferLength"),
            static_cast<uint32_t>(size - 16));
    if (size < good.end) {
      EXPECT_THAT(LogonStatus(cut),
                  MalformedWith("bytes, but the object buffer has"));
    } else {
      EXPECT_TRUE(LogonStatus(cut).ok()) << LogonStatus(cut);
    }
  }
}

TEST(PacLogonInfoTest, BadHeaders) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  struct Case {
    const char* field;
    size_t width;
    uint32_t value;
    const char* message;
  } cases[] = {
      {"Version", 1, 2, "logon info: common header Version 2 is not 1"},
      {"Endianness", 1, 0x00,
       "common header Endianness 0x00 is not little-endian (0x10)"},
      {"CommonHeaderLength", 2, 64, "CommonHeaderLength 64 is not 8"},
      {"Filler", 4, 0, "common header Filler 0x00000000 is not 0xcccccccc"},
      {"ObjectBufferLength", 4, 0xFFFFFFF0u,
       "ObjectBufferLength 4294967280 does not fit"},
      {"Pointer", 4, 0, "the KERB_VALIDATION_INFO pointer is null"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    std::vector<uint8_t> bad = good.bytes;
    const size_t at = good.at.at(c.field);
    if (c.width == 1) bad[at] = static_cast<uint8_t>(c.value);
    if (c.width == 2) Put16At(bad, at, static_cast<uint16_t>(c.value));
    if (c.width == 4) Put32At(bad, at, c.value);
    EXPECT_THAT(LogonStatus(bad), MalformedWith(c.message));
  }
  std::vector<uint8_t> big_endian = good.bytes;
  big_endian[1] = 0x00;
  EXPECT_THAT(LogonStatus(big_endian), MalformedWith("not little-endian"));
}

// One 32-bit field of the valid buffer set to `value`.
std::vector<uint8_t> With32(const EncodedLogonInfo& good,
                            const std::string& field, uint32_t value) {
  std::vector<uint8_t> bad = good.bytes;
  Put32At(bad, good.at.at(field), value);
  return bad;
}

TEST(PacLogonInfoTest, CountsOverTheLimit) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  EXPECT_THAT(LogonStatus(With32(good, "GroupCount", 5000)),
              MalformedWith("logon info: GroupCount 5000 exceeds the limit "
                            "of 1024"));
  EXPECT_THAT(LogonStatus(With32(good, "SidCount", 0xFFFFFFFFu)),
              MalformedWith("SidCount 4294967295 exceeds the limit of 1024"));
  EXPECT_THAT(LogonStatus(With32(good, "ResourceGroupCount", 1025)),
              MalformedWith("ResourceGroupCount 1025 exceeds the limit"));
}

TEST(PacLogonInfoTest, ArrayCountsMustMatchAndFit) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  EXPECT_THAT(LogonStatus(With32(good, "GroupIds.MaximumCount", 5000)),
              MalformedWith("GroupIds MaximumCount 5000 is not its count 2"));
  EXPECT_THAT(LogonStatus(With32(good, "ExtraSids.MaximumCount", 1)),
              MalformedWith("ExtraSids MaximumCount 1 is not its count 2"));
  EXPECT_THAT(
      LogonStatus(With32(good, "ResourceGroupIds.MaximumCount", 0)),
      MalformedWith("ResourceGroupIds MaximumCount 0 is not its count 1"));
  // Counts that agree but claim more elements than the buffer holds.
  std::vector<uint8_t> many = With32(good, "GroupCount", 1000);
  Put32At(many, good.at.at("GroupIds.MaximumCount"), 1000);
  EXPECT_THAT(
      LogonStatus(many),
      MalformedWith(absl::StrCat(
          "GroupIds at offset ", good.at.at("GroupIds.MaximumCount") + 4,
          " needs 8000 bytes, but the object buffer has")));
  // A count whose pointer is null.
  EXPECT_THAT(LogonStatus(With32(good, "GroupIds", 0)),
              MalformedWith("GroupCount is 2 but GroupIds is null"));
  EXPECT_THAT(LogonStatus(With32(good, "ExtraSids", 0)),
              MalformedWith("SidCount is 2 but ExtraSids is null"));
}

TEST(PacLogonInfoTest, StringCountsMustMatchTheirLengths) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  // "alice": Length 10, MaximumLength 10, 5 characters.
  EXPECT_THAT(
      LogonStatus(With32(good, "EffectiveName.MaximumCount", 0x7FFFFFFF)),
      MalformedWith("EffectiveName MaximumCount 2147483647 is not its "
                    "MaximumLength / 2 (5)"));
  EXPECT_THAT(
      LogonStatus(With32(good, "EffectiveName.ActualCount", 0x40000000)),
      MalformedWith("EffectiveName ActualCount 1073741824 is not its Length "
                    "/ 2 (5)"));
  EXPECT_THAT(LogonStatus(With32(good, "EffectiveName.Offset", 1)),
              MalformedWith("EffectiveName Offset 1 is not 0"));
  // Lengths and counts that agree, for more characters than there are.
  std::vector<uint8_t> long_name = good.bytes;
  Put16At(long_name, good.at.at("LogonDomainName.Length"), 60000);
  Put16At(long_name, good.at.at("LogonDomainName.MaximumLength"), 60000);
  Put32At(long_name, good.at.at("LogonDomainName.MaximumCount"), 30000);
  Put32At(long_name, good.at.at("LogonDomainName.ActualCount"), 30000);
  EXPECT_THAT(LogonStatus(long_name),
              MalformedWith("LogonDomainName at offset"));
  EXPECT_THAT(LogonStatus(long_name), MalformedWith("needs 60000 bytes"));
}

TEST(PacLogonInfoTest, BadStringLengths) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  std::vector<uint8_t> odd = good.bytes;
  Put16At(odd, good.at.at("FullName.Length"), 25);
  EXPECT_THAT(LogonStatus(odd),
              MalformedWith("FullName Length 25 or MaximumLength 26 is odd"));
  std::vector<uint8_t> odd_maximum = good.bytes;
  Put16At(odd_maximum, good.at.at("LogonServer.MaximumLength"), 7);
  EXPECT_THAT(LogonStatus(odd_maximum),
              MalformedWith("LogonServer Length 6 or MaximumLength 7 is odd"));
  std::vector<uint8_t> over = good.bytes;
  Put16At(over, good.at.at("EffectiveName.Length"), 12);
  EXPECT_THAT(LogonStatus(over),
              MalformedWith("EffectiveName Length 12 is over its "
                            "MaximumLength 10"));
  EXPECT_THAT(LogonStatus(With32(good, "EffectiveName.Buffer", 0)),
              MalformedWith("EffectiveName has Length 10 but a null Buffer "
                            "pointer"));
}

TEST(PacLogonInfoTest, BadCharacters) {
  struct Case {
    std::u16string name;
    const char* message;
  } cases[] = {
      {u"al\xD800ice",
       "EffectiveName has an unpaired surrogate 0xd800 at "
       "character 2"},
      {u"alice\xDBFF", "unpaired surrogate 0xdbff at character 5"},
      {u"\xDC00", "unpaired surrogate 0xdc00 at character 0"},
      {u"\xDE00\xD83D", "unpaired surrogate 0xde00 at character 0"},
      {std::u16string(u"al\0ce", 5), "EffectiveName has a NUL at character 2"},
  };
  for (const Case& c : cases) {
    LogonInfoSpec spec = TwoGroupUser();
    spec.effective_name.text = c.name;
    EXPECT_THAT(LogonStatus(EncodeLogonInfo(spec).bytes),
                MalformedWith(c.message));
  }
}

TEST(PacLogonInfoTest, BadSids) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  std::vector<uint8_t> sixteen = good.bytes;
  sixteen[good.at.at("LogonDomainId.SubAuthorityCount")] = 16;
  Put32At(sixteen, good.at.at("LogonDomainId.MaximumCount"), 16);
  EXPECT_THAT(LogonStatus(sixteen),
              MalformedWith("LogonDomainId SubAuthorityCount 16 is over 15"));
  std::vector<uint8_t> extra = good.bytes;
  extra[good.at.at("ExtraSids[1].SubAuthorityCount")] = 16;
  EXPECT_THAT(LogonStatus(extra),
              MalformedWith("ExtraSids[1].Sid SubAuthorityCount 16 is over "
                            "15"));
  std::vector<uint8_t> mismatch = good.bytes;
  mismatch[good.at.at("ResourceGroupDomainSid.SubAuthorityCount")] = 3;
  EXPECT_THAT(LogonStatus(mismatch),
              MalformedWith("ResourceGroupDomainSid MaximumCount 4 is not its "
                            "SubAuthorityCount 3"));
  // More sub-authorities than the buffer has.
  std::vector<uint8_t> past = good.bytes;
  past[good.at.at("ResourceGroupDomainSid.SubAuthorityCount")] = 15;
  Put32At(past, good.at.at("ResourceGroupDomainSid.MaximumCount"), 15);
  EXPECT_THAT(LogonStatus(past),
              MalformedWith("ResourceGroupDomainSid at offset"));
  // A revision other than 1.
  std::vector<uint8_t> revision = good.bytes;
  revision[good.at.at("LogonDomainId.SubAuthorityCount") - 1] = 2;
  EXPECT_THAT(LogonStatus(revision),
              MalformedWith("LogonDomainId Revision 2 is not 1"));
  // A domain SID of 15 sub-authorities has no room for the user's RID.
  LogonInfoSpec full = TwoGroupUser();
  full.logon_domain_id.sub_authorities.assign(15, 21);
  EXPECT_THAT(LogonStatus(EncodeLogonInfo(full).bytes),
              MalformedWith("LogonDomainId has 15 sub-authorities, no room "
                            "for a RID"));
  LogonInfoSpec resource = TwoGroupUser();
  resource.resource_group_domain_sid->sub_authorities.assign(15, 21);
  EXPECT_THAT(LogonStatus(EncodeLogonInfo(resource).bytes),
              MalformedWith("ResourceGroupDomainSid has 15 sub-authorities"));
}

TEST(PacLogonInfoTest, RequiredPointersThatAreNull) {
  const EncodedLogonInfo good = EncodeLogonInfo(TwoGroupUser());
  EXPECT_THAT(LogonStatus(With32(good, "LogonDomainId", 0)),
              MalformedWith("logon info: LogonDomainId is null"));
  EXPECT_THAT(LogonStatus(With32(good, "ExtraSids[1].Sid", 0)),
              MalformedWith("ExtraSids[1].Sid is null"));
  EXPECT_THAT(LogonStatus(With32(good, "ResourceGroupDomainSid", 0)),
              MalformedWith("UserFlags has LOGON_RESOURCE_GROUPS and "
                            "ResourceGroupCount is 1 but "
                            "ResourceGroupDomainSid is null"));
  LogonInfoSpec null_domain = TwoGroupUser();
  null_domain.null_logon_domain_id = true;
  EXPECT_THAT(LogonStatus(EncodeLogonInfo(null_domain).bytes),
              MalformedWith("LogonDomainId is null"));
}

}  // namespace
}  // namespace crossauth::internal
