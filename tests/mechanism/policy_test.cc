// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The mechanism rules every backend shares (src/core/policy.h), and their
// texts, checked without a native library.

#include "src/core/policy.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace crossauth {
namespace internal {
namespace {

using ::crossauth::test::StatusIs;
using Bytes = std::vector<uint8_t>;

const Bytes kRawNtlm = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0};

// A SPNEGO NegTokenInit whose mechTypes hold the single OID `oid` (DER
// contents), built by hand so that the test does not share the parser's
// view of DER.
Bytes OfferOf(const Bytes& oid) {
  Bytes mech = {0x06, static_cast<uint8_t>(oid.size())};
  mech.insert(mech.end(), oid.begin(), oid.end());
  Bytes list = {0x30, static_cast<uint8_t>(mech.size())};
  list.insert(list.end(), mech.begin(), mech.end());
  Bytes types = {0xa0, static_cast<uint8_t>(list.size())};
  types.insert(types.end(), list.begin(), list.end());
  Bytes init = {0x30, static_cast<uint8_t>(types.size())};
  init.insert(init.end(), types.begin(), types.end());
  Bytes choice = {0xa0, static_cast<uint8_t>(init.size())};
  choice.insert(choice.end(), init.begin(), init.end());
  Bytes body = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
  body.insert(body.end(), choice.begin(), choice.end());
  Bytes token = {0x60, static_cast<uint8_t>(body.size())};
  token.insert(token.end(), body.begin(), body.end());
  return token;
}

const Bytes kNtlmOid = {0x2b, 0x06, 0x01, 0x04, 0x01,
                        0x82, 0x37, 0x02, 0x02, 0x0a};
const Bytes kKerberosOid = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                            0x12, 0x01, 0x02, 0x02};
const Bytes kMicrosoftKerberosOid = {0x2a, 0x86, 0x48, 0x82, 0xf7,
                                     0x12, 0x01, 0x02, 0x02};

TEST(PolicyTest, RawNtlmIsRefusedUnlessAllowed) {
  const std::vector<Mechanism> negotiate = {Mechanism::kNegotiate};
  EXPECT_EQ(
      GetErrorReason(CheckClientFirstToken("AcceptCall", kRawNtlm, negotiate)),
      ErrorReason::kMechanismRefused);
  EXPECT_THAT(CheckClientFirstToken("AcceptCall", kRawNtlm, negotiate),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "AcceptCall: the client offered only NTLM, and NTLM is "
                       "not on the allow-list (add Mechanism::kNtlm to accept "
                       "NTLM clients)"));
  EXPECT_OK(CheckClientFirstToken("AcceptCall", kRawNtlm,
                                  {Mechanism::kNegotiate, Mechanism::kNtlm}));
}

// An RFC 2743 framed token that names the NTLM OID (not SPNEGO) is NTLM too:
// before the rule moved into the core, the GSS backend refused it like raw
// NTLM, and so does the core.
TEST(PolicyTest, FramedNtlmIsRefusedUnlessAllowed) {
  Bytes framed = {0x60, static_cast<uint8_t>(2 + kNtlmOid.size() + 4), 0x06,
                  static_cast<uint8_t>(kNtlmOid.size())};
  framed.insert(framed.end(), kNtlmOid.begin(), kNtlmOid.end());
  framed.insert(framed.end(), {'N', 'T', 'L', 'M'});
  const std::vector<Mechanism> negotiate = {Mechanism::kNegotiate};
  EXPECT_THAT(CheckClientFirstToken("AcceptCall", framed, negotiate),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "AcceptCall: the client offered only NTLM, and NTLM is "
                       "not on the allow-list (add Mechanism::kNtlm to accept "
                       "NTLM clients)",
                       ErrorReason::kMechanismRefused));
  EXPECT_OK(CheckClientFirstToken("AcceptCall", framed,
                                  {Mechanism::kNegotiate, Mechanism::kNtlm}));
}

TEST(PolicyTest, SpnegoOfferWithoutAnAllowedMechanismIsRefused) {
  const std::vector<Mechanism> negotiate = {Mechanism::kNegotiate};
  EXPECT_EQ(GetErrorReason(CheckClientFirstToken("AcceptCall",
                                                 OfferOf(kNtlmOid), negotiate)),
            ErrorReason::kMechanismRefused);
  EXPECT_THAT(CheckClientFirstToken("AcceptCall", OfferOf(kNtlmOid), negotiate),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       NoAllowedMechanismMessage("AcceptCall")));
  EXPECT_EQ(NoAllowedMechanismMessage("AcceptCall"),
            "AcceptCall: the client offered no mechanism on this server's "
            "allow-list, and NTLM is not on the allow-list (add "
            "Mechanism::kNtlm to accept NTLM clients)");
  EXPECT_OK(
      CheckClientFirstToken("AcceptCall", OfferOf(kKerberosOid), negotiate));
  EXPECT_OK(CheckClientFirstToken("AcceptCall", OfferOf(kMicrosoftKerberosOid),
                                  negotiate));
  EXPECT_OK(CheckClientFirstToken("AcceptCall", OfferOf(kNtlmOid),
                                  {Mechanism::kNegotiate, Mechanism::kNtlm}));
}

TEST(PolicyTest, UnknownTokensAreLeftToTheNativeLibrary) {
  const std::vector<Mechanism> negotiate = {Mechanism::kNegotiate};
  EXPECT_OK(CheckClientFirstToken("AcceptCall", {}, negotiate));
  EXPECT_OK(CheckClientFirstToken("AcceptCall", Bytes{0x60, 0x03, 1, 2, 3},
                                  negotiate));
  // A cut offer is no offer: the library reports the defect.
  Bytes cut = OfferOf(kNtlmOid);
  cut.pop_back();
  EXPECT_OK(CheckClientFirstToken("AcceptCall", cut, negotiate));
}

TEST(PolicyTest, NegotiateMustAvoidNtlmOnlyForInitiatorsWithoutNtlm) {
  CredentialOptions options;
  options.mechanisms = {Mechanism::kNegotiate};
  for (Usage usage : {Usage::kInitiate, Usage::kBoth}) {
    options.usage = usage;
    EXPECT_TRUE(NegotiateMustAvoidNtlm(options));
  }
  options.usage = Usage::kAccept;
  EXPECT_FALSE(NegotiateMustAvoidNtlm(options));
  options.usage = Usage::kInitiate;
  options.mechanisms = {Mechanism::kNegotiate, Mechanism::kNtlm};
  EXPECT_FALSE(NegotiateMustAvoidNtlm(options));
  options.mechanisms = {Mechanism::kKerberos};
  EXPECT_FALSE(NegotiateMustAvoidNtlm(options));
}

TEST(PolicyTest, NtlmOnlyNegotiateRefusalQuotesAndKeepsTheKerberosCause) {
  NativeError native;
  native.backend = "gssapi";
  native.call = "gss_acquire_cred_from";
  native.major = 0xd0000;
  absl::Status cause = absl::UnauthenticatedError("gss_acquire_cred_from: no");
  SetNativeError(cause, native);
  absl::Status refused = NtlmOnlyNegotiateRefusal("AcquireCall", cause);
  EXPECT_THAT(refused,
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "AcquireCall: Negotiate could only use NTLM for this "
                       "credential, and NTLM is not on the allow-list (add "
                       "Mechanism::kNtlm to allow it); Kerberos failed with: "
                       "gss_acquire_cred_from: no"));
  EXPECT_EQ(GetErrorReason(refused), ErrorReason::kMechanismRefused);
  std::optional<NativeError> kept = GetNativeError(refused);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->call, "gss_acquire_cred_from");
  EXPECT_EQ(kept->major, 0xd0000u);
}

TEST(PolicyTest, Texts) {
  EXPECT_THAT(NegotiateSettledOnNtlmError("StepCall"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "StepCall: Negotiate settled on NTLM, and NTLM is not "
                       "on the allow-list (add Mechanism::kNtlm to allow it)"));
  EXPECT_THAT(NothingDelegatedError(),
              StatusIs(absl::StatusCode::kNotFound,
                       "ServerSession::DelegatedCredential(): the client "
                       "delegated no credential (it did not request "
                       "delegation, or its ticket is not forwardable)"));
  EXPECT_TRUE(
      Allows({Mechanism::kKerberos, Mechanism::kNtlm}, Mechanism::kNtlm));
  EXPECT_FALSE(Allows({Mechanism::kKerberos}, Mechanism::kNtlm));
  EXPECT_EQ(GetErrorReason(NegotiateSettledOnNtlmError("StepCall")),
            ErrorReason::kMechanismRefused);
  EXPECT_EQ(GetErrorReason(NothingDelegatedError()),
            ErrorReason::kDelegationUnavailable);
}

// A CHALLENGE whose TargetInfo names MsvAvDnsComputerName (3) twice.
Bytes ChallengeRepeatingAName() {
  Bytes info = {3, 0, 2, 0, 'a', 0, 3, 0, 2, 0, 'b', 0, 0, 0, 0, 0};
  Bytes message = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0};
  message.resize(56, 0);
  message[22] = 0x80;  // NEGOTIATE_TARGET_INFO
  message[40] = message[42] = static_cast<uint8_t>(info.size());
  message[44] = 56;
  message.insert(message.end(), info.begin(), info.end());
  return message;
}

TEST(PolicyTest, ServerChallengeRepeatingANameIsMalformed) {
  const Bytes raw = ChallengeRepeatingAName();
  const std::string message =
      "ClientSession::Step(): the server's NTLM CHALLENGE lists the name AV "
      "pair 3 twice in its target information; the token is malformed (" +
      std::string(kHintMalformedToken) + ")";
  absl::Status refused = CheckServerToken(raw);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument, message));
  EXPECT_EQ(GetErrorReason(refused), ErrorReason::kMalformedToken);
  // The same CHALLENGE as a SPNEGO reply's responseToken.
  Bytes octets = {0x04, static_cast<uint8_t>(raw.size())};
  octets.insert(octets.end(), raw.begin(), raw.end());
  Bytes field = {0xa2, static_cast<uint8_t>(octets.size())};
  field.insert(field.end(), octets.begin(), octets.end());
  Bytes sequence = {0x30, static_cast<uint8_t>(field.size())};
  sequence.insert(sequence.end(), field.begin(), field.end());
  Bytes reply = {0xa1, static_cast<uint8_t>(sequence.size())};
  reply.insert(reply.end(), sequence.begin(), sequence.end());
  EXPECT_THAT(CheckServerToken(reply),
              StatusIs(absl::StatusCode::kInvalidArgument, message));
  // Changing the second name's id to MsvAvDnsDomainName (4) makes it fine.
  Bytes distinct = raw;
  distinct[56 + 6] = 4;
  EXPECT_OK(CheckServerToken(distinct));
  EXPECT_OK(CheckServerToken(kRawNtlm));
  EXPECT_OK(CheckServerToken({0xa1, 0x00}));
}

TEST(PolicyTest, ServerChallengeClaimingAnEmptyTargetNameIsMalformed) {
  Bytes challenge = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0};
  challenge.resize(48, 0);
  challenge[20] = 0x01;  // NEGOTIATE_UNICODE
  challenge[22] = 0x02;  // TARGET_TYPE_SERVER
  EXPECT_THAT(
      CheckServerToken(challenge),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "ClientSession::Step(): the server's NTLM CHALLENGE claims a "
               "target name but gives it no bytes; the token is malformed (" +
                   std::string(kHintMalformedToken) + ")"));
  EXPECT_EQ(GetErrorReason(CheckServerToken(challenge)),
            ErrorReason::kMalformedToken);
  challenge[12] = challenge[14] = 4;  // a four-byte name
  EXPECT_OK(CheckServerToken(challenge));
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
