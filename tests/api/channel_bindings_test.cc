// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/channel_bindings.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace crossauth {
namespace {

TEST(ChannelBindingsTest, KeepsApplicationDataExactly) {
  const std::vector<uint8_t> data = {0x00, 0x01, 0xff, 't', 'l', 's', 0x00};
  ChannelBindings bindings = ChannelBindings::FromApplicationData(data);
  EXPECT_EQ(bindings.application_data(), data);
  EXPECT_TRUE(
      ChannelBindings::FromApplicationData({}).application_data().empty());
}

}  // namespace
}  // namespace crossauth
