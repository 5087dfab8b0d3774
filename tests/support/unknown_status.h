// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// unknown_status.h: every suite's main (test_main.cc) fails the running test
// when crossauth builds a status with code UNKNOWN, the code of a failure
// nobody explained. A failure a peer can cause always has a specific code.
//
// A test of the mapping's last resort (a native failure no table explains,
// on a call no peer reaches) says so with AllowUnknownStatus.

#ifndef CROSSAUTH_TESTS_SUPPORT_UNKNOWN_STATUS_H_
#define CROSSAUTH_TESTS_SUPPORT_UNKNOWN_STATUS_H_

namespace crossauth {
namespace test {

// AllowUnknownStatus
//
// While one lives, UNKNOWN statuses do not fail the test.
class AllowUnknownStatus {
 public:
  AllowUnknownStatus();
  ~AllowUnknownStatus();
  AllowUnknownStatus(const AllowUnknownStatus&) = delete;
  AllowUnknownStatus& operator=(const AllowUnknownStatus&) = delete;
};

// UnknownStatusCount()
//
// How many UNKNOWN statuses crossauth has built in this process, allowed or
// not (for the check's own test).
int UnknownStatusCount();

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_UNKNOWN_STATUS_H_
