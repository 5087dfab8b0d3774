// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// pac.h: a bounded reader of a Kerberos PAC (MS-PAC 2.3/2.4, PACTYPE and its
// PAC_INFO_BUFFER list) and of SIDs (MS-DTYP 2.4.2.2), backend-agnostic. The
// PAC is peer-controlled: every count, offset and length is checked against
// the buffer and an out-of-range one is InvalidArgument/kMalformedToken with a
// message naming the field. Nothing is read out of bounds.
//
// First slice (issue 13 part 2): the buffer list and SIDs. The NDR
// KERB_VALIDATION_INFO (logon-info, type 1) decoder is not written yet.

#ifndef CROSSAUTH_SRC_CORE_PAC_H_
#define CROSSAUTH_SRC_CORE_PAC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace crossauth {
namespace internal {

// One PAC_INFO_BUFFER: its ulType and its bytes (a view into the PAC).
struct PacBuffer {
  uint32_t type = 0;
  absl::Span<const uint8_t> data;
};

// The PAC's buffer types this code knows (MS-PAC 2.4).
inline constexpr uint32_t kPacLogonInfo = 1;
inline constexpr uint32_t kPacClientInfo = 10;
inline constexpr uint32_t kPacUpnDnsInfo = 12;

// At most this many buffers are accepted (a real PAC has fewer than 20).
inline constexpr uint32_t kPacMaxBuffers = 64;

// ParsePacBuffers()
//
// The buffer list of `pac` (the whole "urn:mspac:" value): cBuffers, Version
// (must be 0) and each buffer's type, size and 8-byte-aligned offset, every
// buffer inside `pac`. The spans point into `pac`.
absl::StatusOr<std::vector<PacBuffer>> ParsePacBuffers(
    absl::Span<const uint8_t> pac);

// SidToString()
//
// A binary SID (revision 1, at most 15 sub-authorities, exactly
// 8 + 4 * count bytes) as "S-1-5-21-...".
absl::StatusOr<std::string> SidToString(absl::Span<const uint8_t> sid);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_PAC_H_
