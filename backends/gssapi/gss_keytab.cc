// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_keytab.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {
namespace {

constexpr size_t kMaxKeytabBytes = 16u << 20;

// A big-endian reader over one span; every read fails once past the end.
class Reader {
 public:
  explicit Reader(absl::Span<const uint8_t> in) : in_(in) {}

  bool U8(uint8_t& out) {
    if (in_.size() < 1) return false;
    out = in_[0];
    in_.remove_prefix(1);
    return true;
  }
  bool U16(uint16_t& out) {
    if (in_.size() < 2) return false;
    out = static_cast<uint16_t>((in_[0] << 8) | in_[1]);
    in_.remove_prefix(2);
    return true;
  }
  bool U32(uint32_t& out) {
    if (in_.size() < 4) return false;
    out = (static_cast<uint32_t>(in_[0]) << 24) |
          (static_cast<uint32_t>(in_[1]) << 16) |
          (static_cast<uint32_t>(in_[2]) << 8) | static_cast<uint32_t>(in_[3]);
    in_.remove_prefix(4);
    return true;
  }
  // A counted_octet_string: a 16-bit length, then that many octets.
  bool Counted(absl::Span<const uint8_t>& out) {
    uint16_t length = 0;
    if (!U16(length) || in_.size() < length) return false;
    out = in_.subspan(0, length);
    in_.remove_prefix(length);
    return true;
  }
  bool Take(size_t n, absl::Span<const uint8_t>& out) {
    if (in_.size() < n) return false;
    out = in_.subspan(0, n);
    in_.remove_prefix(n);
    return true;
  }
  size_t left() const { return in_.size(); }

 private:
  absl::Span<const uint8_t> in_;
};

absl::string_view View(absl::Span<const uint8_t> bytes) {
  return absl::string_view(reinterpret_cast<const char*>(bytes.data()),
                           bytes.size());
}

// The key version of one entry (its bytes, after the size) when it is for
// `principal`; std::nullopt for another principal; false in `ok` when the
// entry does not parse.
std::optional<uint32_t> EntryKeyVersion(absl::Span<const uint8_t> entry,
                                        absl::string_view principal, bool& ok) {
  ok = false;
  Reader in(entry);
  uint16_t components = 0;
  absl::Span<const uint8_t> realm;
  if (!in.U16(components) || !in.Counted(realm)) return std::nullopt;
  std::string name;
  for (uint16_t i = 0; i < components; ++i) {
    absl::Span<const uint8_t> component;
    if (!in.Counted(component)) return std::nullopt;
    if (i > 0) name += '/';
    absl::StrAppend(&name, View(component));
  }
  name += '@';
  absl::StrAppend(&name, View(realm));
  uint32_t name_type = 0, timestamp = 0;
  uint8_t kvno8 = 0;
  uint16_t enctype = 0;
  absl::Span<const uint8_t> key;
  if (!in.U32(name_type) || !in.U32(timestamp) || !in.U8(kvno8) ||
      !in.U16(enctype) || !in.Counted(key)) {
    return std::nullopt;
  }
  uint32_t kvno = kvno8;
  // A 32-bit key version may follow, and wins when it is not zero.
  uint32_t kvno32 = 0;
  if (in.left() >= 4 && in.U32(kvno32) && kvno32 != 0) kvno = kvno32;
  ok = true;
  if (name != principal) return std::nullopt;
  return kvno;
}

}  // namespace

std::optional<std::vector<uint32_t>> KeytabBytesKeyVersions(
    absl::Span<const uint8_t> file, absl::string_view principal) {
  Reader in(file);
  uint8_t major = 0, minor = 0;
  if (!in.U8(major) || !in.U8(minor) || major != 5 || minor != 2) {
    return std::nullopt;
  }
  std::vector<uint32_t> versions;
  // Every entry or hole consumes at least four bytes, so this ends.
  while (in.left() >= 4) {
    uint32_t raw_size = 0;
    in.U32(raw_size);
    const int32_t size = static_cast<int32_t>(raw_size);
    if (size == 0) break;  // the end of what was ever written
    const size_t length = size < 0 ? static_cast<size_t>(-(int64_t{size}))
                                   : static_cast<size_t>(size);
    absl::Span<const uint8_t> entry;
    if (!in.Take(length, entry)) return std::nullopt;
    if (size < 0) continue;  // a hole left by a removed entry
    bool ok = false;
    std::optional<uint32_t> kvno = EntryKeyVersion(entry, principal, ok);
    if (!ok) return std::nullopt;
    if (kvno.has_value()) versions.push_back(*kvno);
  }
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  return versions;
}

std::optional<std::vector<uint32_t>> KeytabKeyVersions(
    absl::string_view keytab, absl::string_view principal) {
  if (!absl::ConsumePrefix(&keytab, "FILE:")) {
    absl::ConsumePrefix(&keytab, "WRFILE:");
  }
  if (keytab.empty() || absl::StrContains(keytab, ':')) return std::nullopt;
  std::FILE* file = std::fopen(std::string(keytab).c_str(), "rb");
  if (file == nullptr) return std::nullopt;
  // Unbuffered, and one block sized first, so that no copy of the keys is
  // left behind in stdio's buffer or a grown vector's old block.
  std::setvbuf(file, nullptr, _IONBF, 0);
  long size = -1;
  if (std::fseek(file, 0, SEEK_END) == 0) size = std::ftell(file);
  if (size < 0 || static_cast<unsigned long>(size) > kMaxKeytabBytes ||
      std::fseek(file, 0, SEEK_SET) != 0) {
    std::fclose(file);
    return std::nullopt;
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  const size_t got =
      bytes.empty() ? 0 : std::fread(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
  const bool short_read = got != bytes.size();  // it changed while read
  std::optional<std::vector<uint32_t>> versions;
  if (!short_read) versions = KeytabBytesKeyVersions(bytes, principal);
  SecureWipe(bytes);
  return versions;
}

}  // namespace internal
}  // namespace crossauth
