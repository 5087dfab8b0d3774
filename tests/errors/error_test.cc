// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/error.h"

#include <cstdint>
#include <set>
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

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ErrorTest, NativeErrorRoundTripsThroughThePayload) {
  NativeError error;
  error.backend = "gssapi";
  error.call = "gss_init_sec_context";
  error.major = 0xd0000;
  error.minor = 0x96c73a07;
  error.mechanism = "1.2.840.113554.1.2.2";
  error.text = "Server not found: 12:34 (with colons and \n newlines)";
  error.hint = "check the service name";
  error.reason = ErrorReason::kUnknownServicePrincipal;
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
  EXPECT_EQ(read->reason, ErrorReason::kUnknownServicePrincipal);
  EXPECT_EQ(GetErrorReason(status), ErrorReason::kUnknownServicePrincipal);
}

TEST(ErrorTest, StatusesWithoutPayloadHaveNoNativeErrorOrToken) {
  absl::Status status = absl::InvalidArgumentError("bad option");
  EXPECT_FALSE(GetNativeError(status).has_value());
  EXPECT_FALSE(GetErrorToken(status).has_value());
  EXPECT_EQ(GetErrorReason(absl::OkStatus()), ErrorReason::kUnspecified);
  EXPECT_EQ(GetErrorReason(absl::NotFoundError("x")),
            ErrorReason::kUnspecified);
  EXPECT_EQ(GetErrorReason(absl::InternalError("x")),
            ErrorReason::kUnspecified);
  // Without a recorded reason, the one the code implies.
  EXPECT_EQ(GetErrorReason(status), ErrorReason::kInvalidArgument);
  EXPECT_EQ(GetErrorReason(absl::FailedPreconditionError("x")),
            ErrorReason::kWrongState);
  EXPECT_EQ(GetErrorReason(absl::UnimplementedError("not under Wine")),
            ErrorReason::kUnsupported);
  // A recorded reason wins over the code's.
  absl::Status reasoned = absl::InvalidArgumentError("x");
  internal::SetErrorReason(reasoned, ErrorReason::kMalformedToken);
  EXPECT_EQ(GetErrorReason(reasoned), ErrorReason::kMalformedToken);
}

// Every reason up to the last has its own name, in snake case, and reads
// back from a status as itself.
TEST(ErrorReasonTest, EveryReasonHasAStableNameOfItsOwn) {
  EXPECT_EQ(ErrorReasonName(ErrorReason::kClockSkew), "clock_skew");
  EXPECT_EQ(ErrorReasonName(ErrorReason::kUnknownServicePrincipal),
            "unknown_service_principal");
  EXPECT_EQ(ErrorReasonName(ErrorReason::kUnspecified), "unspecified");
  std::set<std::string> names;
  const int last = static_cast<int>(ErrorReason::kDelegationRefused);
  for (int i = 0; i <= last; ++i) {
    const ErrorReason reason = static_cast<ErrorReason>(i);
    const std::string name(ErrorReasonName(reason));
    EXPECT_TRUE(names.insert(name).second) << name << " is used twice";
    // Snake case: GoogleTest's regular expressions on Windows have no
    // character classes, so the characters are checked one by one.
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"),
              std::string::npos)
        << name;
    if (reason == ErrorReason::kUnspecified) continue;
    EXPECT_NE(name, "unspecified") << i << " has no name";
    absl::Status status = internal::ReasonedError(
        absl::StatusCode::kInvalidArgument, "bad", reason);
    EXPECT_THAT(status, test::ReasonIs(reason));
    NativeError error;
    error.reason = reason;
    EXPECT_THAT(internal::NativeStatus(absl::StatusCode::kInternal, error),
                test::ReasonIs(reason));
  }
  EXPECT_EQ(ErrorReasonName(static_cast<ErrorReason>(last + 1)), "unspecified");
}

TEST(ErrorReasonTest, ReasonedErrorKeepsCodeAndMessage) {
  absl::Status status = internal::ReasonedError(
      absl::StatusCode::kFailedPrecondition, "Wrap(): the session has ended",
      ErrorReason::kWrongState);
  EXPECT_THAT(status, test::StatusIs(absl::StatusCode::kFailedPrecondition,
                                     "Wrap(): the session has ended"));
  EXPECT_THAT(status, test::ReasonIs(ErrorReason::kWrongState));
  EXPECT_FALSE(GetNativeError(status).has_value());
  // A reason set later replaces the first, in the NativeError once there
  // is one.
  internal::SetErrorReason(status, ErrorReason::kExpired);
  EXPECT_THAT(status, test::ReasonIs(ErrorReason::kExpired));
  NativeError error;
  error.reason = ErrorReason::kClockSkew;
  internal::SetNativeError(status, error);
  EXPECT_THAT(status, test::ReasonIs(ErrorReason::kClockSkew));
  internal::SetErrorReason(status, ErrorReason::kStaleKey);
  EXPECT_EQ(GetNativeError(status)->reason, ErrorReason::kStaleKey);
  // Nothing for an OK status.
  absl::Status ok;
  internal::SetErrorReason(ok, ErrorReason::kStaleKey);
  EXPECT_EQ(GetErrorReason(ok), ErrorReason::kUnspecified);
}

TEST(ErrorReasonTest, RestatedKeepsTheCausesReasonUnlessGivenOne) {
  NativeError error;
  error.call = "gss_acquire_cred_from";
  error.reason = ErrorReason::kNoCredential;
  absl::Status cause =
      internal::NativeStatus(absl::StatusCode::kUnauthenticated, error);
  EXPECT_THAT(
      internal::Restated(absl::StatusCode::kUnauthenticated, "again", cause),
      test::ReasonIs(ErrorReason::kNoCredential));
  EXPECT_THAT(internal::Restated(absl::StatusCode::kPermissionDenied, "refused",
                                 cause, ErrorReason::kMechanismRefused),
              test::ReasonIs(ErrorReason::kMechanismRefused));
  // A cause without a NativeError gives its reason too.
  absl::Status plain = internal::ReasonedError(
      absl::StatusCode::kNotFound, "none", ErrorReason::kDelegationUnavailable);
  EXPECT_THAT(internal::Restated(absl::StatusCode::kNotFound, "x", plain),
              test::ReasonIs(ErrorReason::kDelegationUnavailable));
}

TEST(FormatErrorTest, ShowsCodeMessageReasonAndNativeCodes) {
  NativeError error;
  error.backend = "gssapi";
  error.call = "gss_init_sec_context";
  error.major = 0xd0000;
  error.minor = 0x96c73a07;
  error.mechanism = "1.2.840.113554.1.2.2";
  error.text = "Server not found in Kerberos database";
  error.hint = "check the service name";
  error.reason = ErrorReason::kUnknownServicePrincipal;
  absl::Status status =
      internal::NativeStatus(absl::StatusCode::kNotFound, error);
  internal::SetErrorToken(status, {1, 2, 3});
  EXPECT_EQ(FormatError(status),
            "NOT_FOUND: gss_init_sec_context: Server not found in Kerberos "
            "database; check the service name [reason "
            "unknown_service_principal; major 0xd0000, minor 0x96c73a07 "
            "(mechanism 1.2.840.113554.1.2.2); error token 3 bytes]");
  // Not the length-prefixed payload that absl::Status::ToString() shows.
  EXPECT_THAT(FormatError(status), Not(HasSubstr("type.crossauth.dev")));
  EXPECT_EQ(ToString(error),
            "gssapi gss_init_sec_context: reason unknown_service_principal; "
            "major 0xd0000, minor 0x96c73a07 (mechanism "
            "1.2.840.113554.1.2.2); Server not found in Kerberos database; "
            "hint: check the service name");

  NativeError sspi;
  sspi.backend = "sspi";
  sspi.call = "DecryptMessage";
  sspi.major = 0x8009030F;
  sspi.reason = ErrorReason::kTamperedMessage;
  EXPECT_EQ(ToString(sspi),
            "sspi DecryptMessage: reason tampered_message; status 0x8009030f");

  EXPECT_EQ(FormatError(absl::OkStatus()), "OK");
  EXPECT_EQ(FormatError(absl::NotFoundError("plain")), "NOT_FOUND: plain");
  EXPECT_EQ(FormatError(absl::InvalidArgumentError("plain")),
            "INVALID_ARGUMENT: plain [reason invalid_argument]");
  EXPECT_EQ(
      FormatError(internal::ReasonedError(absl::StatusCode::kFailedPrecondition,
                                          "ended", ErrorReason::kWrongState)),
      "FAILED_PRECONDITION: ended [reason wrong_state]");
  // What a peer wrote stays escaped.
  EXPECT_EQ(FormatError(absl::UnauthenticatedError("a\r\nb")),
            "UNAUTHENTICATED: a\\r\\nb");
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
