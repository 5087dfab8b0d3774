// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/error.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/native_status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace crossauth {
namespace {

TEST(ErrorTest, NativeErrorRoundTripsThroughThePayload) {
  NativeError error;
  error.backend = "gssapi";
  error.call = "gss_init_sec_context";
  error.major = 0xd0000;
  error.minor = 0x96c73a07;
  error.mechanism = "1.2.840.113554.1.2.2";
  error.text = "Server not found: 12:34 (with colons and \n newlines)";
  error.hint = "check the service name";
  absl::Status status = absl::NotFoundError("x");
  internal::SetNativeError(status, error);

  std::optional<NativeError> read = GetNativeError(status);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->backend, error.backend);
  EXPECT_EQ(read->call, error.call);
  EXPECT_EQ(read->major, error.major);
  EXPECT_EQ(read->minor, error.minor);
  EXPECT_EQ(read->mechanism, error.mechanism);
  EXPECT_EQ(read->text, error.text);
  EXPECT_EQ(read->hint, error.hint);
}

TEST(ErrorTest, StatusesWithoutPayloadHaveNoNativeErrorOrToken) {
  absl::Status status = absl::InvalidArgumentError("bad option");
  EXPECT_FALSE(GetNativeError(status).has_value());
  EXPECT_FALSE(GetErrorToken(status).has_value());
}

TEST(ErrorTest, ErrorTokenRoundTripsWithAnyBytes) {
  const std::vector<uint8_t> token = {0x7e, 0x00, 0x81, 0xff, 0x00};
  absl::Status status = absl::UnauthenticatedError("replay");
  internal::SetErrorToken(status, token);
  std::optional<std::vector<uint8_t>> read = GetErrorToken(status);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, token);
}

TEST(ErrorTest, CorruptPayloadIsIgnoredNotMisread) {
  absl::Status status = absl::InternalError("x");
  status.SetPayload("type.crossauth.dev/crossauth.NativeError",
                    absl::Cord("3:abc99999:truncated"));
  EXPECT_FALSE(GetNativeError(status).has_value());
}

using internal::ShownText;
using ::testing::HasSubstr;

// A string literal with every byte, NULs included.
template <size_t N>
std::string Raw(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

TEST(ShownTextTest, PrintableTextAndUtf8PassUnchanged) {
  EXPECT_EQ(ShownText("Server HTTP/web@EXAMPLE.COM not found (\"x\", 'y')"),
            "Server HTTP/web@EXAMPLE.COM not found (\"x\", 'y')");
  EXPECT_EQ(ShownText("CROSSAUTH\\carol"), "CROSSAUTH\\carol");
  EXPECT_EQ(ShownText("J\xc3\xbcrgen \xe2\x82\xac \xf0\x9f\x94\x91"),
            "J\xc3\xbcrgen \xe2\x82\xac \xf0\x9f\x94\x91");
  EXPECT_EQ(ShownText(""), "");
}

TEST(ShownTextTest, ControlBytesAreEscaped) {
  EXPECT_EQ(ShownText(Raw("a\0b")), "a\\x00b");
  EXPECT_EQ(ShownText("\x1b[2J\r\nforged line\t\x7f"),
            "\\x1b[2J\\r\\nforged line\\t\\x7f");
}

TEST(ShownTextTest, MalformedAndActiveUtf8IsEscapedByteByByte) {
  // A lone continuation byte, a truncated sequence, an overlong NUL, a
  // surrogate and a code point past U+10FFFF.
  EXPECT_EQ(ShownText("\x80 \xc3 \xc0\x80 \xed\xa0\x80 \xf4\x90\x80\x80"),
            "\\x80 \\xc3 \\xc0\\x80 \\xed\\xa0\\x80 "
            "\\xf4\\x90\\x80\\x80");
  // C1 CSI (U+009B), RIGHT-TO-LEFT OVERRIDE, LINE SEPARATOR, BOM.
  EXPECT_EQ(ShownText("\xc2\x9b"
                      "2J \xe2\x80\xae \xe2\x80\xa8 \xef\xbb\xbf"),
            "\\xc2\\x9b2J \\xe2\\x80\\xae \\xe2\\x80\\xa8 "
            "\\xef\\xbb\\xbf");
}

TEST(ShownTextTest, ShowingTwiceChangesNothing) {
  const std::string hostile =
      absl::StrCat(Raw("\0\x1b[31m\r\n\xff\xc2\x9b"), std::string(3000, 'x'));
  const std::string once = ShownText(hostile);
  EXPECT_EQ(ShownText(once), once);
  EXPECT_EQ(ShownText(ShownText("\x01\\x01")), ShownText("\x01\\x01"));
}

TEST(ShownTextTest, LongTextIsCutWithACount) {
  const std::string shown = ShownText(std::string(5000, 'a'), 100);
  EXPECT_EQ(shown, std::string(100, 'a') + "... (4900 more bytes)");
  // A little over the limit is kept whole, room for the note.
  EXPECT_EQ(ShownText(std::string(120, 'a'), 100), std::string(120, 'a'));
  // Escapes are never split: each NUL takes 4 bytes.
  EXPECT_EQ(ShownText(std::string(1000, '\0'), 10),
            "\\x00\\x00... (998 more bytes)");
  // A huge text costs no more than the limit.
  std::string expected;
  for (size_t i = 0; i < internal::kMaxShownText / 2; ++i) expected += "\\n";
  EXPECT_EQ(ShownText(std::string(10 * 1024 * 1024, '\n')),
            expected + "... (10485248 more bytes)");
}

TEST(NativeStatusTest, TextFromThePeerIsEscapedInMessageAndPayload) {
  NativeError error;
  error.backend = "gssapi";
  error.call = "gss_accept_sec_context";
  error.text =
      Raw("Request ticket server \x1b[\r\n/localhost@R\0 not found in keytab");
  error.hint = "check \r\nthe keytab";
  absl::Status status =
      internal::NativeStatus(absl::StatusCode::kNotFound, error);
  EXPECT_EQ(status.message(),
            "gss_accept_sec_context: Request ticket server "
            "\\x1b[\\r\\n/localhost@R\\x00 not found in keytab; check "
            "\\r\\nthe keytab");
  std::optional<NativeError> native = GetNativeError(status);
  ASSERT_TRUE(native.has_value());
  EXPECT_EQ(native->text,
            "Request ticket server \\x1b[\\r\\n/localhost@R\\x00 not found "
            "in keytab");
  EXPECT_EQ(native->hint, "check \\r\\nthe keytab");
  // Built again from its own payload (as backends add to a hint), the same.
  EXPECT_EQ(internal::NativeStatus(status.code(), *native).message(),
            status.message());
}

TEST(NativeStatusTest, HugeNativeTextIsBounded) {
  NativeError error;
  error.call = "gss_init_sec_context";
  error.text = std::string(70000, 'z');
  absl::Status status =
      internal::NativeStatus(absl::StatusCode::kInvalidArgument, error);
  EXPECT_LT(status.message().size(), 1200u);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("... (68976 more bytes)"));
}

TEST(NativeStatusTest, RestatedMessagesAreEscapedAndKeepThePayload) {
  NativeError error;
  error.call = "gss_accept_sec_context";
  error.text = "inner";
  absl::Status cause =
      internal::NativeStatus(absl::StatusCode::kInternal, error);
  absl::Status restated =
      internal::Restated(absl::StatusCode::kPermissionDenied,
                         Raw("peer said \"\x1b]0;owned\x07\0\""), cause);
  EXPECT_THAT(restated,
              test::StatusIs(absl::StatusCode::kPermissionDenied,
                             "peer said \"\\x1b]0;owned\\x07\\x00\""));
  ASSERT_TRUE(GetNativeError(restated).has_value());
  EXPECT_EQ(GetNativeError(restated)->text, "inner");
}

}  // namespace
}  // namespace crossauth
