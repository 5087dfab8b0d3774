// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_strings.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <cwchar>

namespace crossauth {
namespace internal {

std::wstring Wide(absl::string_view text) {
  if (text.empty()) return std::wstring();
  int size = MultiByteToWideChar(CP_UTF8, 0, text.data(),
                                 static_cast<int>(text.size()), nullptr, 0);
  if (size <= 0) return std::wstring();
  std::wstring out(size, L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()),
                      out.data(), size);
  return out;
}

std::string Utf8(const wchar_t* text) {
  if (text == nullptr) return std::string();
  return Utf8(text, wcslen(text));
}

std::string Utf8(const wchar_t* text, size_t length) {
  if (text == nullptr || length == 0) return std::string();
  const int units = static_cast<int>(length);
  int size = WideCharToMultiByte(CP_UTF8, 0, text, units, nullptr, 0, nullptr,
                                 nullptr);
  if (size <= 0) return std::string();
  std::string out(size, '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, units, out.data(), size, nullptr,
                      nullptr);
  return out;
}

}  // namespace internal
}  // namespace crossauth
