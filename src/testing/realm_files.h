// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// realm_files.h: the files of a test realm (krb5.conf, kdc.conf, the
// environment file), the loopback port choice and small file helpers.
// Internal to the crossauth::testing library.

#ifndef CROSSAUTH_SRC_TESTING_REALM_FILES_H_
#define CROSSAUTH_SRC_TESTING_REALM_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/testing/subprocess.h"

namespace crossauth_testing {
namespace internal {

// RealmPaths
//
// Where each file of a realm lives inside its directory (absolute paths).
struct RealmPaths {
  std::string directory;
  std::string krb5_conf;       // krb5.conf
  std::string kdc_conf;        // kdc.conf
  std::string database;        // principal (and principal.*)
  std::string stash;           // stash
  std::string acl;             // kadm5.acl, empty
  std::string kdc_log;         // kdc.log: the KDC's [logging]
  std::string admin_log;       // kadmin.log: kdb5_util's and kadmin's
  std::string kdc_output;      // kdc.out: krb5kdc's stdout and stderr
  std::string kdc_pid_file;    // krb5kdc.pid (krb5kdc -P)
  std::string service_keytab;  // service.keytab
  std::string client_keytab;   // client.keytab
  std::string ccache;          // "FILE:<dir>/ccache"
  std::string rcache_dir;      // rcache/
  std::string gss_mech;        // gss-mech, empty

  // ForDirectory(): the layout inside `directory` (absolute).
  static RealmPaths ForDirectory(const std::string& directory);
};

// RealmSettings
//
// What the configuration files say besides paths.
struct RealmSettings {
  std::string realm;
  int port = 0;
  int64_t max_life_seconds = 0;
  int64_t clock_skew_seconds = 0;
  int64_t kdc_clock_offset_seconds = 0;  // krb5kdc -T
};

// Krb5Conf(): krb5.conf for the realm's clients (and, merged with kdc.conf,
// for its KDC).
std::string Krb5Conf(const RealmPaths& paths, const RealmSettings& settings);

// KdcConf(): kdc.conf for krb5kdc, kdb5_util and kadmin.local.
std::string KdcConf(const RealmPaths& paths, const RealmSettings& settings);

// ShellQuote(): `text` in single quotes, safe for any POSIX shell.
std::string ShellQuote(absl::string_view text);

// EnvironmentFileText(): one `export NAME='value'` line per variable.
std::string EnvironmentFileText(const Environment& env);

// WriteFile(): writes `contents` to `path` through a temporary file and a
// rename, so a reader never sees half a file. Mode 0644.
absl::Status WriteFile(const std::string& path, absl::string_view contents);

// ReadFile(): the contents of `path` (at most 1 MiB).
absl::StatusOr<std::string> ReadFile(const std::string& path);

// PickLoopbackPort(): a port that was free on 127.0.0.1 for both TCP and
// UDP a moment ago. Another process may take it before the KDC binds it;
// callers retry.
absl::StatusOr<int> PickLoopbackPort();

// CountTcpListeners(): how many listening TCP sockets use `port` (Linux:
// /proc/net/tcp), or -1 when it cannot be known. krb5kdc sets SO_REUSEPORT,
// so a second KDC of the same user binds a taken port without an error;
// this is how a realm notices that it shares its port.
int CountTcpListeners(int port);

// Redact(): `text` with every non-empty `secrets` entry replaced.
std::string Redact(absl::string_view text,
                   const std::vector<std::string>& secrets);

// RandomToken(): 32 hex digits from /dev/urandom.
absl::StatusOr<std::string> RandomToken();

}  // namespace internal
}  // namespace crossauth_testing

#endif  // CROSSAUTH_SRC_TESTING_REALM_FILES_H_
