// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// version.h: what this build of crossauth is.

#ifndef CROSSAUTH_VERSION_H_
#define CROSSAUTH_VERSION_H_

#include "absl/strings/string_view.h"
#include "crossauth/export.h"

namespace crossauth {

// Version()
//
// The library version, for example "0.1.0".
CROSSAUTH_EXPORT absl::string_view Version();

// BackendName()
//
// The native backend compiled in: "gssapi" or "sspi".
CROSSAUTH_EXPORT absl::string_view BackendName();

}  // namespace crossauth

#endif  // CROSSAUTH_VERSION_H_
