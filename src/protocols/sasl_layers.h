// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sasl_layers.h: what the SASL GSSAPI sources share about layer sets.

#ifndef CROSSAUTH_SRC_PROTOCOLS_SASL_LAYERS_H_
#define CROSSAUTH_SRC_PROTOCOLS_SASL_LAYERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "crossauth/sasl_gssapi.h"

namespace crossauth {
namespace internal {

// The layer names in `layers`, comma-separated, for messages: "none,integrity"
// or "no layer".
std::string SaslLayerList(SaslLayers layers);

// SaslInvalid()
//
// The refusal of a malformed SASL message or frame, or of a bad option:
// INVALID_ARGUMENT with the reason kInvalidArgument and `message`.
absl::Status SaslInvalid(absl::string_view message);

// SaslWrongState()
//
// The refusal of a call out of order (a step after completion, Finish()
// before it, a layer whose session ended): FAILED_PRECONDITION with the
// reason kWrongState and `message`.
absl::Status SaslWrongState(absl::string_view message);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_PROTOCOLS_SASL_LAYERS_H_
