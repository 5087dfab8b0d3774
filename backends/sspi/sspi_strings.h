// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_strings.h: UTF-8 <-> UTF-16 for SSPI's wide-character API.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_STRINGS_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_STRINGS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace crossauth {
namespace internal {

// Wide()
//
// `text` (UTF-8) as UTF-16; invalid sequences become U+FFFD.
std::wstring Wide(absl::string_view text);

// Utf8()
//
// A NUL-terminated UTF-16 string as UTF-8; "" for nullptr. The second form
// converts the first `length` UTF-16 units of `text` (a text SSPI or
// FormatMessageW returned with its length), which need not be terminated.
// Invalid sequences become U+FFFD.
std::string Utf8(const wchar_t* text);
std::string Utf8(const wchar_t* text, size_t length);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_STRINGS_H_
