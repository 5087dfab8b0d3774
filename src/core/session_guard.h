// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// session_guard.h: the in-use guard that turns one session used from two
// threads at once into an error instead of undefined behaviour.

#ifndef CROSSAUTH_SRC_CORE_SESSION_GUARD_H_
#define CROSSAUTH_SRC_CORE_SESSION_GUARD_H_

#include <atomic>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/native_status.h"

namespace crossauth {
namespace internal {

// InUseGuard
//
// One flag per session, taken by every public call on it (one atomic
// exchange when free, nothing more). A second thread that calls while the
// flag is taken gets InUseError() at once; it never waits and never touches
// the native context. Only the session's destruction waits for a call in
// progress, so that the context is not deleted under it.
class InUseGuard {
 public:
  // Use
  //
  // The flag, held until destruction; ok() is false when another thread
  // held it already.
  class Use {
   public:
    Use(Use&& other) noexcept : guard_(std::exchange(other.guard_, nullptr)) {}
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    Use& operator=(Use&&) = delete;
    ~Use() {
      if (guard_ != nullptr)
        guard_->busy_.store(false, std::memory_order_release);
    }
    bool ok() const { return guard_ != nullptr; }

   private:
    friend class InUseGuard;
    explicit Use(InUseGuard* guard) : guard_(guard) {}
    InUseGuard* guard_;
  };

  InUseGuard() = default;
  InUseGuard(const InUseGuard&) = delete;
  InUseGuard& operator=(const InUseGuard&) = delete;

  // Enter()
  //
  // Takes the flag if it is free.
  Use Enter() {
    bool expected = false;
    if (busy_.compare_exchange_strong(expected, true,
                                      std::memory_order_acquire)) {
      return Use(this);
    }
    return Use(nullptr);
  }

  // EnterForDestruction()
  //
  // Takes the flag, waiting for a call in progress on another thread to
  // return first. Only the destructor uses it: a call in progress always
  // returns (native calls are bounded), and nothing new may start on a
  // session that is being destroyed.
  Use EnterForDestruction() {
    for (;;) {
      Use use = Enter();
      if (use.ok()) return use;
      absl::SleepFor(absl::Microseconds(100));
    }
  }

 private:
  std::atomic<bool> busy_{false};
};

// InUseError(): the answer to the second caller.
inline absl::Status InUseError(absl::string_view call) {
  return internal::ReasonedError(
      absl::StatusCode::kFailedPrecondition,
      absl::StrCat(
          call,
          ": the session is used from two threads at once; a session takes one "
          "call at a time (give each thread its own session, or serialize the "
          "calls)"),
      ErrorReason::kWrongState);
}

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_SESSION_GUARD_H_
