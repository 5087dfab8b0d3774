// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// readonly_bytes.h: caller input in read-only memory, for tests that prove
// crossauth never writes into (or reads past) the bytes a caller hands it.
//
// ReadOnlyBytes copies its bytes into freshly mapped pages, makes them
// read-only, and places them so that they end exactly at a page end, with an
// inaccessible guard page after it: a write anywhere in the bytes and a read
// one byte past their end both fault (SIGSEGV, or an access violation under
// Windows and Wine). mmap and mprotect on POSIX, VirtualAlloc and
// VirtualProtect (PAGE_READONLY, PAGE_NOACCESS) on Windows.
//
//   ReadOnlyBytes token(*wrapped);
//   EXPECT_OK(session.Unwrap(token.span()));
//   EXPECT_TRUE(token.Intact());

#ifndef CROSSAUTH_TESTS_SUPPORT_READONLY_BYTES_H_
#define CROSSAUTH_TESTS_SUPPORT_READONLY_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace crossauth {
namespace test {

// ReadOnlyBytes
//
// Owns a read-only copy of some bytes (see the file comment). Move-only;
// aborts when the pages cannot be mapped or protected.
class ReadOnlyBytes {
 public:
  explicit ReadOnlyBytes(absl::Span<const uint8_t> bytes);
  explicit ReadOnlyBytes(absl::string_view text);
  ReadOnlyBytes(ReadOnlyBytes&& other) noexcept;
  ReadOnlyBytes& operator=(ReadOnlyBytes&& other) = delete;
  ReadOnlyBytes(const ReadOnlyBytes&) = delete;
  ReadOnlyBytes& operator=(const ReadOnlyBytes&) = delete;
  ~ReadOnlyBytes();

  // The read-only bytes, ending at a page end (non-null even when empty).
  absl::Span<const uint8_t> span() const { return {data_, size_}; }
  absl::string_view view() const {
    return {reinterpret_cast<const char*>(data_), size_};
  }
  size_t size() const { return size_; }

  // Intact()
  //
  // True when the bytes still equal the copy made at construction. With
  // the protection in place a write would have faulted first; this also
  // covers a protection that a library changed back.
  bool Intact() const;

 private:
  std::vector<uint8_t> original_;
  void* mapping_ = nullptr;
  size_t mapping_size_ = 0;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// ReadOnlyStrings
//
// Several string_views in read-only pages (one ReadOnlyBytes each), for
// calls that take absl::Span<const absl::string_view>.
class ReadOnlyStrings {
 public:
  explicit ReadOnlyStrings(const std::vector<std::string>& values);
  absl::Span<const absl::string_view> span() const { return views_; }
  bool Intact() const;

 private:
  std::vector<ReadOnlyBytes> bytes_;
  std::vector<absl::string_view> views_;
};

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_READONLY_BYTES_H_
