// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// counting_allocator.h: counts the heap allocations of the whole process.
//
// counting_allocator.cc defines malloc, calloc, realloc, free and the
// aligned allocators in the benchmark executable, so every library in the
// process (MIT krb5 allocates with malloc; libstdc++'s operator new calls
// malloc) goes through them. They forward to glibc's own allocator
// (__libc_malloc and friends) and, while counting is on, add each call and
// its requested size to process-wide counters.
//
//   bench::AllocationCounter counter;  // counting starts
//   DoWork();
//   bench::AllocationCount spent = counter.Stop();
//
// Counting is process-wide, not per thread: count from one thread while no
// other thread works. Not built with a sanitizer (which replaces malloc
// itself): Available() is false there.

#ifndef CROSSAUTH_BENCH_COUNTING_ALLOCATOR_H_
#define CROSSAUTH_BENCH_COUNTING_ALLOCATOR_H_

#include <cstdint>

namespace bench {

// AllocationCount
//
// Allocation calls (malloc, calloc, realloc to a new size, the aligned
// ones), the bytes they asked for, and free() calls of non-null pointers.
struct AllocationCount {
  uint64_t allocations = 0;
  uint64_t bytes = 0;
  uint64_t frees = 0;
};

// Available()
//
// True when this executable's allocator counts (not a sanitizer build).
bool CountingAvailable();

// AllocationCounter
//
// Counts from construction until Stop(). One at a time.
class AllocationCounter {
 public:
  AllocationCounter();
  AllocationCounter(const AllocationCounter&) = delete;
  AllocationCounter& operator=(const AllocationCounter&) = delete;
  ~AllocationCounter();

  // Stop()
  //
  // Stops counting and returns what was counted since construction.
  AllocationCount Stop();

 private:
  bool running_ = true;
};

}  // namespace bench

#endif  // CROSSAUTH_BENCH_COUNTING_ALLOCATOR_H_
