// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// SSPI-specific behaviour against the realm's KDC (under Wine on Linux):
// flag translation, target names, message buffers, Wine's known gaps, and
// that every path releases what it acquired.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "backends/sspi/sspi_credential.h"
#include "backends/sspi/sspi_library.h"
#include "backends/sspi/sspi_message_layout.h"
#include "backends/sspi/sspi_quirks.h"
#include "backends/sspi/sspi_translation.h"
#include "backends/sspi/wrap_token.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/native_seam.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;
using Code = absl::StatusCode;

TEST(SspiFlagsTest, RequestFlagsFollowSecurityFlags) {
  SecurityFlags defaults;
  EXPECT_EQ(
      internal::IscRequestFlags(defaults),
      static_cast<unsigned long>(ISC_REQ_MUTUAL_AUTH | ISC_REQ_REPLAY_DETECT |
                                 ISC_REQ_SEQUENCE_DETECT |
                                 ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY));
  SecurityFlags minimal;
  minimal.mutual = false;
  minimal.replay_detect = false;
  minimal.sequence_detect = false;
  minimal.confidentiality = false;
  minimal.delegate = true;
  EXPECT_EQ(internal::IscRequestFlags(minimal),
            static_cast<unsigned long>(ISC_REQ_INTEGRITY | ISC_REQ_DELEGATE));
  // Buffers are crossauth's own: never ask SSPI to allocate them.
  EXPECT_EQ(internal::IscRequestFlags(defaults) & ISC_REQ_ALLOCATE_MEMORY, 0u);
  EXPECT_EQ(internal::AscRequestFlags() & ASC_REQ_ALLOCATE_MEMORY, 0u);
}

TEST(SspiFlagsTest, ReturnedAttributesBecomeSecurityFlags) {
  SecurityFlags client = internal::IscReturnedFlags(
      ISC_RET_MUTUAL_AUTH | ISC_RET_SEQUENCE_DETECT | ISC_RET_INTEGRITY);
  EXPECT_TRUE(client.mutual);
  EXPECT_FALSE(client.replay_detect);
  EXPECT_TRUE(client.sequence_detect);
  EXPECT_FALSE(client.confidentiality);
  EXPECT_TRUE(client.integrity);
  EXPECT_FALSE(client.delegate);
  EXPECT_FALSE(client.channel_bound);
  SecurityFlags server = internal::AscReturnedFlags(
      ASC_RET_DELEGATE | ASC_RET_REPLAY_DETECT | ASC_RET_CONFIDENTIALITY);
  EXPECT_TRUE(server.delegate);
  EXPECT_TRUE(server.replay_detect);
  EXPECT_TRUE(server.confidentiality);
  EXPECT_FALSE(server.integrity);
  EXPECT_FALSE(server.mutual);
}

TEST(SspiFlagsTest, ReturnedAttributesInvertReturnedFlags) {
  for (bool initiator : {true, false}) {
    const unsigned long all =
        initiator ? (ISC_RET_MUTUAL_AUTH | ISC_RET_DELEGATE |
                     ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT |
                     ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY)
                  : (ASC_RET_MUTUAL_AUTH | ASC_RET_DELEGATE |
                     ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT |
                     ASC_RET_CONFIDENTIALITY | ASC_RET_INTEGRITY);
    EXPECT_EQ(internal::ReturnedAttributes(
                  initiator, internal::ReturnedFlags(initiator, all)),
              all);
    const unsigned long some =
        initiator ? (ISC_RET_MUTUAL_AUTH | ISC_RET_INTEGRITY)
                  : (ASC_RET_DELEGATE | ASC_RET_CONFIDENTIALITY);
    EXPECT_EQ(internal::ReturnedAttributes(
                  initiator, internal::ReturnedFlags(initiator, some)),
              some);
    // Bits that are not flags (ASC_RET_EXTENDED_ERROR) are not translated.
    EXPECT_EQ(
        internal::ReturnedFlags(initiator, 0).ToString(),
        internal::ReturnedFlags(initiator, ASC_RET_EXTENDED_ERROR).ToString());
  }
  EXPECT_EQ(
      internal::AscRequestFlags(),
      static_cast<unsigned long>(
          ASC_REQ_INTEGRITY | ASC_REQ_CONFIDENTIALITY | ASC_REQ_REPLAY_DETECT |
          ASC_REQ_SEQUENCE_DETECT | ASC_REQ_EXTENDED_ERROR));
}

TEST(SspiQuirksTest, WindowsHasNoneAndWineHasEach) {
  const internal::SspiQuirks windows = internal::SspiQuirksFor(false);
  const internal::SspiQuirks wine = internal::SspiQuirksFor(true);
  for (bool internal::SspiQuirks::*quirk :
       {&internal::SspiQuirks::ignores_channel_bindings,
        &internal::SspiQuirks::drops_delegated_credential,
        &internal::SspiQuirks::spnego_follows_client_preference,
        &internal::SspiQuirks::ntlm_features_only_in_attr_flags,
        &internal::SspiQuirks::negotiate_ignores_package_list,
        &internal::SspiQuirks::wrap_token_split_across_buffers,
        &internal::SspiQuirks::kerberos_iov_through_gss_wrap,
        &internal::SspiQuirks::ntlm_seals_first_data_buffer_only}) {
    EXPECT_FALSE(windows.*quirk);
    EXPECT_TRUE(wine.*quirk);
  }
}

TEST(SspiMessageLayoutTest, WindowsUnwrapsOneStreamBuffer) {
  std::unique_ptr<internal::KerberosMessageLayout> layout =
      internal::NewKerberosMessageLayout(internal::SspiQuirksFor(false));
  EXPECT_EQ(layout->trailer_headroom(), 0u);
  uint8_t token[] = {1, 2}, data[] = {3, 4, 5}, padding[] = {6};
  SecBuffer wrapped[3] = {{2, SECBUFFER_TOKEN, token},
                          {3, SECBUFFER_DATA, data},
                          {1, SECBUFFER_PADDING, padding}};
  std::vector<uint8_t> wire = layout->JoinWrapped(wrapped, 3);
  EXPECT_EQ(wire, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6}));
  SecBuffer buffers[2];
  layout->SplitWrapped(absl::MakeSpan(wire), buffers);
  EXPECT_EQ(buffers[0].BufferType,
            static_cast<unsigned long>(SECBUFFER_STREAM));
  EXPECT_EQ(buffers[0].cbBuffer, wire.size());
  EXPECT_EQ(buffers[1].BufferType, static_cast<unsigned long>(SECBUFFER_DATA));
}

TEST(SspiMessageLayoutTest, WineWrapsDataThenToken) {
  std::unique_ptr<internal::KerberosMessageLayout> layout =
      internal::NewKerberosMessageLayout(internal::SspiQuirksFor(true));
  EXPECT_GT(layout->trailer_headroom(), 0u);
  uint8_t token[] = {1, 2}, data[] = {3, 4, 5}, padding[] = {6};
  SecBuffer wrapped[3] = {{2, SECBUFFER_TOKEN, token},
                          {3, SECBUFFER_DATA, data},
                          {1, SECBUFFER_PADDING, padding}};
  EXPECT_EQ(layout->JoinWrapped(wrapped, 3),
            (std::vector<uint8_t>{3, 4, 5, 1, 2}));
  // No RFC 4121 header: DATA stays empty, so Wine copies nothing back.
  std::vector<uint8_t> garbage = {9, 9, 9, 9};
  SecBuffer buffers[2];
  layout->SplitWrapped(absl::MakeSpan(garbage), buffers);
  EXPECT_EQ(buffers[0].BufferType, static_cast<unsigned long>(SECBUFFER_DATA));
  EXPECT_EQ(buffers[0].cbBuffer, 0u);
  EXPECT_EQ(buffers[1].BufferType, static_cast<unsigned long>(SECBUFFER_TOKEN));
  EXPECT_EQ(buffers[1].cbBuffer, garbage.size());
}

TEST(SspiTargetTest, HostBasedNamesBecomeSpns) {
  internal::TargetName host_based;
  host_based.service = "HTTP";
  host_based.host = "web.example";
  EXPECT_EQ(internal::SspiTargetName(host_based), L"HTTP/web.example");
  internal::TargetName principal;
  principal.kind = internal::TargetName::Kind::kPrincipal;
  principal.principal = "host/db.example@EXAMPLE.COM";
  EXPECT_EQ(internal::SspiTargetName(principal),
            L"host/db.example@EXAMPLE.COM");
}

TEST(SspiTimeTest, NeverAndWinesIndefiniteAreInfinite) {
  TimeStamp never;
  never.QuadPart = 0x7FFFFFFFFFFFFFFF;
  EXPECT_EQ(internal::SspiTimeToAbsl(never), absl::InfiniteFuture());
  TimeStamp in_an_hour;
  FILETIME utc, local;
  GetSystemTimeAsFileTime(&utc);
  FileTimeToLocalFileTime(&utc, &local);
  in_an_hour.LowPart = local.dwLowDateTime;
  in_an_hour.HighPart = static_cast<LONG>(local.dwHighDateTime);
  in_an_hour.QuadPart += 36000000000;  // 1 h in 100 ns ticks
  absl::Time time = internal::SspiTimeToAbsl(in_an_hour);
  EXPECT_GT(time, absl::Now() + absl::Minutes(59));
  EXPECT_LT(time, absl::Now() + absl::Minutes(61));
  TimeStamp wine_indefinite = in_an_hour;
  wine_indefinite.QuadPart += 0xFFFFFFFFLL * 10000000;
  EXPECT_EQ(internal::SspiTimeToAbsl(wine_indefinite), absl::InfiniteFuture());
}

class SspiSessionTest : public SeamTest,
                        public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, SspiSessionTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(SspiSessionTest, WrapTokensAreRfc4121TokensBothWays) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  const std::vector<uint8_t> message = Bytes("a message of some length");
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    absl::StatusOr<std::vector<uint8_t>> sealed =
        pair->client.Wrap(message, protection);
    ASSERT_OK(sealed);
    // What a GSS-API peer's gss_unwrap takes: an RFC 4121 Wrap token, with
    // the message in it only when not encrypted.
    std::optional<internal::Rfc4121Header> header =
        internal::ParseRfc4121Header(*sealed);
    ASSERT_TRUE(header.has_value());
    EXPECT_TRUE(header->wrap);
    EXPECT_EQ(header->sealed, protection == Protection::kConfidentiality);
    const std::string wire(sealed->begin(), sealed->end());
    EXPECT_EQ(wire.find("a message of some length") != std::string::npos,
              protection == Protection::kIntegrity);
    absl::StatusOr<UnwrappedMessage> opened =
        pair->server.Unwrap(*sealed, Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(opened->message, message);
    EXPECT_EQ(opened->protection, protection);

    absl::StatusOr<std::vector<uint8_t>> reply =
        pair->server.Wrap(Bytes(""), protection);
    ASSERT_OK(reply);
    absl::StatusOr<UnwrappedMessage> empty =
        pair->client.Unwrap(*reply, Protection::kIntegrity);
    ASSERT_OK(empty);
    EXPECT_TRUE(empty->message.empty());
  }
  // Longer than one AES block and not a multiple of it.
  std::vector<uint8_t> large(70001);
  for (size_t i = 0; i < large.size(); ++i) large[i] = i * 7 % 251;
  absl::StatusOr<std::vector<uint8_t>> sealed = pair->server.Wrap(large);
  ASSERT_OK(sealed);
  absl::StatusOr<UnwrappedMessage> opened = pair->client.Unwrap(*sealed);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, large);
  ASSERT_OK(pair->client.End());
  ASSERT_OK(pair->server.End());
}

TEST_P(SspiSessionTest, ReplayedAndAlteredMessagesAreRefused) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  absl::StatusOr<std::vector<uint8_t>> sealed = pair->client.Wrap(Bytes("x1"));
  ASSERT_OK(sealed);
  ASSERT_OK(pair->server.Unwrap(*sealed));
  EXPECT_THAT(pair->server.Unwrap(*sealed),
              StatusIs(Code::kAborted, HasSubstr("DecryptMessage"),
                       ErrorReason::kReplayedMessage));
  absl::StatusOr<std::vector<uint8_t>> next = pair->client.Wrap(Bytes("x2"));
  ASSERT_OK(next);
  (*next)[next->size() - 1] ^= 0x01;
  EXPECT_THAT(pair->server.Unwrap(*next),
              StatusIs(Code::kDataLoss, HasSubstr("DecryptMessage"),
                       ErrorReason::kTamperedMessage));

  absl::StatusOr<std::vector<uint8_t>> mic = pair->server.GetMic(Bytes("m"));
  ASSERT_OK(mic);
  ASSERT_OK(pair->client.VerifyMic(Bytes("m"), *mic));
  EXPECT_THAT(pair->client.VerifyMic(Bytes("m"), *mic),
              StatusIs(Code::kAborted, HasSubstr("VerifySignature"),
                       ErrorReason::kReplayedMessage));
  absl::StatusOr<std::vector<uint8_t>> mic2 = pair->server.GetMic(Bytes("n"));
  ASSERT_OK(mic2);
  EXPECT_THAT(pair->client.VerifyMic(Bytes("N"), *mic2),
              StatusIs(Code::kDataLoss,
                       HasSubstr("VerifySignature: SEC_E_MESSAGE_ALTERED"),
                       ErrorReason::kTamperedMessage));
  // The altered MIC was never accepted: the next one is after a gap.
  absl::StatusOr<std::vector<uint8_t>> mic3 = pair->server.GetMic(Bytes("o"));
  ASSERT_OK(mic3);
  EXPECT_THAT(pair->client.VerifyMic(Bytes("o"), *mic3),
              StatusIs(Code::kAborted,
                       HasSubstr("VerifySignature: SEC_E_OUT_OF_SEQUENCE"),
                       ErrorReason::kReplayedMessage));
  ASSERT_OK(pair->client.End());
  ASSERT_OK(pair->server.End());
}

TEST_P(SspiSessionTest, InfoReportsWhatSspiKnows) {
  absl::StatusOr<Credential> client_credential =
      PasswordCredential({GetParam()});
  ASSERT_OK(client_credential);
  absl::StatusOr<std::string> principal = client_credential->Principal();
  ASSERT_OK(principal);
  EXPECT_EQ(*principal, Env().user_principal);
  absl::StatusOr<Credential> server_credential = ServerCredential({GetParam()});
  ASSERT_OK(server_credential);
  absl::StatusOr<absl::Time> expiry = server_credential->Expiry();
  ASSERT_OK(expiry);
  EXPECT_EQ(*expiry, absl::InfiniteFuture());
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*client_credential, ToService(GetParam()));
  ASSERT_OK(client);
  absl::StatusOr<ServerSession> server =
      ServerSession::Start(*server_credential);
  ASSERT_OK(server);
  ASSERT_OK(Handshake(*client, *server));
  absl::StatusOr<SessionInfo> client_info = client->Info();
  ASSERT_OK(client_info);
  absl::StatusOr<SessionInfo> server_info = server->Info();
  ASSERT_OK(server_info);
  EXPECT_EQ(client_info->mechanism, Mechanism::kKerberos);
  EXPECT_EQ(server_info->mechanism, Mechanism::kKerberos);
  EXPECT_TRUE(client_info->initiator);
  EXPECT_FALSE(server_info->initiator);
  EXPECT_TRUE(client_info->flags.mutual);
  EXPECT_TRUE(client_info->flags.confidentiality);
  EXPECT_TRUE(server_info->flags.replay_detect);
  EXPECT_GT(client_info->expiry, absl::Now());
  EXPECT_LT(client_info->expiry, absl::Now() + absl::Hours(25));
  EXPECT_EQ(client_info->local_principal, Env().user_principal);
  if (RunningUnderWine()) {
    // Wine has neither SECPKG_ATTR_NATIVE_NAMES nor SECPKG_ATTR_NAMES
    // (SEC_E_UNSUPPORTED_FUNCTION): no name is invented.
    EXPECT_EQ(client_info->peer_principal, std::nullopt);
    EXPECT_EQ(server_info->local_principal, std::nullopt);
    EXPECT_EQ(server_info->peer_principal, std::nullopt);
    // Wine's Negotiate package sends raw Kerberos tokens, no SPNEGO.
    EXPECT_FALSE(client_info->negotiated);
  } else {
    EXPECT_EQ(client_info->peer_principal, Env().service_principal);
    EXPECT_EQ(server_info->peer_principal, Env().user_principal);
    EXPECT_EQ(client_info->negotiated, GetParam() == Mechanism::kNegotiate);
  }
  ASSERT_OK(client->End());
  ASSERT_OK(server->End());
}

TEST_P(SspiSessionTest, AGarbledFirstTokenFailsWithoutABogusErrorToken) {
  absl::StatusOr<Credential> credential = ServerCredential({GetParam()});
  ASSERT_OK(credential);
  absl::StatusOr<ServerSession> server = ServerSession::Start(*credential);
  ASSERT_OK(server);
  absl::StatusOr<StepResult> step =
      server->Step(Bytes("\x60\x03\x06\x01\x00 not a token"));
  ASSERT_FALSE(step.ok());
  std::optional<NativeError> native = GetNativeError(step.status());
  ASSERT_TRUE(native.has_value());
  EXPECT_EQ(native->call, "AcceptSecurityContext");
  EXPECT_THAT(step,
              StatusIs(Code::kInvalidArgument, HasSubstr("SEC_E_INVALID_TOKEN"),
                       ErrorReason::kMalformedToken));
  // Nothing for the client: the output buffer was not written.
  EXPECT_FALSE(GetErrorToken(step.status()).has_value());
  ASSERT_OK(server->End());
}

TEST(SspiCredentialTest, FileStoresAreUnimplementedWithTheReason) {
  CredentialOptions ccache;
  ccache.ccache = "FILE:/tmp/cc";
  EXPECT_THAT(Credential::Acquire(ccache),
              StatusIs(Code::kUnimplemented,
                       HasSubstr("CredentialOptions::ccache is not supported "
                                 "by the SSPI backend (Windows): Windows "
                                 "keeps Kerberos tickets in the logon "
                                 "session"),
                       ErrorReason::kUnsupported));
  CredentialOptions keytab;
  keytab.usage = Usage::kAccept;
  keytab.keytab = "FILE:/tmp/kt";
  EXPECT_THAT(Credential::Acquire(keytab),
              StatusIs(Code::kUnimplemented, HasSubstr("not to a keytab"),
                       ErrorReason::kUnsupported));
  CredentialOptions any_host;
  any_host.usage = Usage::kAccept;
  any_host.principal = "HTTP";
  EXPECT_THAT(Credential::Acquire(any_host),
              StatusIs(Code::kUnimplemented,
                       HasSubstr("cannot accept for a service on any host"),
                       ErrorReason::kUnsupported));
}

TEST(SspiCredentialTest, NtlmNeedsWhatWineLacks) {
  CredentialOptions options;
  options.mechanisms = {Mechanism::kNtlm};
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  if (!RunningUnderWine()) {
    GTEST_SKIP() << "NTLM is covered by the security issue's tests";
  }
  // Wine's NTLM needs Samba's ntlm_auth, which CI does not install.
  EXPECT_THAT(credential,
              StatusIs(Code::kNotFound, HasSubstr("SEC_E_SECPKG_NOT_FOUND"),
                       ErrorReason::kUnsupported));
  EXPECT_EQ(OutstandingHandles(), 0) << OutstandingSummary();
}

TEST(SspiCredentialTest, WrongPasswordIsUnauthenticated) {
  CredentialOptions options;
  options.principal = Env().user_principal;
  options.password = Secret("not-the-password");
  absl::StatusOr<Credential> credential = Credential::Acquire(options);
  if (credential.ok()) {
    // Windows checks the password at the first InitializeSecurityContextW.
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*credential, ToService(Mechanism::kKerberos));
    ASSERT_OK(client);
    EXPECT_THAT(client->Step({}),
                StatusIs(Code::kUnauthenticated,
                         HasSubstr("InitializeSecurityContextW"),
                         ErrorReason::kWrongPassword));
  } else {
    // Wine runs kinit inside AcquireCredentialsHandleW.
    EXPECT_THAT(credential, StatusIs(Code::kUnauthenticated,
                                     HasSubstr("AcquireCredentialsHandleW: "
                                               "STATUS_UNSUCCESSFUL"),
                                     ErrorReason::kWrongPassword));
  }
  EXPECT_EQ(OutstandingHandles(), 0) << OutstandingSummary();
}

TEST(SspiWineTest, ChannelBindingsAreRefusedUnderWine) {
  if (!RunningUnderWine()) GTEST_SKIP() << "Windows supports bindings";
  absl::StatusOr<Credential> credential = ClientCredential();
  ASSERT_OK(credential);
  ClientOptions options = ToService();
  options.channel_bindings = ChannelBindings::FromApplicationData(Bytes("cb"));
  EXPECT_THAT(ClientSession::Start(*credential, options),
              StatusIs(Code::kUnimplemented, HasSubstr("under Wine"),
                       ErrorReason::kUnsupported));
}

TEST(SspiProviderTest, TheDllStaysLoadedWhileAHandleExists) {
  // The seam holds its own provider; a provider made now shares the module.
  absl::StatusOr<std::shared_ptr<const internal::SspiProvider>> provider =
      internal::CurrentSspiProvider();
  ASSERT_OK(provider);
  EXPECT_NE(GetModuleHandleW(L"secur32.dll"), nullptr);
  EXPECT_EQ((*provider)->wine(), RunningUnderWine());
}

}  // namespace
}  // namespace test
}  // namespace crossauth
