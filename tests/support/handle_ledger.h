// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// handle_ledger.h: the bookkeeping behind native_seam.h, shared by every
// backend's counting seam (tests/gssapi/gss_seam.cc, tests/sspi/sspi_seam.cc).
// A seam wraps each native call: CountCall() first (and fails the call when
// it says so), Track() for each handle the call created, Forget() in each
// release call. This file also implements native_seam.h's queries.

#ifndef CROSSAUTH_TESTS_SUPPORT_HANDLE_LEDGER_H_
#define CROSSAUTH_TESTS_SUPPORT_HANDLE_LEDGER_H_

#include <string>

namespace crossauth {
namespace test {
namespace ledger {

// CountCall()
//
// Counts a native call named `call`; true when FailNthCall() chose this one
// to fail, in which case the seam returns the backend's failure without
// running it.
bool CountCall(const char* call);

// Track()
//
// Records that `call` created the native handle identified by `key`.
void Track(const std::string& key, const char* call);

// Forget()
//
// Records that the handle identified by `key` was released.
void Forget(const std::string& key);

}  // namespace ledger
}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_HANDLE_LEDGER_H_
