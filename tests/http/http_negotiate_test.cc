// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The header grammar of http_negotiate.h: valid values, every malformed
// case with its code and message, several challenges, and the limits. No
// realm is needed.

#include "crossauth/http_negotiate.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace crossauth {
namespace {

using ::crossauth::test::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

std::vector<uint8_t> Bytes(absl::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

absl::StatusOr<NegotiateChallenge> Parse(absl::string_view value) {
  return ParseNegotiateChallenge({value});
}

TEST(FormatNegotiateHeaderTest, EncodesPaddedBase64) {
  EXPECT_EQ(FormatNegotiateHeader(Bytes("abc")), "Negotiate YWJj");
  EXPECT_EQ(FormatNegotiateHeader(Bytes("a")), "Negotiate YQ==");
  EXPECT_EQ(FormatNegotiateHeader({}), "Negotiate");
}

TEST(ParseNegotiateChallengeTest, BareChallenge) {
  absl::StatusOr<NegotiateChallenge> parsed = Parse("Negotiate");
  ASSERT_OK(parsed);
  EXPECT_TRUE(parsed->offered);
  EXPECT_THAT(parsed->token, IsEmpty());
  EXPECT_THAT(parsed->schemes, ElementsAre("Negotiate"));
}

TEST(ParseNegotiateChallengeTest, TokenAndCaseInsensitiveScheme) {
  for (absl::string_view value : {"Negotiate YWJj", "negotiate YWJj",
                                  "NEGOTIATE   YWJj", "  Negotiate YWJj \t"}) {
    absl::StatusOr<NegotiateChallenge> parsed = Parse(value);
    ASSERT_OK(parsed) << value;
    EXPECT_TRUE(parsed->offered);
    EXPECT_EQ(parsed->token, Bytes("abc")) << value;
  }
}

TEST(ParseNegotiateChallengeTest, NoValuesAndOtherSchemes) {
  absl::StatusOr<NegotiateChallenge> none = ParseNegotiateChallenge({});
  ASSERT_OK(none);
  EXPECT_FALSE(none->offered);

  absl::StatusOr<NegotiateChallenge> basic =
      Parse("Basic realm=\"a, b\", charset=UTF-8");
  ASSERT_OK(basic);
  EXPECT_FALSE(basic->offered);
  EXPECT_THAT(basic->schemes, ElementsAre("Basic"));
}

TEST(ParseNegotiateChallengeTest, SeveralChallengesInOneValue) {
  absl::StatusOr<NegotiateChallenge> parsed = Parse(
      "Basic realm=x, Negotiate YWJj, Digest realm=\"r\\\"q\", nonce=\"abc=\", "
      "Bearer");
  ASSERT_OK(parsed);
  EXPECT_TRUE(parsed->offered);
  EXPECT_EQ(parsed->token, Bytes("abc"));
  EXPECT_THAT(parsed->schemes,
              ElementsAre("Basic", "Negotiate", "Digest", "Bearer"));
}

TEST(ParseNegotiateChallengeTest, EmptyListElementsAndTabsAroundCommas) {
  absl::StatusOr<NegotiateChallenge> parsed =
      Parse(", ,Basic realm=x ,\t, Negotiate\t,");
  ASSERT_OK(parsed);
  EXPECT_TRUE(parsed->offered);
  EXPECT_THAT(parsed->schemes, ElementsAre("Basic", "Negotiate"));
}

TEST(ParseNegotiateChallengeTest, SeveralHeaderLines) {
  absl::StatusOr<NegotiateChallenge> parsed =
      ParseNegotiateChallenge({"Basic realm=x", "Negotiate YQ=="});
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->token, Bytes("a"));
  EXPECT_THAT(parsed->schemes, ElementsAre("Basic", "Negotiate"));
}

TEST(ParseNegotiateChallengeTest, TwoNegotiateChallengesAreRefused) {
  EXPECT_THAT(ParseNegotiateChallenge({"Negotiate", "negotiate YWJj"}),
              StatusIs(kInvalid,
                       "WWW-Authenticate: more than one Negotiate "
                       "challenge",
                       ErrorReason::kInvalidArgument));
}

TEST(ParseNegotiateChallengeTest, NegotiateWithAuthParams) {
  EXPECT_THAT(Parse("Negotiate realm=x"),
              StatusIs(kInvalid,
                       HasSubstr("the Negotiate challenge has "
                                 "auth-params"),
                       ErrorReason::kInvalidArgument));
}

TEST(ParseNegotiateChallengeTest, MalformedValues) {
  struct Case {
    absl::string_view value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "WWW-Authenticate: the value is empty"},
      {" \t ", "WWW-Authenticate: the value is empty"},
      {",,", "WWW-Authenticate: the value holds no auth-scheme, only ','"},
      {"=abc", "expected an auth-scheme at offset 0 ('=')"},
      {"Negotiate\tYWJj",
       "expected spaces after the auth-scheme, found a tab at offset 9"},
      {"Negotiate@",
       "expected a space or ',' after the auth-scheme at offset "
       "9 ('@')"},
      {"Basic realm x",
       "expected '=' after the auth-param name at offset 12 ('x')"},
      {"Basic a=b, realm=",
       "expected a token or a quoted-string value at offset 17 (the end of "
       "the value)"},
      {"Negotiate ====",
       "expected a token68 or an auth-param name at offset 10 ('=')"},
      {"Basic realm=\"abc",
       "the quoted-string that starts here is not closed "
       "at offset 12 ('\"')"},
      {"Basic realm=\"ab\\", "is not closed at offset 12"},
      {"Basic realm=x y",
       "expected ',' after the auth-param value at offset "
       "14 ('y')"},
      {"Basic a=b, =c", "expected an auth-scheme at offset 11 ('=')"},
      {"Negotiate YWJj junk",
       "expected '=' after the auth-param name at "
       "offset 15 ('j')"},
      {"Negotiate \x01YWJj", "a control character at offset 10 ('\\x01')"},
      {"Negotiate YWJj\r\nX-Injected: 1",
       "a control character at offset 14 ('\\r')"},
      {"Negotiate \xff",
       "expected a token68 or an auth-param name at offset "
       "10 ('\\xff')"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(Parse(c.value), StatusIs(kInvalid, HasSubstr(c.message),
                                         ErrorReason::kInvalidArgument))
        << "value: " << testing::PrintToString(std::string(c.value));
  }
}

TEST(ParseNegotiateChallengeTest, StrictBase64) {
  struct Case {
    absl::string_view value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"Negotiate YWJ", "not padded base64 (its length 3 is not a multiple"},
      {"Negotiate YW-j", "a character outside base64 at offset 12 ('-')"},
      {"Negotiate YW_j", "a character outside base64 at offset 12 ('_')"},
      {"Negotiate YW.j", "a character outside base64 at offset 12 ('.')"},
      {"Negotiate YWJ=", "not canonical base64"},
      {"Negotiate YR==", "not canonical base64"},
      {"Negotiate Y===", "not valid base64"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(Parse(c.value),
                StatusIs(kInvalid,
                         AllOf(HasSubstr("WWW-Authenticate: the "
                                         "Negotiate token"),
                               HasSubstr(c.message)),
                         ErrorReason::kInvalidArgument))
        << c.value;
  }
}

TEST(ParseNegotiateChallengeTest, Limits) {
  // Trailing whitespace counts towards the limit.
  std::string at_limit =
      "Negotiate " + std::string(kMaxHttpAuthHeaderSize - 12, 'A') + "  ";
  ASSERT_EQ(at_limit.size(), kMaxHttpAuthHeaderSize);
  absl::StatusOr<NegotiateChallenge> parsed = Parse(at_limit);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->token.size(), (kMaxHttpAuthHeaderSize - 12) / 4 * 3);

  EXPECT_THAT(Parse(at_limit + "A"),
              StatusIs(kInvalid,
                       "WWW-Authenticate: the values add up to 65537 bytes; "
                       "the limit is 65536",
                       ErrorReason::kInvalidArgument));
  std::string half(kMaxHttpAuthHeaderSize / 2 + 1, 'a');
  EXPECT_THAT(ParseNegotiateChallenge({half, half}),
              StatusIs(kInvalid,
                       "WWW-Authenticate: the values add up to "
                       "65538 bytes; the limit is 65536",
                       ErrorReason::kInvalidArgument));
}

TEST(ParseNegotiateChallengeTest, LongSchemesAreShortenedInTheList) {
  absl::StatusOr<NegotiateChallenge> parsed = Parse(std::string(100, 'x'));
  ASSERT_OK(parsed);
  EXPECT_THAT(parsed->schemes, ElementsAre(std::string(32, 'x') + "..."));
}

TEST(ParseNegotiateAuthorizationTest, Valid) {
  absl::StatusOr<std::vector<uint8_t>> token =
      ParseNegotiateAuthorization("Negotiate YWJj");
  ASSERT_OK(token);
  EXPECT_EQ(*token, Bytes("abc"));
  token = ParseNegotiateAuthorization(" negotiate  YQ== ");
  ASSERT_OK(token);
  EXPECT_EQ(*token, Bytes("a"));
}

TEST(ParseNegotiateAuthorizationTest, OtherSchemeIsNotFound) {
  EXPECT_THAT(ParseNegotiateAuthorization("Basic YWxpY2U6cHc="),
              StatusIs(absl::StatusCode::kNotFound,
                       "Authorization: the scheme is \"Basic\", not "
                       "Negotiate",
                       ErrorReason::kMechanismRefused));
  EXPECT_THAT(ParseNegotiateAuthorization("NTLM TlRMTVNTUAABAAAA"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"NTLM\""),
                       ErrorReason::kMechanismRefused));
}

TEST(ParseNegotiateAuthorizationTest, Malformed) {
  struct Case {
    absl::string_view value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "Authorization: the value is empty"},
      {"Negotiate", "Authorization: the Negotiate credentials carry no token"},
      {"Negotiate  ", "carry no token"},
      {"Negotiate realm=x", "the Negotiate credentials have auth-params"},
      {"Negotiate YWJj, Basic x",
       "expected one set of credentials, found a "
       "list (2 schemes"},
      {"Negotiate YWJj,", "expected one set of credentials"},
      {", Negotiate YWJj", "expected one set of credentials"},
      {"Negotiate YW Jj", "expected '=' after the auth-param name"},
      {"Negotiate YWJj\n", "Authorization: a control character at offset 14"},
      {"Negotiate AAA", "not padded base64"},
      {"Negotiate AAAA=", "not padded base64"},
      {"Negotiate !!!!", "expected '=' after the auth-param name at offset 14"},
      {"Negotiate =x", "expected a token68 or an auth-param name at offset 10"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(
        ParseNegotiateAuthorization(c.value),
        StatusIs(kInvalid, HasSubstr(c.message), ErrorReason::kInvalidArgument))
        << testing::PrintToString(std::string(c.value));
  }
  EXPECT_THAT(ParseNegotiateAuthorization(
                  "Negotiate " + std::string(kMaxHttpAuthHeaderSize, 'A')),
              StatusIs(kInvalid,
                       HasSubstr("Authorization: the value is 65546 "
                                 "bytes; the limit is 65536"),
                       ErrorReason::kInvalidArgument));
}

TEST(ParseNegotiateAuthorizationTest, MessagesNeverEchoRawBytes) {
  const std::string hostile = "Negotiate \x1b[31m\xfe\xff";
  absl::StatusOr<std::vector<uint8_t>> parsed =
      ParseNegotiateAuthorization(hostile);
  EXPECT_THAT(parsed, StatusIs(kInvalid, HasSubstr("('\\x1b')"),
                               ErrorReason::kInvalidArgument));
  for (char c : std::string(parsed.status().message())) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << static_cast<int>(c);
  }
}

}  // namespace
}  // namespace crossauth
