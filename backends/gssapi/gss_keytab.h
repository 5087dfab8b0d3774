// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_keytab.h: the key versions a keytab file holds for a principal, read
// from the file itself, for the message of a ticket whose key version the
// acceptor's keytab lacks (ErrorReason::kStaleKey). Never for a decision:
// the library reads the keytab for that.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_KEYTAB_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_KEYTAB_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace crossauth {
namespace internal {

// KeytabBytesKeyVersions()
//
// The key versions, sorted and without repeats, of the entries for
// `principal` ("comp1/comp2@REALM", compared octet for octet) in `file`, the
// bytes of a keytab file in MIT's format version 0x0502 (the one MIT and
// Heimdal write). std::nullopt when the bytes are not such a file or an
// entry does not fit; holes (negative sizes) are skipped.
std::optional<std::vector<uint32_t>> KeytabBytesKeyVersions(
    absl::Span<const uint8_t> file, absl::string_view principal);

// KeytabKeyVersions()
//
// KeytabBytesKeyVersions() of the keytab named `keytab`: a FILE: or WRFILE:
// name or a plain path. std::nullopt for another keytab type, a file that
// cannot be read or is larger than 16 MiB. The bytes read, keys among them,
// are wiped before it returns.
std::optional<std::vector<uint32_t>> KeytabKeyVersions(
    absl::string_view keytab, absl::string_view principal);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_KEYTAB_H_
