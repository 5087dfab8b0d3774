// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_strings.h: UTF-8 <-> UTF-16 for SSPI's wide-character API.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_STRINGS_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_STRINGS_H_

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
// A NUL-terminated UTF-16 string as UTF-8; "" for nullptr.
std::string Utf8(const wchar_t* text);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_STRINGS_H_
