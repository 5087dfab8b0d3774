// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "examples/sasl_lines.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace example {
namespace {

constexpr size_t kMaxLine = 64 * 1024;
constexpr int kMaxSkipped = 200;

}  // namespace

absl::StatusOr<std::vector<uint8_t>> ReadSaslLine(std::FILE* in,
                                                  absl::string_view prefix) {
  std::vector<char> buffer(kMaxLine + 2);
  for (int skipped = 0; skipped <= kMaxSkipped; ++skipped) {
    if (std::fgets(buffer.data(), static_cast<int>(buffer.size()), in) ==
        nullptr) {
      return absl::OutOfRangeError(absl::StrCat(
          "the peer closed the stream before a \"", prefix, "\" line"));
    }
    std::string line(buffer.data());
    if (line.empty() || line.back() != '\n') {
      if (line.size() > kMaxLine) {
        return absl::InvalidArgumentError(
            absl::StrCat("a line longer than ", kMaxLine, " characters"));
      }
    }
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
      line.pop_back();
    }
    if (!absl::StartsWith(line, prefix)) {
      std::fprintf(stderr, "peer: %s\n", absl::CHexEscape(line).c_str());
      continue;
    }
    std::string decoded;
    if (!absl::Base64Unescape(absl::string_view(line).substr(prefix.size()),
                              &decoded)) {
      return absl::InvalidArgumentError(
          absl::StrCat("a \"", prefix, "\" line that is not base64"));
    }
    return std::vector<uint8_t>(decoded.begin(), decoded.end());
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "more than ", kMaxSkipped, " lines without a \"", prefix, "\" line"));
}

absl::Status WriteSaslLine(std::FILE* out, absl::string_view prefix,
                           absl::Span<const uint8_t> payload) {
  std::string line = absl::StrCat(
      prefix,
      absl::Base64Escape(absl::string_view(
          reinterpret_cast<const char*>(payload.data()), payload.size())),
      "\n");
  if (std::fputs(line.c_str(), out) < 0 || std::fflush(out) != 0) {
    return absl::UnavailableError("cannot write to the peer");
  }
  return absl::OkStatus();
}

void UseBinaryStdio() {
#ifdef _WIN32
  (void)_setmode(_fileno(stdin), _O_BINARY);
  (void)_setmode(_fileno(stdout), _O_BINARY);
#endif
}

std::optional<crossauth::SaslLayers> ParseSaslLayers(absl::string_view text) {
  crossauth::SaslLayers layers = 0;
  for (absl::string_view name : absl::StrSplit(text, ',')) {
    bool known = false;
    for (crossauth::SaslLayer layer :
         {crossauth::SaslLayer::kNone, crossauth::SaslLayer::kIntegrity,
          crossauth::SaslLayer::kConfidentiality}) {
      if (name == crossauth::SaslLayerName(layer)) {
        layers |= crossauth::SaslLayerSet(layer);
        known = true;
      }
    }
    if (!known) return std::nullopt;
  }
  return layers;
}

}  // namespace example
