// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// SecureWipe(): overwrite memory that held a secret or plaintext, in a way
// the optimizer may not drop. One call, not a byte loop: explicit_bzero
// (glibc, the BSDs) and SecureZeroMemory (Windows) run at memset speed,
// where a volatile loop costs about 5 instructions per byte (FACTS.md).

#ifndef CROSSAUTH_SRC_PLATFORM_SECURE_WIPE_H_
#define CROSSAUTH_SRC_PLATFORM_SECURE_WIPE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#ifdef _WIN32
#include <windows.h>  // SecureZeroMemory
#else
#include <string.h>  // explicit_bzero
#endif

namespace crossauth {
namespace internal {

inline void SecureWipe(void* data, size_t size) {
  if (data == nullptr || size == 0) return;
#ifdef _WIN32
  SecureZeroMemory(data, size);
#else
  explicit_bzero(data, size);
#endif
}

// Wipes every byte of `bytes` (its size, not its capacity) and empties it.
inline void SecureWipe(std::vector<uint8_t>& bytes) {
  SecureWipe(bytes.data(), bytes.size());
  bytes.clear();
}

// Makes room for `size` bytes in `bytes` without leaving its old contents
// behind: when the vector must move to grow, the contents are copied into
// the new block and the old block is wiped before it is freed (a caller's
// output vector may hold plaintext, the message being wrapped among it).
// The size and contents stay as they were; only the capacity grows.
inline void ReserveWiped(std::vector<uint8_t>& bytes, size_t size) {
  if (bytes.capacity() >= size) return;
  std::vector<uint8_t> grown;
  grown.reserve(size > 2 * bytes.capacity() ? size : 2 * bytes.capacity());
  grown.assign(bytes.begin(), bytes.end());
  SecureWipe(bytes.data(), bytes.size());
  bytes.swap(grown);
}

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_PLATFORM_SECURE_WIPE_H_
