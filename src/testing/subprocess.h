// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// subprocess.h: runs the KDC programs (and the command of
// `crossauth-test-realm run`) with fork/execve, an explicit environment and
// bounded waits. Internal to the crossauth::testing library.

#ifndef CROSSAUTH_SRC_TESTING_SUBPROCESS_H_
#define CROSSAUTH_SRC_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace crossauth_testing {
namespace internal {

// Environment
//
// NAME/value pairs, in order. A later pair does not replace an earlier one;
// callers build the list without duplicates.
using Environment = std::vector<std::pair<std::string, std::string>>;

// Command
//
// A program to run: an absolute path (or one relative to the working
// directory; PATH is never searched here), its arguments after argv[0], and
// the complete environment of the new process.
struct Command {
  Command() = default;
  Command(std::string program, std::vector<std::string> args, Environment env)
      : program(std::move(program)),
        args(std::move(args)),
        env(std::move(env)) {}

  std::string program;
  std::vector<std::string> args;
  Environment env;
  std::string argv0;  // what the program sees as argv[0]; empty: `program`
};

// ExitStatus
//
// How a process ended: `exited` with `code`, or killed by `signal`.
struct ExitStatus {
  bool exited = false;
  int code = 0;
  int signal = 0;

  // Success(): exited with status 0.
  bool Success() const { return exited && code == 0; }

  // ShellCode(): the status a shell reports: `code`, or 128 + `signal`.
  int ShellCode() const { return exited ? code : 128 + signal; }

  // Describe(): "exit status 1" or "signal 9 (Killed)".
  std::string Describe() const;

  // FromWaitStatus(): decodes a waitpid() status.
  static ExitStatus FromWaitStatus(int wait_status);
};

// ToolResult
//
// The outcome of RunTool(): how it ended and what it printed. Each output is
// capped at 1 MiB; the rest is dropped.
struct ToolResult {
  ExitStatus status;
  std::string out;
  std::string err;
};

// RunTool()
//
// Runs `command` to completion with `input` on its standard input (at most
// 16 KiB, written to a pipe before the process starts, so the tool can never
// block us or raise SIGPIPE) and captures stdout and stderr. A tool still
// running after `timeout` is killed (SIGKILL) and DeadlineExceeded returned.
// A program that cannot be executed is NotFound (ENOENT) or Internal.
absl::StatusOr<ToolResult> RunTool(const Command& command,
                                   absl::string_view input,
                                   absl::Duration timeout);

// SpawnOptions
//
// How Spawn() connects the child.
struct SpawnOptions {
  // Empty: the child inherits stdout and stderr. Otherwise both go to this
  // file, created (mode 0600) or truncated.
  std::string output_path;

  // Stdin from /dev/null instead of the inherited one.
  bool null_stdin = false;

  // Puts the child in a process group of its own, so that a terminal's
  // Ctrl-C reaches only the processes the caller forwards it to.
  bool new_process_group = false;

  // Linux: the child gets SIGTERM when the thread that spawned it ends, so a
  // crashed test leaves no KDC behind. Elsewhere: ignored.
  bool terminate_with_parent = false;

  // Signals the child gets back at their default action, such as the
  // SIGINT a caller ignores only for itself while it waits for the child.
  // (An ignored signal stays ignored across execve().)
  std::vector<int> default_signals;
};

// Spawn()
//
// Starts `command` and returns its pid once execve() succeeded; the caller
// must reap it (WaitForChild or TerminateChild). Descriptors above 2 are not
// inherited.
absl::StatusOr<pid_t> Spawn(const Command& command,
                            const SpawnOptions& options);

// WaitForChild()
//
// Waits up to `timeout` (InfiniteDuration: no limit) for the child `pid` to
// end and reaps it. DeadlineExceeded when it is still running.
absl::StatusOr<ExitStatus> WaitForChild(pid_t pid, absl::Duration timeout);

// TerminateChild()
//
// Sends SIGTERM to the child `pid`, waits up to `grace`, then sends SIGKILL
// and waits (bounded) again. Reaps it and returns how it ended; `killed` is
// set when SIGKILL was needed. A child that leads its own process group
// (SpawnOptions::new_process_group) gets SIGKILL with its whole group, and
// whatever of the group is left when it has ended is killed too.
absl::StatusOr<ExitStatus> TerminateChild(pid_t pid, absl::Duration grace,
                                          bool* killed = nullptr);

// FindExecutable()
//
// The first `directory`/`name` that is an executable regular file, or "".
std::string FindExecutable(absl::string_view name,
                           const std::vector<std::string>& directories);

// SearchPath()
//
// The directories of $PATH, in order (empty entries dropped).
std::vector<std::string> SearchPath();

// CurrentEnvironment()
//
// This process's environment (environ), in order.
Environment CurrentEnvironment();

// SetVariable()
//
// Sets `name` to `value` in `env`, replacing an earlier value.
void SetVariable(Environment& env, absl::string_view name,
                 absl::string_view value);

}  // namespace internal
}  // namespace crossauth_testing

#endif  // CROSSAUTH_SRC_TESTING_SUBPROCESS_H_
