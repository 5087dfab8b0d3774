// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The main of every crossauth suite: routes the backend through the counting
// seam, fails the run when any test leaves a native handle behind, and fails
// any test during which crossauth built a status with code UNKNOWN.

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "backends/common/native_status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/native_seam.h"
#include "tests/support/unknown_status.h"

namespace crossauth {
namespace test {
namespace {

std::atomic<int> unknown_allowed{0};
std::atomic<int> unknown_built{0};

// Called by NativeStatus() and Restated() for every status they build, on
// the thread that builds it; ADD_FAILURE is thread-safe and marks the
// running test.
void FailOnUnknown(const absl::Status& status) {
  // unknown-ok: the check itself
  if (status.code() != absl::StatusCode::kUnknown) return;
  ++unknown_built;
  if (unknown_allowed.load() > 0) return;
  const std::string text(status.message());
  std::fprintf(stderr, "[ UNKNOWN  ] %s\n", text.c_str());
  ADD_FAILURE() << "crossauth built a status with code UNKNOWN (a failure "
                   "without a specific code): "
                << text;
}

}  // namespace

AllowUnknownStatus::AllowUnknownStatus() { ++unknown_allowed; }
AllowUnknownStatus::~AllowUnknownStatus() { --unknown_allowed; }
int UnknownStatusCount() { return unknown_built.load(); }

}  // namespace test
}  // namespace crossauth

namespace {

class LeakCheck : public ::testing::EmptyTestEventListener {
 public:
  void OnTestEnd(const ::testing::TestInfo& info) override {
    int outstanding = crossauth::test::OutstandingHandles();
    if (outstanding != 0) {
      std::fprintf(stderr, "[  LEAK    ] %s.%s left %d native handle(s): %s\n",
                   info.test_suite_name(), info.name(), outstanding,
                   crossauth::test::OutstandingSummary().c_str());
      leaked_ = true;
    }
  }
  bool leaked() const { return leaked_; }

 private:
  bool leaked_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
#if CROSSAUTH_TEST_BACKEND_GSSAPI
  // crossauth-test-realm points GSS_MECH_CONFIG at an empty file, keeping
  // plug-ins such as gss-ntlmssp out; a suite that wants one names its
  // configuration here, before the first GSS-API call reads the variable.
  // (The SSPI backend never reads it: Wine's kerberos.dll gets the realm's.)
  if (const char* mechs = std::getenv("CROSSAUTH_TEST_GSS_MECH_CONFIG")) {
    setenv("GSS_MECH_CONFIG", mechs, 1);
  }
#endif
  crossauth::test::InstallCountingSeam();
  crossauth::internal::SetStatusObserver(crossauth::test::FailOnUnknown);
  auto* check = new LeakCheck();  // owned by the listener list
  ::testing::UnitTest::GetInstance()->listeners().Append(check);
  int result = RUN_ALL_TESTS();
  if (check->leaked()) {
    std::fprintf(stderr, "FAILED: native handles leaked (see [  LEAK    ])\n");
    return 1;
  }
  return result;
}
