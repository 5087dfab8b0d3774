// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The process's malloc family, counting (see counting_allocator.h).

#include "bench/counting_allocator.h"

#include <errno.h>
#include <stddef.h>

#include <atomic>
#include <cstdint>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CROSSAUTH_BENCH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CROSSAUTH_BENCH_SANITIZED 1
#endif

namespace bench {
namespace {

std::atomic<bool> counting{false};
std::atomic<uint64_t> allocations{0};
std::atomic<uint64_t> bytes{0};
std::atomic<uint64_t> frees{0};

inline void CountAllocation(size_t size) {
  if (counting.load(std::memory_order_relaxed)) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(size, std::memory_order_relaxed);
  }
}

inline void CountFree(const void* p) {
  if (p != nullptr && counting.load(std::memory_order_relaxed)) {
    frees.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace

#ifdef CROSSAUTH_BENCH_SANITIZED
bool CountingAvailable() { return false; }
#else
bool CountingAvailable() { return true; }
#endif

AllocationCounter::AllocationCounter() {
  allocations.store(0, std::memory_order_relaxed);
  bytes.store(0, std::memory_order_relaxed);
  frees.store(0, std::memory_order_relaxed);
  counting.store(true, std::memory_order_seq_cst);
}

AllocationCounter::~AllocationCounter() {
  if (running_) Stop();
}

AllocationCount AllocationCounter::Stop() {
  counting.store(false, std::memory_order_seq_cst);
  running_ = false;
  AllocationCount count;
  count.allocations = allocations.load(std::memory_order_relaxed);
  count.bytes = bytes.load(std::memory_order_relaxed);
  count.frees = frees.load(std::memory_order_relaxed);
  return count;
}

}  // namespace bench

#ifndef CROSSAUTH_BENCH_SANITIZED
// glibc's allocator under its own names; exported by every glibc since 2.0.
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* p, size_t size);
void __libc_free(void* p);
void* __libc_memalign(size_t alignment, size_t size);

void* malloc(size_t size) {
  bench::CountAllocation(size);
  return __libc_malloc(size);
}

void* calloc(size_t count, size_t size) {
  bench::CountAllocation(count * size);
  return __libc_calloc(count, size);
}

void* realloc(void* p, size_t size) {
  if (size != 0) bench::CountAllocation(size);
  if (p != nullptr && size == 0) bench::CountFree(p);
  return __libc_realloc(p, size);
}

void free(void* p) {
  bench::CountFree(p);
  __libc_free(p);
}

void* memalign(size_t alignment, size_t size) {
  bench::CountAllocation(size);
  return __libc_memalign(alignment, size);
}

void* aligned_alloc(size_t alignment, size_t size) {
  bench::CountAllocation(size);
  return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) {
    return EINVAL;
  }
  bench::CountAllocation(size);
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}  // extern "C"
#endif  // CROSSAUTH_BENCH_SANITIZED
