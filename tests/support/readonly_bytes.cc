// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "tests/support/readonly_bytes.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#ifdef _WIN32
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace crossauth {
namespace test {
namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "ReadOnlyBytes: %s failed\n", what);
  std::abort();
}

size_t PageSize() {
#ifdef _WIN32
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  return info.dwPageSize;
#else
  return static_cast<size_t>(sysconf(_SC_PAGESIZE));
#endif
}

}  // namespace

ReadOnlyBytes::ReadOnlyBytes(absl::string_view text)
    : ReadOnlyBytes(absl::MakeConstSpan(
          reinterpret_cast<const uint8_t*>(text.data()), text.size())) {}

ReadOnlyBytes::ReadOnlyBytes(absl::Span<const uint8_t> bytes)
    : original_(bytes.begin(), bytes.end()), size_(bytes.size()) {
  const size_t page = PageSize();
  // The data pages (at least one, so that even empty bytes have an address
  // in this mapping), then the guard page.
  const size_t data_pages = size_ == 0 ? 1 : (size_ + page - 1) / page;
  const size_t data_size = data_pages * page;
  mapping_size_ = data_size + page;
#ifdef _WIN32
  mapping_ = VirtualAlloc(nullptr, mapping_size_, MEM_RESERVE | MEM_COMMIT,
                          PAGE_READWRITE);
  if (mapping_ == nullptr) Die("VirtualAlloc");
#else
  mapping_ = mmap(nullptr, mapping_size_, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping_ == MAP_FAILED) Die("mmap");
#endif
  auto* base = static_cast<uint8_t*>(mapping_);
  uint8_t* start = base + data_size - size_;
  if (size_ > 0) std::memcpy(start, original_.data(), size_);
  data_ = start;
#ifdef _WIN32
  DWORD old = 0;
  if (!VirtualProtect(base, data_size, PAGE_READONLY, &old)) {
    Die("VirtualProtect(PAGE_READONLY)");
  }
  if (!VirtualProtect(base + data_size, page, PAGE_NOACCESS, &old)) {
    Die("VirtualProtect(PAGE_NOACCESS)");
  }
#else
  if (mprotect(base, data_size, PROT_READ) != 0) Die("mprotect(PROT_READ)");
  if (mprotect(base + data_size, page, PROT_NONE) != 0) {
    Die("mprotect(PROT_NONE)");
  }
#endif
}

ReadOnlyBytes::ReadOnlyBytes(ReadOnlyBytes&& other) noexcept
    : original_(std::move(other.original_)),
      mapping_(std::exchange(other.mapping_, nullptr)),
      mapping_size_(std::exchange(other.mapping_size_, 0)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

ReadOnlyBytes::~ReadOnlyBytes() {
  if (mapping_ == nullptr) return;
#ifdef _WIN32
  VirtualFree(mapping_, 0, MEM_RELEASE);
#else
  munmap(mapping_, mapping_size_);
#endif
}

bool ReadOnlyBytes::Intact() const {
  return size_ == original_.size() &&
         (size_ == 0 || std::memcmp(data_, original_.data(), size_) == 0);
}

ReadOnlyStrings::ReadOnlyStrings(const std::vector<std::string>& values) {
  bytes_.reserve(values.size());
  for (const std::string& value : values) bytes_.emplace_back(value);
  for (const ReadOnlyBytes& bytes : bytes_) views_.push_back(bytes.view());
}

bool ReadOnlyStrings::Intact() const {
  for (const ReadOnlyBytes& bytes : bytes_) {
    if (!bytes.Intact()) return false;
  }
  return true;
}

}  // namespace test
}  // namespace crossauth
