// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sasl_lines.h: the line protocol of Cyrus SASL's sasl-sample-client and
// sasl-sample-server, for the SASL GSSAPI examples.
//
// Each SASL message is one line on the program's standard output: "C: " (from
// the client) or "S: " (from the server) and the message in base64, possibly
// empty. The sample programs print other lines too ("Waiting for client
// reply...", "SSF: 56"); a reader skips them. Lines are bounded, and so is
// the number of lines skipped, so a misbehaving peer cannot make a program
// allocate or read without bound.

#ifndef CROSSAUTH_EXAMPLES_SASL_LINES_H_
#define CROSSAUTH_EXAMPLES_SASL_LINES_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossauth/sasl_gssapi.h"

namespace example {

// ReadSaslLine()
//
// Reads lines from `in` until one starts with `prefix` ("S: " or "C: ") and
// returns its decoded payload. Skipped lines go to stderr, marked "peer: ".
// InvalidArgument for bad base64 or an overlong line, OutOfRange at the end
// of the input.
absl::StatusOr<std::vector<uint8_t>> ReadSaslLine(std::FILE* in,
                                                  absl::string_view prefix);

// WriteSaslLine()
//
// Writes `prefix`, `payload` in base64 and a newline to `out`, and flushes.
absl::Status WriteSaslLine(std::FILE* out, absl::string_view prefix,
                           absl::Span<const uint8_t> payload);

// UseBinaryStdio()
//
// Puts standard input and output in binary mode on Windows, where text mode
// would end each written line with "\r\n", which the Cyrus sample programs
// do not accept as the end of a base64 line. Does nothing elsewhere. Call it
// before the first read or write.
void UseBinaryStdio();

// ParseSaslLayers()
//
// "none", "integrity", "confidentiality" or a comma-separated list of them,
// as a layer set; std::nullopt for anything else.
std::optional<crossauth::SaslLayers> ParseSaslLayers(absl::string_view text);

// SaslGreeting
//
// The two messages the Cyrus sample programs exchange through the layer
// once it is negotiated (each with its terminating NUL, as they send them).
inline constexpr char kServerMessage[] = "srv message 1";
inline constexpr char kClientMessage[] = "client message 1";

}  // namespace example

#endif  // CROSSAUTH_EXAMPLES_SASL_LINES_H_
