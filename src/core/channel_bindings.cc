// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/channel_bindings.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/native_status.h"
#include "src/platform/certificate_hash.h"

namespace crossauth {
namespace {

ChannelBindings Prefixed(absl::string_view prefix,
                         absl::Span<const uint8_t> bytes) {
  std::vector<uint8_t> data(prefix.begin(), prefix.end());
  data.insert(data.end(), bytes.begin(), bytes.end());
  return ChannelBindings::FromApplicationData(data);
}

}  // namespace

ChannelBindings ChannelBindings::FromApplicationData(
    absl::Span<const uint8_t> data) {
  ChannelBindings bindings;
  bindings.data_.assign(data.begin(), data.end());
  return bindings;
}

absl::StatusOr<ChannelBindings> ChannelBindings::TlsServerEndPoint(
    absl::Span<const uint8_t> der_certificate) {
  if (der_certificate.empty()) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        "TlsServerEndPoint(): the certificate is empty",
        ErrorReason::kInvalidArgument);
  }
  absl::StatusOr<std::vector<uint8_t>> hash =
      internal::CertificateEndPointHash(der_certificate);
  if (!hash.ok()) return hash.status();
  return Prefixed("tls-server-end-point:", *hash);
}

absl::StatusOr<ChannelBindings> ChannelBindings::TlsExporter(
    absl::Span<const uint8_t> exported) {
  // RFC 9266 section 2: the exporter's output length is 32 bytes.
  constexpr size_t kExporterLength = 32;
  if (exported.size() != kExporterLength) {
    return internal::ReasonedError(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat(
            "TlsExporter(): expected the ", kExporterLength,
            " bytes of the \"EXPORTER-Channel-Binding\" exporter, got ",
            exported.size()),
        ErrorReason::kInvalidArgument);
  }
  return Prefixed("tls-exporter:", exported);
}

}  // namespace crossauth
