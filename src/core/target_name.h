// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// target_name.h: parsing ClientOptions::target.

#ifndef CROSSAUTH_SRC_CORE_TARGET_NAME_H_
#define CROSSAUTH_SRC_CORE_TARGET_NAME_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// ParseTargetName()
//
// Accepts "service@host" (host-based) or "service/host[@REALM]" (a
// principal). Everything else is InvalidArgument with a message that shows
// both accepted forms.
absl::StatusOr<TargetName> ParseTargetName(absl::string_view target);

// ResolveTargetName()
//
// Parses `options.target` and applies the host policy to a host-based name:
// refuses IP literals unless allowed, lowercases the host, and replaces it
// with its forward-DNS canonical name under kForwardDns.
absl::StatusOr<TargetName> ResolveTargetName(const ClientOptions& options);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_TARGET_NAME_H_
