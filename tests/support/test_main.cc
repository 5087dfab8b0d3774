// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The main of every crossauth suite: routes the backend through the counting
// seam, and fails the run when any test leaves a native handle behind.

#include <cstdio>
#include <cstdlib>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/native_seam.h"

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
#ifndef _WIN32
  // crossauth-test-realm points GSS_MECH_CONFIG at an empty file, keeping
  // plug-ins such as gss-ntlmssp out; a suite that wants one names its
  // configuration here, before the first GSS-API call reads the variable.
  if (const char* mechs = std::getenv("CROSSAUTH_TEST_GSS_MECH_CONFIG")) {
    setenv("GSS_MECH_CONFIG", mechs, 1);
  }
#endif
  crossauth::test::InstallCountingSeam();
  auto* check = new LeakCheck();  // owned by the listener list
  ::testing::UnitTest::GetInstance()->listeners().Append(check);
  int result = RUN_ALL_TESTS();
  if (check->leaked()) {
    std::fprintf(stderr, "FAILED: native handles leaked (see [  LEAK    ])\n");
    return 1;
  }
  return result;
}
