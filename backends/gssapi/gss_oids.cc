// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_oids.h"

#include <cstring>

#include "src/ntlm_message.h"

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

bool Same(gss_const_OID a, const gss_OID_desc& b) {
  return a->length == b.length &&
         std::memcmp(a->elements, b.elements, b.length) == 0;
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
  if (Same(oid, kKerberos)) return Mechanism::kKerberos;
  if (Same(oid, kSpnego)) return Mechanism::kNegotiate;
  if (Same(oid, kNtlm)) return Mechanism::kNtlm;
  return std::nullopt;
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
  gss_OID_desc oid = {static_cast<OM_uint32>(oid_length),
                      const_cast<uint8_t*>(token.data() + pos)};
  return MechanismForOid(&oid);
}

}  // namespace internal
}  // namespace crossauth
