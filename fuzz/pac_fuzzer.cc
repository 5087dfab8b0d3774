// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// pac: the PAC reader (src/core/pac.h), which decodes what a KDC wrote but a
// peer can shape: ParsePacBuffers() on the input, then ParsePacLogonInfo()
// on each logon-info (type 1) buffer; an input that is not a PAC is decoded
// as a logon-info buffer itself, so that both kinds of seed reach the NDR.
//
// Input: a whole PAC (PACTYPE), or one logon-info buffer. Seeds: PACs and a
// bare buffer written from tests/pac/logon_info_writer.h's vectors, and a
// whole PAC of crossauth-test-domain's Samba 4.17 KDC (alice in two groups;
// tests/pac/pac_test.cc's PacLogonInfoTest.ARealSambaPac has its logon
// info).
// Checks: a failure is InvalidArgument/kMalformedToken with a "malformed
// PAC: " message; buffers lie inside the input; a decoded logon info has
// one attribute per group, at most 3 * kPacMaxGroups groups, and its user
// and primary group SIDs are its domain SID plus their RIDs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "crossauth/error.h"
#include "fuzz/fuzz_support.h"
#include "src/core/pac.h"

namespace {

constexpr char kHarness[] = "pac";

using crossauth::fuzz::Check;

void CheckRefusal(const absl::Status& status) {
  Check(status.code() == absl::StatusCode::kInvalidArgument, kHarness,
        "a refusal that is not InvalidArgument");
  Check(crossauth::GetErrorReason(status) ==
            crossauth::ErrorReason::kMalformedToken,
        kHarness, "a refusal without kMalformedToken");
  Check(absl::StartsWith(status.message(), "malformed PAC: "), kHarness,
        "a refusal whose message does not say \"malformed PAC\"");
}

void DecodeLogonInfo(absl::Span<const uint8_t> buffer) {
  absl::StatusOr<crossauth::internal::PacLogonInfo> info =
      crossauth::internal::ParsePacLogonInfo(buffer);
  if (!info.ok()) {
    CheckRefusal(info.status());
    return;
  }
  Check(info->group_sids.size() == info->group_attributes.size(), kHarness,
        "groups and attributes differ in number");
  Check(info->group_sids.size() <= 3 * crossauth::internal::kPacMaxGroups,
        kHarness, "more groups than the limits allow");
  Check(absl::StartsWith(info->logon_domain_sid, "S-1-"), kHarness,
        "a domain SID that is not S-1-...");
  Check(info->user_sid ==
            absl::StrCat(info->logon_domain_sid, "-", info->user_rid),
        kHarness, "a user SID that is not the domain SID plus UserId");
  Check(info->primary_group_sid ==
            absl::StrCat(info->logon_domain_sid, "-", info->primary_group_rid),
        kHarness,
        "a primary group SID that is not the domain SID plus its RID");
  for (const std::string& sid : info->group_sids) {
    Check(absl::StartsWith(sid, "S-1-"), kHarness,
          "a group SID that is not S-1-...");
  }
  for (const std::string* name :
       {&info->effective_name, &info->full_name, &info->logon_server,
        &info->logon_domain_name}) {
    Check(name->find('\0') == std::string::npos, kHarness, "a name with a NUL");
    Check(name->size() <= 3 * 32767, kHarness,
          "a name longer than 32767 UTF-16 code units can be");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::Span<const uint8_t> input(data, size);
  absl::StatusOr<std::vector<crossauth::internal::PacBuffer>> buffers =
      crossauth::internal::ParsePacBuffers(input);
  if (!buffers.ok()) {
    CheckRefusal(buffers.status());
    DecodeLogonInfo(input);
    return 0;
  }
  Check(buffers->size() <= crossauth::internal::kPacMaxBuffers, kHarness,
        "more buffers than kPacMaxBuffers");
  for (const crossauth::internal::PacBuffer& buffer : *buffers) {
    Check(buffer.data.empty() ||
              (buffer.data.data() >= data &&
               buffer.data.data() + buffer.data.size() <= data + size),
          kHarness, "a buffer outside the PAC");
    if (buffer.type == crossauth::internal::kPacLogonInfo) {
      DecodeLogonInfo(buffer.data);
    }
  }
  return 0;
}
