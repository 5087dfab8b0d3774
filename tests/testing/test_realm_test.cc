// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of crossauth_testing::TestRealm against the real krb5kdc, kadmin
// and kinit (label "kdc").

#include "crossauth/testing/test_realm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
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
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/testing/realm_files.h"
#include "src/testing/subprocess.h"
#include "tests/support/status_matchers.h"

namespace crossauth_testing {
namespace {

using ::crossauth::test::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A krb5-user tool (klist, kvno, kinit) run with the realm's environment.
internal::ToolResult RunClientTool(const TestRealm& realm,
                                   const std::string& name,
                                   std::vector<std::string> args,
                                   absl::string_view input = "") {
  internal::Environment env = realm.Environment();
  env.emplace_back("LC_ALL", "C");
  std::string program = internal::FindExecutable(name, {"/usr/bin"});
  absl::StatusOr<internal::ToolResult> result = internal::RunTool(
      {program, std::move(args), std::move(env)}, input, absl::Seconds(30));
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : internal::ToolResult{};
}

// The pid krb5kdc wrote with -P.
pid_t KdcPid(const TestRealm& realm) {
  absl::StatusOr<std::string> text =
      internal::ReadFile(realm.directory() + "/krb5kdc.pid");
  int pid = 0;
  if (!text.ok() || !absl::SimpleAtoi(absl::StripAsciiWhitespace(*text), &pid))
    return -1;
  return pid;
}

// Gone, or a zombie that only waits for a (foreign) parent to reap it.
bool ProcessGone(pid_t pid) {
  if (kill(pid, 0) != 0) return errno == ESRCH;
  absl::StatusOr<std::string> stat =
      internal::ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  return stat.ok() && absl::StrContains(*stat, ") Z ");
}

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool connected =
      connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

// A private parent directory, so a test can check that nothing is left.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    char pattern[] = "/tmp/crossauth-realm-test-XXXXXX";
    path_ = mkdtemp(pattern) != nullptr ? pattern : "";
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  bool IsEmpty() const { return std::filesystem::is_empty(path_); }

 private:
  std::string path_;
};

// A directory of stand-ins for the KDC programs; the real ones are linked
// unless replaced by a script.
class FakeSbin : public ScratchDirectory {
 public:
  FakeSbin() {
    for (const char* name : {"krb5kdc", "kdb5_util", "kadmin.local"}) {
      std::filesystem::create_symlink(absl::StrCat("/usr/sbin/", name),
                                      absl::StrCat(path(), "/", name));
    }
  }
  void Replace(const std::string& name, const std::string& script) {
    std::string file = absl::StrCat(path(), "/", name);
    std::filesystem::remove(file);
    ASSERT_OK(internal::WriteFile(file, "#!/bin/sh\n" + script));
    ASSERT_EQ(chmod(file.c_str(), 0755), 0);
  }
};

class TestRealmTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::Time start = absl::Now();
    absl::StatusOr<std::unique_ptr<TestRealm>> realm = TestRealm::Start();
    ASSERT_OK(realm);
    realm_ = realm->release();
    ASSERT_OK(realm_->AddUser("alice", "alice-password"));
    absl::StatusOr<std::string> service =
        realm_->AddService("HTTP", "localhost");
    ASSERT_OK(service);
    // The promise of the design: a realm in well under a second.
    std::cerr << "realm with a user and a service ready in "
              << absl::FormatDuration(absl::Now() - start) << "\n";
  }
  static void TearDownTestSuite() {
    delete realm_;
    realm_ = nullptr;
  }
  static TestRealm* realm_;
};

TestRealm* TestRealmTest::realm_ = nullptr;

TEST_F(TestRealmTest, StartCreatesTheFilesAndListens) {
  const std::string& dir = realm_->directory();
  const char* tmpdir = getenv("TMPDIR");
  std::string parent = tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp";
  EXPECT_THAT(dir, StartsWith(absl::StrCat(absl::StripSuffix(parent, "/"),
                                           "/crossauth-realm-")));
  EXPECT_EQ(realm_->realm(), "CROSSAUTH.TEST");
  EXPECT_EQ(realm_->krb5_config(), dir + "/krb5.conf");
  EXPECT_EQ(realm_->kdc_profile(), dir + "/kdc.conf");
  EXPECT_EQ(realm_->service_keytab(), dir + "/service.keytab");
  EXPECT_EQ(realm_->default_ccache(), "FILE:" + dir + "/ccache");
  struct stat info;
  ASSERT_EQ(stat(dir.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700);
  EXPECT_GT(realm_->kdc_port(), 0);
  EXPECT_TRUE(CanConnect(realm_->kdc_port()));
  absl::StatusOr<std::string> conf = internal::ReadFile(realm_->krb5_config());
  ASSERT_OK(conf);
  EXPECT_THAT(*conf, HasSubstr(absl::StrCat(
                         "kdc = 127.0.0.1:", realm_->kdc_port(), "\n")));
}

TEST_F(TestRealmTest, EnvironmentPointsAtTheRealm) {
  const std::string& dir = realm_->directory();
  EXPECT_EQ(realm_->Environment(),
            (std::vector<std::pair<std::string, std::string>>{
                {"KRB5_CONFIG", dir + "/krb5.conf"},
                {"KRB5_KDC_PROFILE", dir + "/kdc.conf"},
                {"KRB5CCNAME", "FILE:" + dir + "/ccache"},
                {"KRB5_KTNAME", "FILE:" + dir + "/service.keytab"},
                {"KRB5_CLIENT_KTNAME", "FILE:" + dir + "/client.keytab"},
                {"KRB5RCACHEDIR", dir + "/rcache"},
                {"GSS_MECH_CONFIG", dir + "/gss-mech"},
            }));
  EXPECT_TRUE(std::filesystem::is_directory(dir + "/rcache"));
  EXPECT_TRUE(std::filesystem::is_empty(dir + "/gss-mech"));
}

TEST_F(TestRealmTest, PrincipalAppendsTheRealm) {
  EXPECT_EQ(realm_->Principal("alice"), "alice@CROSSAUTH.TEST");
  EXPECT_EQ(realm_->Principal("HTTP/localhost"),
            "HTTP/localhost@CROSSAUTH.TEST");
}

TEST_F(TestRealmTest, KinitPutsATicketInTheCache) {
  std::string ccache = "FILE:" + realm_->directory() + "/alice.ccache";
  ASSERT_OK(realm_->Kinit("alice", "alice-password", ccache));
  internal::ToolResult klist = RunClientTool(*realm_, "klist", {"-c", ccache});
  EXPECT_EQ(klist.status.code, 0) << klist.err;
  EXPECT_THAT(klist.out,
              AllOf(HasSubstr("Default principal: alice@CROSSAUTH.TEST\n"),
                    HasSubstr("krbtgt/CROSSAUTH.TEST@CROSSAUTH.TEST")));
}

TEST_F(TestRealmTest, KinitIntoTheDefaultCache) {
  ASSERT_OK(realm_->Kinit("alice", "alice-password"));
  internal::ToolResult klist = RunClientTool(*realm_, "klist", {});
  EXPECT_THAT(klist.out,
              HasSubstr("Ticket cache: " + realm_->default_ccache() + "\n"));
}

TEST_F(TestRealmTest, KinitWithAWrongPasswordIsUnauthenticated) {
  absl::Status status = realm_->Kinit("alice", "wrong-password-123");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated,
                               AllOf(HasSubstr("Password incorrect"),
                                     Not(HasSubstr("wrong-password-123")))));
}

TEST_F(TestRealmTest, KinitForAnUnknownUserIsNotFound) {
  EXPECT_THAT(realm_->Kinit("nobody", "whatever"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("'nobody@CROSSAUTH.TEST' not found")));
}

TEST_F(TestRealmTest, KinitHonoursTheLifetime) {
  std::string ccache = "FILE:" + realm_->directory() + "/short.ccache";
  ASSERT_OK(
      realm_->Kinit("alice", "alice-password", ccache, absl::Seconds(150)));
  internal::ToolResult klist = RunClientTool(*realm_, "klist", {"-c", ccache});
  // "11/21/26 09:33:26  11/21/26 09:35:56  krbtgt/..."
  std::vector<std::string> lines = absl::StrSplit(klist.out, '\n');
  absl::Time starts, expires;
  bool found = false;
  for (const std::string& line : lines) {
    std::vector<std::string> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (f.size() == 5 && absl::StartsWith(f[4], "krbtgt/")) {
      std::string error;
      found = absl::ParseTime("%m/%d/%y %H:%M:%S", f[0] + " " + f[1], &starts,
                              &error) &&
              absl::ParseTime("%m/%d/%y %H:%M:%S", f[2] + " " + f[3], &expires,
                              &error);
    }
  }
  ASSERT_TRUE(found) << klist.out;
  // kinit asks for now + 150 s by its own clock; the KDC starts the ticket
  // at its authtime, which may be a second later.
  EXPECT_LE(expires - starts, absl::Seconds(150));
  EXPECT_GE(expires - starts, absl::Seconds(145));
}

TEST_F(TestRealmTest, AddUserTwiceIsAlreadyExistsWithoutThePassword) {
  ASSERT_OK(realm_->AddUser("dora", "dora-secret-1"));
  EXPECT_THAT(realm_->AddUser("dora", "dora-secret-2"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(HasSubstr("addprinc dora"),
                             Not(HasSubstr("dora-secret")))));
}

TEST_F(TestRealmTest, AddUserRejectsNamesAndPasswordsThatCannotTravel) {
  for (const char* name : {"", "-randkey", "a b", "a@B.TEST", "q\"uote"}) {
    EXPECT_THAT(realm_->AddUser(name, "pw"),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("invalid user name")))
        << name;
  }
  EXPECT_THAT(
      realm_->AddUser("erin", "two\nlines"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("invalid password"), Not(HasSubstr("lines")))));
  EXPECT_THAT(realm_->AddUser("erin", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid password")));
  EXPECT_THAT(realm_->Kadmin("getprinc erin"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("Principal does not exist")));
}

TEST_F(TestRealmTest, AddUserKeytabKeepsThePasswordValid) {
  ASSERT_OK(realm_->AddUser("carol", "carol-password"));
  absl::StatusOr<std::string> keytab = realm_->AddUserKeytab("carol");
  ASSERT_OK(keytab);
  EXPECT_EQ(*keytab, realm_->directory() + "/carol.keytab");
  std::string ccache = "FILE:" + realm_->directory() + "/carol.ccache";
  EXPECT_OK(realm_->KinitWithKeytab("carol", *keytab, ccache));
  EXPECT_OK(realm_->Kinit("carol", "carol-password", ccache));
  internal::ToolResult klist = RunClientTool(*realm_, "klist", {"-k", *keytab});
  EXPECT_THAT(klist.out, HasSubstr("carol@CROSSAUTH.TEST"));
}

TEST_F(TestRealmTest, AddUserKeytabForAnUnknownUserIsNotFound) {
  EXPECT_THAT(realm_->AddUserKeytab("nobody"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("nobody@CROSSAUTH.TEST does not exist")));
}

TEST_F(TestRealmTest, KinitWithAKeytabThatLacksTheKeyIsNotFound) {
  absl::StatusOr<std::string> keytab = realm_->AddUserKeytab("alice");
  ASSERT_OK(keytab);
  EXPECT_THAT(realm_->KinitWithKeytab("HTTP/nohost", *keytab),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("kinit -k -t " + *keytab)));
}

TEST_F(TestRealmTest, AddServiceKeysDecryptTheKdcsTickets) {
  absl::StatusOr<std::string> principal = realm_->AddService("host", "box");
  ASSERT_OK(principal);
  EXPECT_EQ(*principal, "host/box@CROSSAUTH.TEST");
  std::string ccache = "FILE:" + realm_->directory() + "/kvno.ccache";
  ASSERT_OK(realm_->Kinit("alice", "alice-password", ccache));
  // kvno -k decrypts the service ticket with the keytab's key.
  for (const char* service :
       {"HTTP/localhost@CROSSAUTH.TEST", "host/box@CROSSAUTH.TEST"}) {
    internal::ToolResult kvno =
        RunClientTool(*realm_, "kvno",
                      {"-c", ccache, "-k", realm_->service_keytab(), service});
    EXPECT_EQ(kvno.status.code, 0) << kvno.err;
    EXPECT_THAT(kvno.out, HasSubstr(": kvno = 1, keytab entry valid\n"));
  }
}

TEST_F(TestRealmTest, AddServiceRejectsSlashesInItsParts) {
  EXPECT_THAT(realm_->AddService("HTTP/x", "localhost"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid service")));
  EXPECT_THAT(
      realm_->AddService("HTTP", ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid host")));
}

TEST_F(TestRealmTest, ExportKeytabTakesAFullPrincipalAndAnyPath) {
  std::string path = realm_->directory() + "/with space's.keytab";
  ASSERT_OK(realm_->ExportKeytab("HTTP/localhost@CROSSAUTH.TEST", path));
  internal::ToolResult klist = RunClientTool(*realm_, "klist", {"-k", path});
  EXPECT_THAT(klist.out, HasSubstr("HTTP/localhost@CROSSAUTH.TEST"));
}

TEST_F(TestRealmTest, KadminReturnsTheOutputAndMapsErrors) {
  absl::StatusOr<std::string> out = realm_->Kadmin("getprinc alice");
  ASSERT_OK(out);
  EXPECT_THAT(*out, AllOf(StartsWith("Principal: alice@CROSSAUTH.TEST\n"),
                          HasSubstr("Attributes: REQUIRES_PRE_AUTH\n")));
  EXPECT_THAT(realm_->Kadmin("getprinc nobody"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("Principal does not exist")));
  EXPECT_THAT(realm_->Kadmin("no_such_command"),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("Command not found no_such_command")));
  EXPECT_THAT(realm_->Kadmin(" "),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("query")));
}

TEST_F(TestRealmTest, ExportEnvironmentAndTheEnvironmentFile) {
  ASSERT_OK(realm_->ExportEnvironment());
  for (const auto& [name, value] : realm_->Environment()) {
    const char* set = getenv(name.c_str());
    ASSERT_NE(set, nullptr) << name;
    EXPECT_EQ(set, value);
  }
  EXPECT_EQ(getenv("KRB5_TRACE"), nullptr);
  std::string file = realm_->directory() + "/env";
  ASSERT_OK(realm_->WriteEnvironmentFile(file));
  absl::StatusOr<std::string> text = internal::ReadFile(file);
  ASSERT_OK(text);
  EXPECT_EQ(*text, internal::EnvironmentFileText(realm_->Environment()));
  EXPECT_THAT(*text, StartsWith("export KRB5_CONFIG='" + realm_->directory() +
                                "/krb5.conf'\n"));
}

TEST(TestRealmOptionsTest, OptionsReachTheKdcAndTheClients) {
  TestRealmOptions options;
  options.realm = "EXAMPLE.TEST";
  options.max_ticket_lifetime = absl::Hours(1);
  options.clock_skew = absl::Seconds(42);
  absl::StatusOr<std::unique_ptr<TestRealm>> realm = TestRealm::Start(options);
  ASSERT_OK(realm);
  EXPECT_EQ((*realm)->Principal("bob"), "bob@EXAMPLE.TEST");
  absl::StatusOr<std::string> krbtgt =
      (*realm)->Kadmin("getprinc krbtgt/EXAMPLE.TEST");
  ASSERT_OK(krbtgt);
  EXPECT_THAT(*krbtgt, HasSubstr("Maximum ticket life: 0 days 01:00:00\n"));
  absl::StatusOr<std::string> conf =
      internal::ReadFile((*realm)->krb5_config());
  ASSERT_OK(conf);
  EXPECT_THAT(*conf, AllOf(HasSubstr("  clockskew = 42\n"),
                           HasSubstr("  default_realm = EXAMPLE.TEST\n")));
}

TEST(TestRealmOptionsTest, InvalidOptionsAreRejectedBeforeAnythingStarts) {
  TestRealmOptions bad_realm;
  bad_realm.realm = "TWO WORDS";
  EXPECT_THAT(TestRealm::Start(bad_realm),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid realm name \"TWO WORDS\"")));
  TestRealmOptions no_attempts;
  no_attempts.start_attempts = 0;
  EXPECT_THAT(TestRealm::Start(no_attempts),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("start_attempts")));
  TestRealmOptions no_skew;
  no_skew.clock_skew = absl::ZeroDuration();
  EXPECT_THAT(
      TestRealm::Start(no_skew),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("clock_skew")));
}

TEST(TestRealmLifecycleTest, StopIsIdempotentAndEndsTheKdc) {
  absl::StatusOr<std::unique_ptr<TestRealm>> realm = TestRealm::Start();
  ASSERT_OK(realm);
  pid_t pid = KdcPid(**realm);
  ASSERT_GT(pid, 0);
  EXPECT_FALSE(ProcessGone(pid));
  EXPECT_OK((*realm)->Stop());
  EXPECT_TRUE(ProcessGone(pid));
  EXPECT_FALSE(CanConnect((*realm)->kdc_port()));
  EXPECT_OK((*realm)->Stop());
  EXPECT_THAT((*realm)->Kinit("nobody", "pw"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("Cannot contact any KDC")));
}

TEST(TestRealmLifecycleTest, DestructionLeavesNoProcessAndNoDirectory) {
  ScratchDirectory parent;
  TestRealmOptions options;
  options.parent_directory = parent.path();
  absl::StatusOr<std::unique_ptr<TestRealm>> realm = TestRealm::Start(options);
  ASSERT_OK(realm);
  ASSERT_OK((*realm)->AddUser("alice", "alice-password"));
  ASSERT_OK((*realm)->Kinit("alice", "alice-password"));
  std::string dir = (*realm)->directory();
  pid_t pid = KdcPid(**realm);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(Exists(dir + "/ccache"));
  realm->reset();
  EXPECT_TRUE(ProcessGone(pid));
  EXPECT_FALSE(Exists(dir));
  EXPECT_TRUE(parent.IsEmpty());
}

TEST(TestRealmLifecycleTest, TwoRealmsRunSideBySide) {
  absl::StatusOr<std::unique_ptr<TestRealm>> a = TestRealm::Start();
  absl::StatusOr<std::unique_ptr<TestRealm>> b = TestRealm::Start();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->kdc_port(), (*b)->kdc_port());
  EXPECT_NE((*a)->directory(), (*b)->directory());
  ASSERT_OK((*a)->AddUser("only-in-a", "pw-a"));
  EXPECT_OK((*a)->Kinit("only-in-a", "pw-a"));
  EXPECT_THAT((*b)->Kinit("only-in-a", "pw-a"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not found")));
}

TEST(TestRealmLifecycleTest, QuotesAndBlanksInThePathAreFine) {
  ScratchDirectory scratch;
  std::string parent = scratch.path() + "/it's a dir";
  ASSERT_TRUE(std::filesystem::create_directory(parent));
  TestRealmOptions options;
  options.parent_directory = parent;
  absl::StatusOr<std::unique_ptr<TestRealm>> realm = TestRealm::Start(options);
  ASSERT_OK(realm);
  ASSERT_OK((*realm)->AddUser("alice", "alice-password"));
  ASSERT_OK((*realm)->AddService("HTTP", "localhost"));
  ASSERT_OK((*realm)->Kinit("alice", "alice-password"));
  internal::ToolResult kvno = RunClientTool(
      **realm, "kvno",
      {"-k", (*realm)->service_keytab(), "HTTP/localhost@CROSSAUTH.TEST"});
  EXPECT_THAT(kvno.out, HasSubstr(": kvno = 1, keytab entry valid\n"));
  // The environment file survives a shell round trip.
  std::string file = (*realm)->directory() + "/env";
  ASSERT_OK((*realm)->WriteEnvironmentFile(file));
  absl::StatusOr<internal::ToolResult> sourced = internal::RunTool(
      {"/bin/sh", {"-c", ". \"$0\" && printf '%s' \"$KRB5_CONFIG\"", file}, {}},
      "", absl::Seconds(10));
  ASSERT_OK(sourced);
  EXPECT_EQ(sourced->out, (*realm)->krb5_config());
}

TEST(TestRealmLifecycleTest, ParentDirectoryWithADoubleQuoteIsRejected) {
  TestRealmOptions options;
  options.parent_directory = "/tmp/a\"b";
  EXPECT_THAT(TestRealm::Start(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("parent directory")));
}

TEST(TestRealmLifecycleTest, KdcDiesWhenItsOwnerCrashes) {
  ScratchDirectory parent;
  // As a subreaper, this process inherits the orphaned KDC and can reap it
  // (a container's init might never do that).
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  pid_t owner = fork();
  ASSERT_GE(owner, 0);
  if (owner == 0) {
    TestRealmOptions options;
    options.parent_directory = parent.path();
    absl::StatusOr<std::unique_ptr<TestRealm>> realm =
        TestRealm::Start(options);
    pid_t pid = realm.ok() ? KdcPid(**realm) : -1;
    (void)!write(report[1], &pid, sizeof pid);
    _exit(0);  // a crash: no destructor runs
  }
  close(report[1]);
  pid_t kdc = -1;
  ASSERT_EQ(read(report[0], &kdc, sizeof kdc),
            static_cast<ssize_t>(sizeof kdc));
  close(report[0]);
  int status;
  ASSERT_EQ(waitpid(owner, &status, 0), owner);
  ASSERT_GT(kdc, 0);
  absl::StatusOr<internal::ExitStatus> ended =
      internal::WaitForChild(kdc, absl::Seconds(5));
  prctl(PR_SET_CHILD_SUBREAPER, 0);
  if (!ended.ok()) kill(kdc, SIGKILL);
  ASSERT_OK(ended);
  // krb5kdc exits 0 on the SIGTERM it got when its owner died.
  EXPECT_EQ(ended->Describe(), "exit status 0");
}

TEST(TestRealmFailureTest, MissingProgramsAreNotFoundWithThePackages) {
  ScratchDirectory empty;
  TestRealmOptions options;
  options.sbin_directory = empty.path();
  EXPECT_THAT(
      TestRealm::Start(options),
      StatusIs(absl::StatusCode::kNotFound,
               AllOf(HasSubstr("krb5kdc not found"), HasSubstr("krb5-kdc"),
                     HasSubstr("krb5-admin-server"), HasSubstr("krb5-user"))));
}

TEST(TestRealmFailureTest, AFailingToolIsInternalWithItsOutput) {
  FakeSbin sbin;
  sbin.Replace("kdb5_util", "echo 'kdb5_util: boom' >&2; exit 1\n");
  ScratchDirectory parent;
  TestRealmOptions options;
  options.sbin_directory = sbin.path();
  options.parent_directory = parent.path();
  EXPECT_THAT(TestRealm::Start(options),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("kdb5_util create failed"),
                             HasSubstr("exit status 1"),
                             HasSubstr("kdb5_util: boom"))));
  EXPECT_TRUE(parent.IsEmpty());
}

TEST(TestRealmFailureTest, ABindRaceOnEveryAttemptIsUnavailable) {
  FakeSbin sbin;
  // What krb5kdc does when its port is taken: the reason goes to kdc.log
  // (next to the -P pid file), and it exits 1.
  sbin.Replace("krb5kdc",
               "for a; do last=$a; done\n"
               "echo 'Address already in use - Cannot bind server socket' "
               ">> \"$(dirname \"$last\")/kdc.log\"\n"
               "exit 1\n");
  ScratchDirectory parent;
  TestRealmOptions options;
  options.sbin_directory = sbin.path();
  options.parent_directory = parent.path();
  options.start_attempts = 3;
  EXPECT_THAT(TestRealm::Start(options),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("after 3 attempt(s)"),
                             HasSubstr("Address already in use"))));
  EXPECT_TRUE(parent.IsEmpty());
}

TEST(TestRealmFailureTest, AKdcThatEndsForAnotherReasonIsInternal) {
  FakeSbin sbin;
  sbin.Replace("krb5kdc", "echo 'krb5kdc: config broken' >&2; exit 3\n");
  ScratchDirectory parent;
  TestRealmOptions options;
  options.sbin_directory = sbin.path();
  options.parent_directory = parent.path();
  EXPECT_THAT(TestRealm::Start(options),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("krb5kdc ended (exit status 3)"),
                             HasSubstr("krb5kdc: config broken"))));
  EXPECT_TRUE(parent.IsEmpty());
}

}  // namespace
}  // namespace crossauth_testing
