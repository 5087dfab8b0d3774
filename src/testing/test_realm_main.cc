// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-test-realm: a throwaway MIT Kerberos realm from the shell.
// `run` lives here; `start` and `stop` are in test_realm_daemon.cc.

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "crossauth/testing/test_realm.h"
#include "src/testing/subprocess.h"
#include "src/testing/test_realm_cli.h"

namespace crossauth_testing {
namespace cli {
namespace {

constexpr char kHelp[] =
    R"(Usage:
  crossauth-test-realm run [OPTIONS] -- COMMAND [ARGS...]
  crossauth-test-realm start --state-dir DIR [OPTIONS]
  crossauth-test-realm stop --state-dir DIR
  crossauth-test-realm --help

Runs a throwaway MIT Kerberos realm for tests: an unprivileged krb5kdc on a
free port of 127.0.0.1, with its database and configuration in a new
directory under $TMPDIR (or /tmp) that is removed when the realm stops.
Needs Debian's krb5-kdc, krb5-admin-server and krb5-user packages.

Commands:
  run    Starts a realm, runs COMMAND with the realm's environment added to
         this one, stops the realm, and exits with COMMAND's status.
  start  Starts a realm that keeps running after this command exits, writes
         DIR/env and DIR/realm, and exits 0 once the KDC listens.
  stop   Stops the realm that `start` started for DIR (only that one) and
         removes its directory and DIR/env and DIR/realm.

Options (run and start):
  --realm NAME            Realm name (default CROSSAUTH.TEST).
  --user NAME:PASSWORD    Adds NAME@REALM with PASSWORD. Repeatable. Other
                          local users can see command lines: test passwords
                          only.
  --user-keytab NAME      Exports the keys of --user NAME, whose password
                          stays valid, to REALM_DIR/NAME.keytab. Repeatable.
  --service SERVICE/HOST  Adds SERVICE/HOST@REALM with a random key to the
                          service keytab ($KRB5_KTNAME). Repeatable.
  --kinit NAME            Gets a ticket for --user NAME into the default
                          credential cache ($KRB5CCNAME) before COMMAND runs.
  --clock-skew SECONDS    Allowed clock skew (default 300).
  --max-life SECONDS      Maximum ticket lifetime (default 36000).
  --kdc-clock-offset SECONDS
                          Runs the KDC's clock that far ahead, or behind when
                          negative (krb5kdc -T; default 0). Clients stop
                          adopting the KDC's time (kdc_timesync = 0).
  --state-dir DIR         (start and stop) Where start writes its files.
  -h, --help              Shows this help.
Options take their value as the next argument or after '='.

Environment given to COMMAND (run) and written to DIR/env (start):
  KRB5_CONFIG, KRB5_KDC_PROFILE, KRB5CCNAME, KRB5_KTNAME, KRB5_CLIENT_KTNAME,
  KRB5RCACHEDIR, GSS_MECH_CONFIG   point Kerberos and GSS-API at the realm
  CROSSAUTH_TEST_REALM             the realm name
  CROSSAUTH_TEST_REALM_DIR         the realm's directory
  CROSSAUTH_TEST_KDC_PORT          the KDC's TCP and UDP port on 127.0.0.1

Files written by start:
  DIR/env    "export NAME='value'" lines, for: . DIR/env
  DIR/realm  NAME=value lines: keeper_pid (the process that owns the KDC),
             keeper_start, kdc_pid, realm, realm_dir, kdc_port

Exit status:
  run    COMMAND's exit status, or 128+N when a signal N killed it;
         126 when COMMAND cannot be executed, 127 when it is not found
  start  0 when the KDC listens
  stop   0 when the realm was stopped, 1 when nothing was running
  2      usage error
  125    the realm could not be set up or stopped (the reason is on stderr)

Example:
  crossauth-test-realm run --user alice:alice-password --kinit alice \
      --service HTTP/localhost -- klist
)";

// Usage errors carry their message up to main(), which adds the hint.
struct Parsed {
  CliOptions options;
  bool help = false;
};

absl::Status UsageError(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<int64_t> ParseSeconds(absl::string_view option,
                                     absl::string_view value) {
  int64_t seconds = 0;
  if (!absl::SimpleAtoi(value, &seconds) || seconds < 1 ||
      seconds > (int64_t{1} << 31)) {
    return UsageError(absl::StrCat(
        option, " needs a positive number of seconds, not \"", value, "\""));
  }
  return seconds;
}

bool HasUser(const CliOptions& o, absl::string_view name) {
  for (const auto& user : o.users) {
    if (user.first == name) return true;
  }
  return false;
}

// Applies one option; `value` is its argument.
absl::Status ApplyOption(absl::string_view name, absl::string_view value,
                         CliOptions& o) {
  if (name == "--state-dir") {
    if (o.mode == "run") return UsageError("run takes no --state-dir");
    if (value.empty()) return UsageError("--state-dir needs a directory");
    o.state_dir = std::string(value);
    return absl::OkStatus();
  }
  if (o.mode == "stop") {
    return UsageError(absl::StrCat("stop takes only --state-dir, not ", name));
  }
  if (name == "--realm") {
    o.realm.realm = std::string(value);
  } else if (name == "--user") {
    size_t colon = value.find(':');
    if (colon == absl::string_view::npos || colon == 0 ||
        colon + 1 == value.size()) {
      return UsageError("--user needs NAME:PASSWORD");
    }
    std::string user(value.substr(0, colon));
    if (HasUser(o, user)) {
      return UsageError(absl::StrCat("--user ", user, " given twice"));
    }
    o.users.emplace_back(user, std::string(value.substr(colon + 1)));
  } else if (name == "--user-keytab") {
    if (value.empty()) return UsageError("--user-keytab needs a user name");
    o.user_keytabs.emplace_back(value);
  } else if (name == "--service") {
    size_t slash = value.find('/');
    if (slash == absl::string_view::npos || slash == 0 ||
        slash + 1 == value.size() ||
        value.find('/', slash + 1) != absl::string_view::npos) {
      return UsageError(
          "--service needs SERVICE/HOST, for example HTTP/localhost");
    }
    o.services.emplace_back(std::string(value.substr(0, slash)),
                            std::string(value.substr(slash + 1)));
  } else if (name == "--kinit") {
    if (!o.kinit.empty()) return UsageError("--kinit given twice");
    if (value.empty()) return UsageError("--kinit needs a user name");
    o.kinit = std::string(value);
  } else if (name == "--clock-skew" || name == "--max-life") {
    absl::StatusOr<int64_t> seconds = ParseSeconds(name, value);
    if (!seconds.ok()) return seconds.status();
    (name == "--clock-skew" ? o.realm.clock_skew
                            : o.realm.max_ticket_lifetime) =
        absl::Seconds(*seconds);
  } else if (name == "--kdc-clock-offset") {
    int64_t seconds = 0;
    if (!absl::SimpleAtoi(value, &seconds) || seconds < -(int64_t{1} << 31) ||
        seconds > (int64_t{1} << 31)) {
      return UsageError(absl::StrCat(name, " needs a number of seconds, not \"",
                                     value, "\""));
    }
    o.realm.kdc_clock_offset = absl::Seconds(seconds);
  } else {
    return UsageError(absl::StrCat("unknown option ", name));
  }
  return absl::OkStatus();
}

absl::StatusOr<Parsed> Parse(int argc, char** argv) {
  Parsed parsed;
  CliOptions& o = parsed.options;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") {
      parsed.help = true;
      return parsed;
    }
  }
  if (args.empty()) return UsageError("missing command: run, start or stop");
  o.mode = args[0];
  if (o.mode != "run" && o.mode != "start" && o.mode != "stop") {
    return UsageError(absl::StrCat("unknown command \"", o.mode,
                                   "\": use run, start or stop"));
  }
  bool saw_separator = false;
  for (size_t i = 1; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--") {
      if (o.mode != "run") return UsageError("only run takes -- COMMAND");
      o.command.assign(args.begin() + i + 1, args.end());
      saw_separator = true;
      break;
    }
    if (!absl::StartsWith(arg, "--")) {
      return UsageError(
          absl::StrCat("unexpected argument \"", arg, "\"",
                       o.mode == "run" ? " (put COMMAND after --)" : ""));
    }
    size_t eq = arg.find('=');
    absl::string_view name = arg.substr(0, eq);
    std::string value;
    if (eq != absl::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return UsageError(absl::StrCat(name, " needs a value"));
    }
    absl::Status status = ApplyOption(name, value, o);
    if (!status.ok()) return status;
  }
  if (o.mode == "run" && (!saw_separator || o.command.empty())) {
    return UsageError("run needs -- COMMAND [ARGS...]");
  }
  if (o.mode != "run" && o.state_dir.empty()) {
    return UsageError(absl::StrCat(o.mode, " needs --state-dir DIR"));
  }
  for (const std::string& name : o.user_keytabs) {
    if (!HasUser(o, name)) {
      return UsageError(absl::StrCat("--user-keytab ", name, " needs --user ",
                                     name, ":PASSWORD"));
    }
  }
  if (!o.kinit.empty() && !HasUser(o, o.kinit)) {
    return UsageError(absl::StrCat("--kinit ", o.kinit, " needs --user ",
                                   o.kinit, ":PASSWORD"));
  }
  return parsed;
}

// The signal that asked `run` to stop; the COMMAND it is passed on to; and
// a signal to pass on that came before COMMAND's pid was known.
volatile sig_atomic_t g_signal = 0;
volatile sig_atomic_t g_child = 0;
volatile sig_atomic_t g_unforwarded = 0;

void OnSignal(int signal, siginfo_t* info, void*) {
  g_signal = signal;
  // A terminal's Ctrl-C (SI_KERNEL) has reached COMMAND already, since it
  // shares our process group; a kill(1) aimed at us is passed on.
  if (info == nullptr || info->si_code > 0) return;
  if (g_child > 0) {
    kill(static_cast<pid_t>(g_child), signal);
  } else {
    g_unforwarded = signal;
  }
}

void InstallSignalHandlers() {
  struct sigaction action = {};
  action.sa_sigaction = OnSignal;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    struct sigaction previous;
    sigaction(signal, &action, &previous);
    // A signal ignored by whoever started us (SIGINT and SIGQUIT of a
    // background job) stays ignored, for COMMAND too.
    if (previous.sa_handler == SIG_IGN) sigaction(signal, &previous, nullptr);
  }
}

// COMMAND as execve() needs it: a path, searched in `env`'s PATH.
std::string ResolveCommand(const std::string& word,
                           const internal::Environment& env) {
  if (absl::StrContains(word, '/')) return word;
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& [name, value] : env) {
    if (name == "PATH") path = value;
  }
  std::vector<std::string> directories;
  for (absl::string_view d : absl::StrSplit(path, ':')) {
    directories.emplace_back(d.empty() ? "." : d);
  }
  return internal::FindExecutable(word, directories);
}

int RunMode(const CliOptions& options) {
  InstallSignalHandlers();
  absl::StatusOr<std::unique_ptr<TestRealm>> realm = SetUpRealm(options);
  if (g_signal != 0) return 128 + g_signal;  // the realm is gone already
  if (!realm.ok()) {
    Fail(std::string(realm.status().message()));
    return kExitRealmFailed;
  }
  internal::Environment env = internal::CurrentEnvironment();
  for (const auto& [name, value] : CommandEnvironment(**realm)) {
    internal::SetVariable(env, name, value);
  }
  internal::Command command;
  command.argv0 = options.command[0];
  command.program = ResolveCommand(options.command[0], env);
  command.args.assign(options.command.begin() + 1, options.command.end());
  command.env = std::move(env);
  if (command.program.empty()) {
    Fail(absl::StrCat(options.command[0], ": command not found"));
    return kExitCommandNotFound;
  }
  absl::StatusOr<pid_t> pid = internal::Spawn(command, {});
  if (!pid.ok()) {
    Fail(std::string(pid.status().message()));
    return absl::IsNotFound(pid.status()) ? kExitCommandNotFound
                                          : kExitCannotExecute;
  }
  g_child = *pid;
  // COMMAND may have run (and been noticed) before its pid reached g_child.
  if (g_unforwarded != 0) kill(*pid, g_unforwarded);
  absl::StatusOr<internal::ExitStatus> status =
      internal::WaitForChild(*pid, absl::InfiniteDuration());
  g_child = 0;
  absl::Status stopped = (*realm)->Stop();
  if (!stopped.ok()) {
    Fail(absl::StrCat("warning: ", stopped.message()));
  }
  if (!status.ok()) {
    Fail(std::string(status.status().message()));
    return kExitRealmFailed;
  }
  return status->ShellCode();
}

}  // namespace

void Fail(const std::string& message) {
  fprintf(stderr, "crossauth-test-realm: %s\n", message.c_str());
}

absl::StatusOr<std::unique_ptr<TestRealm>> SetUpRealm(
    const CliOptions& options) {
  absl::StatusOr<std::unique_ptr<TestRealm>> realm =
      TestRealm::Start(options.realm);
  if (!realm.ok()) {
    return absl::Status(
        realm.status().code(),
        absl::StrCat("cannot start the realm: ", realm.status().message()));
  }
  auto step = [](const absl::Status& status, const std::string& what) {
    if (status.ok()) return status;
    return absl::Status(status.code(),
                        absl::StrCat(what, ": ", status.message()));
  };
  std::string password_for_kinit;
  for (const auto& [name, password] : options.users) {
    absl::Status s = step((*realm)->AddUser(name, password),
                          absl::StrCat("cannot add user ", name));
    if (!s.ok()) return s;
    if (name == options.kinit) password_for_kinit = password;
  }
  for (const std::string& name : options.user_keytabs) {
    absl::Status s = step((*realm)->AddUserKeytab(name).status(),
                          absl::StrCat("cannot export the keys of ", name));
    if (!s.ok()) return s;
  }
  for (const auto& [service, host] : options.services) {
    absl::Status s =
        step((*realm)->AddService(service, host).status(),
             absl::StrCat("cannot add service ", service, "/", host));
    if (!s.ok()) return s;
  }
  if (!options.kinit.empty()) {
    absl::Status s = step((*realm)->Kinit(options.kinit, password_for_kinit),
                          absl::StrCat("cannot kinit ", options.kinit));
    if (!s.ok()) return s;
  }
  return realm;
}

internal::Environment CommandEnvironment(const TestRealm& realm) {
  internal::Environment env = realm.Environment();
  env.emplace_back("CROSSAUTH_TEST_REALM", realm.realm());
  env.emplace_back("CROSSAUTH_TEST_REALM_DIR", realm.directory());
  env.emplace_back("CROSSAUTH_TEST_KDC_PORT", absl::StrCat(realm.kdc_port()));
  return env;
}

}  // namespace cli
}  // namespace crossauth_testing

int main(int argc, char** argv) {
  namespace cli = crossauth_testing::cli;
  absl::StatusOr<cli::Parsed> parsed = cli::Parse(argc, argv);
  if (!parsed.ok()) {
    cli::Fail(std::string(parsed.status().message()));
    fprintf(stderr, "Try 'crossauth-test-realm --help'.\n");
    return cli::kExitUsage;
  }
  if (parsed->help) {
    fputs(cli::kHelp, stdout);
    return fflush(stdout) == 0 ? cli::kExitOk : cli::kExitRealmFailed;
  }
  const cli::CliOptions& options = parsed->options;
  if (options.mode == "start") return cli::StartMode(options);
  if (options.mode == "stop") return cli::StopMode(options);
  return cli::RunMode(options);
}
