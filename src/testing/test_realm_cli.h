// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_realm_cli.h: the pieces of the crossauth-test-realm command, shared
// by test_realm_main.cc (parsing, `run`) and test_realm_daemon.cc (`start`,
// `stop`). Internal to the crossauth::testing library.

#ifndef CROSSAUTH_SRC_TESTING_TEST_REALM_CLI_H_
#define CROSSAUTH_SRC_TESTING_TEST_REALM_CLI_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "crossauth/testing/test_realm.h"
#include "src/testing/subprocess.h"

namespace crossauth_testing {
namespace cli {

// Exit statuses of the command (documented in its --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitNothingToStop = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCannotExecute = 126;
inline constexpr int kExitCommandNotFound = 127;
inline constexpr int kExitRealmFailed = 125;

// CliOptions
//
// A parsed command line.
struct CliOptions {
  std::string mode;  // "run", "start" or "stop"
  TestRealmOptions realm;
  std::vector<std::pair<std::string, std::string>> users;  // name, password
  std::vector<std::string> user_keytabs;
  std::vector<std::pair<std::string, std::string>> services;  // service, host
  std::string kinit;                                          // a user name
  std::string state_dir;
  std::vector<std::string> command;  // run: COMMAND and its arguments
};

// SetUpRealm(): starts the realm and adds what the options ask for. Errors
// name the step that failed; passwords never appear in them.
absl::StatusOr<std::unique_ptr<TestRealm>> SetUpRealm(
    const CliOptions& options);

// CommandEnvironment(): the realm's Environment() plus CROSSAUTH_TEST_REALM,
// CROSSAUTH_TEST_REALM_DIR and CROSSAUTH_TEST_KDC_PORT.
internal::Environment CommandEnvironment(const TestRealm& realm);

// Fail(): prints "crossauth-test-realm: `message`" on stderr.
void Fail(const std::string& message);

// StartMode(), StopMode(): `crossauth-test-realm start` and `stop`; return
// the exit status.
int StartMode(const CliOptions& options);
int StopMode(const CliOptions& options);

}  // namespace cli
}  // namespace crossauth_testing

#endif  // CROSSAUTH_SRC_TESTING_TEST_REALM_CLI_H_
