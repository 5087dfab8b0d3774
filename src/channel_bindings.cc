// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/channel_bindings.h"

namespace crossauth {

ChannelBindings ChannelBindings::FromApplicationData(
    absl::Span<const uint8_t> data) {
  ChannelBindings bindings;
  bindings.data_.assign(data.begin(), data.end());
  return bindings;
}

}  // namespace crossauth
