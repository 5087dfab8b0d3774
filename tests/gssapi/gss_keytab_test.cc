// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The keytab reader behind kStaleKey's message (backends/gssapi/gss_keytab.h):
// keytab bytes written here in MIT's format 0x0502, and the suite's real
// service keytab.

#include "backends/gssapi/gss_keytab.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace internal {
namespace {

using Bytes = std::vector<uint8_t>;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

void Put16(Bytes& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value));
}

void Put32(Bytes& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<uint8_t>(value >> shift));
  }
}

void PutCounted(Bytes& out, const std::string& text) {
  Put16(out, static_cast<uint16_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
}

// One entry, with its size: `kvno32` 0 leaves the 32-bit key version out.
Bytes Entry(std::vector<std::string> components, const std::string& realm,
            uint8_t kvno8, uint32_t kvno32) {
  Bytes entry;
  Put16(entry, static_cast<uint16_t>(components.size()));
  PutCounted(entry, realm);
  for (const std::string& component : components) {
    PutCounted(entry, component);
  }
  Put32(entry, 1);           // KRB5_NT_PRINCIPAL
  Put32(entry, 1700000000);  // timestamp
  entry.push_back(kvno8);
  Put16(entry, 18);  // aes256-cts-hmac-sha1-96
  PutCounted(entry, std::string(32, 'k'));
  if (kvno32 != 0) Put32(entry, kvno32);
  Bytes sized;
  Put32(sized, static_cast<uint32_t>(entry.size()));
  sized.insert(sized.end(), entry.begin(), entry.end());
  return sized;
}

Bytes File(std::initializer_list<Bytes> entries) {
  Bytes file = {0x05, 0x02};
  for (const Bytes& entry : entries) {
    file.insert(file.end(), entry.begin(), entry.end());
  }
  return file;
}

TEST(KeytabTest, TheKeyVersionsOfOnePrincipal) {
  const Bytes hole = {0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0, 0, 0,
                      0,    0,    0,    0,    0, 0, 0, 0, 0, 0};
  const Bytes file = File({Entry({"HTTP", "web"}, "R", 2, 0), hole,
                           Entry({"HTTP", "web"}, "R", 1, 0),
                           Entry({"HTTP", "web"}, "R", 2, 0),
                           Entry({"HTTP", "other"}, "R", 7, 0),
                           Entry({"HTTP", "web"}, "R", 4, 260)});
  EXPECT_THAT(KeytabBytesKeyVersions(file, "HTTP/web@R"),
              Optional(ElementsAre(1, 2, 260)));
  EXPECT_THAT(KeytabBytesKeyVersions(file, "HTTP/other@R"),
              Optional(ElementsAre(7)));
  EXPECT_THAT(KeytabBytesKeyVersions(file, "HTTP/web@S"), Optional(IsEmpty()));
  // A zero size ends the file.
  Bytes ended = File({Entry({"a"}, "R", 1, 0)});
  Put32(ended, 0);
  ended.push_back(0x99);
  EXPECT_THAT(KeytabBytesKeyVersions(ended, "a@R"), Optional(ElementsAre(1)));
}

TEST(KeytabTest, BytesThatAreNoKeytabAreNothing) {
  EXPECT_EQ(KeytabBytesKeyVersions({}, "a@R"), std::nullopt);
  EXPECT_EQ(KeytabBytesKeyVersions(Bytes{0x05, 0x01}, "a@R"), std::nullopt);
  const Bytes file = File({Entry({"HTTP", "web"}, "R", 2, 0)});
  // Every cut inside the entry is nothing; a cut inside the size is the end.
  for (size_t size = 6; size < file.size(); ++size) {
    EXPECT_EQ(KeytabBytesKeyVersions(Bytes(file.begin(), file.begin() + size),
                                     "HTTP/web@R"),
              std::nullopt)
        << size;
  }
  // A cut inside an entry's size field is the end of the file.
  for (size_t size = 2; size < 6; ++size) {
    EXPECT_THAT(KeytabBytesKeyVersions(Bytes(file.begin(), file.begin() + size),
                                       "HTTP/web@R"),
                Optional(IsEmpty()))
        << size;
  }
  // A hole of INT32_MIN bytes, and one larger than the file.
  for (uint32_t size : {0x80000000u, 0xffff0000u}) {
    Bytes holed = {0x05, 0x02};
    Put32(holed, size);
    EXPECT_EQ(KeytabBytesKeyVersions(holed, "HTTP/web@R"), std::nullopt)
        << size;
  }
  // A size larger than the file.
  Bytes lying = file;
  lying[5] = 0xff;
  EXPECT_EQ(KeytabBytesKeyVersions(lying, "HTTP/web@R"), std::nullopt);
}

TEST(KeytabTest, FilesByNameAndOtherTypes) {
  const std::string path = absl::StrCat(test::Env().dir, "/versions.keytab");
  const Bytes file = File({Entry({"HTTP", "web"}, "R", 3, 0)});
  std::FILE* out = std::fopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(std::fwrite(file.data(), 1, file.size(), out), file.size());
  ASSERT_EQ(std::fclose(out), 0);
  for (const std::string& name : {path, "FILE:" + path, "WRFILE:" + path}) {
    EXPECT_THAT(KeytabKeyVersions(name, "HTTP/web@R"), Optional(ElementsAre(3)))
        << name;
  }
  EXPECT_EQ(KeytabKeyVersions("MEMORY:x", "HTTP/web@R"), std::nullopt);
  EXPECT_EQ(KeytabKeyVersions("", "HTTP/web@R"), std::nullopt);
  EXPECT_EQ(KeytabKeyVersions(path + ".missing", "HTTP/web@R"), std::nullopt);
  // The suite's own keytab, as MIT's kadmin wrote it.
  std::optional<std::vector<uint32_t>> real = KeytabKeyVersions(
      test::Env().service_keytab, test::Env().service_principal);
  ASSERT_TRUE(real.has_value());
  EXPECT_THAT(*real, ElementsAre(1)) << test::Env().service_principal;
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
