// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/platform/certificate_hash.h"

namespace crossauth {
namespace internal {
namespace {

// Signature algorithm OIDs and the CNG hash of each (RFC 5929 section 4.1:
// MD5 and SHA-1 become SHA-256).
struct Algorithm {
  const char* oid;
  const wchar_t* hash;
};
constexpr Algorithm kAlgorithms[] = {
    {"1.2.840.113549.1.1.4", L"SHA256"},   // md5WithRSAEncryption
    {"1.2.840.113549.1.1.5", L"SHA256"},   // sha1WithRSAEncryption
    {"1.2.840.113549.1.1.11", L"SHA256"},  // sha256WithRSAEncryption
    {"1.2.840.113549.1.1.12", L"SHA384"},  // sha384WithRSAEncryption
    {"1.2.840.113549.1.1.13", L"SHA512"},  // sha512WithRSAEncryption
    {"1.2.840.10045.4.1", L"SHA256"},      // ecdsa-with-SHA1
    {"1.2.840.10045.4.3.2", L"SHA256"},    // ecdsa-with-SHA256
    {"1.2.840.10045.4.3.3", L"SHA384"},    // ecdsa-with-SHA384
    {"1.2.840.10045.4.3.4", L"SHA512"},    // ecdsa-with-SHA512
};

// The total length of the DER SEQUENCE at the start of `der` (tag, length
// and contents), or 0 when it does not start with one.
size_t DerLength(absl::Span<const uint8_t> der) {
  if (der.size() < 2 || der[0] != 0x30) return 0;
  if (!(der[1] & 0x80)) return 2 + der[1];
  const size_t length_bytes = der[1] & 0x7f;
  if (length_bytes == 0 || length_bytes > 4 || der.size() < 2 + length_bytes) {
    return 0;
  }
  size_t length = 0;
  for (size_t i = 0; i < length_bytes; ++i) length = (length << 8) | der[2 + i];
  return 2 + length_bytes + length;
}

}  // namespace

absl::StatusOr<std::vector<uint8_t>> CertificateEndPointHash(
    absl::Span<const uint8_t> der_certificate) {
  // CertCreateCertificateContext accepts bytes after the certificate; the
  // outer SEQUENCE's DER length must cover the input exactly.
  if (DerLength(der_certificate) != der_certificate.size()) {
    return absl::InvalidArgumentError(
        "TlsServerEndPoint(): the bytes are not one DER X.509 certificate");
  }
  PCCERT_CONTEXT certificate =
      CertCreateCertificateContext(X509_ASN_ENCODING, der_certificate.data(),
                                   static_cast<DWORD>(der_certificate.size()));
  if (certificate == nullptr) {
    return absl::InvalidArgumentError(
        "TlsServerEndPoint(): the bytes are not one DER X.509 certificate");
  }
  const std::string oid =
      certificate->pCertInfo->SignatureAlgorithm.pszObjId != nullptr
          ? certificate->pCertInfo->SignatureAlgorithm.pszObjId
          : "";
  CertFreeCertificateContext(certificate);
  const wchar_t* hash_name = nullptr;
  for (const Algorithm& algorithm : kAlgorithms) {
    if (oid == algorithm.oid) hash_name = algorithm.hash;
  }
  if (hash_name == nullptr) {
    return absl::UnimplementedError(absl::StrCat(
        "TlsServerEndPoint(): the certificate's signature algorithm (", oid,
        ") has no single hash known to crossauth; RFC 5929 defines no "
        "bindings for it"));
  }
  std::vector<uint8_t> hash(64);
  DWORD length = static_cast<DWORD>(hash.size());
  if (!CryptHashCertificate2(hash_name, 0, nullptr, der_certificate.data(),
                             static_cast<DWORD>(der_certificate.size()),
                             hash.data(), &length)) {
    return absl::InternalError(
        absl::StrCat("TlsServerEndPoint(): CryptHashCertificate2 failed (",
                     GetLastError(), ")"));
  }
  hash.resize(length);
  return hash;
}

}  // namespace internal
}  // namespace crossauth
