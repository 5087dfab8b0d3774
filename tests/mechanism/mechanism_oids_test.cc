// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The one definition of the mechanism OIDs (src/core/mechanism_oids.h): its
// bytes and its dotted text say the same thing.

#include "src/core/mechanism_oids.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "crossauth/mechanism.h"
#include "gtest/gtest.h"

namespace crossauth {
namespace internal {
namespace {

constexpr Mechanism kAll[] = {Mechanism::kKerberos, Mechanism::kNegotiate,
                              Mechanism::kNtlm};

// X.690 §8.19: the first two arcs in one byte, then each arc in base 128.
std::vector<uint8_t> EncodeDotted(absl::string_view dotted) {
  std::vector<uint64_t> arcs;
  for (absl::string_view part : absl::StrSplit(dotted, '.')) {
    uint64_t arc = 0;
    EXPECT_TRUE(absl::SimpleAtoi(part, &arc)) << dotted;
    arcs.push_back(arc);
  }
  std::vector<uint8_t> out;
  if (arcs.size() < 2) return out;
  std::vector<uint64_t> values = {arcs[0] * 40 + arcs[1]};
  values.insert(values.end(), arcs.begin() + 2, arcs.end());
  for (uint64_t value : values) {
    std::vector<uint8_t> groups;
    do {
      groups.insert(groups.begin(), static_cast<uint8_t>(value & 0x7f));
      value >>= 7;
    } while (value != 0);
    for (size_t i = 0; i + 1 < groups.size(); ++i) groups[i] |= 0x80;
    out.insert(out.end(), groups.begin(), groups.end());
  }
  return out;
}

TEST(MechanismOidsTest, BytesAndTextAgree) {
  for (Mechanism m : kAll) {
    SCOPED_TRACE(std::string(MechanismName(m)));
    absl::Span<const uint8_t> der = MechanismOidDer(m);
    EXPECT_EQ(std::vector<uint8_t>(der.begin(), der.end()),
              EncodeDotted(MechanismOidDotted(m)));
    // The public name is this text.
    EXPECT_EQ(MechanismOid(m), MechanismOidDotted(m));
  }
  EXPECT_EQ(EncodeDotted("1.2.840.48018.1.2.2"),
            std::vector<uint8_t>(std::begin(kMicrosoftKerberosOidDer),
                                 std::end(kMicrosoftKerberosOidDer)));
}

TEST(MechanismOidsTest, BytesNameExactlyOneMechanism) {
  for (Mechanism m : kAll) {
    EXPECT_EQ(MechanismForOidDer(MechanismOidDer(m)), m);
    // A prefix or an extension is another OID.
    absl::Span<const uint8_t> der = MechanismOidDer(m);
    EXPECT_EQ(MechanismForOidDer(der.subspan(0, der.size() - 1)), std::nullopt);
    std::vector<uint8_t> longer(der.begin(), der.end());
    longer.push_back(0x01);
    EXPECT_EQ(MechanismForOidDer(longer), std::nullopt);
  }
  EXPECT_EQ(MechanismForOidDer(kMicrosoftKerberosOidDer), std::nullopt);
  EXPECT_EQ(MechanismForOidDer({}), std::nullopt);
}

}  // namespace
}  // namespace internal
}  // namespace crossauth
