// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_realm_state.h: TestRealm's private state, shared by test_realm.cc
// (directory, database and KDC lifecycle) and test_realm_admin.cc
// (principals, keytabs, kinit). Internal to the crossauth::testing library.

#ifndef CROSSAUTH_SRC_TESTING_TEST_REALM_STATE_H_
#define CROSSAUTH_SRC_TESTING_TEST_REALM_STATE_H_

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "crossauth/testing/test_realm.h"
#include "src/testing/realm_files.h"
#include "src/testing/subprocess.h"

namespace crossauth_testing {
namespace internal {

// How long one kdb5_util, kadmin.local or kinit run may take.
inline constexpr absl::Duration kToolTimeout = absl::Seconds(30);

// Appended to every "program not found" error.
inline constexpr char kInstallHint[] =
    "install Debian's krb5-kdc, krb5-admin-server and krb5-user packages "
    "(apt-get install krb5-kdc krb5-admin-server krb5-user)";

// Tail(): the last `max_lines` lines of `text`.
std::string Tail(absl::string_view text, size_t max_lines);

// ToolOutput(): a tool's stderr and stdout for an error message, with
// `secrets` redacted.
std::string ToolOutput(const ToolResult& result,
                       const std::vector<std::string>& secrets);

// CheckPath(): rejects paths that a profile file or a kadmin query could
// not carry (control characters, '"', '\').
absl::Status CheckPath(absl::string_view what, absl::string_view path);

}  // namespace internal

struct TestRealm::State {
  TestRealmOptions options;
  internal::RealmPaths paths;
  internal::RealmSettings settings;
  std::string krb5kdc;  // absolute paths of the programs
  std::string kdb5_util;
  std::string kadmin_local;
  pid_t kdc_pid = -1;  // -1: not running

  // RealmEnvironment(): what TestRealm::Environment() returns.
  internal::Environment RealmEnvironment() const;

  // ToolEnvironment(): the realm's variables plus LC_ALL=C and a fixed
  // PATH; nothing inherited (no KRB5_TRACE, no stray KRB5CCNAME).
  internal::Environment ToolEnvironment() const;

  // KdcLogTail(): the end of kdc.log and of krb5kdc's own output.
  std::string KdcLogTail() const;

  // WriteConfiguration(): krb5.conf and kdc.conf for `port`.
  absl::Status WriteConfiguration(int port);

  // CreateDatabase(): the empty files, a first port, and kdb5_util create.
  absl::Status CreateDatabase();

  // LaunchKdc(): starts krb5kdc, trying new ports after bind races.
  absl::Status LaunchKdc();

  // WaitUntilListening(): true once `pid` printed "starting...", false when
  // it lost a bind race (and has been reaped); errors otherwise.
  absl::StatusOr<bool> WaitUntilListening(pid_t pid);

  // StopKdc(): TestRealm::Stop().
  absl::Status StopKdc();

  // Qualify(): `principal`, with "@REALM" appended when it has no realm.
  std::string Qualify(absl::string_view principal) const;

  // RunKadmin(): runs one kadmin.local query with `input` on its stdin.
  // kadmin.local exits 0 even when a query fails, so its stderr decides:
  // NotFound ("does not exist"), AlreadyExists, or Internal.
  absl::StatusOr<std::string> RunKadmin(
      absl::string_view query, absl::string_view input,
      const std::vector<std::string>& secrets) const;

  // RunKinit(): runs kinit with `args` and `input`, mapping its failures.
  absl::Status RunKinit(const std::vector<std::string>& args,
                        absl::string_view input,
                        const std::vector<std::string>& secrets) const;
};

}  // namespace crossauth_testing

#endif  // CROSSAUTH_SRC_TESTING_TEST_REALM_STATE_H_
