// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// status_matchers.h: GoogleTest matchers for absl::Status and StatusOr.
//
//   EXPECT_THAT(cred.status(), StatusIs(absl::StatusCode::kNotFound,
//                                       HasSubstr("keytab")));
//   EXPECT_THAT(cred.status(), ReasonIs(ErrorReason::kMissingKeytab));
//   ASSERT_OK(session.End());

#ifndef CROSSAUTH_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define CROSSAUTH_TESTS_SUPPORT_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"

namespace crossauth {
namespace test {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// StatusIs(code, message_matcher): `code` is a StatusCode or a matcher of
// one (for example AnyOf(...)).
MATCHER_P2(StatusIs, code, message_matcher,
           "has a code that " +
               ::testing::DescribeMatcher<absl::StatusCode>(code) +
               " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status& status = ::crossauth::test::GetStatus(arg);
  *result_listener << "whose status is " << ::crossauth::FormatError(status);
  return ::testing::Matches(code)(status.code()) &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

// ReasonIs(reason): the status's GetErrorReason() is `reason` (an
// ErrorReason, or a matcher of one, for example AnyOf(...) where two
// libraries tell a cause apart differently). Prints reasons by name.
MATCHER_P(ReasonIs, reason,
          std::string(negation ? "has no reason that " : "has a reason that ") +
              ::testing::DescribeMatcher<::crossauth::ErrorReason>(reason)) {
  const absl::Status& status = ::crossauth::test::GetStatus(arg);
  *result_listener << "whose reason is "
                   << ::crossauth::ErrorReasonName(
                          ::crossauth::GetErrorReason(status))
                   << " (" << ::crossauth::FormatError(status) << ")";
  return ::testing::Matches(reason)(::crossauth::GetErrorReason(status));
}

// StatusIs(code, message_matcher, reason): as StatusIs(code,
// message_matcher), and GetErrorReason() is `reason` (an ErrorReason or a
// matcher of one). The bad-input tests use this form.
MATCHER_P3(StatusIs, code, message_matcher, reason,
           "has a code that " +
               ::testing::DescribeMatcher<absl::StatusCode>(code) +
               ", a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher) +
               " and a reason that " +
               ::testing::DescribeMatcher<::crossauth::ErrorReason>(reason)) {
  const absl::Status& status = ::crossauth::test::GetStatus(arg);
  *result_listener << "whose status is " << ::crossauth::FormatError(status);
  return ::testing::Matches(code)(status.code()) &&
         ::testing::Matches(message_matcher)(std::string(status.message())) &&
         ::testing::Matches(reason)(::crossauth::GetErrorReason(status));
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = ::crossauth::test::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.ok();
}

}  // namespace test

// Lets GoogleTest print an ErrorReason by its name.
inline void PrintTo(ErrorReason reason, std::ostream* os) {
  *os << ErrorReasonName(reason);
}

}  // namespace crossauth

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::crossauth::test::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::crossauth::test::IsOk())

#endif  // CROSSAUTH_TESTS_SUPPORT_STATUS_MATCHERS_H_
