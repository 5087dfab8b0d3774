// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// RunHandshake(): the Step() loop every application writes, with a bound on
// its rounds and, on the server, the error token sent before the failure is
// returned.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "backends/common/native_status.h"
#include "crossauth/error.h"
#include "crossauth/session.h"

namespace crossauth {
namespace {

// The same refusal as a token after which the handshake can neither finish
// nor continue (SessionCore::Step): the peer's tokens do not make a
// handshake that ends.
absl::Status TooManySteps(absl::string_view side, int max_steps) {
  return internal::ReasonedError(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat("RunHandshake(): the ", side,
                   " handshake did not complete in ", max_steps,
                   " steps; the peer's tokens are malformed or it keeps the "
                   "handshake going"),
      ErrorReason::kMalformedToken);
}

absl::Status BadBound(int max_steps) {
  return internal::ReasonedError(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat("RunHandshake(): max_steps is ", max_steps,
                   "; it must be at least 1"),
      ErrorReason::kInvalidArgument);
}

}  // namespace

absl::Status RunHandshake(ClientSession& session, HandshakeSend send,
                          HandshakeReceive receive, int max_steps) {
  if (max_steps < 1) return BadBound(max_steps);
  std::vector<uint8_t> from_server;
  for (int step_count = 0; step_count < max_steps; ++step_count) {
    absl::StatusOr<StepResult> step = session.Step(from_server);
    if (!step.ok()) return step.status();
    if (!step->token.empty()) {
      if (absl::Status sent = send(step->token); !sent.ok()) return sent;
    }
    if (step->complete) return absl::OkStatus();
    absl::StatusOr<std::vector<uint8_t>> received = receive();
    if (!received.ok()) return received.status();
    from_server = *std::move(received);
  }
  return TooManySteps("client", max_steps);
}

absl::Status RunHandshake(ServerSession& session, HandshakeSend send,
                          HandshakeReceive receive, int max_steps) {
  if (max_steps < 1) return BadBound(max_steps);
  for (int step_count = 0; step_count < max_steps; ++step_count) {
    absl::StatusOr<std::vector<uint8_t>> received = receive();
    if (!received.ok()) return received.status();
    absl::StatusOr<StepResult> step = session.Step(*received);
    if (!step.ok()) {
      // The client reports the real cause (a replay, a skewed clock) only if
      // it gets the KRB-ERROR; a failure to send it does not hide the
      // step's own failure.
      if (std::optional<std::vector<uint8_t>> token =
              GetErrorToken(step.status())) {
        send(*token).IgnoreError();
      }
      return step.status();
    }
    if (!step->token.empty()) {
      if (absl::Status sent = send(step->token); !sent.ok()) return sent;
    }
    if (step->complete) return absl::OkStatus();
  }
  return TooManySteps("server", max_steps);
}

}  // namespace crossauth
