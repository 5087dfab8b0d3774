// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of the realm's file helpers: configuration text, shell quoting,
// atomic writes, port choice, and the shared-port check.

#include "src/testing/realm_files.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/testing/subprocess.h"

namespace crossauth_testing {
namespace internal {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(RealmFilesTest, Krb5ConfPinsRealmKdcAndLookups) {
  RealmPaths paths = RealmPaths::ForDirectory("/tmp/r");
  RealmSettings settings{"EXAMPLE.TEST", 40123, 3600, 42};
  std::string conf = Krb5Conf(paths, settings);
  for (const char* line :
       {"  default_realm = EXAMPLE.TEST\n", "  dns_lookup_kdc = false\n",
        "  dns_lookup_realm = false\n", "  dns_canonicalize_hostname = false\n",
        "  rdns = false\n", "  qualify_shortname = \"\"\n",
        "  udp_preference_limit = 1\n", "  clockskew = 42\n",
        "  forwardable = true\n", "  ticket_lifetime = 3600\n",
        "  EXAMPLE.TEST = {\n    kdc = 127.0.0.1:40123\n  }\n",
        "  localhost = EXAMPLE.TEST\n"}) {
    EXPECT_THAT(conf, HasSubstr(line));
  }
}

TEST(RealmFilesTest, KdcConfListensOnLoopbackOnly) {
  RealmPaths paths = RealmPaths::ForDirectory("/tmp/r");
  RealmSettings settings{"EXAMPLE.TEST", 40123, 3600, 42};
  std::string conf = KdcConf(paths, settings);
  EXPECT_THAT(conf, HasSubstr("  kdc_listen = 127.0.0.1:40123\n"));
  EXPECT_THAT(conf, HasSubstr("  kdc_tcp_listen = 127.0.0.1:40123\n"));
  EXPECT_THAT(conf, HasSubstr("    database_name = /tmp/r/principal\n"));
  EXPECT_THAT(conf, HasSubstr("    key_stash_file = /tmp/r/stash\n"));
  EXPECT_THAT(conf, HasSubstr("    max_life = 3600\n"));
  EXPECT_THAT(conf, HasSubstr("  kdc = FILE:/tmp/r/kdc.log\n"));
}

TEST(RealmFilesTest, ShellQuoteSurvivesAShellRoundTrip) {
  const std::string nasty = "it's $HOME `id` \"q\" \\ back\nslash";
  absl::StatusOr<ToolResult> result = RunTool(
      Command{
          "/bin/sh", {"-c", absl::StrCat("printf %s ", ShellQuote(nasty))}, {}},
      "", absl::Seconds(10));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->out, nasty);
}

TEST(RealmFilesTest, EnvironmentFileTextExportsEachVariable) {
  EXPECT_EQ(EnvironmentFileText({{"A", "x y"}, {"B", "it's"}}),
            "export A='x y'\nexport B='it'\\''s'\n");
}

TEST(RealmFilesTest, WriteFileThenReadFile) {
  char dir[] = "/tmp/crossauth-files-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string path = absl::StrCat(dir, "/f");
  ASSERT_TRUE(WriteFile(path, "first").ok());
  ASSERT_TRUE(WriteFile(path, "second").ok());  // replaces, no leftovers
  absl::StatusOr<std::string> text = ReadFile(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "second");
  EXPECT_EQ(unlink(path.c_str()), 0);
  EXPECT_EQ(rmdir(dir), 0);  // fails if a temporary file was left behind
  EXPECT_EQ(ReadFile(path).status().code(), absl::StatusCode::kNotFound);
}

TEST(RealmFilesTest, PickLoopbackPortReturnsAPort) {
  absl::StatusOr<int> port = PickLoopbackPort();
  ASSERT_TRUE(port.ok()) << port.status();
  EXPECT_GT(*port, 0);
  EXPECT_LT(*port, 65536);
}

// Two listeners on one port, as two KDCs with SO_REUSEPORT would be.
TEST(RealmFilesTest, CountTcpListenersSeesASharedPort) {
  int first = socket(AF_INET, SOCK_STREAM, 0);
  int second = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  ASSERT_EQ(setsockopt(first, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on), 0);
  ASSERT_EQ(setsockopt(second, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on), 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(first, reinterpret_cast<sockaddr*>(&address), sizeof address),
            0);
  socklen_t length = sizeof address;
  ASSERT_EQ(getsockname(first, reinterpret_cast<sockaddr*>(&address), &length),
            0);
  int port = ntohs(address.sin_port);
  ASSERT_EQ(listen(first, 1), 0);
  EXPECT_EQ(CountTcpListeners(port), 1);
  ASSERT_EQ(bind(second, reinterpret_cast<sockaddr*>(&address), sizeof address),
            0);
  ASSERT_EQ(listen(second, 1), 0);
  EXPECT_EQ(CountTcpListeners(port), 2);
  close(first);
  close(second);
  EXPECT_EQ(CountTcpListeners(port), 0);
}

TEST(RealmFilesTest, RedactReplacesEverySecret) {
  EXPECT_EQ(Redact("pw1 and pw2 and pw1", {"pw1", "", "pw2"}),
            "<redacted> and <redacted> and <redacted>");
}

TEST(RealmFilesTest, RandomTokenIsFreshHex) {
  absl::StatusOr<std::string> a = RandomToken();
  absl::StatusOr<std::string> b = RandomToken();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_THAT(*a, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace internal
}  // namespace crossauth_testing
