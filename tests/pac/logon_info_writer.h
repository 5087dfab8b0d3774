// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// logon_info_writer.h: builds PAC logon-info buffers (MS-PAC 2.5
// KERB_VALIDATION_INFO in NDR, behind the MS-RPCE 2.2.6 type serialization
// version 1 headers) for tests/pac/pac_test.cc, and PACs around them (the
// fuzz seeds in fuzz/seeds/pac/ are such PACs). Written from the
// specifications; it records where each field lands, so that a test can
// break exactly one field of a valid buffer.
//
//   LogonInfoSpec spec = TwoGroupUser();
//   EncodedLogonInfo good = EncodeLogonInfo(spec);
//   std::vector<uint8_t> bad = good.bytes;
//   Put32At(bad, good.at.at("GroupCount"), 5000);

#ifndef CROSSAUTH_TESTS_PAC_LOGON_INFO_WRITER_H_
#define CROSSAUTH_TESTS_PAC_LOGON_INFO_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crossauth::internal::pac_test {

// A little-endian NDR writer with 4-byte alignment and named positions.
class NdrWriter {
 public:
  void Align(size_t alignment) {
    while (bytes_.size() % alignment != 0) bytes_.push_back(0);
  }
  // Remembers the position of the next field as `name` (after aligning to
  // `alignment`).
  void Mark(const std::string& name, size_t alignment = 4) {
    Align(alignment);
    at_[name] = bytes_.size();
  }
  void U8(uint8_t v) { bytes_.push_back(v); }
  void U16(uint16_t v) {
    Align(2);
    U8(static_cast<uint8_t>(v));
    U8(static_cast<uint8_t>(v >> 8));
  }
  void U32(uint32_t v) {
    Align(4);
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Raw(const std::vector<uint8_t>& b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
  }
  // A new non-null referent ID (NDR's usual 0x00020000, 0x00020004, ...).
  uint32_t Referent() {
    next_referent_ += 4;
    return next_referent_;
  }

  std::vector<uint8_t>& bytes() { return bytes_; }
  std::map<std::string, size_t>& at() { return at_; }

 private:
  std::vector<uint8_t> bytes_;
  std::map<std::string, size_t> at_;
  uint32_t next_referent_ = 0x0001FFFC;
};

inline void Put32At(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.at(at + i) = static_cast<uint8_t>(v >> (8 * i));
}
inline void Put16At(std::vector<uint8_t>& b, size_t at, uint16_t v) {
  b.at(at) = static_cast<uint8_t>(v);
  b.at(at + 1) = static_cast<uint8_t>(v >> 8);
}

// A SID: identifier authority (48 bits) and sub-authorities.
struct Sid {
  uint64_t authority = 5;
  std::vector<uint32_t> sub_authorities;
};

struct Group {
  uint32_t rid = 0;
  uint32_t attributes =
      7;  // SE_GROUP_MANDATORY | _ENABLED_BY_DEFAULT | _ENABLED
};

struct ExtraSid {
  Sid sid;
  uint32_t attributes = 7;
};

// An RPC_UNICODE_STRING: its UTF-16 code units; `null_buffer` writes a null
// Buffer pointer (only sensible when empty); `extra_maximum` bytes are added
// to MaximumLength (room the string does not use).
struct Name {
  std::u16string text;
  bool null_buffer = false;
  uint16_t extra_maximum = 0;
};

struct LogonInfoSpec {
  Name effective_name, full_name, logon_script, profile_path, home_directory,
      home_directory_drive, logon_server, logon_domain_name;
  uint32_t user_id = 0;
  uint32_t primary_group_id = 513;
  std::vector<Group> groups;
  bool null_group_ids = false;  // a null GroupIds pointer
  uint32_t user_flags = 0;
  Sid logon_domain_id;
  bool null_logon_domain_id = false;
  std::vector<ExtraSid> extra_sids;
  bool null_extra_sids = false;
  std::optional<Sid> resource_group_domain_sid;
  std::vector<Group> resource_groups;
  bool null_resource_group_ids = false;
};

struct EncodedLogonInfo {
  std::vector<uint8_t> bytes;
  // Field positions: "ObjectBufferLength", "GroupCount", "GroupIds",
  // "GroupIds.MaximumCount", "EffectiveName.Length", "EffectiveName.Buffer",
  // "EffectiveName.ActualCount", "LogonDomainId.SubAuthorityCount",
  // "ExtraSids[1].Sid", ... (see EncodeLogonInfo()).
  std::map<std::string, size_t> at;
  // Where the NDR data ends, before the padding to 8 bytes.
  size_t end = 0;
};

inline void WriteSid(NdrWriter& w, const std::string& name, const Sid& sid) {
  w.Mark(name + ".MaximumCount");
  w.U32(static_cast<uint32_t>(sid.sub_authorities.size()));
  w.U8(1);  // Revision
  w.Mark(name + ".SubAuthorityCount", 1);
  w.U8(static_cast<uint8_t>(sid.sub_authorities.size()));
  for (int i = 5; i >= 0; --i) {
    w.U8(static_cast<uint8_t>(sid.authority >> (8 * i)));
  }
  for (uint32_t s : sid.sub_authorities) w.U32(s);
}

inline void WriteNameHeader(NdrWriter& w, const std::string& field,
                            const Name& n) {
  const auto length = static_cast<uint16_t>(2 * n.text.size());
  w.Mark(field + ".Length", 2);
  w.U16(length);
  w.Mark(field + ".MaximumLength", 2);
  w.U16(static_cast<uint16_t>(length + n.extra_maximum));
  w.Mark(field + ".Buffer");
  w.U32(n.null_buffer ? 0 : w.Referent());
}

inline void WriteNameBuffer(NdrWriter& w, const std::string& field,
                            const Name& n) {
  if (n.null_buffer) return;
  w.Mark(field + ".MaximumCount");
  w.U32(static_cast<uint32_t>(n.text.size() + n.extra_maximum / 2));
  w.Mark(field + ".Offset");
  w.U32(0);
  w.Mark(field + ".ActualCount");
  w.U32(static_cast<uint32_t>(n.text.size()));
  w.Mark(field + ".Characters", 2);
  for (char16_t c : n.text) w.U16(static_cast<uint16_t>(c));
}

inline void WriteGroups(NdrWriter& w, const std::string& field,
                        const std::vector<Group>& groups) {
  w.Mark(field + ".MaximumCount");
  w.U32(static_cast<uint32_t>(groups.size()));
  for (const Group& g : groups) {
    w.U32(g.rid);
    w.U32(g.attributes);
  }
}

// The logon-info buffer of `spec`: the headers, the top-level pointer, the
// KERB_VALIDATION_INFO and its referents in NDR order, padded to 8 bytes.
inline EncodedLogonInfo EncodeLogonInfo(const LogonInfoSpec& spec) {
  NdrWriter w;
  w.Mark("Version", 1);
  w.U8(1);
  w.Mark("Endianness", 1);
  w.U8(0x10);
  w.Mark("CommonHeaderLength", 2);
  w.U16(8);
  w.Mark("Filler");
  w.U32(0xCCCCCCCC);
  w.Mark("ObjectBufferLength");
  w.U32(0);
  w.U32(0);  // the private header's filler
  w.Mark("Pointer");
  w.U32(w.Referent());
  for (int i = 0; i < 6; ++i) {  // the six FILETIMEs
    w.U32(0x11111111u * static_cast<uint32_t>(i + 1));
    w.U32(0x01D00000);
  }
  const std::pair<const char*, const Name*> first_names[] = {
      {"EffectiveName", &spec.effective_name},
      {"FullName", &spec.full_name},
      {"LogonScript", &spec.logon_script},
      {"ProfilePath", &spec.profile_path},
      {"HomeDirectory", &spec.home_directory},
      {"HomeDirectoryDrive", &spec.home_directory_drive}};
  for (const auto& [field, name] : first_names) {
    WriteNameHeader(w, field, *name);
  }
  w.U16(3);  // LogonCount
  w.U16(0);  // BadPasswordCount
  w.Mark("UserId");
  w.U32(spec.user_id);
  w.Mark("PrimaryGroupId");
  w.U32(spec.primary_group_id);
  w.Mark("GroupCount");
  w.U32(static_cast<uint32_t>(spec.groups.size()));
  w.Mark("GroupIds");
  w.U32(spec.null_group_ids ? 0 : w.Referent());
  w.Mark("UserFlags");
  w.U32(spec.user_flags);
  for (int i = 0; i < 16; ++i) w.U8(0x5A);  // UserSessionKey (unused)
  WriteNameHeader(w, "LogonServer", spec.logon_server);
  WriteNameHeader(w, "LogonDomainName", spec.logon_domain_name);
  w.Mark("LogonDomainId");
  w.U32(spec.null_logon_domain_id ? 0 : w.Referent());
  w.U32(0);                              // Reserved1[0]
  w.U32(0);                              // Reserved1[1]
  w.U32(0x00000210);                     // UserAccountControl
  w.U32(0);                              // SubAuthStatus
  for (int i = 0; i < 4; ++i) w.U32(0);  // LastSuccessfulILogon, ...Failed...
  w.U32(0);                              // FailedILogonCount
  w.U32(0);                              // Reserved3
  w.Mark("SidCount");
  w.U32(static_cast<uint32_t>(spec.extra_sids.size()));
  w.Mark("ExtraSids");
  w.U32(spec.null_extra_sids ? 0 : w.Referent());
  w.Mark("ResourceGroupDomainSid");
  w.U32(spec.resource_group_domain_sid.has_value() ? w.Referent() : 0);
  w.Mark("ResourceGroupCount");
  w.U32(static_cast<uint32_t>(spec.resource_groups.size()));
  w.Mark("ResourceGroupIds");
  w.U32(spec.null_resource_group_ids ? 0 : w.Referent());

  // The referents, in the order of their pointers.
  for (const auto& [field, name] : first_names) {
    WriteNameBuffer(w, field, *name);
  }
  if (!spec.null_group_ids) WriteGroups(w, "GroupIds", spec.groups);
  WriteNameBuffer(w, "LogonServer", spec.logon_server);
  WriteNameBuffer(w, "LogonDomainName", spec.logon_domain_name);
  if (!spec.null_logon_domain_id) {
    WriteSid(w, "LogonDomainId", spec.logon_domain_id);
  }
  if (!spec.null_extra_sids) {
    w.Mark("ExtraSids.MaximumCount");
    w.U32(static_cast<uint32_t>(spec.extra_sids.size()));
    for (size_t i = 0; i < spec.extra_sids.size(); ++i) {
      w.Mark("ExtraSids[" + std::to_string(i) + "].Sid");
      w.U32(w.Referent());
      w.U32(spec.extra_sids[i].attributes);
    }
    for (size_t i = 0; i < spec.extra_sids.size(); ++i) {
      WriteSid(w, "ExtraSids[" + std::to_string(i) + "]",
               spec.extra_sids[i].sid);
    }
  }
  if (spec.resource_group_domain_sid.has_value()) {
    WriteSid(w, "ResourceGroupDomainSid", *spec.resource_group_domain_sid);
  }
  if (!spec.null_resource_group_ids) {
    WriteGroups(w, "ResourceGroupIds", spec.resource_groups);
  }
  EncodedLogonInfo out;
  out.end = w.bytes().size();
  w.Align(8);
  out.bytes = std::move(w.bytes());
  out.at = std::move(w.at());
  Put32At(out.bytes, out.at.at("ObjectBufferLength"),
          static_cast<uint32_t>(out.bytes.size() - 16));
  return out;
}

// A PAC (PACTYPE, MS-PAC 2.3) with `logon_info` as its only buffer (type 1,
// at offset 24) and a second, empty client-info buffer (type 10) after it.
inline std::vector<uint8_t> PacWith(const std::vector<uint8_t>& logon_info) {
  NdrWriter w;
  w.U32(2);  // cBuffers
  w.U32(0);  // Version
  const size_t first = 8 + 2 * 16;
  size_t second = first + logon_info.size();
  second += (8 - second % 8) % 8;
  w.U32(1);
  w.U32(static_cast<uint32_t>(logon_info.size()));
  w.U32(static_cast<uint32_t>(first));
  w.U32(0);
  w.U32(10);
  w.U32(0);
  w.U32(static_cast<uint32_t>(second));
  w.U32(0);
  w.Raw(logon_info);
  w.Align(8);
  return std::move(w.bytes());
}

// The domain S-1-5-21-1111-2222-3333.
inline Sid TestDomainSid() { return Sid{5, {21, 1111, 2222, 3333}}; }

// alice (RID 1104) in Domain Users (513, primary) and a group (1108), with
// the extra SIDs S-1-18-1 (authentication authority asserted identity) and
// S-1-5-21-7-8-9-1200 (a group of another domain), and the resource group
// 1300 of S-1-5-21-4-5-6 (LOGON_EXTRA_SIDS | LOGON_RESOURCE_GROUPS).
inline LogonInfoSpec TwoGroupUser() {
  LogonInfoSpec s;
  s.effective_name.text = u"alice";
  s.full_name.text = u"Alice Example";
  s.logon_server.text = u"DC1";
  s.logon_domain_name.text = u"ADTEST";
  s.user_id = 1104;
  s.primary_group_id = 513;
  s.groups = {{513, 7}, {1108, 7}};
  s.user_flags = 0x20 | 0x200;
  s.logon_domain_id = TestDomainSid();
  s.extra_sids = {{Sid{18, {1}}, 7}, {Sid{5, {21, 7, 8, 9, 1200}}, 0x20000007}};
  s.resource_group_domain_sid = Sid{5, {21, 4, 5, 6}};
  s.resource_groups = {{1300, 0x20000007}};
  return s;
}

}  // namespace crossauth::internal::pac_test

#endif  // CROSSAUTH_TESTS_PAC_LOGON_INFO_WRITER_H_
