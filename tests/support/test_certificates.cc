// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "tests/support/test_certificates.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

#if CROSSAUTH_TEST_BACKEND_SSPI
// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on
#else
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#endif

namespace crossauth {
namespace test {

#if CROSSAUTH_TEST_BACKEND_SSPI

absl::StatusOr<std::vector<uint8_t>> TestCertificate(
    absl::string_view algorithm) {
  const char* dir = std::getenv("CROSSAUTH_TEST_CERT_DIR");
  if (dir == nullptr) {
    return absl::FailedPreconditionError("CROSSAUTH_TEST_CERT_DIR is not set");
  }
  std::string path = absl::StrCat(dir, "/", algorithm, ".der");
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::vector<uint8_t> Sha2(int bits, const std::vector<uint8_t>& data) {
  const wchar_t* name = bits == 256   ? L"SHA256"
                        : bits == 384 ? L"SHA384"
                                      : L"SHA512";
  std::vector<uint8_t> out(bits / 8);
  DWORD length = static_cast<DWORD>(out.size());
  CryptHashCertificate2(name, 0, nullptr, data.data(),
                        static_cast<DWORD>(data.size()), out.data(), &length);
  return out;
}

#else

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Key MakeKey(absl::string_view algorithm) {
  if (algorithm == "ecdsa-sha384") {
    return Key(EVP_EC_gen("P-384"), EVP_PKEY_free);
  }
  if (algorithm == "ed25519") {
    return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
  }
  // Small keys keep the tests fast; these certificates protect nothing.
  return Key(EVP_RSA_gen(1024), EVP_PKEY_free);
}

const EVP_MD* DigestFor(absl::string_view algorithm) {
  if (algorithm == "rsa-sha1") return EVP_sha1();
  if (algorithm == "rsa-md5") return EVP_md5();
  if (algorithm == "ecdsa-sha384") return EVP_sha384();
  if (algorithm == "rsa-sha512") return EVP_sha512();
  if (algorithm == "ed25519") return nullptr;  // EdDSA hashes internally
  return EVP_sha256();
}

absl::StatusOr<std::vector<uint8_t>> MakeCertificate(
    absl::string_view algorithm) {
  Key key = MakeKey(algorithm);
  if (key == nullptr) return absl::InternalError("key generation failed");
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>("crossauth test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key.get());
  if (X509_sign(cert.get(), key.get(), DigestFor(algorithm)) <= 0) {
    return absl::InternalError(
        absl::StrCat("signing with ", algorithm, " failed"));
  }
  int length = i2d_X509(cert.get(), nullptr);
  std::vector<uint8_t> der(static_cast<size_t>(length));
  unsigned char* cursor = der.data();
  i2d_X509(cert.get(), &cursor);
  return der;
}

}  // namespace

// Key generation dominates; one certificate per algorithm and process will do.
absl::StatusOr<std::vector<uint8_t>> TestCertificate(
    absl::string_view algorithm) {
  static absl::Mutex mutex(absl::kConstInit);
  static auto* made = new std::map<std::string, std::vector<uint8_t>>();
  absl::MutexLock lock(&mutex);
  auto it = made->find(std::string(algorithm));
  if (it != made->end()) return it->second;
  absl::StatusOr<std::vector<uint8_t>> der = MakeCertificate(algorithm);
  if (der.ok()) (*made)[std::string(algorithm)] = *der;
  return der;
}

std::vector<uint8_t> Sha2(int bits, const std::vector<uint8_t>& data) {
  const EVP_MD* md = bits == 256   ? EVP_sha256()
                     : bits == 384 ? EVP_sha384()
                                   : EVP_sha512();
  std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, md, nullptr);
  out.resize(length);
  return out;
}

#endif

}  // namespace test
}  // namespace crossauth
