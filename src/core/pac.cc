// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/pac.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/types/span.h"
#include "backends/common/native_status.h"
#include "crossauth/error.h"

namespace crossauth {
namespace internal {
namespace {

uint32_t Le32(absl::Span<const uint8_t> b, size_t at) {
  return static_cast<uint32_t>(b[at]) | static_cast<uint32_t>(b[at + 1]) << 8 |
         static_cast<uint32_t>(b[at + 2]) << 16 |
         static_cast<uint32_t>(b[at + 3]) << 24;
}

uint64_t Le64(absl::Span<const uint8_t> b, size_t at) {
  return static_cast<uint64_t>(Le32(b, at)) |
         static_cast<uint64_t>(Le32(b, at + 4)) << 32;
}

// Every PAC failure: the peer sent bytes that do not decode.
absl::Status Malformed(absl::string_view what) {
  return ReasonedError(absl::StatusCode::kInvalidArgument,
                       absl::StrCat("malformed PAC: ", what),
                       ErrorReason::kMalformedToken);
}

// A bounded little-endian NDR reader over one object buffer. The first
// failure is kept and ends the reading: every later read returns 0 (or an
// empty span) and changes nothing, so a decoder can check ok() once per
// step, and counts read after a failure are 0, which keeps its loops short.
class NdrReader {
 public:
  explicit NdrReader(absl::Span<const uint8_t> data, size_t position)
      : data_(data), position_(position) {}

  bool ok() const { return status_.ok(); }
  const absl::Status& status() const { return status_; }

  void Fail(absl::string_view what) {
    if (!status_.ok()) return;
    status_ = Malformed(absl::StrCat("logon info: ", what));
    position_ = data_.size();
  }

  // NDR aligns a primitive on its size, counted from the stream's start
  // (the headers are 16 bytes, so the buffer's start is as good).
  void Align(size_t alignment, absl::string_view field) {
    const size_t padding = (alignment - position_ % alignment) % alignment;
    if (Need(padding, field)) position_ += padding;
  }

  // `size` bytes of `field` (no alignment), or an empty span.
  absl::Span<const uint8_t> Bytes(size_t size, absl::string_view field) {
    if (!Need(size, field)) return {};
    absl::Span<const uint8_t> out = data_.subspan(position_, size);
    position_ += size;
    return out;
  }

  uint16_t U16(absl::string_view field) {
    Align(2, field);
    absl::Span<const uint8_t> b = Bytes(2, field);
    return b.empty() ? 0 : static_cast<uint16_t>(b[0] | b[1] << 8);
  }

  uint32_t U32(absl::string_view field) {
    Align(4, field);
    absl::Span<const uint8_t> b = Bytes(4, field);
    return b.empty() ? 0 : Le32(b, 0);
  }

  // Skips `size` bytes of `field`.
  void Skip(size_t size, absl::string_view field) { Bytes(size, field); }

  // Whether `size` more bytes of `field` are there (failing if not), without
  // reading them.
  bool Need(size_t size, absl::string_view field) {
    if (!status_.ok()) return false;
    if (data_.size() - position_ < size) {
      Fail(absl::StrCat(field, " at offset ", position_, " needs ", size,
                        " bytes, but the object buffer has ",
                        data_.size() - position_, " left"));
      return false;
    }
    return true;
  }

 private:
  absl::Span<const uint8_t> data_;
  size_t position_;
  absl::Status status_;
};

// RPC_UNICODE_STRING (MS-DTYP 2.3.10): Length and MaximumLength in bytes,
// then a pointer to a conformant varying WCHAR array.
struct UnicodeString {
  explicit UnicodeString(const char* name) : field(name) {}
  const char* field;
  uint16_t length = 0;
  uint16_t maximum_length = 0;
  uint32_t pointer = 0;
  std::string utf8;
};

void ReadUnicodeStringHeader(NdrReader& r, UnicodeString& s) {
  s.length = r.U16(s.field);
  s.maximum_length = r.U16(s.field);
  s.pointer = r.U32(s.field);
  if (!r.ok()) return;
  if (s.length % 2 != 0 || s.maximum_length % 2 != 0) {
    r.Fail(absl::StrCat(s.field, " Length ", s.length, " or MaximumLength ",
                        s.maximum_length, " is odd"));
  } else if (s.length > s.maximum_length) {
    r.Fail(absl::StrCat(s.field, " Length ", s.length,
                        " is over its MaximumLength ", s.maximum_length));
  } else if (s.pointer == 0 && s.length != 0) {
    r.Fail(absl::StrCat(s.field, " has Length ", s.length,
                        " but a null Buffer pointer"));
  }
}

// Appends code point `c` (at most 0x10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(uint32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | c >> 6));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | c >> 12));
    out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | c >> 18));
    out.push_back(static_cast<char>(0x80 | (c >> 12 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// UTF-16LE `units` (an even number of bytes) as UTF-8 into `out`; a NUL or
// an unpaired surrogate fails `r`.
void Utf16LeToUtf8(NdrReader& r, absl::Span<const uint8_t> units,
                   absl::string_view field, std::string& out) {
  const size_t count = units.size() / 2;
  out.reserve(count);
  auto unit = [&units](size_t i) -> uint32_t {
    return units[2 * i] | static_cast<uint32_t>(units[2 * i + 1]) << 8;
  };
  for (size_t i = 0; i < count; ++i) {
    uint32_t c = unit(i);
    if (c == 0) {
      r.Fail(absl::StrCat(field, " has a NUL at character ", i));
      return;
    }
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < count && unit(i + 1) >= 0xDC00 &&
        unit(i + 1) <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 1) - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      r.Fail(
          absl::StrFormat("%s has an unpaired surrogate 0x%04x at "
                          "character %d",
                          field, c, i));
      return;
    }
    AppendUtf8(c, out);
  }
}

// The string's deferred referent: MaximumCount, Offset and ActualCount (in
// characters, which must be MaximumLength / 2, 0 and Length / 2), then the
// characters.
void ReadUnicodeStringBuffer(NdrReader& r, UnicodeString& s) {
  if (s.pointer == 0 || !r.ok()) return;
  const uint32_t maximum_count = r.U32(s.field);
  const uint32_t offset = r.U32(s.field);
  const uint32_t actual_count = r.U32(s.field);
  if (!r.ok()) return;
  if (maximum_count != s.maximum_length / 2u) {
    r.Fail(absl::StrCat(s.field, " MaximumCount ", maximum_count,
                        " is not its MaximumLength / 2 (", s.maximum_length / 2,
                        ")"));
  } else if (offset != 0) {
    r.Fail(absl::StrCat(s.field, " Offset ", offset, " is not 0"));
  } else if (actual_count != s.length / 2u) {
    r.Fail(absl::StrCat(s.field, " ActualCount ", actual_count,
                        " is not its Length / 2 (", s.length / 2, ")"));
  }
  absl::Span<const uint8_t> units =
      r.Bytes(2 * static_cast<size_t>(actual_count), s.field);
  if (r.ok()) Utf16LeToUtf8(r, units, s.field, s.utf8);
}

// A conformant array's count: `count` (the structure's count field, named
// `count_field`) must be at most kPacMaxGroups, and a null `pointer` needs a
// count of 0.
void CheckArrayCount(NdrReader& r, absl::string_view count_field,
                     uint32_t count, absl::string_view pointer_field,
                     uint32_t pointer) {
  if (!r.ok()) return;
  if (count > kPacMaxGroups) {
    r.Fail(absl::StrCat(count_field, " ", count, " exceeds the limit of ",
                        kPacMaxGroups));
  } else if (pointer == 0 && count != 0) {
    r.Fail(absl::StrCat(count_field, " is ", count, " but ", pointer_field,
                        " is null"));
  }
}

// A conformant array's MaximumCount, which must be `count`, and room for
// `count` elements of `element_size` bytes.
void ReadArrayHeader(NdrReader& r, absl::string_view field, uint32_t count,
                     size_t element_size) {
  const uint32_t maximum_count = r.U32(field);
  if (!r.ok()) return;
  if (maximum_count != count) {
    r.Fail(absl::StrCat(field, " MaximumCount ", maximum_count,
                        " is not its count ", count));
    return;
  }
  // Checked before the elements are stored: the whole array fits.
  r.Need(element_size * count, field);
}

struct GroupMembership {
  uint32_t rid = 0;
  uint32_t attributes = 0;
};

// GROUP_MEMBERSHIP[count] (MS-PAC 2.2.2), the referent of a non-null
// pointer.
std::vector<GroupMembership> ReadGroups(NdrReader& r, absl::string_view field,
                                        uint32_t count) {
  std::vector<GroupMembership> groups;
  ReadArrayHeader(r, field, count, 8);
  if (!r.ok()) return groups;
  groups.resize(count);
  for (GroupMembership& g : groups) {
    g.rid = r.U32(field);
    g.attributes = r.U32(field);
  }
  return groups;
}

// A binary SID: its 8 fixed bytes then its sub-authorities.
using BinarySid = std::vector<uint8_t>;

// RPC_SID (MS-DTYP 2.4.2.3), the referent of a non-null pointer: the
// conformant array's MaximumCount (the SubAuthorityCount), Revision,
// SubAuthorityCount, IdentifierAuthority and the sub-authorities.
BinarySid ReadSid(NdrReader& r, absl::string_view field) {
  const uint32_t maximum_count = r.U32(field);
  absl::Span<const uint8_t> fixed = r.Bytes(8, field);
  if (!r.ok()) return {};
  if (fixed[0] != 1) {
    r.Fail(absl::StrCat(field, " Revision ", fixed[0], " is not 1"));
    return {};
  }
  const uint8_t count = fixed[1];
  if (count > 15) {
    r.Fail(absl::StrCat(field, " SubAuthorityCount ", count, " is over 15"));
    return {};
  }
  if (maximum_count != count) {
    r.Fail(absl::StrCat(field, " MaximumCount ", maximum_count,
                        " is not its SubAuthorityCount ", count));
    return {};
  }
  absl::Span<const uint8_t> sub_authorities = r.Bytes(4u * count, field);
  if (!r.ok()) return {};
  BinarySid sid(fixed.begin(), fixed.end());
  sid.insert(sid.end(), sub_authorities.begin(), sub_authorities.end());
  return sid;
}

std::string SidString(NdrReader& r, const BinarySid& sid,
                      absl::string_view field) {
  if (!r.ok()) return {};
  absl::StatusOr<std::string> text = SidToString(sid);
  if (!text.ok()) {
    r.Fail(absl::StrCat(
        field, ": ",
        absl::StripPrefix(text.status().message(), "malformed PAC: ")));
    return {};
  }
  return *std::move(text);
}

// `domain` with `rid` appended, as a string.
std::string SidWithRid(NdrReader& r, BinarySid domain, uint32_t rid,
                       absl::string_view field) {
  if (!r.ok()) return {};
  if (domain.size() < 8) {
    r.Fail(absl::StrCat(field, " is missing"));
    return {};
  }
  if (domain[1] >= 15) {
    r.Fail(absl::StrCat(field, " has ", domain[1],
                        " sub-authorities, no room for a RID"));
    return {};
  }
  ++domain[1];
  for (int i = 0; i < 4; ++i) {
    domain.push_back(static_cast<uint8_t>(rid >> 8 * i));
  }
  return SidString(r, domain, field);
}

}  // namespace

absl::StatusOr<std::vector<PacBuffer>> ParsePacBuffers(
    absl::Span<const uint8_t> pac) {
  if (pac.size() < 8) return Malformed("shorter than its 8-byte header");
  const uint32_t count = Le32(pac, 0);
  if (Le32(pac, 4) != 0) {
    return Malformed(absl::StrCat("version ", Le32(pac, 4), " is not 0"));
  }
  if (count > kPacMaxBuffers) {
    return Malformed(
        absl::StrCat("cBuffers ", count, " is over ", kPacMaxBuffers));
  }
  if ((pac.size() - 8) / 16 < count) {
    return Malformed(absl::StrCat("cBuffers ", count, " does not fit in ",
                                  pac.size(), " bytes"));
  }
  std::vector<PacBuffer> buffers;
  buffers.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t at = 8 + 16 * static_cast<size_t>(i);
    const uint32_t type = Le32(pac, at);
    const uint32_t size = Le32(pac, at + 4);
    const uint64_t offset = Le64(pac, at + 8);
    if (offset % 8 != 0) {
      return Malformed(absl::StrCat("buffer ", i, " offset ", offset,
                                    " is not 8-byte aligned"));
    }
    if (offset > pac.size() || size > pac.size() - offset) {
      return Malformed(absl::StrCat("buffer ", i, " (offset ", offset,
                                    ", size ", size, ") is past the end (",
                                    pac.size(), " bytes)"));
    }
    buffers.push_back({type, pac.subspan(static_cast<size_t>(offset), size)});
  }
  return buffers;
}

absl::StatusOr<std::string> SidToString(absl::Span<const uint8_t> sid) {
  if (sid.size() < 8) return Malformed("SID shorter than 8 bytes");
  if (sid[0] != 1) {
    return Malformed(absl::StrCat("SID revision ", sid[0], " is not 1"));
  }
  const size_t count = sid[1];
  if (count > 15) {
    return Malformed(absl::StrCat("SID has ", count, " sub-authorities"));
  }
  if (sid.size() != 8 + 4 * count) {
    return Malformed(absl::StrCat("SID of ", count, " sub-authorities is ",
                                  sid.size(), " bytes"));
  }
  uint64_t authority = 0;
  for (size_t i = 2; i < 8; ++i) authority = authority << 8 | sid[i];
  std::string out = absl::StrCat("S-1-", authority);
  for (size_t i = 0; i < count; ++i) {
    absl::StrAppend(&out, "-", Le32(sid, 8 + 4 * i));
  }
  return out;
}

absl::StatusOr<PacLogonInfo> ParsePacLogonInfo(
    absl::Span<const uint8_t> buffer) {
  // MS-RPCE 2.2.6.1 and 2.2.6.2: the common and the private header.
  if (buffer.size() < 16) {
    return Malformed(absl::StrCat("logon info of ", buffer.size(),
                                  " bytes is shorter than its 16-byte type "
                                  "serialization headers"));
  }
  if (buffer[0] != 1) {
    return Malformed(absl::StrCat("logon info: common header Version ",
                                  buffer[0], " is not 1"));
  }
  if (buffer[1] != 0x10) {
    return Malformed(absl::StrFormat(
        "logon info: common header Endianness 0x%02x is not little-endian "
        "(0x10)",
        buffer[1]));
  }
  const uint32_t header_length = buffer[2] | buffer[3] << 8;
  if (header_length != 8) {
    return Malformed(absl::StrCat("logon info: CommonHeaderLength ",
                                  header_length, " is not 8"));
  }
  if (Le32(buffer, 4) != 0xCCCCCCCCu) {
    return Malformed(absl::StrFormat(
        "logon info: common header Filler 0x%08x is not 0xcccccccc",
        Le32(buffer, 4)));
  }
  const uint32_t object_length = Le32(buffer, 8);
  if (object_length > buffer.size() - 16) {
    return Malformed(absl::StrCat("logon info: ObjectBufferLength ",
                                  object_length, " does not fit in the ",
                                  buffer.size() - 16,
                                  " bytes after the headers"));
  }
  NdrReader r(buffer.first(16 + static_cast<size_t>(object_length)), 16);
  if (r.U32("the KERB_VALIDATION_INFO pointer") == 0 && r.ok()) {
    r.Fail("the KERB_VALIDATION_INFO pointer is null");
  }

  // The structure's scalars, MS-PAC 2.5 in order; the referents of its
  // pointers follow it.
  for (const char* field :
       {"LogonTime", "LogoffTime", "KickOffTime", "PasswordLastSet",
        "PasswordCanChange", "PasswordMustChange"}) {
    r.U32(field);  // FILETIME: two ULONGs, 4-byte aligned
    r.U32(field);
  }
  UnicodeString effective_name{"EffectiveName"}, full_name{"FullName"},
      logon_script{"LogonScript"}, profile_path{"ProfilePath"},
      home_directory{"HomeDirectory"},
      home_directory_drive{"HomeDirectoryDrive"}, logon_server{"LogonServer"},
      logon_domain_name{"LogonDomainName"};
  UnicodeString* const first_names[] = {&effective_name, &full_name,
                                        &logon_script,   &profile_path,
                                        &home_directory, &home_directory_drive};
  for (UnicodeString* s : first_names) ReadUnicodeStringHeader(r, *s);
  r.U16("LogonCount");
  r.U16("BadPasswordCount");
  PacLogonInfo info;
  info.user_rid = r.U32("UserId");
  info.primary_group_rid = r.U32("PrimaryGroupId");
  const uint32_t group_count = r.U32("GroupCount");
  const uint32_t group_ids = r.U32("GroupIds");
  CheckArrayCount(r, "GroupCount", group_count, "GroupIds", group_ids);
  info.user_flags = r.U32("UserFlags");
  r.Align(4, "UserSessionKey");
  r.Skip(16, "UserSessionKey");
  ReadUnicodeStringHeader(r, logon_server);
  ReadUnicodeStringHeader(r, logon_domain_name);
  const uint32_t logon_domain_id = r.U32("LogonDomainId");
  if (r.ok() && logon_domain_id == 0) r.Fail("LogonDomainId is null");
  r.U32("Reserved1");
  r.U32("Reserved1");
  r.U32("UserAccountControl");
  r.U32("SubAuthStatus");
  for (const char* field : {"LastSuccessfulILogon", "LastFailedILogon"}) {
    r.U32(field);
    r.U32(field);
  }
  r.U32("FailedILogonCount");
  r.U32("Reserved3");
  const uint32_t sid_count = r.U32("SidCount");
  const uint32_t extra_sids = r.U32("ExtraSids");
  CheckArrayCount(r, "SidCount", sid_count, "ExtraSids", extra_sids);
  const uint32_t resource_domain = r.U32("ResourceGroupDomainSid");
  const uint32_t resource_count = r.U32("ResourceGroupCount");
  const uint32_t resource_ids = r.U32("ResourceGroupIds");
  CheckArrayCount(r, "ResourceGroupCount", resource_count, "ResourceGroupIds",
                  resource_ids);
  const bool resource_groups = (info.user_flags & kLogonResourceGroups) != 0;
  if (r.ok() && resource_groups && resource_count != 0 &&
      resource_domain == 0) {
    r.Fail(
        absl::StrCat("UserFlags has LOGON_RESOURCE_GROUPS and "
                     "ResourceGroupCount is ",
                     resource_count, " but ResourceGroupDomainSid is null"));
  }

  // The referents, in the order of their pointers.
  for (UnicodeString* s : first_names) ReadUnicodeStringBuffer(r, *s);
  std::vector<GroupMembership> groups;
  if (group_ids != 0) groups = ReadGroups(r, "GroupIds", group_count);
  ReadUnicodeStringBuffer(r, logon_server);
  ReadUnicodeStringBuffer(r, logon_domain_name);
  const BinarySid domain = ReadSid(r, "LogonDomainId");
  struct ExtraSid {
    uint32_t pointer = 0;
    uint32_t attributes = 0;
    BinarySid sid;
  };
  std::vector<ExtraSid> extras;
  if (extra_sids != 0) {
    ReadArrayHeader(r, "ExtraSids", sid_count, 8);
    if (r.ok()) extras.resize(sid_count);
    for (ExtraSid& e : extras) {
      e.pointer = r.U32("ExtraSids Sid");
      e.attributes = r.U32("ExtraSids Attributes");
    }
    // The SIDs are the array's embedded referents, after the whole array.
    for (size_t i = 0; i < extras.size() && r.ok(); ++i) {
      const std::string field = absl::StrCat("ExtraSids[", i, "].Sid");
      if (extras[i].pointer == 0) {
        r.Fail(absl::StrCat(field, " is null"));
      } else {
        extras[i].sid = ReadSid(r, field);
      }
    }
  }
  BinarySid resource_domain_sid;
  if (resource_domain != 0) {
    resource_domain_sid = ReadSid(r, "ResourceGroupDomainSid");
  }
  std::vector<GroupMembership> resources;
  if (resource_ids != 0) {
    resources = ReadGroups(r, "ResourceGroupIds", resource_count);
  }
  if (!r.ok()) return r.status();

  info.logon_domain_sid = SidString(r, domain, "LogonDomainId");
  info.user_sid = SidWithRid(r, domain, info.user_rid, "LogonDomainId");
  info.primary_group_sid =
      SidWithRid(r, domain, info.primary_group_rid, "LogonDomainId");
  for (const GroupMembership& g : groups) {
    info.group_sids.push_back(SidWithRid(r, domain, g.rid, "LogonDomainId"));
    info.group_attributes.push_back(g.attributes);
  }
  for (size_t i = 0; i < extras.size(); ++i) {
    info.group_sids.push_back(
        SidString(r, extras[i].sid, absl::StrCat("ExtraSids[", i, "].Sid")));
    info.group_attributes.push_back(extras[i].attributes);
  }
  if (resource_groups) {
    for (const GroupMembership& g : resources) {
      info.group_sids.push_back(
          SidWithRid(r, resource_domain_sid, g.rid, "ResourceGroupDomainSid"));
      info.group_attributes.push_back(g.attributes);
    }
  }
  info.effective_name = std::move(effective_name.utf8);
  info.full_name = std::move(full_name.utf8);
  info.logon_server = std::move(logon_server.utf8);
  info.logon_domain_name = std::move(logon_domain_name.utf8);
  if (!r.ok()) return r.status();
  return info;
}

}  // namespace internal
}  // namespace crossauth
