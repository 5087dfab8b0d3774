// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/mechanism.h"

#include "gtest/gtest.h"

namespace crossauth {
namespace {

TEST(MechanismTest, NamesAndOidsRoundTrip) {
  EXPECT_EQ(MechanismName(Mechanism::kKerberos), "Kerberos");
  EXPECT_EQ(MechanismName(Mechanism::kNegotiate), "Negotiate");
  EXPECT_EQ(MechanismName(Mechanism::kNtlm), "NTLM");
  EXPECT_EQ(MechanismOid(Mechanism::kKerberos), "1.2.840.113554.1.2.2");
  EXPECT_EQ(MechanismOid(Mechanism::kNegotiate), "1.3.6.1.5.5.2");
  EXPECT_EQ(MechanismOid(Mechanism::kNtlm), "1.3.6.1.4.1.311.2.2.10");
  for (Mechanism m :
       {Mechanism::kKerberos, Mechanism::kNegotiate, Mechanism::kNtlm}) {
    EXPECT_EQ(MechanismFromName(MechanismName(m)), m);
    EXPECT_EQ(MechanismFromName(MechanismOid(m)), m);
  }
}

TEST(MechanismTest, ParsingIsCaseInsensitiveAndStrict) {
  EXPECT_EQ(MechanismFromName("kerberos"), Mechanism::kKerberos);
  EXPECT_EQ(MechanismFromName("NEGOTIATE"), Mechanism::kNegotiate);
  EXPECT_EQ(MechanismFromName("ntlm"), Mechanism::kNtlm);
  EXPECT_EQ(MechanismFromName(""), std::nullopt);
  EXPECT_EQ(MechanismFromName("Kerberos "), std::nullopt);
  EXPECT_EQ(MechanismFromName("1.2.840.113554.1.2"), std::nullopt);
  EXPECT_EQ(MechanismFromName("spnego"), std::nullopt);
}

}  // namespace
}  // namespace crossauth
