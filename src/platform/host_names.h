// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// host_names.h: the host part of a target: IP literals and forward DNS.

#ifndef CROSSAUTH_SRC_PLATFORM_HOST_NAMES_H_
#define CROSSAUTH_SRC_PLATFORM_HOST_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace crossauth {
namespace internal {

// IsIpLiteral()
//
// True for a dotted-quad IPv4 address or an IPv6 address (with or without
// brackets).
bool IsIpLiteral(absl::string_view host);

// CanonicalHostName()
//
// The canonical name of `host` from a forward lookup (getaddrinfo with
// AI_CANONNAME), lowercased. NotFound with a DNS hint when the lookup fails.
absl::StatusOr<std::string> CanonicalHostName(absl::string_view host);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_PLATFORM_HOST_NAMES_H_
