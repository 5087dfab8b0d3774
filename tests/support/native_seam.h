// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// native_seam.h: the backend-agnostic view of the counting seam.
//
// Each backend's tests implement these functions over that backend's native
// function table (tests/gssapi/gss_seam.cc, tests/sspi/sspi_seam.cc): every
// native call goes through a wrapper that records each handle it creates
// (context, credential, name, buffer, OID set, ...) and forgets it when the
// matching release call runs, and that can fail the Nth call.
//
// Injected failures never hit release calls (gss_release_*, gss_delete_sec_
// context, FreeContextBuffer, DeleteSecurityContext, FreeCredentialsHandle)
// or status-text calls (gss_display_status, FormatMessage): those always run,
// so a test can prove that each failure path still releases everything.

#ifndef CROSSAUTH_TESTS_SUPPORT_NATIVE_SEAM_H_
#define CROSSAUTH_TESTS_SUPPORT_NATIVE_SEAM_H_

#include <functional>
#include <string>

namespace crossauth {
namespace test {

// InstallCountingSeam()
//
// Routes the backend through the counting table. Idempotent. The test main
// calls it before any test runs.
void InstallCountingSeam();

// OutstandingHandles()
//
// How many native handles are currently held (acquired and not released).
int OutstandingHandles();

// OutstandingSummary()
//
// The outstanding handles by kind and creating call, for failure messages,
// for example "1 x gss_import_name".
std::string OutstandingSummary();

// NativeCallCount()
//
// Native calls made (excluding release and status-text calls) since the last
// ResetNativeCallCount().
int NativeCallCount();
void ResetNativeCallCount();

// FailNthCall()
//
// Makes the `n`th counted native call from now (1-based) fail without running
// it: GSS_S_FAILURE with minor ENOMEM on GSS-API, SEC_E_INSUFFICIENT_MEMORY on
// SSPI. crossauth maps both to ResourceExhausted. 0 disables injection.
void FailNthCall(int n);

// InjectedCall()
//
// The name of the native call that the last injection failed ("" if none
// fired since FailNthCall()).
std::string InjectedCall();

// SetCallHook()
//
// Runs `hook` with the native call's name ("gss_acquire_cred_from",
// "AcquireCredentialsHandleW", ...) at the start of every counted call, on
// the calling thread, before the call runs (or is failed); an empty function
// removes it. Tests use it to count calls by name, or to hold one thread
// inside a native call while another acts. The hook may block; it must not
// make native calls itself.
void SetCallHook(std::function<void(const char* call)> hook);

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_NATIVE_SEAM_H_
