// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// call_gate.h: holds one thread inside a native call (through the counting
// seam's call hook), so that a test can act from another thread while that
// call is in progress, with no timing involved. It also counts native calls
// by name.

#ifndef CROSSAUTH_TESTS_SUPPORT_CALL_GATE_H_
#define CROSSAUTH_TESTS_SUPPORT_CALL_GATE_H_

#include <map>
#include <string>
#include <thread>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "tests/support/native_seam.h"

namespace crossauth {
namespace test {

// CallGate
//
// While it lives, the first counted native call named `name` (any call when
// `name` is empty) that a thread other than the constructing one makes is
// held until Open() or the gate's destruction. Every counted call is
// counted. One gate at a time.
class CallGate {
 public:
  explicit CallGate(std::string name = "")
      : name_(std::move(name)), owner_(std::this_thread::get_id()) {
    SetCallHook([this](const char* call) { OnCall(call); });
  }
  CallGate(const CallGate&) = delete;
  CallGate& operator=(const CallGate&) = delete;
  ~CallGate() {
    Open();
    SetCallHook({});
  }

  // WaitUntilHeld()
  //
  // True once a call is being held; false after `timeout` (a bound for a
  // broken test, never reached when the code under test works).
  bool WaitUntilHeld(absl::Duration timeout = absl::Seconds(60)) {
    return held_.WaitForNotificationWithTimeout(timeout);
  }

  // Open()
  //
  // Lets the held call, and every later one, run.
  void Open() {
    if (!open_.HasBeenNotified()) open_.Notify();
  }

  // Count()
  //
  // How many counted calls named `call` were made while the gate lived.
  int Count(const std::string& call) const {
    absl::MutexLock lock(&mutex_);
    auto it = counts_.find(call);
    return it == counts_.end() ? 0 : it->second;
  }

 private:
  void OnCall(const char* call) {
    bool hold = false;
    {
      absl::MutexLock lock(&mutex_);
      ++counts_[call];
      if (!matched_ && std::this_thread::get_id() != owner_ &&
          (name_.empty() || name_ == call)) {
        matched_ = true;
        hold = true;
      }
    }
    if (!hold) return;
    held_.Notify();
    // Bounded, so that a broken test ends instead of hanging.
    open_.WaitForNotificationWithTimeout(absl::Minutes(2));
  }

  const std::string name_;
  const std::thread::id owner_;
  mutable absl::Mutex mutex_;
  std::map<std::string, int> counts_ ABSL_GUARDED_BY(mutex_);
  bool matched_ ABSL_GUARDED_BY(mutex_) = false;
  absl::Notification held_;
  absl::Notification open_;
};

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_CALL_GATE_H_
