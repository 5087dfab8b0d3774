// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// certificate_hash.h: the certificate hash of RFC 5929 section 4.1, from the
// platform's crypto library (OpenSSL on POSIX, CNG on Windows).

#ifndef CROSSAUTH_SRC_PLATFORM_CERTIFICATE_HASH_H_
#define CROSSAUTH_SRC_PLATFORM_CERTIFICATE_HASH_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace crossauth {
namespace internal {

// CertificateEndPointHash()
//
// Hashes the DER certificate with its signature algorithm's hash, SHA-256
// instead of MD5 or SHA-1.
absl::StatusOr<std::vector<uint8_t>> CertificateEndPointHash(
    absl::Span<const uint8_t> der_certificate);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_SRC_PLATFORM_CERTIFICATE_HASH_H_
