// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// pac.h: a bounded reader of a Kerberos PAC (MS-PAC 2.3/2.4, PACTYPE and its
// PAC_INFO_BUFFER list) and of SIDs (MS-DTYP 2.4.2.2), backend-agnostic. The
// PAC is peer-controlled: every count, offset and length is checked against
// the buffer and an out-of-range one is InvalidArgument/kMalformedToken with a
// message naming the field. Nothing is read out of bounds.
//
// Issue 13 part 2: the buffer list, SIDs, and the logon-info buffer (type 1,
// an NDR-encoded KERB_VALIDATION_INFO, MS-PAC 2.5), decoded by
// ParsePacLogonInfo() into the user's SID, groups and names.

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

// KERB_VALIDATION_INFO's UserFlags bits that change what the groups are
// (MS-PAC 2.5): ExtraSids is filled in, and ResourceGroupIds is.
inline constexpr uint32_t kLogonExtraSids = 0x20;
inline constexpr uint32_t kLogonResourceGroups = 0x200;

// At most this many entries are accepted in each of GroupIds, ExtraSids and
// ResourceGroupIds (a Windows access token holds at most 1024 SIDs), so
// that a count is bounded before anything is allocated.
inline constexpr uint32_t kPacMaxGroups = 1024;

// PacLogonInfo
//
// What ParsePacLogonInfo() takes out of a KERB_VALIDATION_INFO. SIDs are
// strings ("S-1-5-21-1-2-3-1104"); names are UTF-8.
struct PacLogonInfo {
  // LogonDomainId, and LogonDomainId plus UserId.
  std::string logon_domain_sid;
  uint32_t user_rid = 0;
  std::string user_sid;
  // PrimaryGroupId, and LogonDomainId plus PrimaryGroupId.
  uint32_t primary_group_rid = 0;
  std::string primary_group_sid;
  // In this order: each GroupIds RID under LogonDomainId, each ExtraSids
  // SID, then, only when UserFlags has kLogonResourceGroups, each
  // ResourceGroupIds RID under ResourceGroupDomainSid. group_attributes[i]
  // holds group_sids[i]'s SE_GROUP_* attributes (MS-PAC 2.2.1, 2.2.2).
  std::vector<std::string> group_sids;
  std::vector<uint32_t> group_attributes;
  // EffectiveName (the account name), FullName, LogonServer (the DC's
  // NetBIOS name) and LogonDomainName (the domain's NetBIOS name); empty
  // when the PAC has none.
  std::string effective_name;
  std::string full_name;
  std::string logon_server;
  std::string logon_domain_name;
  uint32_t user_flags = 0;
};

// ParsePacLogonInfo()
//
// Decodes `buffer`, the data of a kPacLogonInfo PAC_INFO_BUFFER: the
// MS-RPCE 2.2.6 type serialization version 1 headers (version 1,
// little-endian, an 8-byte common header with filler 0xcccccccc, then an
// ObjectBufferLength that fits) and the NDR of a pointer to a
// KERB_VALIDATION_INFO. Every conformant array's and string's counts must
// equal the sizes its structure gives, every referent must be inside the
// object buffer, names must be UTF-16LE without unpaired surrogates or NULs,
// SIDs have at most 15 sub-authorities (and the domain SIDs that get a RID
// appended at most 14), and each group list at most kPacMaxGroups entries.
// Any violation is InvalidArgument/kMalformedToken naming the field. The
// referent IDs of the pointers are not compared with each other (unique
// pointers: each non-null one has its own referent, in NDR's order).
absl::StatusOr<PacLogonInfo> ParsePacLogonInfo(
    absl::Span<const uint8_t> buffer);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_CORE_PAC_H_
