// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/version.h"

#include "src/core/backend.h"

namespace crossauth {

absl::string_view Version() { return CROSSAUTH_VERSION_STRING; }

absl::string_view BackendName() { return internal::GetBackend().name(); }

}  // namespace crossauth
