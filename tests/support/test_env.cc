// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "tests/support/test_env.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

#if CROSSAUTH_TEST_BACKEND_SSPI
#include "backends/sspi/sspi_library.h"
#endif

namespace crossauth {
namespace test {
namespace {

std::string Require(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    std::fprintf(stderr,
                 "%s is not set: run this suite under `crossauth-test-realm "
                 "run ... -- <suite>` (ctest does)\n",
                 name);
    std::abort();
  }
  return value;
}

std::string Optional(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

}  // namespace

const TestEnv& Env() {
  static const TestEnv* env = [] {
    auto* e = new TestEnv();
    e->realm = Require("CROSSAUTH_TEST_REALM");
    e->dir = Require("CROSSAUTH_TEST_REALM_DIR");
    e->user_principal = absl::StrCat(kUser, "@", e->realm);
    e->user_keytab = absl::StrCat("FILE:", e->dir, "/", kUser, ".keytab");
    e->service_keytab = Optional("KRB5_KTNAME");
    e->ccache = Optional("KRB5CCNAME");
    e->target = absl::StrCat(kService, "@", kHost);
    e->service_principal = absl::StrCat(kService, "/", kHost, "@", e->realm);
    return e;
  }();
  return *env;
}

bool RunningUnderWine() {
#if CROSSAUTH_TEST_BACKEND_SSPI
  return internal::RunningUnderWine();  // the backend's own test
#else
  return false;
#endif
}

}  // namespace test
}  // namespace crossauth
