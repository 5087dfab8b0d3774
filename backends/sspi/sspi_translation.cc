// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_translation.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "backends/sspi/sspi_library.h"
#include "backends/sspi/sspi_strings.h"

namespace crossauth {
namespace internal {
namespace {

// One crossauth flag and its four SSPI spellings: the whole flag
// translation, in both directions and for both sides.
struct FlagBits {
  bool SecurityFlags::*field;
  unsigned long isc_req;
  unsigned long isc_ret;
  unsigned long asc_req;
  unsigned long asc_ret;
};

constexpr FlagBits kFlagBits[] = {
    {&SecurityFlags::mutual, ISC_REQ_MUTUAL_AUTH, ISC_RET_MUTUAL_AUTH,
     ASC_REQ_MUTUAL_AUTH, ASC_RET_MUTUAL_AUTH},
    {&SecurityFlags::delegate, ISC_REQ_DELEGATE, ISC_RET_DELEGATE,
     ASC_REQ_DELEGATE, ASC_RET_DELEGATE},
    {&SecurityFlags::replay_detect, ISC_REQ_REPLAY_DETECT,
     ISC_RET_REPLAY_DETECT, ASC_REQ_REPLAY_DETECT, ASC_RET_REPLAY_DETECT},
    {&SecurityFlags::sequence_detect, ISC_REQ_SEQUENCE_DETECT,
     ISC_RET_SEQUENCE_DETECT, ASC_REQ_SEQUENCE_DETECT, ASC_RET_SEQUENCE_DETECT},
    {&SecurityFlags::confidentiality, ISC_REQ_CONFIDENTIALITY,
     ISC_RET_CONFIDENTIALITY, ASC_REQ_CONFIDENTIALITY, ASC_RET_CONFIDENTIALITY},
    {&SecurityFlags::integrity, ISC_REQ_INTEGRITY, ISC_RET_INTEGRITY,
     ASC_REQ_INTEGRITY, ASC_RET_INTEGRITY},
};

// SecurityFlags with every field false.
SecurityFlags NoFlags() {
  SecurityFlags flags;
  for (const FlagBits& bits : kFlagBits) flags.*bits.field = false;
  flags.channel_bound = false;
  return flags;
}

}  // namespace

unsigned long IscRequestFlags(const SecurityFlags& flags) {
  // Integrity always: every message call needs it, and SSPI packages only
  // sign when asked.
  unsigned long request = ISC_REQ_INTEGRITY;
  for (const FlagBits& bits : kFlagBits) {
    if (flags.*bits.field) request |= bits.isc_req;
  }
  return request;
}

unsigned long AscRequestFlags() {
  SecurityFlags wanted = NoFlags();
  wanted.integrity = true;
  wanted.confidentiality = true;
  wanted.replay_detect = true;
  wanted.sequence_detect = true;
  unsigned long request = ASC_REQ_EXTENDED_ERROR;
  for (const FlagBits& bits : kFlagBits) {
    if (wanted.*bits.field) request |= bits.asc_req;
  }
  return request;
}

SecurityFlags ReturnedFlags(bool initiator, unsigned long attributes) {
  SecurityFlags flags = NoFlags();
  for (const FlagBits& bits : kFlagBits) {
    flags.*bits.field =
        (attributes & (initiator ? bits.isc_ret : bits.asc_ret)) != 0;
  }
  return flags;
}

SecurityFlags IscReturnedFlags(unsigned long attributes) {
  return ReturnedFlags(/*initiator=*/true, attributes);
}

SecurityFlags AscReturnedFlags(unsigned long attributes) {
  return ReturnedFlags(/*initiator=*/false, attributes);
}

unsigned long ReturnedAttributes(bool initiator, const SecurityFlags& flags) {
  unsigned long attributes = 0;
  for (const FlagBits& bits : kFlagBits) {
    if (flags.*bits.field)
      attributes |= initiator ? bits.isc_ret : bits.asc_ret;
  }
  return attributes;
}

std::wstring SspiTargetName(const TargetName& target) {
  if (target.kind == TargetName::Kind::kPrincipal) {
    return Wide(target.principal);
  }
  return Wide(absl::StrCat(target.service, "/", target.host));
}

std::vector<uint8_t> SspiBindingsBuffer(const ChannelBindings& bindings) {
  const std::vector<uint8_t>& data = bindings.application_data();
  std::vector<uint8_t> out(sizeof(SEC_CHANNEL_BINDINGS) + data.size());
  SEC_CHANNEL_BINDINGS header = {};
  header.cbApplicationDataLength = static_cast<unsigned long>(data.size());
  header.dwApplicationDataOffset = sizeof(SEC_CHANNEL_BINDINGS);
  std::memcpy(out.data(), &header, sizeof(header));
  if (!data.empty()) {
    std::memcpy(out.data() + sizeof(header), data.data(), data.size());
  }
  return out;
}

}  // namespace internal
}  // namespace crossauth
