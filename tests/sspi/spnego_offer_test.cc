// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The reader of a SPNEGO client's offer, which Wine's acceptor uses to keep
// NTLM out (backends/sspi/spnego_offer.h).

#include "backends/sspi/spnego_offer.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crossauth {
namespace internal {
namespace {

using Bytes = std::vector<uint8_t>;
using Offer = std::vector<std::optional<Mechanism>>;

const Bytes kKerberos = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                         0xf7, 0x12, 0x01, 0x02, 0x02};
const Bytes kMicrosoftKerberos = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x82,
                                  0xf7, 0x12, 0x01, 0x02, 0x02};
const Bytes kNtlm = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
                     0x01, 0x82, 0x37, 0x02, 0x02, 0x0a};
const Bytes kNegoEx = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
                       0x01, 0x82, 0x37, 0x02, 0x02, 0x1e};

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
  for (const Bytes& part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

// A NegTokenInit offering `oids`, followed by a mechToken.
Bytes NegTokenInit(std::initializer_list<Bytes> oids, bool long_form = false) {
  Bytes list = Der(0x30, Concat(oids), long_form);
  Bytes fields = Concat({Der(0xa0, list), Der(0xa2, Der(0x04, {1, 2, 3}))});
  Bytes init = Der(0xa0, Der(0x30, fields));
  return Der(0x60,
             Concat({Der(0x06, {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02}), init}),
             long_form);
}

TEST(SpnegoOfferTest, ReadsTheMechanismsInTheClientsOrder) {
  EXPECT_EQ(SpnegoOffer(NegTokenInit({kKerberos, kNtlm})),
            (Offer{Mechanism::kKerberos, Mechanism::kNtlm}));
  EXPECT_EQ(SpnegoOffer(NegTokenInit({kNtlm, kMicrosoftKerberos, kNegoEx})),
            (Offer{Mechanism::kNtlm, Mechanism::kKerberos, std::nullopt}));
  EXPECT_EQ(SpnegoOffer(NegTokenInit({kNtlm}, /*long_form=*/true)),
            (Offer{Mechanism::kNtlm}));
  EXPECT_EQ(SpnegoOffer(NegTokenInit({})), Offer{});
}

TEST(SpnegoOfferTest, RejectsWhatIsNotAnOffer) {
  EXPECT_EQ(SpnegoOffer({}), std::nullopt);
  // Raw Kerberos: an RFC 2743 token for the Kerberos OID.
  EXPECT_EQ(SpnegoOffer(Der(0x60, Concat({kKerberos, Bytes{1, 0, 0x6e}}))),
            std::nullopt);
  // Raw NTLM.
  EXPECT_EQ(SpnegoOffer(Bytes{'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1}),
            std::nullopt);
  // A NegTokenResp ([1]) is not an offer.
  EXPECT_EQ(SpnegoOffer(Der(0xa1, Der(0x30, {}))), std::nullopt);
}

TEST(SpnegoOfferTest, RejectsEveryTruncation) {
  const Bytes token = NegTokenInit({kKerberos, kNtlm});
  for (size_t size = 0; size < token.size(); ++size) {
    Bytes cut(token.begin(), token.begin() + size);
    EXPECT_EQ(SpnegoOffer(cut), std::nullopt) << size;
  }
}

TEST(SpnegoOfferTest, RejectsLengthsBeyondTheToken) {
  Bytes token = NegTokenInit({kNtlm});
  token[1] = 0x84;  // a four-byte length that the token cannot hold
  EXPECT_EQ(SpnegoOffer(token), std::nullopt);
  Bytes list_not_oids = NegTokenInit({Der(0x04, {1, 2})});
  EXPECT_EQ(SpnegoOffer(list_not_oids), std::nullopt);
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
