// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The one reader of a client's first token (src/core/initial_token.h): the
// RFC 2743 framing, a SPNEGO offer's mechTypes, and raw NTLM.

#include "src/core/initial_token.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crossauth {
namespace internal {
namespace {

using Bytes = std::vector<uint8_t>;
using Offer = std::vector<std::optional<Mechanism>>;

// Whole OID elements (tag, length, contents).
const Bytes kKerberos = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                         0xf7, 0x12, 0x01, 0x02, 0x02};
const Bytes kMicrosoftKerberos = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x82,
                                  0xf7, 0x12, 0x01, 0x02, 0x02};
const Bytes kNtlm = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
                     0x01, 0x82, 0x37, 0x02, 0x02, 0x0a};
const Bytes kNegoEx = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
                       0x01, 0x82, 0x37, 0x02, 0x02, 0x1e};
const Bytes kSpnego = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};

// tag, DER length (short or long form), contents.
Bytes Der(uint8_t tag, const Bytes& contents, bool long_form = false) {
  Bytes out = {tag};
  if (long_form || contents.size() > 127) {
    out.push_back(0x82);
    out.push_back(static_cast<uint8_t>(contents.size() >> 8));
    out.push_back(static_cast<uint8_t>(contents.size()));
  } else {
    out.push_back(static_cast<uint8_t>(contents.size()));
  }
  out.insert(out.end(), contents.begin(), contents.end());
  return out;
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) {
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

// A NegTokenInit offering `oids`, followed by a mechToken.
Bytes NegTokenInit(std::initializer_list<Bytes> oids, bool long_form = false) {
  Bytes list = Der(0x30, Concat(oids), long_form);
  Bytes fields = Concat({Der(0xa0, list), Der(0xa2, Der(0x04, {1, 2, 3}))});
  Bytes init = Der(0xa0, Der(0x30, fields));
  return Der(0x60, Concat({kSpnego, init}), long_form);
}

TEST(InitialTokenTest, InitialTokenMechanismReadsTheFraming) {
  const Bytes spnego = {0x60, 0x08, 0x06, 0x06, 0x2b,
                        0x06, 0x01, 0x05, 0x05, 0x02};
  EXPECT_EQ(InitialTokenMechanism(spnego), Mechanism::kNegotiate);
  const Bytes krb5 = {0x60, 0x81, 0x0b, 0x06, 0x09, 0x2a, 0x86,
                      0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02};
  EXPECT_EQ(InitialTokenMechanism(krb5), Mechanism::kKerberos);
  EXPECT_EQ(InitialTokenMechanism({}), std::nullopt);
  EXPECT_EQ(InitialTokenMechanism({0x60}), std::nullopt);
  EXPECT_EQ(InitialTokenMechanism({0x60, 0x85, 1, 2, 3, 4, 5}), std::nullopt);
  EXPECT_EQ(InitialTokenMechanism({0x60, 0x04, 0x06, 0x09, 0x2a}),
            std::nullopt);
  EXPECT_EQ(InitialTokenMechanism({0xa1, 0x04, 0x06, 0x01, 0x2a}),
            std::nullopt);
  // Raw NTLM: the NTLMSSP signature, then the message type.
  EXPECT_EQ(
      InitialTokenMechanism({'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0}),
      Mechanism::kNtlm);
  EXPECT_EQ(InitialTokenMechanism({'N', 'T', 'L', 'M', 'S', 'S', 'P'}),
            std::nullopt);
}

TEST(InitialTokenTest, InitialTokenMechanismReadsOnlyTheClaim) {
  // The framing claims more bytes than follow: the claim still counts (the
  // native library refuses the short body).
  EXPECT_EQ(InitialTokenMechanism(Concat({{0x60, 0x7f}, kNtlm})),
            Mechanism::kNtlm);
  EXPECT_EQ(InitialTokenMechanism(NegTokenInit({kKerberos})),
            Mechanism::kNegotiate);
  // An OID crossauth does not know, and Microsoft's Kerberos OID, which is
  // no framing OID.
  EXPECT_EQ(InitialTokenMechanism(Der(0x60, kNegoEx)), std::nullopt);
  EXPECT_EQ(InitialTokenMechanism(Der(0x60, kMicrosoftKerberos)), std::nullopt);
}

TEST(InitialTokenTest, IsRawNtlmMessageIsTheSignature) {
  EXPECT_TRUE(IsRawNtlmMessage(Bytes{'N', 'T', 'L', 'M', 'S', 'S', 'P', 0}));
  EXPECT_TRUE(
      IsRawNtlmMessage(Bytes{'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3, 0}));
  EXPECT_FALSE(IsRawNtlmMessage(Bytes{'N', 'T', 'L', 'M', 'S', 'S', 'P'}));
  EXPECT_FALSE(IsRawNtlmMessage(Bytes{'N', 'T', 'L', 'M', 'S', 'S', 'P', 1}));
  EXPECT_FALSE(IsRawNtlmMessage(Bytes{'n', 'T', 'L', 'M', 'S', 'S', 'P', 0}));
  EXPECT_FALSE(IsRawNtlmMessage({}));
}

TEST(InitialTokenTest, SpnegoOfferReadsTheMechanismsInTheClientsOrder) {
  EXPECT_EQ(SpnegoOfferedMechanisms(NegTokenInit({kKerberos, kNtlm})),
            (Offer{Mechanism::kKerberos, Mechanism::kNtlm}));
  EXPECT_EQ(SpnegoOfferedMechanisms(
                NegTokenInit({kNtlm, kMicrosoftKerberos, kNegoEx})),
            (Offer{Mechanism::kNtlm, Mechanism::kKerberos, std::nullopt}));
  EXPECT_EQ(SpnegoOfferedMechanisms(NegTokenInit({kNtlm}, /*long_form=*/true)),
            (Offer{Mechanism::kNtlm}));
  EXPECT_EQ(SpnegoOfferedMechanisms(NegTokenInit({})), Offer{});
  // SPNEGO inside SPNEGO is no mechanism to settle on.
  EXPECT_EQ(SpnegoOfferedMechanisms(NegTokenInit({kSpnego, kKerberos})),
            (Offer{std::nullopt, Mechanism::kKerberos}));
}

TEST(InitialTokenTest, SpnegoOfferRejectsWhatIsNotAnOffer) {
  EXPECT_EQ(SpnegoOfferedMechanisms({}), std::nullopt);
  // Raw Kerberos: an RFC 2743 token for the Kerberos OID.
  EXPECT_EQ(SpnegoOfferedMechanisms(
                Der(0x60, Concat({kKerberos, Bytes{1, 0, 0x6e}}))),
            std::nullopt);
  // Raw NTLM.
  EXPECT_EQ(
      SpnegoOfferedMechanisms(Bytes{'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1}),
      std::nullopt);
  // A NegTokenResp ([1]) is not an offer.
  EXPECT_EQ(SpnegoOfferedMechanisms(Der(0xa1, Der(0x30, {}))), std::nullopt);
}

TEST(InitialTokenTest, SpnegoOfferRejectsEveryTruncation) {
  const Bytes token = NegTokenInit({kKerberos, kNtlm});
  for (size_t size = 0; size < token.size(); ++size) {
    Bytes cut(token.begin(), token.begin() + size);
    EXPECT_EQ(SpnegoOfferedMechanisms(cut), std::nullopt) << size;
  }
}

TEST(InitialTokenTest, SpnegoOfferRejectsLengthsBeyondTheToken) {
  Bytes token = NegTokenInit({kNtlm});
  token[1] = 0x84;  // a four-byte length that the token cannot hold
  EXPECT_EQ(SpnegoOfferedMechanisms(token), std::nullopt);
  Bytes list_not_oids = NegTokenInit({Der(0x04, {1, 2})});
  EXPECT_EQ(SpnegoOfferedMechanisms(list_not_oids), std::nullopt);
}

// An NTLM CHALLENGE (MS-NLMP 2.2.1.2) with NEGOTIATE_TARGET_INFO whose
// TargetInfo is `pairs` (each AvId, AvLen, value), then MsvAvEOL.
Bytes Challenge(std::initializer_list<std::pair<uint16_t, Bytes>> pairs,
                uint32_t flags = 0x00800000) {
  Bytes info;
  for (const auto& [id, value] : pairs) {
    info.push_back(static_cast<uint8_t>(id));
    info.push_back(static_cast<uint8_t>(id >> 8));
    info.push_back(static_cast<uint8_t>(value.size()));
    info.push_back(static_cast<uint8_t>(value.size() >> 8));
    info.insert(info.end(), value.begin(), value.end());
  }
  info.insert(info.end(), {0, 0, 0, 0});
  Bytes message = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0};
  message.resize(56, 0);  // through Version
  for (int i = 0; i < 4; ++i) message[20 + i] = (flags >> (8 * i)) & 0xff;
  message[40] = static_cast<uint8_t>(info.size());
  message[42] = static_cast<uint8_t>(info.size());
  message[44] = 56;  // BufferOffset
  message.insert(message.end(), info.begin(), info.end());
  return message;
}

const Bytes kName = {'D', 0, 'C', 0};

TEST(NtlmChallengeTest, RepeatedNamePairIsFound) {
  EXPECT_EQ(NtlmChallengeRepeatedName(
                Challenge({{2, kName}, {1, kName}, {3, kName}, {3, kName}})),
            3);
  EXPECT_EQ(NtlmChallengeRepeatedName(Challenge({{9, kName}, {9, kName}})), 9);
  EXPECT_EQ(NtlmChallengeRepeatedName(Challenge({{1, {}}, {1, kName}})), 1);
}

TEST(NtlmChallengeTest, DistinctOrNonNamePairsAreLeftAlone) {
  EXPECT_EQ(NtlmChallengeRepeatedName(Challenge(
                {{2, kName}, {1, kName}, {4, kName}, {3, kName}, {5, kName}})),
            std::nullopt);
  // MsvAvTimestamp (7) and an unknown id twice are not names.
  EXPECT_EQ(
      NtlmChallengeRepeatedName(Challenge(
          {{7, Bytes(8, 1)}, {7, Bytes(8, 1)}, {0x77, kName}, {0x77, kName}})),
      std::nullopt);
}

TEST(NtlmChallengeTest, OnlyPairsBeforeEolCount) {
  Bytes message = Challenge({{1, kName}});
  // A second MsvAvNbComputerName after the EOL pair is not read.
  message.insert(message.end(), {1, 0, 4, 0, 'D', 0, 'C', 0});
  message[40] = static_cast<uint8_t>(message.size() - 56);
  EXPECT_EQ(NtlmChallengeRepeatedName(message), std::nullopt);
}

TEST(NtlmChallengeTest, OtherMessagesAndBadFieldsAreLeftToTheLibrary) {
  Bytes repeated = Challenge({{1, kName}, {1, kName}});
  // Without NEGOTIATE_TARGET_INFO the TargetInfo is not read.
  EXPECT_EQ(NtlmChallengeRepeatedName(
                Challenge({{1, kName}, {1, kName}}, /*flags=*/0)),
            std::nullopt);
  Bytes authenticate = repeated;
  authenticate[8] = 3;
  EXPECT_EQ(NtlmChallengeRepeatedName(authenticate), std::nullopt);
  Bytes out_of_bounds = repeated;
  out_of_bounds[44] = 0xff;
  EXPECT_EQ(NtlmChallengeRepeatedName(out_of_bounds), std::nullopt);
  // A pair longer than the TargetInfo stops the scan.
  Bytes long_pair = Challenge({{1, kName}, {1, kName}});
  long_pair[56 + 2] = 0xff;
  EXPECT_EQ(NtlmChallengeRepeatedName(long_pair), std::nullopt);
  EXPECT_EQ(
      NtlmChallengeRepeatedName(Bytes(repeated.begin(), repeated.begin() + 47)),
      std::nullopt);
  EXPECT_EQ(NtlmChallengeRepeatedName({}), std::nullopt);
}

TEST(NtlmChallengeTest, TargetTypeWithAnEmptyUnicodeNameIsFound) {
  // Target type server (0x00020000) or domain (0x00010000), Unicode (1),
  // TargetNameFields all zero.
  Bytes server = Challenge({{1, kName}}, 0x00820001);
  EXPECT_TRUE(NtlmChallengeNamesNoTarget(server));
  EXPECT_TRUE(NtlmChallengeNamesNoTarget(Challenge({}, 0x00010001)));
  // A name of two bytes, OEM, or no target type: left to the library.
  Bytes named = server;
  named[12] = named[14] = 2;
  EXPECT_FALSE(NtlmChallengeNamesNoTarget(named));
  EXPECT_FALSE(NtlmChallengeNamesNoTarget(Challenge({}, 0x00020000)));
  EXPECT_FALSE(NtlmChallengeNamesNoTarget(Challenge({}, 0x00800001)));
  Bytes authenticate = server;
  authenticate[8] = 3;
  EXPECT_FALSE(NtlmChallengeNamesNoTarget(authenticate));
  EXPECT_FALSE(
      NtlmChallengeNamesNoTarget(Bytes(server.begin(), server.begin() + 23)));
}

TEST(SpnegoResponseTokenTest, FindsTheResponseToken) {
  const Bytes inner = {'N', 'T', 'L', 'M'};
  // negState accept-incomplete, supportedMech NTLM, responseToken.
  Bytes reply = Der(
      0xa1, Der(0x30, Concat({Der(0xa0, {0x0a, 0x01, 0x01}), Der(0xa1, kNtlm),
                              Der(0xa2, Der(0x04, inner))})));
  std::optional<absl::Span<const uint8_t>> token = SpnegoResponseToken(reply);
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(Bytes(token->begin(), token->end()), inner);
  // Long-form lengths read the same.
  Bytes long_form =
      Der(0xa1, Der(0x30, Der(0xa2, Der(0x04, inner, true), true), true), true);
  token = SpnegoResponseToken(long_form);
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(Bytes(token->begin(), token->end()), inner);
}

TEST(SpnegoResponseTokenTest, NoTokenOrNotAReply) {
  EXPECT_EQ(
      SpnegoResponseToken(Der(0xa1, Der(0x30, Der(0xa0, {0x0a, 0x01, 0x00})))),
      std::nullopt);
  EXPECT_EQ(SpnegoResponseToken(NegTokenInit({kKerberos})), std::nullopt);
  Bytes cut = Der(0xa1, Der(0x30, Der(0xa2, Der(0x04, {1, 2, 3}))));
  cut.resize(cut.size() - 1);
  EXPECT_EQ(SpnegoResponseToken(cut), std::nullopt);
  EXPECT_EQ(SpnegoResponseToken({}), std::nullopt);
}

// A GeneralString element.
Bytes Text(const std::string& text) {
  return Der(0x1b, Bytes(text.begin(), text.end()));
}

// An AP-REQ whose ticket is for `components`@`realm`, with the enc-part's
// kvno when `kvno` is not negative (RFC 4120 5.3, 5.5.1).
Bytes ApReq(std::initializer_list<std::string> components,
            const std::string& realm, int kvno) {
  Bytes strings;
  for (const std::string& component : components) {
    strings = Concat({strings, Text(component)});
  }
  Bytes sname = Der(0x30, Concat({Der(0xa0, Der(0x02, {0x02})),
                                  Der(0xa1, Der(0x30, strings))}));
  Bytes enc = Der(0xa0, Der(0x02, {0x12}));
  if (kvno >= 0) {
    Bytes number;
    if (kvno > 0x7f) number.push_back(static_cast<uint8_t>(kvno >> 8));
    number.push_back(static_cast<uint8_t>(kvno));
    enc = Concat({enc, Der(0xa1, Der(0x02, number))});
  }
  enc = Concat({enc, Der(0xa2, Der(0x04, {9, 9, 9}))});
  Bytes ticket = Der(
      0x61,
      Der(0x30, Concat({Der(0xa0, Der(0x02, {0x05})), Der(0xa1, Text(realm)),
                        Der(0xa2, sname), Der(0xa3, Der(0x30, enc))})));
  Bytes fields =
      Concat({Der(0xa0, Der(0x02, {0x05})), Der(0xa1, Der(0x02, {0x0e})),
              Der(0xa2, Der(0x03, {0x00, 0x20, 0, 0, 0})), Der(0xa3, ticket),
              Der(0xa4, Der(0x30, {0xa0, 0x03, 0x02, 0x01, 0x12}))});
  return Der(0x6e, Der(0x30, fields));
}

// The RFC 4121 framing around an AP-REQ.
Bytes Framed(const Bytes& ap_req) {
  return Der(0x60, Concat({kKerberos, Bytes{0x01, 0x00}, ap_req}));
}

TEST(KerberosTicketTest, TheTicketsServerAndKeyVersion) {
  const Bytes ap_req = ApReq({"HTTP", "web.example"}, "EXAMPLE.COM", 3);
  for (const Bytes& token :
       {ap_req, Framed(ap_req),
        Der(0x60,
            Concat(
                {kSpnego,
                 Der(0xa0,
                     Der(0x30,
                         Concat({Der(0xa0, Der(0x30, kKerberos)),
                                 Der(0xa2, Der(0x04, Framed(ap_req)))})))}))}) {
    std::optional<KerberosTicketSummary> ticket = KerberosTicket(token);
    ASSERT_TRUE(ticket.has_value());
    EXPECT_EQ(ticket->server, "HTTP/web.example@EXAMPLE.COM");
    EXPECT_EQ(ticket->kvno, 3u);
  }
  std::optional<KerberosTicketSummary> big =
      KerberosTicket(ApReq({"host", "h"}, "R", 0x1234));
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->kvno, 0x1234u);
  std::optional<KerberosTicketSummary> none =
      KerberosTicket(ApReq({"krbtgt", "R"}, "R", -1));
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->server, "krbtgt/R@R");
  EXPECT_EQ(none->kvno, std::nullopt);
}

TEST(KerberosTicketTest, OtherAndCutTokensHaveNone) {
  const Bytes ap_req = ApReq({"HTTP", "web.example"}, "EXAMPLE.COM", 3);
  EXPECT_EQ(KerberosTicket({}), std::nullopt);
  EXPECT_EQ(KerberosTicket(NegTokenInit({kKerberos})), std::nullopt);
  // Every cut of the framed token before its last byte is nothing.
  const Bytes framed = Framed(ap_req);
  for (size_t size = 0; size < framed.size(); ++size) {
    EXPECT_EQ(KerberosTicket(absl::MakeConstSpan(framed.data(), size)),
              std::nullopt)
        << size;
  }
  // Another TOK_ID (an AP-REP's, 02 00), and an empty name.
  Bytes rep = framed;
  const size_t header = (rep[1] & 0x80) ? 2 + (rep[1] & 0x7f) : 2;
  ASSERT_EQ(rep[header + kKerberos.size()], 0x01);
  rep[header + kKerberos.size()] = 0x02;
  EXPECT_EQ(KerberosTicket(rep), std::nullopt);
  EXPECT_EQ(KerberosTicket(ApReq({}, "R", 1)), std::nullopt);
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
