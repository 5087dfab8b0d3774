// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// TestRealm's principals, keytabs and tickets, through kadmin.local and
// kinit. Passwords only ever reach these tools on their standard input, and
// are redacted from every error message.

#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "crossauth/testing/test_realm.h"
#include "src/testing/realm_files.h"
#include "src/testing/subprocess.h"
#include "src/testing/test_realm_state.h"

namespace crossauth_testing {
namespace {

using internal::Command;
using internal::ToolResult;

// Names travel inside kadmin queries, which kadmin splits at blanks and
// quotes; a leading '-' would be read as an option.
absl::Status CheckName(absl::string_view what, absl::string_view name,
                       absl::string_view forbidden) {
  bool bad = name.empty() || name.size() > 256 || name.front() == '-';
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '\'' || c == '\\' ||
        absl::StrContains(forbidden, c)) {
      bad = true;
    }
  }
  if (!bad) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid ", what, " \"", absl::CHexEscape(name),
      "\": it must be non-empty, must not start with '-' and must not "
      "contain blanks, quotes or backslashes",
      forbidden.empty() ? "" : absl::StrCat(" (nor any of ", forbidden, ")")));
}

// Passwords reach the tools as one line of their standard input.
absl::Status CheckPassword(absl::string_view password) {
  if (password.empty() || password.size() > 1024 ||
      password.find_first_of(absl::string_view("\n\r\0", 3)) !=
          absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "invalid password: it must be 1 to 1024 characters without line "
        "breaks or NUL");
  }
  return absl::OkStatus();
}

std::vector<std::string> BinDirectories(const TestRealmOptions& options) {
  std::vector<std::string> directories;
  if (!options.sbin_directory.empty()) {
    directories.push_back(options.sbin_directory);
    directories.push_back(options.sbin_directory + "/../bin");
  }
  directories.push_back("/usr/bin");
  directories.push_back("/usr/local/bin");
  for (std::string& d : internal::SearchPath()) directories.push_back(d);
  return directories;
}

// The most specific code for a message of kadmin.local or kinit.
absl::StatusCode CodeForToolMessage(absl::string_view text) {
  if (absl::StrContains(text, "Password incorrect") ||
      absl::StrContains(text, "Preauthentication failed")) {
    return absl::StatusCode::kUnauthenticated;
  }
  if (absl::StrContains(text, "does not exist") ||
      absl::StrContains(text, "not found in Kerberos database") ||
      absl::StrContains(text, "no suitable keys") ||
      absl::StrContains(text, "Key table entry not found") ||
      absl::StrContains(text, "Key table file") /* "... not found" */) {
    return absl::StatusCode::kNotFound;
  }
  if (absl::StrContains(text, "already exists")) {
    return absl::StatusCode::kAlreadyExists;
  }
  if (absl::StrContains(text, "Cannot contact any KDC")) {
    return absl::StatusCode::kUnavailable;
  }
  return absl::StatusCode::kInternal;
}

}  // namespace

std::string TestRealm::State::Qualify(absl::string_view principal) const {
  if (absl::StrContains(principal, '@')) return std::string(principal);
  return absl::StrCat(principal, "@", settings.realm);
}

absl::StatusOr<std::string> TestRealm::State::RunKadmin(
    absl::string_view query, absl::string_view input,
    const std::vector<std::string>& secrets) const {
  // -p names the (unchecked) administrator, so that kadmin.local works for a
  // user without a passwd entry too.
  Command command{kadmin_local,
                  {"-r", settings.realm, "-p",
                   absl::StrCat("crossauth/admin@", settings.realm), "-q",
                   std::string(query)},
                  ToolEnvironment()};
  absl::StatusOr<ToolResult> result =
      internal::RunTool(command, input, internal::kToolTimeout);
  if (!result.ok()) return result.status();
  // kadmin.local exits 0 when a query fails; only stderr tells. The one
  // line it prints on success is the note about the missing policy.
  std::vector<absl::string_view> problems;
  for (absl::string_view line : absl::StrSplit(result->err, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "No policy specified for ")) {
      continue;
    }
    problems.push_back(line);
  }
  if (!result->status.Success() || !problems.empty()) {
    std::string text =
        problems.empty()
            ? internal::ToolOutput(*result, secrets)
            : internal::Redact(absl::StrJoin(problems, "\n"), secrets);
    return absl::Status(
        CodeForToolMessage(text),
        absl::StrCat("kadmin.local query \"", internal::Redact(query, secrets),
                     "\" failed (", result->status.Describe(), "): ", text));
  }
  std::string out = std::move(result->out);
  if (absl::StartsWith(out, "Authenticating as principal ")) {
    size_t end = out.find('\n');
    out.erase(0, end == std::string::npos ? out.size() : end + 1);
  }
  return out;
}

absl::Status TestRealm::State::RunKinit(
    const std::vector<std::string>& args, absl::string_view input,
    const std::vector<std::string>& secrets) const {
  std::vector<std::string> directories = BinDirectories(options);
  std::string kinit = internal::FindExecutable("kinit", directories);
  if (kinit.empty()) {
    return absl::NotFoundError(absl::StrCat("kinit not found (searched ",
                                            absl::StrJoin(directories, ":"),
                                            "); ", internal::kInstallHint));
  }
  Command command{kinit, args, ToolEnvironment()};
  absl::StatusOr<ToolResult> result =
      internal::RunTool(command, input, internal::kToolTimeout);
  if (!result.ok()) return result.status();
  if (result->status.Success()) return absl::OkStatus();
  // stdout only holds the password prompt; the reason is on stderr.
  std::string text =
      result->err.empty()
          ? internal::ToolOutput(*result, secrets)
          : internal::Redact(absl::StripTrailingAsciiWhitespace(result->err),
                             secrets);
  return absl::Status(
      CodeForToolMessage(text),
      absl::StrCat("kinit ", absl::StrJoin(args, " "), " failed (",
                   result->status.Describe(), "): ", text));
}

absl::Status TestRealm::AddUser(absl::string_view name,
                                absl::string_view password) {
  absl::Status status = CheckName("user name", name, "@");
  if (status.ok()) status = CheckPassword(password);
  if (!status.ok()) return status;
  // addprinc without -pw asks for the password twice on stdin.
  std::string secret(password);
  return state_
      ->RunKadmin(absl::StrCat("addprinc ", name),
                  absl::StrCat(secret, "\n", secret, "\n"), {secret})
      .status();
}

absl::StatusOr<std::string> TestRealm::AddUserKeytab(absl::string_view name) {
  absl::Status status = CheckName("user name", name, "@");
  if (!status.ok()) return status;
  std::string path =
      absl::StrCat(state_->paths.directory, "/",
                   absl::StrReplaceAll(name, {{"/", "_"}}), ".keytab");
  unlink(path.c_str());  // a new file, not entries appended to an old one
  status = ExportKeytab(name, path);
  if (!status.ok()) return status;
  return path;
}

absl::StatusOr<std::string> TestRealm::AddService(absl::string_view service,
                                                  absl::string_view host) {
  absl::Status status = CheckName("service", service, "/@");
  if (status.ok()) status = CheckName("host", host, "/@");
  if (!status.ok()) return status;
  std::string principal = absl::StrCat(service, "/", host);
  absl::StatusOr<std::string> added =
      state_->RunKadmin(absl::StrCat("addprinc -randkey ", principal), "", {});
  if (!added.ok()) return added.status();
  status = ExportKeytab(principal, state_->paths.service_keytab);
  if (!status.ok()) return status;
  return state_->Qualify(principal);
}

absl::Status TestRealm::ExportKeytab(absl::string_view principal,
                                     absl::string_view path) {
  absl::Status status = CheckName("principal", principal, "");
  if (status.ok() && path.empty()) {
    status = absl::InvalidArgumentError("empty keytab path");
  }
  if (status.ok()) status = internal::CheckPath("keytab path", path);
  if (!status.ok()) return status;
  // -norandkey exports the current keys, so a password stays valid.
  return state_
      ->RunKadmin(absl::StrCat("ktadd -k \"", path, "\" -norandkey ",
                               state_->Qualify(principal)),
                  "", {})
      .status();
}

absl::StatusOr<std::string> TestRealm::Kadmin(absl::string_view query) {
  if (absl::StripAsciiWhitespace(query).empty() ||
      query.find_first_of("\r\n") != absl::string_view::npos) {
    return absl::InvalidArgumentError("a kadmin query is one non-empty line");
  }
  return state_->RunKadmin(query, "", {});
}

absl::Status TestRealm::Kinit(absl::string_view name,
                              absl::string_view password,
                              absl::string_view ccache,
                              absl::Duration lifetime) {
  absl::Status status = CheckName("principal", name, "");
  if (status.ok()) status = CheckPassword(password);
  if (!status.ok()) return status;
  if (lifetime < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("negative ticket lifetime");
  }
  std::vector<std::string> args = {
      "-c", ccache.empty() ? state_->paths.ccache : std::string(ccache)};
  if (lifetime > absl::ZeroDuration()) {
    int64_t seconds =
        absl::ToInt64Seconds(absl::Ceil(lifetime, absl::Seconds(1)));
    args.push_back("-l");
    args.push_back(absl::StrCat(seconds, "s"));
  }
  args.push_back(state_->Qualify(name));
  std::string secret(password);
  return state_->RunKinit(args, absl::StrCat(secret, "\n"), {secret});
}

absl::Status TestRealm::KinitWithKeytab(absl::string_view name,
                                        absl::string_view keytab_path,
                                        absl::string_view ccache) {
  absl::Status status = CheckName("principal", name, "");
  if (status.ok() && keytab_path.empty()) {
    status = absl::InvalidArgumentError("empty keytab path");
  }
  if (!status.ok()) return status;
  return state_->RunKinit(
      {"-k", "-t", std::string(keytab_path), "-c",
       ccache.empty() ? state_->paths.ccache : std::string(ccache),
       state_->Qualify(name)},
      "", {});
}

}  // namespace crossauth_testing
