// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_certificates.h: self-signed certificates the tests make themselves.

#ifndef CROSSAUTH_TESTS_SUPPORT_TEST_CERTIFICATES_H_
#define CROSSAUTH_TESTS_SUPPORT_TEST_CERTIFICATES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace crossauth {
namespace test {

// TestCertificate()
//
// A fresh self-signed DER certificate signed with `algorithm`: "rsa-sha256",
// "rsa-sha1", "rsa-md5", "ecdsa-sha384", "rsa-sha512" or "ed25519". On POSIX
// it is made with OpenSSL in this process. A Windows build reads
// <algorithm>.der from $CROSSAUTH_TEST_CERT_DIR, which a native step fills
// with the openssl command.
absl::StatusOr<std::vector<uint8_t>> TestCertificate(
    absl::string_view algorithm);

// Sha2()
//
// The SHA-256/384/512 (`bits`) digest of `data`, for expected values.
std::vector<uint8_t> Sha2(int bits, const std::vector<uint8_t>& data);

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_TEST_CERTIFICATES_H_
