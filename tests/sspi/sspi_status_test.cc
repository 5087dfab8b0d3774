// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// SECURITY_STATUS -> absl::Status, per call: code, message parts, payload.

#include "backends/sspi/sspi_status.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/support/unknown_status.h"

namespace crossauth {
namespace internal {
namespace {

using ::crossauth::test::AllowUnknownStatus;
using ::crossauth::test::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using Code = absl::StatusCode;

struct Case {
  SECURITY_STATUS status;
  Code code;
  const char* symbol;
  const char* hint;  // a part of the hint, or ""
  ErrorReason reason;
};

class InitializeMappingTest : public ::testing::TestWithParam<Case> {};

TEST_P(InitializeMappingTest, MapsToTheMostSpecificCode) {
  const Case& c = GetParam();
  absl::Status status =
      MapInitializeSecurityContextStatus(c.status, "HTTP/web.example", false);
  EXPECT_THAT(status,
              StatusIs(c.code, AllOf(HasSubstr("InitializeSecurityContextW: "),
                                     HasSubstr(c.symbol), HasSubstr(c.hint))));
  std::optional<NativeError> native = GetNativeError(status);
  ASSERT_TRUE(native.has_value());
  EXPECT_EQ(native->backend, "sspi");
  EXPECT_EQ(native->call, "InitializeSecurityContextW");
  EXPECT_EQ(native->major, static_cast<uint32_t>(c.status));
  EXPECT_EQ(native->minor, 0u);
  EXPECT_THAT(native->text, HasSubstr(c.symbol));
  EXPECT_EQ(native->reason, c.reason) << ErrorReasonName(native->reason);
  EXPECT_EQ(GetErrorReason(status), c.reason);
}

INSTANTIATE_TEST_SUITE_P(
    Table, InitializeMappingTest,
    ::testing::Values(
        Case{SEC_E_TARGET_UNKNOWN, Code::kNotFound, "SEC_E_TARGET_UNKNOWN",
             "check the service name (SPN)",
             ErrorReason::kUnknownServicePrincipal},
        Case{SEC_E_WRONG_PRINCIPAL, Code::kUnauthenticated,
             "SEC_E_WRONG_PRINCIPAL", "another service principal",
             ErrorReason::kWrongServicePrincipal},
        Case{SEC_E_TIME_SKEW, Code::kUnauthenticated, "SEC_E_TIME_SKEW",
             "clock skew", ErrorReason::kClockSkew},
        Case{SEC_E_LOGON_DENIED, Code::kUnauthenticated, "SEC_E_LOGON_DENIED",
             "check the password", ErrorReason::kWrongPassword},
        Case{SEC_E_NO_CREDENTIALS, Code::kUnauthenticated,
             "SEC_E_NO_CREDENTIALS", "run kinit", ErrorReason::kNoCredential},
        Case{SEC_E_UNSUPPORTED_FUNCTION, Code::kUnimplemented,
             "SEC_E_UNSUPPORTED_FUNCTION", "", ErrorReason::kUnsupported},
        Case{SEC_E_INSUFFICIENT_MEMORY, Code::kResourceExhausted,
             "SEC_E_INSUFFICIENT_MEMORY", "", ErrorReason::kOther},
        Case{SEC_E_INVALID_TOKEN, Code::kInvalidArgument, "SEC_E_INVALID_TOKEN",
             "malformed", ErrorReason::kMalformedToken},
        Case{SEC_E_INTERNAL_ERROR, Code::kInternal, "SEC_E_INTERNAL_ERROR", "",
             ErrorReason::kOther},
        Case{SEC_E_NO_AUTHENTICATING_AUTHORITY, Code::kUnavailable,
             "SEC_E_NO_AUTHENTICATING_AUTHORITY", "no KDC answered",
             ErrorReason::kKdcUnreachable},
        Case{SEC_E_CONTEXT_EXPIRED, Code::kUnauthenticated,
             "SEC_E_CONTEXT_EXPIRED", "expired", ErrorReason::kExpired},
        Case{SEC_E_BAD_BINDINGS, Code::kUnauthenticated, "SEC_E_BAD_BINDINGS",
             "channel bindings", ErrorReason::kChannelBindingsMismatch},
        Case{SEC_E_KDC_UNABLE_TO_REFER, Code::kNotFound,
             "SEC_E_KDC_UNABLE_TO_REFER", kHintNoRealmPath,
             ErrorReason::kUnknownRealm}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string name =
          SecurityStatusSymbol(info.param.status).empty()
              ? "Unknown"
              : std::string(SecurityStatusSymbol(info.param.status));
      name.erase(std::remove(name.begin(), name.end(), '_'), name.end());
      return name;
    });

TEST(SspiStatusTest, EveryInitializeErrorNamesTheTarget) {
  EXPECT_THAT(MapInitializeSecurityContextStatus(SEC_E_TARGET_UNKNOWN,
                                                 "HTTP/nosuch.example", false),
              StatusIs(Code::kNotFound,
                       HasSubstr("check the service name (SPN) and that the "
                                 "service is registered in the realm; target "
                                 "principal HTTP/nosuch.example"),
                       ErrorReason::kUnknownServicePrincipal));
  EXPECT_THAT(MapInitializeSecurityContextStatus(SEC_E_INTERNAL_ERROR,
                                                 "HTTP/nosuch.example", true),
              StatusIs(Code::kInternal,
                       HasSubstr("; target principal HTTP/nosuch.example")));
}

// The server's reply failed its checks: the server did not prove itself,
// whatever the status says about the message, and never a password problem.
TEST(SspiStatusTest, ServerReplyFailuresAreNotPasswordProblems) {
  for (uint32_t value : {0x80090363u /* SEC_E_MUTUAL_AUTH_FAILED */,
                         0x8009030Fu /* SEC_E_MESSAGE_ALTERED */,
                         0x80090330u /* SEC_E_DECRYPT_FAILURE */,
                         0x80091234u /* not a known status */}) {
    absl::Status status = MapInitializeSecurityContextStatus(
        static_cast<SECURITY_STATUS>(value), "HTTP/x", true);
    EXPECT_THAT(status,
                StatusIs(Code::kUnauthenticated,
                         HasSubstr(absl::StrCat(kHintServerReply,
                                                "; target principal HTTP/x")),
                         ErrorReason::kServerNotProven))
        << std::hex << value;
    EXPECT_THAT(status.message(), Not(HasSubstr(kHintPassword)));
  }
}

TEST(SspiStatusTest, AcceptorSideMeanings) {
  EXPECT_THAT(
      MapAcquireCredentialsHandleStatus(SEC_E_NO_CREDENTIALS, "Kerberos", false,
                                        true),
      StatusIs(Code::kNotFound,
               AllOf(HasSubstr(kHintAcceptorKeys), Not(HasSubstr("kinit"))),
               ErrorReason::kMissingKeytab));
  EXPECT_THAT(MapAcquireCredentialsHandleStatus(SEC_E_NO_CREDENTIALS,
                                                "Kerberos", false, false),
              StatusIs(Code::kUnauthenticated, HasSubstr(kHintNoTicket),
                       ErrorReason::kNoCredential));
  EXPECT_THAT(MapAcceptSecurityContextStatus(SEC_E_NO_CREDENTIALS),
              StatusIs(Code::kUnauthenticated,
                       AllOf(HasSubstr("SEC_E_NO_CREDENTIALS"),
                             HasSubstr(kHintAcceptorNoCredential),
                             Not(HasSubstr("kinit"))),
                       ErrorReason::kNoCredential));
  EXPECT_THAT(
      MapAcceptSecurityContextStatus(SEC_E_LOGON_DENIED),
      StatusIs(Code::kUnauthenticated,
               AllOf(HasSubstr(kHintStaleKey), Not(HasSubstr(kHintPassword))),
               ErrorReason::kStaleKey));
  EXPECT_THAT(MapAcceptSecurityContextStatus(SEC_E_LOGON_DENIED, true),
              StatusIs(Code::kUnauthenticated,
                       HasSubstr("the NTLM client's user name or password"),
                       ErrorReason::kWrongPassword));
  // A status nobody explains is the client's token's fault.
  EXPECT_THAT(
      MapAcceptSecurityContextStatus(static_cast<SECURITY_STATUS>(0x80091234)),
      StatusIs(Code::kUnauthenticated, HasSubstr(kHintTokenRefused),
               ErrorReason::kTokenRefused));
  EXPECT_THAT(MapMessageCheck("DecryptMessage",
                              static_cast<SECURITY_STATUS>(0x80091234), false),
              StatusIs(Code::kDataLoss, HasSubstr(kHintMessageAltered),
                       ErrorReason::kTamperedMessage));
}

// The last resort, for a call no peer's token reaches.
TEST(SspiStatusTest, UnexplainedFailureOfALocalCallIsUnknown) {
  AllowUnknownStatus allowed;
  EXPECT_THAT(MapInitializeSecurityContextStatus(
                  static_cast<SECURITY_STATUS>(0x80091234), "HTTP/x", false),
              StatusIs(Code::kUnknown,  // unknown-ok: the last resort
                       HasSubstr("(0x80091234); target principal HTTP/x")));
  // Wine's STATUS_UNSUCCESSFUL without a password tells nothing.
  EXPECT_THAT(MapAcquireCredentialsHandleStatus(
                  static_cast<SECURITY_STATUS>(0xC0000001), "Kerberos", false),
              StatusIs(Code::kUnknown,  // unknown-ok: the last resort
                       HasSubstr("STATUS_UNSUCCESSFUL")));
}

TEST(SspiStatusTest, MessageChecksAreDataLossOrAborted) {
  EXPECT_THAT(MapMessageCheck("DecryptMessage", SEC_E_MESSAGE_ALTERED, false),
              StatusIs(Code::kDataLoss,
                       AllOf(HasSubstr("DecryptMessage: "),
                             HasSubstr("SEC_E_MESSAGE_ALTERED")),
                       ErrorReason::kTamperedMessage));
  EXPECT_THAT(MapMessageCheck("DecryptMessage", SEC_E_OUT_OF_SEQUENCE, false),
              StatusIs(Code::kAborted, HasSubstr("SEC_E_OUT_OF_SEQUENCE"),
                       ErrorReason::kReplayedMessage));
  EXPECT_THAT(MapMessageCheck("VerifySignature", SEC_E_OUT_OF_SEQUENCE, false),
              StatusIs(Code::kAborted, HasSubstr("VerifySignature: "),
                       ErrorReason::kReplayedMessage));
  // A corrupt token is lost data, not a bad argument...
  EXPECT_THAT(MapMessageCheck("DecryptMessage", SEC_E_INVALID_TOKEN, false),
              StatusIs(Code::kDataLoss, HasSubstr("SEC_E_INVALID_TOKEN"),
                       ErrorReason::kTamperedMessage));
  // ...unless its sequence number shows a replay (how Wine reports one).
  EXPECT_THAT(
      MapMessageCheck("VerifySignature", SEC_E_INVALID_TOKEN, true),
      StatusIs(Code::kAborted,
               AllOf(HasSubstr("SEC_E_INVALID_TOKEN"), HasSubstr("replay")),
               ErrorReason::kReplayedMessage));
  // Handshake tokens that are malformed are the caller's bad input.
  EXPECT_THAT(MapAcceptSecurityContextStatus(SEC_E_INVALID_TOKEN),
              StatusIs(Code::kInvalidArgument,
                       HasSubstr("AcceptSecurityContext: SEC_E_INVALID_TOKEN"),
                       ErrorReason::kMalformedToken));
}

TEST(SspiStatusTest, AcquireCredentialsHandleCases) {
  EXPECT_THAT(
      MapAcquireCredentialsHandleStatus(SEC_E_SECPKG_NOT_FOUND, "NTLM", false),
      StatusIs(Code::kNotFound,
               AllOf(HasSubstr("SEC_E_SECPKG_NOT_FOUND"),
                     HasSubstr("the NTLM security package")),
               ErrorReason::kUnsupported));
  // Wine's answer to any failed password logon.
  const auto unsuccessful = static_cast<SECURITY_STATUS>(0xC0000001);
  EXPECT_THAT(
      MapAcquireCredentialsHandleStatus(unsuccessful, "Kerberos", true),
      StatusIs(Code::kUnauthenticated, AllOf(HasSubstr("STATUS_UNSUCCESSFUL"),
                                             HasSubstr("the password"))));
  EXPECT_THAT(
      MapAcquireCredentialsHandleStatus(SEC_E_INSUFFICIENT_MEMORY, "Kerberos",
                                        false),
      StatusIs(Code::kResourceExhausted, HasSubstr("AcquireCredentialsHandleW"),
               ErrorReason::kOther));
}

TEST(SspiStatusTest, ImpersonationCases) {
  EXPECT_THAT(MapImpersonateSecurityContextStatus(SEC_E_NO_IMPERSONATION),
              StatusIs(Code::kPermissionDenied,
                       AllOf(HasSubstr("ImpersonateSecurityContext: "
                                       "SEC_E_NO_IMPERSONATION"),
                             HasSubstr("SeImpersonatePrivilege")),
                       ErrorReason::kDelegationUnavailable));
  EXPECT_THAT(MapImpersonateSecurityContextStatus(SEC_E_UNSUPPORTED_FUNCTION),
              StatusIs(Code::kUnimplemented,
                       AllOf(HasSubstr("SEC_E_UNSUPPORTED_FUNCTION"),
                             HasSubstr("cannot impersonate its clients")),
                       ErrorReason::kDelegationUnavailable));
  EXPECT_THAT(MapImpersonateSecurityContextStatus(SEC_E_INVALID_HANDLE),
              StatusIs(Code::kInternal,
                       HasSubstr("ImpersonateSecurityContext: "
                                 "SEC_E_INVALID_HANDLE"),
                       ErrorReason::kOther));
  absl::Status revert =
      MapSspiStatus("RevertSecurityContext", SEC_E_INVALID_HANDLE);
  EXPECT_THAT(revert, StatusIs(Code::kInternal,
                               HasSubstr("RevertSecurityContext: "
                                         "SEC_E_INVALID_HANDLE"),
                               ErrorReason::kOther));
  std::optional<NativeError> native = GetNativeError(revert);
  ASSERT_TRUE(native.has_value());
  EXPECT_EQ(native->call, "RevertSecurityContext");
  EXPECT_EQ(native->major, static_cast<uint32_t>(SEC_E_INVALID_HANDLE));
  EXPECT_OK(MapImpersonateSecurityContextStatus(SEC_E_OK));
}

TEST(SspiStatusTest, EveryCallNamesItself) {
  const SECURITY_STATUS s = SEC_E_INSUFFICIENT_MEMORY;
  EXPECT_THAT(MapSspiStatus("QueryCredentialsAttributesW", s),
              StatusIs(Code::kResourceExhausted,
                       HasSubstr("QueryCredentialsAttributesW: "),
                       ErrorReason::kOther));
  EXPECT_THAT(
      MapQuerySecurityPackageInfoStatus(s, "Kerberos"),
      StatusIs(Code::kResourceExhausted,
               HasSubstr("QuerySecurityPackageInfoW: "), ErrorReason::kOther));
  EXPECT_THAT(MapSspiStatus("CompleteAuthToken", s),
              StatusIs(Code::kResourceExhausted,
                       HasSubstr("CompleteAuthToken: "), ErrorReason::kOther));
  EXPECT_THAT(MapQueryContextAttributesStatus(s, "SECPKG_ATTR_SIZES"),
              StatusIs(Code::kResourceExhausted,
                       HasSubstr("QueryContextAttributesW(SECPKG_ATTR_SIZES)"),
                       ErrorReason::kOther));
  EXPECT_THAT(MapSspiStatus("EncryptMessage", s),
              StatusIs(Code::kResourceExhausted, HasSubstr("EncryptMessage"),
                       ErrorReason::kOther));
  EXPECT_THAT(MapSspiStatus("MakeSignature", s),
              StatusIs(Code::kResourceExhausted, HasSubstr("MakeSignature"),
                       ErrorReason::kOther));
  EXPECT_THAT(MapSspiStatus("DeleteSecurityContext", SEC_E_INVALID_HANDLE),
              StatusIs(Code::kInternal,
                       HasSubstr("DeleteSecurityContext: SEC_E_INVALID_HANDLE"),
                       ErrorReason::kOther));
  EXPECT_THAT(MapSspiStatus("FreeCredentialsHandle", SEC_E_INVALID_HANDLE),
              StatusIs(Code::kInternal, HasSubstr("FreeCredentialsHandle")));
  EXPECT_OK(MapSspiStatus("EncryptMessage", SEC_E_OK));
}

TEST(SspiStatusTest, TextHasSymbolValueAndDescription) {
  EXPECT_THAT(SecurityStatusText(SEC_E_TIME_SKEW),
              AllOf(HasSubstr("SEC_E_TIME_SKEW (0x80090324): "),
                    ::testing::Not(::testing::EndsWith("."))));
  EXPECT_EQ(SecurityStatusSymbol(static_cast<SECURITY_STATUS>(0x80091234)), "");
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
