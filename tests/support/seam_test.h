// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// seam_test.h: the fixture every suite's tests use. Its TearDown fails the
// test that left any native handle outstanding.

#ifndef CROSSAUTH_TESTS_SUPPORT_SEAM_TEST_H_
#define CROSSAUTH_TESTS_SUPPORT_SEAM_TEST_H_

#include "gtest/gtest.h"
#include "tests/support/native_seam.h"

namespace crossauth {
namespace test {

class SeamTest : public ::testing::Test {
 protected:
  void SetUp() override { FailNthCall(0); }
  void TearDown() override {
    FailNthCall(0);
    EXPECT_EQ(OutstandingHandles(), 0) << OutstandingSummary();
  }
};

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_SEAM_TEST_H_
