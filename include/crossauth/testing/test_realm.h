// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_realm.h: a throwaway MIT Kerberos realm for tests.
//
// TestRealm starts MIT's krb5kdc as an unprivileged process on a loopback
// port chosen at run time, in a temporary directory, and removes both when it
// is destroyed. It needs Debian's krb5-kdc, krb5-admin-server and krb5-user
// packages (krb5kdc, kdb5_util, kadmin.local, kinit). Link the CMake target
// crossauth::testing.
//
// The kit lives in the top-level namespace crossauth_testing (as Abseil's
// test helpers live in absl_testing), not in crossauth::testing: a namespace
// named `testing` inside crossauth would hide GoogleTest's ::testing from
// code inside namespace crossauth.
//
//   class MyServiceTest : public ::testing::Test {
//    protected:
//     static void SetUpTestSuite() {
//       realm_ = crossauth_testing::TestRealm::Start().value().release();
//       ASSERT_TRUE(realm_->AddUser("alice", "alice-password").ok());
//       ASSERT_TRUE(realm_->AddService("HTTP", "localhost").ok());
//       ASSERT_TRUE(realm_->ExportEnvironment().ok());  // KRB5_CONFIG, ...
//     }
//     static void TearDownTestSuite() { delete realm_; }
//     static crossauth_testing::TestRealm* realm_;
//   };
//
// Thread-compatible: configure it from one thread.

#ifndef CROSSAUTH_TESTING_TEST_REALM_H_
#define CROSSAUTH_TESTING_TEST_REALM_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "crossauth/testing/export.h"

namespace crossauth_testing {

// TestRealmOptions
//
// How to build the realm.
struct CROSSAUTH_TESTING_EXPORT TestRealmOptions {
  // The realm name.
  std::string realm = "CROSSAUTH.TEST";

  // Where the temporary directory is created; empty: $TMPDIR or /tmp.
  std::string parent_directory{};

  // Maximum ticket lifetime the KDC grants.
  absl::Duration max_ticket_lifetime = absl::Hours(10);

  // Allowed clock skew (krb5.conf "clockskew"), for both the KDC and the
  // clients that use the realm's krb5.conf. Expiry tests shorten it.
  absl::Duration clock_skew = absl::Minutes(5);

  // How far the KDC's clock is from the real one (krb5kdc -T): tickets start
  // and end that much later (earlier, when negative). With a negative offset
  // larger than a ticket lifetime, every ticket has expired when it is
  // issued, so expiry can be tested without waiting, whatever the machine's
  // speed. A non-zero offset also turns off the clients' kdc_timesync (which
  // would adopt the KDC's clock); keep clock_skew above the offset's size.
  absl::Duration kdc_clock_offset = absl::ZeroDuration();

  // How many ports to try when another process takes the chosen port first.
  int start_attempts = 5;

  // Directory holding krb5kdc, kdb5_util and kadmin.local; empty: search
  // /usr/sbin, /usr/local/sbin and PATH.
  std::string sbin_directory{};
};

// TestRealm
//
// A running KDC and the files that describe its realm.
class CROSSAUTH_TESTING_EXPORT TestRealm {
 public:
  // TestRealm::Start()
  //
  // Creates the directory, krb5.conf, kdc.conf and the database, then starts
  // krb5kdc on 127.0.0.1 and waits (bounded) until it listens. Errors:
  // NotFound when the KDC programs are missing (with the package to
  // install), Unavailable when no port could be bound after
  // `start_attempts` tries, Internal when a tool failed (with its output),
  // InvalidArgument for unusable options, DeadlineExceeded when a tool hung.
  //
  // The KDC runs in a process group of its own and, on Linux, gets SIGTERM
  // when the thread that called Start() ends, so that a crashed test leaves
  // no KDC behind: call Start() from a thread that outlives the realm, such
  // as the main thread (SetUpTestSuite() runs there).
  static absl::StatusOr<std::unique_ptr<TestRealm>> Start(
      TestRealmOptions options = {});

  TestRealm(const TestRealm&) = delete;
  TestRealm& operator=(const TestRealm&) = delete;

  // ~TestRealm()
  //
  // Stops the KDC this object started (never another process) and removes
  // the directory.
  ~TestRealm();

  // Stop()
  //
  // Stops the KDC and waits for it; idempotent. Internal when the KDC had
  // ended on its own (with its log) or had to be killed.
  absl::Status Stop();

  // realm()
  //
  // The realm name, for example "CROSSAUTH.TEST".
  const std::string& realm() const;

  // directory()
  //
  // The realm's temporary directory.
  const std::string& directory() const;

  // kdc_port()
  //
  // The KDC's TCP and UDP port on 127.0.0.1.
  int kdc_port() const;

  // Principal()
  //
  // `name` qualified with the realm: Principal("alice") is
  // "alice@CROSSAUTH.TEST".
  std::string Principal(absl::string_view name) const;

  // AddUser()
  //
  // Adds `name`@REALM with `password`. The password reaches kadmin.local on
  // its standard input and never appears in an error. AlreadyExists when the
  // user exists; InvalidArgument for a name with blanks, quotes or a leading
  // '-', or a password with a line break.
  absl::Status AddUser(absl::string_view name, absl::string_view password);

  // AddUserKeytab()
  //
  // Exports the keys of an existing user (keeping its password valid) into a
  // new keytab file and returns the file's path, for client_keytab.
  absl::StatusOr<std::string> AddUserKeytab(absl::string_view name);

  // AddService()
  //
  // Adds the service principal `service`/`host`@REALM with a random key and
  // exports it into service_keytab(). Returns the principal.
  absl::StatusOr<std::string> AddService(absl::string_view service,
                                         absl::string_view host);

  // ExportKeytab()
  //
  // Writes the keys of `principal` (a name relative to the realm, or a full
  // principal) to the keytab file `path` without changing them.
  absl::Status ExportKeytab(absl::string_view principal,
                            absl::string_view path);

  // Kadmin()
  //
  // Runs one kadmin.local query, for example "modprinc -maxlife 5s alice".
  // Returns kadmin's output without its "Authenticating as principal" line.
  // kadmin.local exits 0 even when a query fails, so its error output
  // decides: NotFound ("does not exist"), AlreadyExists, or Internal. A query
  // travels on a command line: keep passwords out of it.
  absl::StatusOr<std::string> Kadmin(absl::string_view query);

  // Kinit()
  //
  // Gets a TGT for `name` with `password` into `ccache` (for example
  // "FILE:/tmp/x"); empty `ccache` means default_ccache(). `lifetime` zero
  // means the realm's maximum. The password is passed on kinit's standard
  // input, never on a command line. Unauthenticated for a wrong password,
  // NotFound for an unknown principal, Unavailable when the KDC is stopped.
  absl::Status Kinit(absl::string_view name, absl::string_view password,
                     absl::string_view ccache = "",
                     absl::Duration lifetime = absl::ZeroDuration());

  // KinitWithKeytab()
  //
  // Gets a TGT for `name` from the keytab at `keytab_path` into `ccache`.
  absl::Status KinitWithKeytab(absl::string_view name,
                               absl::string_view keytab_path,
                               absl::string_view ccache = "");

  // The realm's files. Paths are absolute; ccache names carry "FILE:".
  const std::string& krb5_config() const;     // krb5.conf
  const std::string& kdc_profile() const;     // kdc.conf
  const std::string& service_keytab() const;  // AddService() writes here
  const std::string& default_ccache() const;  // "FILE:<dir>/ccache"

  // Environment()
  //
  // The variables that point a process at this realm: KRB5_CONFIG,
  // KRB5_KDC_PROFILE, KRB5CCNAME, KRB5_KTNAME, KRB5_CLIENT_KTNAME,
  // KRB5RCACHEDIR and GSS_MECH_CONFIG (an empty file, so that installed
  // mechanism plug-ins such as gss-ntlmssp stay out).
  std::vector<std::pair<std::string, std::string>> Environment() const;

  // ExportEnvironment()
  //
  // Sets Environment() in this process (setenv). Call it before the first
  // GSS-API call, from one thread.
  absl::Status ExportEnvironment() const;

  // WriteEnvironmentFile()
  //
  // Writes Environment() as `export NAME='value'` lines for a shell.
  absl::Status WriteEnvironmentFile(absl::string_view path) const;

 private:
  struct State;
  explicit TestRealm(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace crossauth_testing

// crossauth::testing (deprecated)
//
// The kit's old name, kept for one version so that existing tests still
// build; every use warns (-Wdeprecated-declarations). It is removed in the
// next version: write crossauth_testing::TestRealm instead. While it exists,
// it still hides ::testing inside namespace crossauth, so code there must
// write ::testing; define CROSSAUTH_TESTING_NO_DEPRECATED_NAMESPACE before
// including this header to drop it now.
#ifndef CROSSAUTH_TESTING_NO_DEPRECATED_NAMESPACE
namespace crossauth {
namespace [[deprecated("use crossauth_testing")]] testing {
using TestRealmOptions
    [[deprecated("use crossauth_testing::TestRealmOptions")]] =
        ::crossauth_testing::TestRealmOptions;
using TestRealm [[deprecated("use crossauth_testing::TestRealm")]] =
    ::crossauth_testing::TestRealm;
}  // namespace testing
}  // namespace crossauth
#endif  // CROSSAUTH_TESTING_NO_DEPRECATED_NAMESPACE

#endif  // CROSSAUTH_TESTING_TEST_REALM_H_
