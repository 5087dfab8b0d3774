// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_seam.h: what the GSS-API counting seam (gss_seam.cc) offers beyond
// tests/support/native_seam.h: the krb5 calls the backend makes through its
// provider's one krb5 context (Krb5Context in backends/gssapi/gss_library.h).
//
// Those calls are counted here, not by NativeCallCount(), and never failed
// by FailNthCall(): the provider's context lives as long as the process and
// is created once, so the first test to look up a realm would make calls
// that no later run of the same code makes. Their transient results (realm
// lists, error texts) are still tracked as handles.

#ifndef CROSSAUTH_TESTS_GSSAPI_GSS_SEAM_H_
#define CROSSAUTH_TESTS_GSSAPI_GSS_SEAM_H_

#include <string>

#include "backends/gssapi/gss_impl.h"  // krb5.h of MIT or Heimdal

namespace crossauth {
namespace test {

// Krb5CallCount()
//
// How many times the krb5 call named `call` ("krb5_init_context",
// "krb5_get_host_realm", ...) was made through the seam since the process
// started.
int Krb5CallCount(const std::string& call);

// FailNextKrb5Call()
//
// Makes the next krb5 call named `call` return `code` without running.
void FailNextKrb5Call(const std::string& call, krb5_error_code code);

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_GSSAPI_GSS_SEAM_H_
