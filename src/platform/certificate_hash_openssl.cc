// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/platform/certificate_hash.h"

namespace crossauth {
namespace internal {

absl::StatusOr<std::vector<uint8_t>> CertificateEndPointHash(
    absl::Span<const uint8_t> der_certificate) {
  const unsigned char* cursor = der_certificate.data();
  std::unique_ptr<X509, decltype(&X509_free)> certificate(
      d2i_X509(nullptr, &cursor, static_cast<long>(der_certificate.size())),
      X509_free);
  if (certificate == nullptr ||
      cursor != der_certificate.data() + der_certificate.size()) {
    return absl::InvalidArgumentError(
        "TlsServerEndPoint(): the bytes are not one DER X.509 certificate");
  }
  const int signature = X509_get_signature_nid(certificate.get());
  int digest = NID_undef;
  if (!OBJ_find_sigid_algs(signature, &digest, nullptr) ||
      digest == NID_undef) {
    return absl::UnimplementedError(absl::StrCat(
        "TlsServerEndPoint(): the certificate's signature algorithm (",
        OBJ_nid2ln(signature),
        ") has no single hash; RFC 5929 defines no bindings for it"));
  }
  if (digest == NID_md5 || digest == NID_sha1) digest = NID_sha256;
  const EVP_MD* md = EVP_get_digestbynid(digest);
  if (md == nullptr) {
    return absl::UnimplementedError(absl::StrCat(
        "TlsServerEndPoint(): OpenSSL has no digest ", OBJ_nid2ln(digest)));
  }
  std::vector<uint8_t> hash(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  if (EVP_Digest(der_certificate.data(), der_certificate.size(), hash.data(),
                 &length, md, nullptr) != 1) {
    return absl::InternalError("TlsServerEndPoint(): EVP_Digest failed");
  }
  hash.resize(length);
  return hash;
}

}  // namespace internal
}  // namespace crossauth
