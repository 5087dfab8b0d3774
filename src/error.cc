// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "src/native_status.h"

namespace crossauth {
namespace {

constexpr char kNativeErrorUrl[] = "type.crossauth.dev/crossauth.NativeError";
constexpr char kErrorTokenUrl[] = "type.crossauth.dev/crossauth.ErrorToken";

// The payload is a sequence of "<decimal length>:<bytes>" fields, so that
// any byte may appear in a field.
void AppendField(std::string& out, absl::string_view field) {
  absl::StrAppend(&out, field.size(), ":", field);
}

bool ReadField(absl::string_view& in, std::string& field) {
  size_t colon = in.find(':');
  if (colon == absl::string_view::npos) return false;
  size_t length = 0;
  if (!absl::SimpleAtoi(in.substr(0, colon), &length)) return false;
  in.remove_prefix(colon + 1);
  if (length > in.size()) return false;
  field.assign(in.data(), length);
  in.remove_prefix(length);
  return true;
}

}  // namespace

void SetNativeError(absl::Status& status, const NativeError& error) {
  std::string out;
  AppendField(out, error.backend);
  AppendField(out, error.call);
  AppendField(out, absl::StrCat(error.major));
  AppendField(out, absl::StrCat(error.minor));
  AppendField(out, error.mechanism);
  AppendField(out, error.text);
  AppendField(out, error.hint);
  status.SetPayload(kNativeErrorUrl, absl::Cord(out));
}

std::optional<NativeError> GetNativeError(const absl::Status& status) {
  auto payload = status.GetPayload(kNativeErrorUrl);
  if (!payload.has_value()) return std::nullopt;
  std::string flat(*payload);
  absl::string_view in(flat);
  NativeError error;
  std::string major, minor;
  if (!ReadField(in, error.backend) || !ReadField(in, error.call) ||
      !ReadField(in, major) || !ReadField(in, minor) ||
      !ReadField(in, error.mechanism) || !ReadField(in, error.text) ||
      !ReadField(in, error.hint) || !in.empty() ||
      !absl::SimpleAtoi(major, &error.major) ||
      !absl::SimpleAtoi(minor, &error.minor)) {
    return std::nullopt;
  }
  return error;
}

void SetErrorToken(absl::Status& status, const std::vector<uint8_t>& token) {
  status.SetPayload(
      kErrorTokenUrl,
      absl::Cord(absl::string_view(reinterpret_cast<const char*>(token.data()),
                                   token.size())));
}

std::optional<std::vector<uint8_t>> GetErrorToken(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorTokenUrl);
  if (!payload.has_value()) return std::nullopt;
  std::string flat(*payload);
  return std::vector<uint8_t>(flat.begin(), flat.end());
}

namespace internal {

absl::Status Restated(absl::StatusCode code, absl::string_view message,
                      const absl::Status& cause) {
  absl::Status status(code, message);
  if (std::optional<NativeError> native = GetNativeError(cause)) {
    SetNativeError(status, *native);
  }
  return status;
}

absl::Status NativeStatus(absl::StatusCode code, const NativeError& error) {
  std::string message = absl::StrCat(error.call, ": ", error.text);
  if (!error.hint.empty()) absl::StrAppend(&message, "; ", error.hint);
  absl::Status status(code, message);
  SetNativeError(status, error);
  return status;
}

}  // namespace internal
}  // namespace crossauth
