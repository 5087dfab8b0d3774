// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// TestRealm's lifecycle: the directory, the database and the KDC process.
// Principals, keytabs and kinit are in test_realm_admin.cc.

#include "crossauth/testing/test_realm.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/testing/realm_files.h"
#include "src/testing/subprocess.h"
#include "src/testing/test_realm_state.h"

namespace crossauth_testing {
namespace {

using internal::Command;
using internal::ExitStatus;
using internal::ToolResult;

constexpr absl::Duration kKdcStartTimeout = absl::Seconds(10);
constexpr absl::Duration kKdcStopGrace = absl::Seconds(5);

// Realm names go into krb5.conf unquoted, so only plain characters.
bool IsValidRealm(absl::string_view realm) {
  if (realm.empty() || realm.size() > 255) return false;
  return std::all_of(realm.begin(), realm.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
           c == '-' || c == '_';
  });
}

std::vector<std::string> SbinDirectories(const TestRealmOptions& options) {
  if (!options.sbin_directory.empty()) return {options.sbin_directory};
  std::vector<std::string> directories = {"/usr/sbin", "/usr/local/sbin"};
  for (std::string& d : internal::SearchPath()) directories.push_back(d);
  return directories;
}

absl::StatusOr<std::string> FindProgram(
    absl::string_view name, const std::vector<std::string>& directories) {
  std::string path = internal::FindExecutable(name, directories);
  if (!path.empty()) return path;
  return absl::NotFoundError(absl::StrCat(name, " not found (searched ",
                                          absl::StrJoin(directories, ":"),
                                          "); ", internal::kInstallHint));
}

int64_t WholeSeconds(absl::Duration d) {
  return absl::ToInt64Seconds(absl::Ceil(d, absl::Seconds(1)));
}

absl::Status CheckOptions(const TestRealmOptions& options) {
  if (!IsValidRealm(options.realm)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid realm name \"", absl::CHexEscape(options.realm),
                     "\": use letters, digits, '.', '-' and '_'"));
  }
  if (options.max_ticket_lifetime < absl::Seconds(1) ||
      options.clock_skew < absl::Seconds(1)) {
    return absl::InvalidArgumentError(
        "max_ticket_lifetime and clock_skew must be at least 1 second");
  }
  if (options.start_attempts < 1) {
    return absl::InvalidArgumentError("start_attempts must be at least 1");
  }
  return absl::OkStatus();
}

// Creates <parent>/crossauth-realm-XXXXXX (mode 0700) and returns its path.
absl::StatusOr<std::string> MakeDirectory(std::string parent) {
  if (parent.empty()) {
    const char* tmpdir = getenv("TMPDIR");
    parent = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  }
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(parent, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot resolve ", parent, ": ", error.message()));
  }
  parent = absolute.lexically_normal().string();
  absl::Status status = internal::CheckPath("parent directory", parent);
  if (!status.ok()) return status;
  std::string pattern =
      absl::StrCat(absl::StripSuffix(parent, "/"), "/crossauth-realm-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create a directory in ",
                                            parent, ": ", strerror(errno)));
  }
  return pattern;
}

}  // namespace

namespace internal {

std::string Tail(absl::string_view text, size_t max_lines) {
  std::vector<absl::string_view> lines =
      absl::StrSplit(absl::StripTrailingAsciiWhitespace(text), '\n');
  size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  return absl::StrJoin(lines.begin() + first, lines.end(), "\n");
}

std::string ToolOutput(const ToolResult& result,
                       const std::vector<std::string>& secrets) {
  absl::string_view err = absl::StripTrailingAsciiWhitespace(result.err);
  absl::string_view out = absl::StripTrailingAsciiWhitespace(result.out);
  std::string text =
      absl::StrCat(err, err.empty() || out.empty() ? "" : "\n", out);
  if (text.empty()) text = "(no output)";
  return Redact(Tail(text, 30), secrets);
}

absl::Status CheckPath(absl::string_view what, absl::string_view path) {
  for (char c : path) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " \"", absl::CHexEscape(path),
                       "\" contains a control character, '\"' or '\\'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace internal

internal::Environment TestRealm::State::RealmEnvironment() const {
  return {
      {"KRB5_CONFIG", paths.krb5_conf},
      {"KRB5_KDC_PROFILE", paths.kdc_conf},
      {"KRB5CCNAME", paths.ccache},
      {"KRB5_KTNAME", absl::StrCat("FILE:", paths.service_keytab)},
      {"KRB5_CLIENT_KTNAME", absl::StrCat("FILE:", paths.client_keytab)},
      {"KRB5RCACHEDIR", paths.rcache_dir},
      {"GSS_MECH_CONFIG", paths.gss_mech},
  };
}

internal::Environment TestRealm::State::ToolEnvironment() const {
  internal::Environment env = RealmEnvironment();
  env.emplace_back("LC_ALL", "C");
  env.emplace_back("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
  return env;
}

std::string TestRealm::State::KdcLogTail() const {
  std::string text;
  for (const std::string& path : {paths.kdc_log, paths.kdc_output}) {
    absl::StatusOr<std::string> log = internal::ReadFile(path);
    if (log.ok()) absl::StrAppend(&text, *log);
  }
  return text.empty() ? "(krb5kdc wrote no log)" : internal::Tail(text, 15);
}

absl::Status TestRealm::State::WriteConfiguration(int port) {
  settings.port = port;
  absl::Status status =
      internal::WriteFile(paths.krb5_conf, internal::Krb5Conf(paths, settings));
  if (!status.ok()) return status;
  return internal::WriteFile(paths.kdc_conf,
                             internal::KdcConf(paths, settings));
}

absl::Status TestRealm::State::CreateDatabase() {
  for (const std::string& empty : {paths.gss_mech, paths.acl}) {
    absl::Status status = internal::WriteFile(empty, "");
    if (!status.ok()) return status;
  }
  if (mkdir(paths.rcache_dir.c_str(), 0700) != 0) {
    return absl::InternalError(
        absl::StrCat("mkdir ", paths.rcache_dir, ": ", strerror(errno)));
  }
  absl::StatusOr<int> port = internal::PickLoopbackPort();
  if (!port.ok()) return port.status();
  absl::Status status = WriteConfiguration(*port);
  if (!status.ok()) return status;
  // The master password protects a database that lives only as long as this
  // directory. It goes to kdb5_util's prompt, never onto a command line.
  absl::StatusOr<std::string> master = internal::RandomToken();
  if (!master.ok()) return master.status();
  Command command{
      kdb5_util, {"-r", settings.realm, "create", "-s"}, ToolEnvironment()};
  absl::StatusOr<ToolResult> result =
      internal::RunTool(command, absl::StrCat(*master, "\n", *master, "\n"),
                        internal::kToolTimeout);
  if (!result.ok()) return result.status();
  if (!result->status.Success()) {
    return absl::InternalError(
        absl::StrCat("kdb5_util create failed (", result->status.Describe(),
                     "): ", internal::ToolOutput(*result, {*master})));
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> TestRealm::State::WaitUntilListening(pid_t pid) {
  // krb5kdc -n prints "starting..." to stderr once its sockets are bound.
  const absl::Time deadline = absl::Now() + kKdcStartTimeout;
  absl::Duration nap = absl::Milliseconds(1);
  while (true) {
    absl::StatusOr<ExitStatus> ended =
        internal::WaitForChild(pid, absl::ZeroDuration());
    if (ended.ok()) {
      std::string log = KdcLogTail();
      // A lost bind race: exit status 1, and the reason only in kdc.log.
      if (ended->exited && ended->code == 1 &&
          absl::StrContains(log, "Address already in use")) {
        return false;
      }
      return absl::InternalError(absl::StrCat("krb5kdc ended (",
                                              ended->Describe(),
                                              ") before it listened:\n", log));
    }
    if (!absl::IsDeadlineExceeded(ended.status())) return ended.status();
    absl::StatusOr<std::string> output = internal::ReadFile(paths.kdc_output);
    if (output.ok() && absl::StrContains(*output, "starting...")) return true;
    if (absl::Now() >= deadline) {
      internal::TerminateChild(pid, kKdcStopGrace).IgnoreError();
      return absl::InternalError(absl::StrCat(
          "krb5kdc did not report \"starting...\" within ",
          absl::FormatDuration(kKdcStartTimeout), ":\n", KdcLogTail()));
    }
    absl::SleepFor(nap);
    nap = std::min(nap * 2, absl::Milliseconds(10));
  }
}

absl::Status TestRealm::State::LaunchKdc() {
  std::vector<int> ports;
  std::string last_failure;
  for (int attempt = 0; attempt < options.start_attempts; ++attempt) {
    if (attempt > 0) {
      absl::StatusOr<int> port = internal::PickLoopbackPort();
      if (!port.ok()) return port.status();
      absl::Status status = WriteConfiguration(*port);
      if (!status.ok()) return status;
    }
    ports.push_back(settings.port);
    unlink(paths.kdc_log.c_str());  // so that the log speaks of this attempt
    // -P puts the realm's directory on the KDC's command line, so that
    // `crossauth-test-realm stop` can tell this KDC from any other.
    Command command{krb5kdc,
                    {"-n", "-r", settings.realm, "-P", paths.kdc_pid_file},
                    ToolEnvironment()};
    if (settings.kdc_clock_offset_seconds != 0) {
      command.args.push_back("-T");
      command.args.push_back(absl::StrCat(settings.kdc_clock_offset_seconds));
    }
    internal::SpawnOptions spawn;
    spawn.output_path = paths.kdc_output;
    spawn.null_stdin = true;
    spawn.new_process_group = true;
    spawn.terminate_with_parent = true;
    absl::StatusOr<pid_t> pid = internal::Spawn(command, spawn);
    if (!pid.ok()) return pid.status();
    absl::StatusOr<bool> listening = WaitUntilListening(*pid);
    if (!listening.ok()) return listening.status();
    if (!*listening) {
      last_failure = internal::Tail(KdcLogTail(), 3);
      continue;
    }
    if (internal::CountTcpListeners(settings.port) > 1) {
      // krb5kdc binds with SO_REUSEPORT, so another KDC of this user can
      // share the port without an error, and clients would reach either.
      internal::TerminateChild(*pid, kKdcStopGrace).IgnoreError();
      last_failure = absl::StrCat("port ", settings.port,
                                  " was shared with another listener");
      continue;
    }
    kdc_pid = *pid;
    return absl::OkStatus();
  }
  return absl::UnavailableError(absl::StrCat(
      "krb5kdc could not listen on 127.0.0.1 after ", ports.size(),
      " attempt(s) (ports ", absl::StrJoin(ports, ", "), "): ", last_failure));
}

absl::Status TestRealm::State::StopKdc() {
  if (kdc_pid < 0) return absl::OkStatus();
  pid_t pid = kdc_pid;
  kdc_pid = -1;
  bool killed = false;
  absl::StatusOr<ExitStatus> status =
      internal::TerminateChild(pid, kKdcStopGrace, &killed);
  if (!status.ok()) return status.status();
  if (killed) {
    return absl::InternalError(
        absl::StrCat("krb5kdc (pid ", pid, ") ignored SIGTERM for ",
                     absl::FormatDuration(kKdcStopGrace), "; killed it"));
  }
  // krb5kdc handles SIGTERM and exits 0.
  if (status->Success() || (!status->exited && status->signal == SIGTERM)) {
    return absl::OkStatus();
  }
  return absl::InternalError(
      absl::StrCat("krb5kdc (pid ", pid, ") had ended on its own (",
                   status->Describe(), "):\n", KdcLogTail()));
}

TestRealm::TestRealm(std::unique_ptr<State> state) : state_(std::move(state)) {}

TestRealm::~TestRealm() {
  Stop().IgnoreError();
  std::error_code ignored;
  std::filesystem::remove_all(state_->paths.directory, ignored);
}

absl::StatusOr<std::unique_ptr<TestRealm>> TestRealm::Start(
    TestRealmOptions options) {
  absl::Status status = CheckOptions(options);
  if (!status.ok()) return status;
  auto state = std::make_unique<State>();
  std::vector<std::string> sbin = SbinDirectories(options);
  for (auto [name, path] : {std::pair{"krb5kdc", &state->krb5kdc},
                            std::pair{"kdb5_util", &state->kdb5_util},
                            std::pair{"kadmin.local", &state->kadmin_local}}) {
    absl::StatusOr<std::string> found = FindProgram(name, sbin);
    if (!found.ok()) return found.status();
    *path = *std::move(found);
  }
  absl::StatusOr<std::string> directory =
      MakeDirectory(options.parent_directory);
  if (!directory.ok()) return directory.status();
  state->paths = internal::RealmPaths::ForDirectory(*directory);
  state->settings.realm = options.realm;
  state->settings.max_life_seconds = WholeSeconds(options.max_ticket_lifetime);
  state->settings.clock_skew_seconds = WholeSeconds(options.clock_skew);
  state->settings.kdc_clock_offset_seconds =
      WholeSeconds(options.kdc_clock_offset);
  state->options = std::move(options);
  // From here on the destructor stops the KDC and removes the directory on
  // every error path.
  std::unique_ptr<TestRealm> realm(new TestRealm(std::move(state)));
  status = realm->state_->CreateDatabase();
  if (status.ok()) status = realm->state_->LaunchKdc();
  if (!status.ok()) return status;
  return realm;
}

absl::Status TestRealm::Stop() { return state_->StopKdc(); }

const std::string& TestRealm::realm() const { return state_->settings.realm; }

const std::string& TestRealm::directory() const {
  return state_->paths.directory;
}

int TestRealm::kdc_port() const { return state_->settings.port; }

std::string TestRealm::Principal(absl::string_view name) const {
  return absl::StrCat(name, "@", state_->settings.realm);
}

const std::string& TestRealm::krb5_config() const {
  return state_->paths.krb5_conf;
}

const std::string& TestRealm::kdc_profile() const {
  return state_->paths.kdc_conf;
}

const std::string& TestRealm::service_keytab() const {
  return state_->paths.service_keytab;
}

const std::string& TestRealm::default_ccache() const {
  return state_->paths.ccache;
}

std::vector<std::pair<std::string, std::string>> TestRealm::Environment()
    const {
  return state_->RealmEnvironment();
}

absl::Status TestRealm::ExportEnvironment() const {
  for (const auto& [name, value] : Environment()) {
    if (setenv(name.c_str(), value.c_str(), 1) != 0) {
      return absl::InternalError(
          absl::StrCat("setenv ", name, ": ", strerror(errno)));
    }
  }
  return absl::OkStatus();
}

absl::Status TestRealm::WriteEnvironmentFile(absl::string_view path) const {
  return internal::WriteFile(std::string(path),
                             internal::EnvironmentFileText(Environment()));
}

}  // namespace crossauth_testing
