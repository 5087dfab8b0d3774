// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// native_status.h: building the statuses that backends return.

#ifndef CROSSAUTH_SRC_NATIVE_STATUS_H_
#define CROSSAUTH_SRC_NATIVE_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "crossauth/error.h"

namespace crossauth {
namespace internal {

// NativeStatus()
//
// A status with `code`, the message "<call>: <text>; <hint>" (the hint part
// only when there is one), and `error` as its NativeError payload.
absl::Status NativeStatus(absl::StatusCode code, const NativeError& error);

// Restated()
//
// A status with `code` and `message` that keeps `cause`'s NativeError
// payload, if it has one: for a backend that reports a native failure as
// the more specific thing it knows it to be.
absl::Status Restated(absl::StatusCode code, absl::string_view message,
                      const absl::Status& cause);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_NATIVE_STATUS_H_
