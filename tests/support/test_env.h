// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_env.h: the realm the backend-agnostic suites run against.
//
// CTest runs each suite under `crossauth-test-realm run` with the principals
// below (see tests/CMakeLists.txt), natively or under Wine. The suite reads
// the realm from the CROSSAUTH_TEST_* variables that command exports, so the
// same test source works on every backend.

#ifndef CROSSAUTH_TESTS_SUPPORT_TEST_ENV_H_
#define CROSSAUTH_TESTS_SUPPORT_TEST_ENV_H_

#include <string>

// The backend under test, 0 or 1 each (tests/CMakeLists.txt defines them on
// crossauth_test_support from the backend actually built). Tests choose
// backend behaviour with `#if CROSSAUTH_TEST_BACKEND_SSPI`, never with
// `#ifdef _WIN32`, which is for the OS's own APIs.
#if !defined(CROSSAUTH_TEST_BACKEND_SSPI) || \
    !defined(CROSSAUTH_TEST_BACKEND_GSSAPI)
#error "link crossauth_test_support: it defines CROSSAUTH_TEST_BACKEND_*"
#endif
#if CROSSAUTH_TEST_BACKEND_SSPI == CROSSAUTH_TEST_BACKEND_GSSAPI
#error "exactly one of CROSSAUTH_TEST_BACKEND_SSPI and _GSSAPI must be 1"
#endif

namespace crossauth {
namespace test {

// The principals every suite's realm has. Test-only passwords.
inline constexpr char kUser[] = "alice";
inline constexpr char kUserPassword[] = "alice-Pw-4711";
inline constexpr char kOtherUser[] = "bob";
inline constexpr char kOtherUserPassword[] = "bob-Pw-0815";
inline constexpr char kService[] = "HTTP";
inline constexpr char kOtherService[] = "host";
inline constexpr char kHost[] = "localhost";

struct TestEnv {
  std::string realm;              // CROSSAUTH_TEST_REALM
  std::string dir;                // CROSSAUTH_TEST_REALM_DIR (a POSIX path)
  std::string user_principal;     // "alice@REALM"
  std::string user_keytab;        // "FILE:<dir>/alice.keytab"
  std::string service_keytab;     // KRB5_KTNAME
  std::string ccache;             // KRB5CCNAME, holding alice's TGT
  std::string target;             // "HTTP@localhost"
  std::string service_principal;  // "HTTP/localhost@REALM"
};

// Env()
//
// The realm; aborts with a clear message when the suite was started without
// `crossauth-test-realm run`.
const TestEnv& Env();

// RunningUnderWine()
//
// True when this process is a Windows program running under Wine (ntdll
// exports wine_get_version). Always false on POSIX builds.
bool RunningUnderWine();

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_TEST_ENV_H_
