// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sasl_layers.h: what the SASL GSSAPI sources share about layer sets.

#ifndef CROSSAUTH_SRC_SASL_LAYERS_H_
#define CROSSAUTH_SRC_SASL_LAYERS_H_

#include <string>

#include "crossauth/sasl_gssapi.h"

namespace crossauth {
namespace internal {

// The layer names in `layers`, comma-separated, for messages: "none,integrity"
// or "no layer".
std::string SaslLayerList(SaslLayers layers);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_SASL_LAYERS_H_
