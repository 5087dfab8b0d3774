// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_domain.h: a throwaway Active Directory domain for tests.
//
// TestDomain runs Samba's AD DC (Debian 12's Samba 4.17, with its built-in
// Heimdal KDC, which issues real PACs) on loopback only, inside a private
// network and mount namespace. It needs root and Debian's samba,
// samba-dsdb-modules, samba-ad-provision, samba-vfs-modules, winbind and
// krb5-user packages. Link the CMake target crossauth::testing.
//
// The namespaces: Start() moves the calling process (which must still be
// single-threaded, so call it first, from SetUpTestSuite() or main()) into a
// new network namespace, whose only interface is lo, and a new mount
// namespace, with tmpfs over /run/samba, /var/lib/samba, /var/cache/samba,
// /var/log/samba and /etc/samba and a private /etc/hosts that resolves the
// domain's host names to 127.0.0.1. Nothing on the host changes; the
// process stays in these namespaces until it ends (loopback still works, so
// a TestRealm can run beside the domain). Inside `crossauth-test-domain
// run` (CROSSAUTH_TEST_DOMAIN_RUNNING=1), Start() refuses with
// FailedPrecondition: use the environment that command gives instead.
//
// Provisioning takes 5-7 s, so the first Start() provisions into a cache
// directory (TestDomainOptions::cache_directory) and every Start() copies
// it; a copy starts in well under a second.
//
//   class MyAdTest : public ::testing::Test {
//    protected:
//     static void SetUpTestSuite() {
//       auto domain = crossauth_testing::TestDomain::Start();
//       if (absl::IsFailedPrecondition(domain.status())) {
//         skip_reason_ = std::string(domain.status().message());  // not root
//         return;
//       }
//       domain_ = domain.value().release();
//       ASSERT_TRUE(domain_->AddUser("alice", "Alice-Pa55word!").ok());
//       ASSERT_TRUE(domain_->AddGroup("staff").ok());
//       ASSERT_TRUE(domain_->AddGroupMember("staff", "alice").ok());
//       ASSERT_TRUE(domain_->AddServiceAccount("websvc", "HTTP/web").ok());
//       ASSERT_TRUE(domain_->ExportEnvironment().ok());
//     }
//     ...
//   };
//
// Thread-compatible: configure it from one thread.

#ifndef CROSSAUTH_TESTING_TEST_DOMAIN_H_
#define CROSSAUTH_TESTING_TEST_DOMAIN_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crossauth/testing/export.h"

namespace crossauth_testing {

// TestDomainOptions
//
// How to build the domain. The realm, NetBIOS domain and DC host name are
// fixed by the provisioned cache: AD.CROSSAUTH.TEST, ADTEST, dc1.
struct CROSSAUTH_TESTING_EXPORT TestDomainOptions {
  // Where the provisioned domain is cached between runs; empty:
  // $CROSSAUTH_TEST_DOMAIN_CACHE, else $TMPDIR (or /tmp)/
  // crossauth-test-domain-cache. Created when missing (mode 0700;
  // atomically, so concurrent suites may share it). It is run as root, so
  // Start() refuses it (FailedPrecondition) unless it is a directory of the
  // current user that no group or other user can write.
  std::string cache_directory{};

  // Where the domain's per-run directory (krb5.conf, ccache, keytabs) is
  // created; empty: $TMPDIR or /tmp.
  std::string parent_directory{};
};

// TestDomain
//
// A running Samba AD DC and the files that point clients at it.
class CROSSAUTH_TESTING_EXPORT TestDomain {
 public:
  // TestDomain::Start()
  //
  // Enters the namespaces (see the file comment), copies (or first
  // provisions) the domain and starts `samba`, waiting (bounded) until its
  // KDC answers on 127.0.0.1:88. Errors: FailedPrecondition when not root
  // or when the process has more than one thread (the message says which;
  // tests skip on the first only; also inside crossauth-test-domain run),
  // NotFound when a Samba program is missing
  // (with the packages to install), Internal when a tool failed (with its
  // output), DeadlineExceeded when the DC did not come up.
  static absl::StatusOr<std::unique_ptr<TestDomain>> Start(
      TestDomainOptions options = {});

  TestDomain(const TestDomain&) = delete;
  TestDomain& operator=(const TestDomain&) = delete;

  // ~TestDomain()
  //
  // Stops samba and removes the per-run directory. The namespaces remain.
  ~TestDomain();

  // Stop()
  //
  // Stops samba (SIGTERM, then SIGKILL) and waits for it; idempotent.
  absl::Status Stop();

  // realm(): "AD.CROSSAUTH.TEST". netbios_domain(): "ADTEST".
  const std::string& realm() const;
  const std::string& netbios_domain() const;

  // dc_host(): the DC's fully qualified name, "dc1.ad.crossauth.test".
  const std::string& dc_host() const;

  // directory(): the per-run directory.
  const std::string& directory() const;

  // Principal(): `name` qualified with the realm.
  std::string Principal(absl::string_view name) const;

  // HostName(): `short_name` within the domain's DNS name, and resolvable
  // to 127.0.0.1 through the private /etc/hosts: HostName("web") is
  // "web.ad.crossauth.test". A name that already contains a dot is returned
  // as it is (and also added to /etc/hosts).
  std::string HostName(absl::string_view short_name);

  // AddUser()
  //
  // Adds the user `name` (sAMAccountName and UPN name@REALM) with
  // `password`, which must meet AD's default complexity rules (for example
  // "Alice-Pa55word!"). The password travels on samba-tool's command line
  // inside the namespace (test passwords only) and never appears in an
  // error. AlreadyExists when the name is taken; InvalidArgument for a name
  // or password the kit refuses (blanks, quotes, control characters, a
  // leading '-'), or one Samba refuses (too weak).
  absl::Status AddUser(absl::string_view name, absl::string_view password);

  // AddGroup()
  //
  // Adds the global security group `name`. AlreadyExists when it exists.
  absl::Status AddGroup(absl::string_view name);

  // AddGroupMember()
  //
  // Adds the user (or group) `member` to `group`. NotFound when either is
  // missing; AlreadyExists when `member` is already a member.
  absl::Status AddGroupMember(absl::string_view group,
                              absl::string_view member);

  // AddServiceAccount()
  //
  // Adds the user account `account` with a random password, its SPN
  // `service`/HostName(`host`) (for example "HTTP/web" gives
  // HTTP/web.ad.crossauth.test@AD.CROSSAUTH.TEST), AES keys only
  // (msDS-SupportedEncryptionTypes = 24), and exports the keys of the SPN
  // and of account@REALM into service_keytab(). Returns the SPN's
  // principal. AlreadyExists when the account exists.
  absl::StatusOr<std::string> AddServiceAccount(absl::string_view account,
                                                absl::string_view spn);

  // ExportKeytab()
  //
  // Writes the keys of `principal` (an SPN, account@REALM, or a name
  // relative to the realm) to the keytab file `path` (appending).
  absl::Status ExportKeytab(absl::string_view principal,
                            absl::string_view path);

  // AllowDelegation()
  //
  // Constrained delegation: `account` may reach `target_spn` (for example
  // "HTTP/other.ad.crossauth.test") as a user (S4U2Proxy; samba-tool
  // delegation add-service). With `any_protocol`, also S4U2Self with a
  // forwardable ticket (for-any-protocol on). NotFound for a missing
  // account.
  absl::Status AllowDelegation(absl::string_view account,
                               absl::string_view target_spn,
                               bool any_protocol = true);

  // Sid()
  //
  // The objectSid of the user, group or account `name` (sAMAccountName),
  // for example "S-1-5-21-1-2-3-1104". NotFound when there is none.
  absl::StatusOr<std::string> Sid(absl::string_view name);

  // DomainSid(): the domain's SID, "S-1-5-21-x-y-z".
  absl::StatusOr<std::string> DomainSid();

  // SambaTool()
  //
  // Runs `samba-tool ARGS... -s <the DC's smb.conf>` and returns its
  // standard output. Errors as for the operations above: AlreadyExists,
  // NotFound, or Internal with samba-tool's output.
  absl::StatusOr<std::string> SambaTool(const std::vector<std::string>& args);

  // ModifyLdif()
  //
  // Applies an LDIF modification ("dn: ...\nchangetype: modify\n...") to
  // the DC's database through Samba's Python bindings, for attributes
  // samba-tool cannot set. NotFound when the dn does not exist; Internal
  // otherwise, with Samba's message.
  absl::Status ModifyLdif(absl::string_view ldif);

  // Kinit()
  //
  // Gets a TGT for `name` with `password` (on kinit's standard input) into
  // `ccache`; empty means default_ccache(). Unauthenticated for a wrong
  // password, NotFound for an unknown principal.
  absl::Status Kinit(absl::string_view name, absl::string_view password,
                     absl::string_view ccache = "");

  // KinitWithKeytab()
  //
  // Gets a forwardable TGT (kinit -f -k, as S4U2Proxy needs) for `name`
  // from the keytab `keytab_path` into `ccache`.
  absl::Status KinitWithKeytab(absl::string_view name,
                               absl::string_view keytab_path,
                               absl::string_view ccache = "");

  // The domain's client files. Paths are absolute; ccaches carry "FILE:".
  const std::string& krb5_config() const;     // krb5.conf (kdc 127.0.0.1)
  const std::string& service_keytab() const;  // AddServiceAccount() writes
  const std::string& default_ccache() const;  // "FILE:<dir>/ccache"
  const std::string& smb_conf() const;        // the DC's smb.conf

  // Environment()
  //
  // KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME, KRB5_CLIENT_KTNAME, KRB5RCACHEDIR
  // and GSS_MECH_CONFIG (an empty file), as TestRealm's, plus
  // CROSSAUTH_TEST_DOMAIN_REALM and CROSSAUTH_TEST_DOMAIN_DIR.
  std::vector<std::pair<std::string, std::string>> Environment() const;

  // ExportEnvironment(): sets Environment() in this process.
  absl::Status ExportEnvironment() const;

  // WriteEnvironmentFile(): Environment() as `export NAME='value'` lines.
  absl::Status WriteEnvironmentFile(absl::string_view path) const;

 private:
  struct State;
  explicit TestDomain(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// EnterDomainNamespaces()
//
// What Start() does first: unshares the network and mount namespaces of
// this (single-threaded) process, makes mounts private, brings lo up and
// mounts the tmpfs directories and the private /etc/hosts. Idempotent within
// a process. crossauth-test-domain calls it before it forks the command.
CROSSAUTH_TESTING_EXPORT absl::Status EnterDomainNamespaces();

}  // namespace crossauth_testing

#endif  // CROSSAUTH_TESTING_TEST_DOMAIN_H_
