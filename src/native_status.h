// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// native_status.h: building the statuses that backends return.

#ifndef CROSSAUTH_SRC_NATIVE_STATUS_H_
#define CROSSAUTH_SRC_NATIVE_STATUS_H_

#include "absl/status/status.h"
#include "crossauth/error.h"

namespace crossauth {
namespace internal {

// NativeStatus()
//
// A status with `code`, the message "<call>: <text>; <hint>" (the hint part
// only when there is one), and `error` as its NativeError payload.
absl::Status NativeStatus(absl::StatusCode code, const NativeError& error);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_NATIVE_STATUS_H_
