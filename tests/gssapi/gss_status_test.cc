// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The GSS-API status mapping: codes, messages, payloads and the bounded
// gss_display_status loop. Uses the system library's status texts.

#include "backends/gssapi/gss_status.h"

#include <krb5/krb5.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/hints.h"
#include "tests/support/status_matchers.h"

namespace crossauth {
namespace internal {
namespace {

using ::crossauth::test::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A display_status that names the code it was given, so that these tests
// do not depend on MIT's texts (the real-KDC suites check those) and do not
// ask MIT to display codes it never produced.
OM_uint32 FakeDisplayStatus(OM_uint32* minor, OM_uint32 code, int type, gss_OID,
                            OM_uint32* context, gss_buffer_t text) {
  std::string line =
      absl::StrCat(type == GSS_C_GSS_CODE ? "major " : "minor ", code, " text");
  *minor = 0;
  *context = 0;
  text->length = line.size();
  text->value = std::malloc(line.size());
  std::memcpy(text->value, line.data(), line.size());
  return GSS_S_COMPLETE;
}

OM_uint32 FakeReleaseBuffer(OM_uint32* minor, gss_buffer_t buffer) {
  *minor = 0;
  std::free(buffer->value);
  buffer->length = 0;
  buffer->value = nullptr;
  return GSS_S_COMPLETE;
}

const GssLibrary& FakeTextLibrary() {
  static const GssLibrary library = [] {
    GssLibrary l = SystemGssLibrary();
    l.display_status = FakeDisplayStatus;
    l.release_buffer = FakeReleaseBuffer;
    return l;
  }();
  return library;
}

const GssProvider kSystem = {&FakeTextLibrary()};

gss_OID Krb5() { return const_cast<gss_OID>(gss_mech_krb5); }

TEST(GssStatusTest, UnknownServiceIsNotFoundWithTheLibraryTextAndHint) {
  absl::Status status = MapInitSecContextStatus(
      kSystem, GSS_S_FAILURE,
      static_cast<OM_uint32>(KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN), Krb5(),
      "HTTP@web");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound,
                               StartsWith("gss_init_sec_context: ")));
  EXPECT_THAT(status.message(), HasSubstr("(KDC_ERR_S_PRINCIPAL_UNKNOWN)"));
  EXPECT_THAT(status.message(), HasSubstr(kHintServiceName));
  std::optional<NativeError> native = GetNativeError(status);
  ASSERT_TRUE(native.has_value());
  EXPECT_EQ(native->backend, "gssapi");
  EXPECT_EQ(native->call, "gss_init_sec_context");
  EXPECT_EQ(native->major, GSS_S_FAILURE);
  EXPECT_EQ(native->minor,
            static_cast<OM_uint32>(KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN));
  EXPECT_EQ(native->mechanism, "1.2.840.113554.1.2.2");
  EXPECT_EQ(native->text, absl::StrCat("minor ", native->minor,
                                       " text (KDC_ERR_S_PRINCIPAL_UNKNOWN)"));
  EXPECT_EQ(native->hint,
            absl::StrCat(kHintServiceName, "; target principal HTTP@web"));
}

TEST(GssStatusTest, SupplementaryBitsAreSequenceErrors) {
  EXPECT_OK(MapUnwrapStatus(kSystem, GSS_S_COMPLETE, 0));
  struct Case {
    OM_uint32 bit;
    const char* symbol;
  };
  for (const Case& c : {Case{GSS_S_DUPLICATE_TOKEN, "GSS_S_DUPLICATE_TOKEN"},
                        Case{GSS_S_OLD_TOKEN, "GSS_S_OLD_TOKEN"},
                        Case{GSS_S_UNSEQ_TOKEN, "GSS_S_UNSEQ_TOKEN"},
                        Case{GSS_S_GAP_TOKEN, "GSS_S_GAP_TOKEN"}}) {
    EXPECT_THAT(MapUnwrapStatus(kSystem, GSS_S_COMPLETE | c.bit, 0),
                StatusIs(absl::StatusCode::kAborted, HasSubstr(c.symbol)));
    EXPECT_THAT(
        MapVerifyMicStatus(kSystem, GSS_S_COMPLETE | c.bit, 0),
        StatusIs(absl::StatusCode::kAborted, HasSubstr(kHintMessageSequence)));
  }
}

TEST(GssStatusTest, RoutineErrorsMapToSpecificCodes) {
  EXPECT_THAT(
      MapUnwrapStatus(kSystem, GSS_S_BAD_SIG, 0),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("(GSS_S_BAD_MIC)")));
  EXPECT_THAT(MapAcceptSecContextStatus(kSystem, GSS_S_DEFECTIVE_TOKEN, 0,
                                        GSS_C_NO_OID),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(kHintMalformedToken)));
  EXPECT_THAT(
      MapAcquireCredStatus(kSystem, GSS_S_NO_CRED,
                           static_cast<OM_uint32>(KRB5_FCC_NOFILE)),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintNoTicket)));
  EXPECT_THAT(
      MapInitSecContextStatus(kSystem, GSS_S_CREDENTIALS_EXPIRED, 0, Krb5(),
                              "HTTP@web"),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintExpired)));
  EXPECT_THAT(
      MapAcceptSecContextStatus(kSystem, GSS_S_FAILURE,
                                static_cast<OM_uint32>(KRB5KRB_AP_ERR_SKEW),
                                Krb5()),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintClockSkew)));
  EXPECT_THAT(MapAcceptSecContextStatus(kSystem, GSS_S_BAD_BINDINGS, 0, Krb5()),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(kHintBadBindings)));
  EXPECT_THAT(MapAcquireCredStatus(kSystem, GSS_S_BAD_MECH, 0),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr(kHintMechanismUnavailable)));
  EXPECT_THAT(
      MapWrapStatus(kSystem, GSS_S_FAILURE, ENOMEM),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("gss_wrap")));
  EXPECT_THAT(MapWrapStatus(kSystem, GSS_S_CALL_INACCESSIBLE_READ, 0),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("gss_wrap")));
  EXPECT_THAT(MapWrapStatus(kSystem, GSS_S_FAILURE, 0),
              StatusIs(absl::StatusCode::kUnknown,
                       "gss_wrap: major 851968 text (GSS_S_FAILURE)"));
}

TEST(GssStatusTest, TokenDefectsBeatKerberosMinorCodes) {
  // A defective token with a Kerberos minor is still the peer's bad input.
  EXPECT_THAT(MapAcceptSecContextStatus(
                  kSystem, GSS_S_DEFECTIVE_TOKEN,
                  static_cast<OM_uint32>(KRB5_KT_NOTFOUND), Krb5()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("(GSS_S_DEFECTIVE_TOKEN)")));
}

// A library whose gss_display_status never says it is done.
OM_uint32 EndlessDisplayStatus(OM_uint32* minor, OM_uint32, int, gss_OID,
                               OM_uint32* context, gss_buffer_t text) {
  static char line[] = "again";
  *minor = 0;
  *context = 1;
  text->length = 5;
  text->value = line;
  return GSS_S_COMPLETE;
}

OM_uint32 NoopReleaseBuffer(OM_uint32* minor, gss_buffer_t buffer) {
  *minor = 0;
  buffer->length = 0;
  buffer->value = nullptr;
  return GSS_S_COMPLETE;
}

TEST(GssStatusTest, DisplayStatusLoopIsBounded) {
  GssLibrary endless = SystemGssLibrary();
  endless.display_status = EndlessDisplayStatus;
  endless.release_buffer = NoopReleaseBuffer;
  const GssProvider provider = {&endless};
  absl::Status status = MapWrapStatus(provider, GSS_S_BAD_QOP, 0);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("again; again")));
  std::string text(status.message());
  size_t count = 0;
  for (size_t at = text.find("again"); at != std::string::npos;
       at = text.find("again", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 8u);
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
