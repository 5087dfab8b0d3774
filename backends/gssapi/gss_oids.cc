// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_oids.h"

#include <cstring>

#include "backends/common/ntlm_message.h"

namespace crossauth {
namespace internal {
namespace {

// DER contents of the OIDs (RFC 4121, RFC 4178, MS-NLMP).
char kKerberosDer[] = "\x2a\x86\x48\x86\xf7\x12\x01\x02\x02";
char kSpnegoDer[] = "\x2b\x06\x01\x05\x05\x02";
char kNtlmDer[] = "\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a";

gss_OID_desc kKerberos = {9, kKerberosDer};
gss_OID_desc kSpnego = {6, kSpnegoDer};
gss_OID_desc kNtlm = {10, kNtlmDer};

bool Same(absl::Span<const uint8_t> der, const gss_OID_desc& b) {
  return der.size() == b.length &&
         (der.empty() || std::memcmp(der.data(), b.elements, b.length) == 0);
}

// The mechanism whose DER OID contents are `der`; compares bytes only, so
// that caller bytes never need a (non-const) gss_OID_desc around them.
std::optional<Mechanism> MechanismForDer(absl::Span<const uint8_t> der) {
  if (Same(der, kKerberos)) return Mechanism::kKerberos;
  if (Same(der, kSpnego)) return Mechanism::kNegotiate;
  if (Same(der, kNtlm)) return Mechanism::kNtlm;
  return std::nullopt;
}

}  // namespace

gss_OID OidFor(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::kKerberos:
      return &kKerberos;
    case Mechanism::kNegotiate:
      return &kSpnego;
    case Mechanism::kNtlm:
      return &kNtlm;
  }
  return GSS_C_NO_OID;
}

std::optional<Mechanism> MechanismForOid(gss_const_OID oid) {
  if (oid == GSS_C_NO_OID) return std::nullopt;
  return MechanismForDer(absl::MakeConstSpan(
      static_cast<const uint8_t*>(oid->elements), oid->length));
}

std::optional<Mechanism> InitialTokenMechanism(
    absl::Span<const uint8_t> token) {
  if (IsRawNtlmMessage(token)) return Mechanism::kNtlm;
  if (token.size() < 2 || token[0] != 0x60) return std::nullopt;
  size_t pos = 1;
  // Skip the DER length of the outer framing (short or long form).
  if (token[pos] & 0x80) {
    size_t length_bytes = token[pos] & 0x7f;
    if (length_bytes == 0 || length_bytes > 4) return std::nullopt;
    pos += 1 + length_bytes;
  } else {
    pos += 1;
  }
  if (pos + 2 > token.size() || token[pos] != 0x06) return std::nullopt;
  size_t oid_length = token[pos + 1];
  pos += 2;
  if (oid_length > 127 || pos + oid_length > token.size()) return std::nullopt;
  return MechanismForDer(token.subspan(pos, oid_length));
}

}  // namespace internal
}  // namespace crossauth
