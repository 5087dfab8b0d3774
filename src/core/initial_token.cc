// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/initial_token.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>

#include "src/core/mechanism_oids.h"

namespace crossauth {
namespace internal {
namespace {

// The tags this parser meets (X.690 identifier octets).
constexpr uint8_t kApplication0 = 0x60;  // RFC 2743 InitialContextToken
constexpr uint8_t kOid = 0x06;
constexpr uint8_t kSequence = 0x30;
constexpr uint8_t kContext0 = 0xa0;  // NegotiationToken.negTokenInit,
                                     // NegTokenInit.mechTypes
// NegotiationToken.negTokenResp, Ticket.realm, PrincipalName.name-string,
// EncryptedData.kvno
constexpr uint8_t kContext1 = 0xa1;
constexpr uint8_t kContext2 = 0xa2;  // NegTokenResp.responseToken,
                                     // NegTokenInit.mechToken, Ticket.sname
constexpr uint8_t kOctetString = 0x04;
constexpr uint8_t kContext3 = 0xa3;       // AP-REQ.ticket, Ticket.enc-part
constexpr uint8_t kApplication1 = 0x61;   // RFC 4120 Ticket
constexpr uint8_t kApplication14 = 0x6e;  // RFC 4120 AP-REQ
constexpr uint8_t kGeneralString = 0x1b;
constexpr uint8_t kInteger = 0x02;

// The identifier and length octets of one DER element with a single-byte
// tag: its tag, the length its header declares, and the header's size.
struct Header {
  uint8_t tag = 0;
  size_t length = 0;
  size_t size = 0;
};

// The header at the start of `in`, whether or not `in` holds the contents
// too; std::nullopt when the header itself is cut or its length is longer
// than four bytes (no token crossauth reads is that large).
std::optional<Header> ReadHeader(absl::Span<const uint8_t> in) {
  if (in.size() < 2) return std::nullopt;
  Header header;
  header.tag = in[0];
  header.length = in[1];
  header.size = 2;
  if (in[1] & 0x80) {
    const size_t bytes = in[1] & 0x7f;
    if (bytes == 0 || bytes > 4 || in.size() < 2 + bytes) return std::nullopt;
    header.length = 0;
    for (size_t i = 0; i < bytes; ++i) {
      header.length = (header.length << 8) | in[2 + i];
    }
    header.size += bytes;
  }
  return header;
}

// One whole DER element: its tag and contents.
struct Element {
  uint8_t tag = 0;
  absl::Span<const uint8_t> contents;
};

// Reads the element at the start of `in` and advances `in` past it;
// std::nullopt when it is truncated. Every success consumes at least two
// bytes, so a loop over Read() ends.
std::optional<Element> Read(absl::Span<const uint8_t>& in) {
  std::optional<Header> header = ReadHeader(in);
  if (!header.has_value() || header->length > in.size() - header->size) {
    return std::nullopt;
  }
  Element element{header->tag, in.subspan(header->size, header->length)};
  in.remove_prefix(header->size + header->length);
  return element;
}

// Reads an element with tag `tag`, as Read(); std::nullopt for another tag.
std::optional<Element> Expect(absl::Span<const uint8_t>& in, uint8_t tag) {
  std::optional<Element> element = Read(in);
  if (!element.has_value() || element->tag != tag) return std::nullopt;
  return element;
}

// The mechanism an OID in a SPNEGO offer names: Microsoft's Kerberos OID
// counts as Kerberos there, since Windows lists it first and every
// Kerberos acceptor takes it.
std::optional<Mechanism> OfferedMechanism(absl::Span<const uint8_t> der) {
  if (std::equal(der.begin(), der.end(), std::begin(kMicrosoftKerberosOidDer),
                 std::end(kMicrosoftKerberosOidDer))) {
    return Mechanism::kKerberos;
  }
  std::optional<Mechanism> mechanism = MechanismForOidDer(der);
  // SPNEGO inside SPNEGO is no mechanism a client can settle on.
  if (mechanism == Mechanism::kNegotiate) return std::nullopt;
  return mechanism;
}

uint16_t Le16(absl::Span<const uint8_t> in, size_t at) {
  return static_cast<uint16_t>(in[at] | (in[at + 1] << 8));
}

uint32_t Le32(absl::Span<const uint8_t> in, size_t at) {
  return static_cast<uint32_t>(in[at]) |
         (static_cast<uint32_t>(in[at + 1]) << 8) |
         (static_cast<uint32_t>(in[at + 2]) << 16) |
         (static_cast<uint32_t>(in[at + 3]) << 24);
}

}  // namespace

bool IsRawNtlmMessage(absl::Span<const uint8_t> token) {
  constexpr uint8_t kSignature[] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
  return token.size() >= sizeof(kSignature) &&
         std::equal(std::begin(kSignature), std::end(kSignature),
                    token.begin());
}

std::optional<Mechanism> InitialTokenMechanism(
    absl::Span<const uint8_t> token) {
  if (IsRawNtlmMessage(token)) return Mechanism::kNtlm;
  std::optional<Header> outer = ReadHeader(token);
  if (!outer.has_value() || outer->tag != kApplication0) return std::nullopt;
  absl::Span<const uint8_t> rest = token.subspan(outer->size);
  std::optional<Element> oid = Expect(rest, kOid);
  if (!oid.has_value()) return std::nullopt;
  return MechanismForOidDer(oid->contents);
}

namespace {

// The fields of the NegTokenInit in `token`, an RFC 2743 initial context
// token for SPNEGO: InitialContextToken ::= [APPLICATION 0] { OID spnego,
// [0] NegTokenInit }, NegTokenInit ::= SEQUENCE { mechTypes [0],
// reqFlags [1], mechToken [2], mechListMIC [3] }.
std::optional<absl::Span<const uint8_t>> NegTokenInitFields(
    absl::Span<const uint8_t> token) {
  std::optional<Element> outer = Expect(token, kApplication0);
  if (!outer.has_value()) return std::nullopt;
  absl::Span<const uint8_t> in = outer->contents;
  std::optional<Element> oid = Expect(in, kOid);
  if (!oid.has_value() ||
      MechanismForOidDer(oid->contents) != Mechanism::kNegotiate) {
    return std::nullopt;
  }
  std::optional<Element> choice = Expect(in, kContext0);
  if (!choice.has_value()) return std::nullopt;
  std::optional<Element> init = Expect(choice->contents, kSequence);
  if (!init.has_value()) return std::nullopt;
  return init->contents;
}

// The OCTET STRING of the [2] field among a SPNEGO SEQUENCE's `fields`
// (NegTokenInit.mechToken, NegTokenResp.responseToken); std::nullopt when
// there is none or an element up to it is truncated.
std::optional<absl::Span<const uint8_t>> InnerToken(
    absl::Span<const uint8_t> fields) {
  // Every Read() consumes at least two bytes, so this ends.
  while (!fields.empty()) {
    std::optional<Element> field = Read(fields);
    if (!field.has_value()) return std::nullopt;
    if (field->tag != kContext2) continue;
    absl::Span<const uint8_t> inner = field->contents;
    std::optional<Element> octets = Expect(inner, kOctetString);
    if (!octets.has_value()) return std::nullopt;
    return octets->contents;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<std::optional<Mechanism>>> SpnegoOfferedMechanisms(
    absl::Span<const uint8_t> token) {
  std::optional<absl::Span<const uint8_t>> init = NegTokenInitFields(token);
  if (!init.has_value()) return std::nullopt;
  std::optional<Element> mech_types = Expect(*init, kContext0);
  if (!mech_types.has_value()) return std::nullopt;
  std::optional<Element> list = Expect(mech_types->contents, kSequence);
  if (!list.has_value()) return std::nullopt;

  std::vector<std::optional<Mechanism>> offer;
  absl::Span<const uint8_t> oids = list->contents;
  while (!oids.empty()) {
    std::optional<Element> mechanism = Expect(oids, kOid);
    if (!mechanism.has_value()) return std::nullopt;
    offer.push_back(OfferedMechanism(mechanism->contents));
  }
  return offer;
}

std::optional<absl::Span<const uint8_t>> SpnegoResponseToken(
    absl::Span<const uint8_t> token) {
  std::optional<Element> choice = Expect(token, kContext1);
  if (!choice.has_value()) return std::nullopt;
  std::optional<Element> resp = Expect(choice->contents, kSequence);
  if (!resp.has_value()) return std::nullopt;
  return InnerToken(resp->contents);
}

namespace {

// A GeneralString element's text.
std::optional<std::string> GeneralString(absl::Span<const uint8_t>& in) {
  std::optional<Element> text = Expect(in, kGeneralString);
  if (!text.has_value()) return std::nullopt;
  return std::string(text->contents.begin(), text->contents.end());
}

// A non-negative INTEGER of at most 32 bits (DER: at most 5 octets, the
// first a zero pad when the top bit is set).
std::optional<uint32_t> SmallUnsigned(absl::Span<const uint8_t> contents) {
  if (contents.empty() || contents.size() > 5 || (contents[0] & 0x80)) {
    return std::nullopt;
  }
  if (contents.size() == 5 && contents[0] != 0) return std::nullopt;
  uint64_t value = 0;
  for (uint8_t octet : contents) value = (value << 8) | octet;
  return static_cast<uint32_t>(value);
}

// The Ticket of a bare AP-REQ.
std::optional<KerberosTicketSummary> ApReqTicket(
    absl::Span<const uint8_t> token) {
  // AP-REQ ::= [APPLICATION 14] SEQUENCE { pvno [0], msg-type [1],
  //   ap-options [2], ticket [3] Ticket, authenticator [4] }
  std::optional<Element> ap_req = Expect(token, kApplication14);
  if (!ap_req.has_value()) return std::nullopt;
  std::optional<Element> fields = Expect(ap_req->contents, kSequence);
  if (!fields.has_value()) return std::nullopt;
  absl::Span<const uint8_t> rest = fields->contents;
  std::optional<Element> ticket_field;
  // Every Read() consumes at least two bytes, so this ends.
  while (!rest.empty() && !ticket_field.has_value()) {
    std::optional<Element> field = Read(rest);
    if (!field.has_value()) return std::nullopt;
    if (field->tag == kContext3) ticket_field = field;
  }
  if (!ticket_field.has_value()) return std::nullopt;
  // Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1] Realm,
  //   sname [2] PrincipalName, enc-part [3] EncryptedData }
  std::optional<Element> ticket = Expect(ticket_field->contents, kApplication1);
  if (!ticket.has_value()) return std::nullopt;
  std::optional<Element> parts = Expect(ticket->contents, kSequence);
  if (!parts.has_value()) return std::nullopt;
  absl::Span<const uint8_t> in = parts->contents;
  if (!Expect(in, kContext0).has_value()) return std::nullopt;
  std::optional<Element> realm_field = Expect(in, kContext1);
  if (!realm_field.has_value()) return std::nullopt;
  std::optional<std::string> realm = GeneralString(realm_field->contents);
  if (!realm.has_value()) return std::nullopt;
  // PrincipalName ::= SEQUENCE { name-type [0], name-string [1] SEQUENCE OF
  //   KerberosString }
  std::optional<Element> sname_field = Expect(in, kContext2);
  if (!sname_field.has_value()) return std::nullopt;
  std::optional<Element> sname = Expect(sname_field->contents, kSequence);
  if (!sname.has_value()) return std::nullopt;
  absl::Span<const uint8_t> name = sname->contents;
  if (!Expect(name, kContext0).has_value()) return std::nullopt;
  std::optional<Element> strings_field = Expect(name, kContext1);
  if (!strings_field.has_value()) return std::nullopt;
  std::optional<Element> strings = Expect(strings_field->contents, kSequence);
  if (!strings.has_value() || strings->contents.empty()) return std::nullopt;
  KerberosTicketSummary summary;
  absl::Span<const uint8_t> components = strings->contents;
  // Every GeneralString() consumes at least two bytes, so this ends.
  while (!components.empty()) {
    std::optional<std::string> component = GeneralString(components);
    if (!component.has_value()) return std::nullopt;
    if (!summary.server.empty()) summary.server += '/';
    summary.server += *component;
  }
  summary.server += '@';
  summary.server += *realm;
  // EncryptedData ::= SEQUENCE { etype [0], kvno [1] OPTIONAL, cipher [2] }
  std::optional<Element> enc_field = Expect(in, kContext3);
  if (!enc_field.has_value()) return std::nullopt;
  std::optional<Element> enc = Expect(enc_field->contents, kSequence);
  if (!enc.has_value()) return std::nullopt;
  absl::Span<const uint8_t> enc_parts = enc->contents;
  if (!Expect(enc_parts, kContext0).has_value()) return std::nullopt;
  std::optional<Header> next = ReadHeader(enc_parts);
  if (next.has_value() && next->tag == kContext1) {
    std::optional<Element> kvno_field = Expect(enc_parts, kContext1);
    if (!kvno_field.has_value()) return std::nullopt;
    std::optional<Element> kvno = Expect(kvno_field->contents, kInteger);
    if (!kvno.has_value()) return std::nullopt;
    summary.kvno = SmallUnsigned(kvno->contents);
    if (!summary.kvno.has_value()) return std::nullopt;
  }
  return summary;
}

// The ticket of a raw Kerberos initial context token, or of a bare AP-REQ.
std::optional<KerberosTicketSummary> KerberosTokenTicket(
    absl::Span<const uint8_t> token) {
  if (!token.empty() && token[0] == kApplication14) return ApReqTicket(token);
  // InitialContextToken ::= [APPLICATION 0] { OID krb5, TOK_ID, AP-REQ }
  std::optional<Element> outer = Expect(token, kApplication0);
  if (!outer.has_value()) return std::nullopt;
  absl::Span<const uint8_t> in = outer->contents;
  std::optional<Element> oid = Expect(in, kOid);
  if (!oid.has_value() ||
      MechanismForOidDer(oid->contents) != Mechanism::kKerberos) {
    return std::nullopt;
  }
  // TOK_ID 01 00: KRB_AP_REQ (RFC 4121 4.1).
  if (in.size() < 2 || in[0] != 0x01 || in[1] != 0x00) return std::nullopt;
  return ApReqTicket(in.subspan(2));
}

}  // namespace

std::optional<KerberosTicketSummary> KerberosTicket(
    absl::Span<const uint8_t> token) {
  if (std::optional<KerberosTicketSummary> ticket =
          KerberosTokenTicket(token)) {
    return ticket;
  }
  std::optional<absl::Span<const uint8_t>> init = NegTokenInitFields(token);
  if (!init.has_value()) return std::nullopt;
  std::optional<absl::Span<const uint8_t>> mech_token = InnerToken(*init);
  if (!mech_token.has_value()) return std::nullopt;
  return KerberosTokenTicket(*mech_token);
}

std::optional<uint16_t> NtlmChallengeRepeatedName(
    absl::Span<const uint8_t> message) {
  // Signature, MessageType 2, TargetNameFields, NegotiateFlags,
  // ServerChallenge, Reserved, then TargetInfoFields at 40 (Len, MaxLen,
  // BufferOffset).
  constexpr size_t kTargetInfoFields = 40;
  constexpr uint32_t kChallengeMessage = 2;
  constexpr uint32_t kNegotiateTargetInfo = 0x00800000;
  if (!IsRawNtlmMessage(message) || message.size() < kTargetInfoFields + 8 ||
      Le32(message, 8) != kChallengeMessage ||
      (Le32(message, 20) & kNegotiateTargetInfo) == 0) {
    return std::nullopt;
  }
  const size_t length = Le16(message, kTargetInfoFields);
  const size_t offset = Le32(message, kTargetInfoFields + 4);
  if (offset > message.size() || length > message.size() - offset) {
    return std::nullopt;
  }
  absl::Span<const uint8_t> pairs = message.subspan(offset, length);
  constexpr uint16_t kEol = 0;
  constexpr uint16_t kLastName = 5;    // MsvAvDnsTreeName
  constexpr uint16_t kTargetName = 9;  // MsvAvTargetName
  bool seen[kTargetName + 1] = {};
  size_t at = 0;
  // Each pair advances `at` by at least its 4-byte header.
  while (at + 4 <= pairs.size()) {
    const uint16_t id = Le16(pairs, at);
    const size_t size = Le16(pairs, at + 2);
    at += 4;
    if (size > pairs.size() - at) return std::nullopt;
    at += size;
    if (id == kEol) break;
    if ((id >= 1 && id <= kLastName) || id == kTargetName) {
      if (seen[id]) return id;
      seen[id] = true;
    }
  }
  return std::nullopt;
}

bool NtlmChallengeNamesNoTarget(absl::Span<const uint8_t> message) {
  // Signature, MessageType 2, TargetNameFields (Len at 12), NegotiateFlags
  // at 20.
  constexpr uint32_t kChallengeMessage = 2;
  constexpr uint32_t kNegotiateUnicode = 0x00000001;
  constexpr uint32_t kTargetTypeDomain = 0x00010000;
  constexpr uint32_t kTargetTypeServer = 0x00020000;
  if (!IsRawNtlmMessage(message) || message.size() < 24 ||
      Le32(message, 8) != kChallengeMessage) {
    return false;
  }
  const uint32_t flags = Le32(message, 20);
  return (flags & kNegotiateUnicode) != 0 &&
         (flags & (kTargetTypeDomain | kTargetTypeServer)) != 0 &&
         Le16(message, 12) == 0;
}

}  // namespace internal
}  // namespace crossauth
