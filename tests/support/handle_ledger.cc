// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "tests/support/handle_ledger.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/const_init.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "tests/support/native_seam.h"

namespace crossauth {
namespace test {
namespace {

ABSL_CONST_INIT absl::Mutex mutex(absl::kConstInit);

struct Ledger {
  std::map<std::string, std::string> outstanding;  // key -> creating call
  int calls = 0;
  int fail_at = 0;  // the value of `calls` that fails; 0: none
  std::string injected;
  std::shared_ptr<const std::function<void(const char*)>> hook;
};

Ledger& State() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex) {
  static Ledger* ledger = new Ledger();
  return *ledger;
}

}  // namespace

namespace ledger {

bool CountCall(const char* call) {
  std::shared_ptr<const std::function<void(const char*)>> hook;
  {
    absl::MutexLock lock(&mutex);
    hook = State().hook;
  }
  if (hook != nullptr) (*hook)(call);  // unlocked: it may block
  absl::MutexLock lock(&mutex);
  Ledger& state = State();
  ++state.calls;
  if (state.fail_at == 0 || state.calls != state.fail_at) return false;
  state.injected = call;
  state.fail_at = 0;
  return true;
}

void Track(const std::string& key, const char* call) {
  absl::MutexLock lock(&mutex);
  State().outstanding[key] = call;
}

void Forget(const std::string& key) {
  absl::MutexLock lock(&mutex);
  State().outstanding.erase(key);
}

}  // namespace ledger

int OutstandingHandles() {
  absl::MutexLock lock(&mutex);
  return static_cast<int>(State().outstanding.size());
}

std::string OutstandingSummary() {
  absl::MutexLock lock(&mutex);
  std::map<std::string, int> by_call;
  for (const auto& [key, call] : State().outstanding) ++by_call[call];
  std::string out;
  for (const auto& [call, count] : by_call) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", count, " x ", call);
  }
  return out.empty() ? "none" : out;
}

int NativeCallCount() {
  absl::MutexLock lock(&mutex);
  return State().calls;
}

void ResetNativeCallCount() {
  absl::MutexLock lock(&mutex);
  State().calls = 0;
}

void FailNthCall(int n) {
  absl::MutexLock lock(&mutex);
  Ledger& state = State();
  state.fail_at = n == 0 ? 0 : state.calls + n;
  state.injected.clear();
}

std::string InjectedCall() {
  absl::MutexLock lock(&mutex);
  return State().injected;
}

void SetCallHook(std::function<void(const char* call)> hook) {
  absl::MutexLock lock(&mutex);
  State().hook = hook
                     ? std::make_shared<const std::function<void(const char*)>>(
                           std::move(hook))
                     : nullptr;
}

}  // namespace test
}  // namespace crossauth
