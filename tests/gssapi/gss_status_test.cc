// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The GSS-API status mapping: codes, messages, payloads and the bounded
// gss_display_status loop. Uses the system library's status texts.

#include "backends/gssapi/gss_status.h"

#include <krb5/krb5.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/expected.h"
#include "tests/support/status_matchers.h"
#include "tests/support/unknown_status.h"

namespace crossauth {
namespace internal {
namespace {

using ::crossauth::test::AllowUnknownStatus;
using ::crossauth::test::StatusIs;
using ::crossauth::test::UnknownStatusCount;
using ::testing::HasSubstr;
using ::testing::Not;
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

// gss_accept_sec_context's mapping: the shared one, on the acceptor's side.
absl::Status MapAccept(const GssProvider& provider, OM_uint32 major,
                       OM_uint32 minor, gss_OID mech) {
  return MapGssStatus(provider, "gss_accept_sec_context", major, minor, mech,
                      AcceptorHints());
}

gss_OID Krb5() { return const_cast<gss_OID>(gss_mech_krb5); }

TEST(GssStatusTest, UnknownServiceIsNotFoundWithTheLibraryTextAndHint) {
  absl::Status status = MapInitSecContextStatus(
      kSystem, GSS_S_FAILURE,
      static_cast<OM_uint32>(KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN), Krb5(),
      "HTTP@web", /*server_token=*/false);
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
  EXPECT_OK(MapMessageCheck(kSystem, "gss_unwrap", GSS_S_COMPLETE, 0));
  struct Case {
    OM_uint32 bit;
    const char* symbol;
  };
  for (const Case& c : {Case{GSS_S_DUPLICATE_TOKEN, "GSS_S_DUPLICATE_TOKEN"},
                        Case{GSS_S_OLD_TOKEN, "GSS_S_OLD_TOKEN"},
                        Case{GSS_S_UNSEQ_TOKEN, "GSS_S_UNSEQ_TOKEN"},
                        Case{GSS_S_GAP_TOKEN, "GSS_S_GAP_TOKEN"}}) {
    EXPECT_THAT(
        MapMessageCheck(kSystem, "gss_unwrap", GSS_S_COMPLETE | c.bit, 0),
        StatusIs(absl::StatusCode::kAborted, HasSubstr(c.symbol),
                 ErrorReason::kReplayedMessage));
    EXPECT_THAT(
        MapMessageCheck(kSystem, "gss_verify_mic", GSS_S_COMPLETE | c.bit, 0),
        StatusIs(absl::StatusCode::kAborted, HasSubstr(kHintMessageSequence),
                 ErrorReason::kReplayedMessage));
  }
}

TEST(GssStatusTest, RoutineErrorsMapToSpecificCodes) {
  EXPECT_THAT(
      MapMessageCheck(kSystem, "gss_unwrap", GSS_S_BAD_SIG, 0),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("(GSS_S_BAD_MIC)"),
               ErrorReason::kTamperedMessage));
  EXPECT_THAT(
      MapGssStatus(kSystem, "gss_accept_sec_context", GSS_S_DEFECTIVE_TOKEN, 0,
                   GSS_C_NO_OID, AcceptorHints()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(kHintMalformedToken), ErrorReason::kMalformedToken));
  EXPECT_THAT(MapAcquireCredStatus(kSystem, GSS_S_NO_CRED,
                                   static_cast<OM_uint32>(KRB5_FCC_NOFILE), {}),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(kHintNoTicket), ErrorReason::kNoCredential));
  EXPECT_THAT(MapInitSecContextStatus(kSystem, GSS_S_CREDENTIALS_EXPIRED, 0,
                                      Krb5(), "HTTP@web", false),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(kHintExpired), ErrorReason::kExpired));
  EXPECT_THAT(MapAccept(kSystem, GSS_S_FAILURE,
                        static_cast<OM_uint32>(KRB5KRB_AP_ERR_SKEW), Krb5()),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(kHintClockSkew), ErrorReason::kClockSkew));
  EXPECT_THAT(
      MapAccept(kSystem, GSS_S_BAD_BINDINGS, 0, Krb5()),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintBadBindings),
               ErrorReason::kChannelBindingsMismatch));
  EXPECT_THAT(MapAcquireCredStatus(kSystem, GSS_S_BAD_MECH, 0, {}),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr(kHintMechanismUnavailable),
                       ErrorReason::kUnsupported));
  EXPECT_THAT(MapGssStatus(kSystem, "gss_wrap", GSS_S_FAILURE, ENOMEM),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("gss_wrap"), ErrorReason::kOther));
  EXPECT_THAT(
      MapGssStatus(kSystem, "gss_wrap", GSS_S_CALL_INACCESSIBLE_READ, 0),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("gss_wrap")));
}

// Kerberos's BAD_INTEGRITY is a failed decryption: which key failed depends
// on the call and the side.
TEST(GssStatusTest, IntegrityFailureMeansWhatItsPhaseMeans) {
  const auto bad_integrity =
      static_cast<OM_uint32>(KRB5KRB_AP_ERR_BAD_INTEGRITY);
  CredentialOptions initiator;
  EXPECT_THAT(
      MapAcquireCredStatus(kSystem, GSS_S_FAILURE, bad_integrity, initiator),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintPassword),
               ErrorReason::kWrongPassword));
  EXPECT_THAT(MapInitSecContextStatus(kSystem, GSS_S_FAILURE, bad_integrity,
                                      Krb5(), "HTTP@web", false),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("(KRB_AP_ERR_BAD_INTEGRITY); check the "
                                 "password; target principal HTTP@web")));
  absl::Status reply = MapInitSecContextStatus(
      kSystem, GSS_S_FAILURE, bad_integrity, Krb5(), "HTTP@web", true);
  EXPECT_THAT(
      reply,
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr(absl::StrCat("(KRB_AP_ERR_BAD_INTEGRITY); ",
                                      kHintServerReply, "; target principal")),
               ErrorReason::kServerNotProven));
  EXPECT_THAT(reply.message(), Not(HasSubstr(kHintPassword)));
  EXPECT_THAT(
      MapAccept(kSystem, GSS_S_FAILURE, bad_integrity, Krb5()),
      StatusIs(absl::StatusCode::kUnauthenticated,
               HasSubstr(kHintTokenIntegrity), ErrorReason::kTamperedMessage));
  EXPECT_THAT(
      MapMessageCheck(kSystem, "gss_unwrap", GSS_S_FAILURE, bad_integrity),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kHintMessageAltered),
               ErrorReason::kTamperedMessage));
}

TEST(GssStatusTest, NoCredentialMeansWhatItsSideMeans) {
  CredentialOptions initiator;
  EXPECT_THAT(MapAcquireCredStatus(kSystem, GSS_S_NO_CRED, 0, initiator),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(kHintNoTicket), ErrorReason::kNoCredential));
  EXPECT_THAT(MapInitSecContextStatus(kSystem, GSS_S_NO_CRED, 0, Krb5(),
                                      "HTTP@web", false),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(kHintNoTicket), ErrorReason::kNoCredential));
  CredentialOptions acceptor;
  acceptor.usage = Usage::kAccept;
  acceptor.replay_cache = test::kTestReplayCache;
  acceptor.keytab = "MEMORY:not-checked";
  absl::Status keys = MapAcquireCredStatus(kSystem, GSS_S_NO_CRED, 0, acceptor);
  EXPECT_THAT(
      keys, StatusIs(absl::StatusCode::kNotFound, HasSubstr(kHintAcceptorKeys),
                     ErrorReason::kMissingKeytab));
  EXPECT_THAT(keys.message(), Not(HasSubstr("kinit")));
  absl::Status accept =
      MapGssStatus(kSystem, "gss_accept_sec_context", GSS_S_NO_CRED, 0,
                   GSS_C_NO_OID, AcceptorHints());
  EXPECT_THAT(accept,
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr(absl::StrCat("(GSS_S_NO_CRED); ",
                                              kHintAcceptorNoCredential)),
                       ErrorReason::kNoCredential));
  EXPECT_THAT(accept.message(), Not(HasSubstr("kinit")));
}

TEST(GssStatusTest, AMissingKeytabFileIsNotAMissingEntry) {
  const std::string missing = "FILE:/nonexistent/crossauth/http.keytab";
  CredentialOptions acceptor;
  acceptor.usage = Usage::kAccept;
  acceptor.replay_cache = test::kTestReplayCache;
  acceptor.keytab = missing;
  for (long minor : {static_cast<long>(KRB5_KT_NOTFOUND), long{ENOENT}}) {
    absl::Status status = MapAcquireCredStatus(
        kSystem, GSS_S_NO_CRED, static_cast<OM_uint32>(minor), acceptor);
    EXPECT_THAT(
        status,
        StatusIs(absl::StatusCode::kNotFound,
                 HasSubstr(absl::StrCat(kHintKeytabFile, "; keytab ", missing)),
                 ErrorReason::kMissingKeytab))
        << minor;
    EXPECT_THAT(status.message(), Not(HasSubstr("ktadd")));
  }
  // A keytab that exists and holds something lacks the entry itself.
  const std::string path = ::testing::TempDir() + "/gss_status_test.keytab";
  std::FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fputs("not empty", file);
  std::fclose(file);
  acceptor.keytab = "FILE:" + path;
  EXPECT_THAT(
      MapAcquireCredStatus(kSystem, GSS_S_NO_CRED,
                           static_cast<OM_uint32>(KRB5_KT_NOTFOUND), acceptor),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr(kHintMissingKeytabEntry),
               ErrorReason::kMissingKeytabEntry));
  // An initiator has no keytab of its own to blame.
  CredentialOptions initiator;
  initiator.keytab = missing;
  EXPECT_THAT(
      MapAcquireCredStatus(kSystem, GSS_S_NO_CRED,
                           static_cast<OM_uint32>(KRB5_KT_NOTFOUND), initiator),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr(kHintMissingKeytabEntry),
               ErrorReason::kMissingKeytabEntry));
  std::remove(path.c_str());
}

// A library that prints `named_text` for the minor code `named_code`, as MIT
// prints its extended messages, which name principals.
OM_uint32 named_code = 0;
const char* named_text = nullptr;

OM_uint32 NamedDisplayStatus(OM_uint32* minor, OM_uint32 code, int type,
                             gss_OID mech, OM_uint32* context,
                             gss_buffer_t text) {
  if (type != GSS_C_MECH_CODE || named_text == nullptr || code != named_code) {
    return FakeDisplayStatus(minor, code, type, mech, context, text);
  }
  const size_t length = std::strlen(named_text);
  *minor = 0;
  *context = 0;
  text->length = length;
  text->value = std::malloc(length);
  std::memcpy(text->value, named_text, length);
  return GSS_S_COMPLETE;
}

// Sets the text for one minor code while it lives.
class NamedText {
 public:
  NamedText(long code, const char* text) {
    named_code = static_cast<OM_uint32>(code);
    named_text = text;
  }
  ~NamedText() { named_text = nullptr; }
  const GssProvider& provider() const { return provider_; }

 private:
  const GssLibrary library_ = [] {
    GssLibrary l = FakeTextLibrary();
    l.display_status = NamedDisplayStatus;
    return l;
  }();
  const GssProvider provider_ = {&library_};
};

TEST(GssStatusTest, TicketsForAnotherServiceAreWrongService) {
  // MIT's KRB_AP_ERR_NOT_US means two things; its text tells which.
  {
    NamedText text(KRB5KRB_AP_ERR_NOT_US,
                   "Request ticket server host/x@R found in keytab but does "
                   "not match server principal HTTP/x@R");
    EXPECT_THAT(MapAccept(text.provider(), GSS_S_FAILURE, named_code, Krb5()),
                StatusIs(absl::StatusCode::kUnauthenticated,
                         HasSubstr(absl::StrCat("(KRB_AP_ERR_NOT_US); ",
                                                kHintWrongService)),
                         ErrorReason::kWrongServicePrincipal));
  }
  {
    NamedText text(KRB5KRB_AP_ERR_NOT_US,
                   "Request ticket server HTTP/x@R not found in keytab "
                   "(ticket kvno 1)");
    EXPECT_THAT(MapAccept(text.provider(), GSS_S_FAILURE, named_code, Krb5()),
                StatusIs(absl::StatusCode::kNotFound,
                         HasSubstr(kHintMissingKeytabEntry),
                         ErrorReason::kMissingKeytabEntry));
  }
  EXPECT_THAT(
      MapAccept(kSystem, GSS_S_FAILURE,
                static_cast<OM_uint32>(KRB5KRB_AP_WRONG_PRINC), Krb5()),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintWrongService),
               ErrorReason::kWrongServicePrincipal));
}

// Nothing a peer sends gets the code kUnknown: a failure the library does
// not explain
// explain is the peer's token's fault on every call that reads one.
TEST(GssStatusTest, UnexplainedFailuresOfPeerFacingCallsHaveSpecificCodes) {
  const auto unexplained = static_cast<OM_uint32>(12345);  // "minor 12345 text"
  EXPECT_THAT(
      MapInitSecContextStatus(kSystem, GSS_S_FAILURE,
                              static_cast<OM_uint32>(KRB5_MUTUAL_FAILED),
                              Krb5(), "HTTP@web", true),
      StatusIs(
          absl::StatusCode::kUnauthenticated,
          HasSubstr("(KRB5_MUTUAL_FAILED); " + std::string(kHintServerReply)),
          ErrorReason::kServerNotProven));
  EXPECT_THAT(
      MapInitSecContextStatus(kSystem, GSS_S_FAILURE, unexplained, Krb5(),
                              "HTTP@web", true),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintServerReply),
               ErrorReason::kServerNotProven));
  EXPECT_THAT(
      MapAccept(kSystem, GSS_S_FAILURE, unexplained, Krb5()),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr(kHintTokenRefused),
               ErrorReason::kTokenRefused));
  EXPECT_THAT(
      MapAccept(kSystem, GSS_S_FAILURE, 0, Krb5()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(kHintMalformedToken), ErrorReason::kMalformedToken));
  EXPECT_THAT(
      MapMessageCheck(kSystem, "gss_unwrap", GSS_S_FAILURE, unexplained),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kHintMessageAltered),
               ErrorReason::kTamperedMessage));
  EXPECT_THAT(
      MapMessageCheck(kSystem, "gss_verify_mic", GSS_S_FAILURE, unexplained),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kHintMessageAltered),
               ErrorReason::kTamperedMessage));
}

// The last resort, for a call no peer reaches: nobody explained the failure.
TEST(GssStatusTest, UnexplainedFailureOfALocalCallIsUnknown) {
  AllowUnknownStatus allowed;
  const int before = UnknownStatusCount();
  EXPECT_THAT(MapGssStatus(kSystem, "gss_wrap", GSS_S_FAILURE, 0),
              StatusIs(absl::StatusCode::kUnknown,  // unknown-ok: last resort
                       "gss_wrap: major 851968 text (GSS_S_FAILURE)"));
  // The suite's check (test_main.cc) saw it.
  EXPECT_EQ(UnknownStatusCount(), before + 1);
}

TEST(GssStatusTest, NoKrbtgtForTheTargetsRealmIsAnUnknownRealm) {
  // MIT names the server it could not find: krbtgt/REALM is a realm the KDC
  // has no path to, whatever the target's service.
  {
    NamedText text(
        KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN,
        "Server krbtgt/OTHER.REALM@HOME.REALM not found in Kerberos database");
    absl::Status realm =
        MapInitSecContextStatus(text.provider(), GSS_S_FAILURE, named_code,
                                Krb5(), "HTTP/web@OTHER.REALM", false);
    EXPECT_THAT(
        realm, StatusIs(absl::StatusCode::kNotFound,
                        HasSubstr(absl::StrCat(
                            "(KDC_ERR_S_PRINCIPAL_UNKNOWN); ", kHintNoRealmPath,
                            "; target principal HTTP/web@OTHER.REALM")),
                        ErrorReason::kUnknownRealm));
    EXPECT_THAT(realm.message(), Not(HasSubstr(kHintServiceName)));
  }
  NamedText text(KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN,
                 "Server HTTP/web@HOME.REALM not found in Kerberos database");
  EXPECT_THAT(
      MapInitSecContextStatus(text.provider(), GSS_S_FAILURE, named_code,
                              Krb5(), "HTTP/web@HOME.REALM", false),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr(kHintServiceName),
               ErrorReason::kUnknownServicePrincipal));
}

TEST(GssStatusTest, TokenDefectsBeatKerberosMinorCodes) {
  // A defective token with a Kerberos minor is still the peer's bad input.
  EXPECT_THAT(MapAccept(kSystem, GSS_S_DEFECTIVE_TOKEN,
                        static_cast<OM_uint32>(KRB5_KT_NOTFOUND), Krb5()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("(GSS_S_DEFECTIVE_TOKEN)"),
                       ErrorReason::kMalformedToken));
}

TEST(GssStatusTest, DefectiveMessageTokensAreDataLossLikeAlteredOnes) {
  // SSPI cannot tell a message token that does not parse from one whose
  // checksum fails; both are the peer's (or an attacker's) doing.
  EXPECT_THAT(
      MapMessageCheck(kSystem, "gss_unwrap", GSS_S_DEFECTIVE_TOKEN, 0),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kHintMessageAltered),
               ErrorReason::kTamperedMessage));
  EXPECT_THAT(
      MapMessageCheck(kSystem, "gss_verify_mic", GSS_S_DEFECTIVE_TOKEN, 0),
      StatusIs(absl::StatusCode::kDataLoss,
               HasSubstr("(GSS_S_DEFECTIVE_TOKEN)"),
               ErrorReason::kTamperedMessage));
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
  absl::Status status = MapGssStatus(provider, "gss_wrap", GSS_S_BAD_QOP, 0);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("again; again"),
                               ErrorReason::kInvalidArgument));
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
