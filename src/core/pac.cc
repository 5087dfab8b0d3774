// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/pac.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"

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

absl::Status Malformed(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("malformed PAC: ", what));
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

}  // namespace internal
}  // namespace crossauth
