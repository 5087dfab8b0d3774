// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_peer.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "backends/common/native_status.h"
#include "backends/gssapi/gss_handles.h"
#include "backends/gssapi/gss_oids.h"
#include "backends/gssapi/gss_status.h"
#include "crossauth/error.h"
#include "src/core/pac.h"

namespace crossauth {
namespace internal {
namespace {

constexpr char kPeerCall[] = "ServerSession::PeerIdentity(): ";

// At most this many values of one attribute are read (a ticket has a
// handful of indicators; the bound keeps a misbehaving library from looping).
constexpr int kMaxAttributeValues = 64;

// `status` with `prefix` and `suffix` around its message, its payloads (the
// ErrorReason, the native codes) kept.
absl::Status Restated(const absl::Status& status, absl::string_view prefix,
                      absl::string_view suffix = "") {
  absl::Status out(status.code(),
                   absl::StrCat(prefix, status.message(), suffix));
  status.ForEachPayload(
      [&out](absl::string_view url, const absl::Cord& payload) {
        out.SetPayload(url, payload);
      });
  return out;
}

// The context's client name, and its mechanism when `mech` is not null.
absl::Status SourceName(const std::shared_ptr<const GssProvider>& provider,
                        gss_ctx_id_t context, ScopedGssName& name,
                        gss_OID* mech = nullptr) {
  OM_uint32 minor = 0;
  OM_uint32 major = provider->library->inquire_context(
      &minor, context, name.receive(), nullptr, nullptr, mech, nullptr, nullptr,
      nullptr);
  if (GSS_ERROR(major)) {
    return MapGssStatus(*provider, "gss_inquire_context", major, minor);
  }
  return absl::OkStatus();
}

// The authenticated values of `attribute` of `name`, in the library's
// order; empty when the name has no such attribute.
absl::StatusOr<std::vector<std::string>> AuthenticatedValues(
    const std::shared_ptr<const GssProvider>& provider,
    const ScopedGssName& name, absl::string_view attribute) {
  std::string attr_text(attribute);
  gss_buffer_desc attr = {attr_text.size(), attr_text.data()};
  std::vector<std::string> values;
  int more = -1;
  for (int i = 0; i < kMaxAttributeValues && more != 0; ++i) {
    OM_uint32 minor = 0;
    int authenticated = 0;
    int complete = 0;
    ScopedGssBuffer value(provider);
    ScopedGssBuffer display(provider);
    OM_uint32 major = provider->library->get_name_attribute(
        &minor, name.get(), &attr, &authenticated, &complete, value.receive(),
        display.receive(), &more);
    if (GSS_ROUTINE_ERROR(major) == GSS_S_UNAVAILABLE && i == 0) {
      return values;  // the name has no such attribute
    }
    if (GSS_ERROR(major)) {
      return Restated(
          MapGssStatus(*provider, "gss_get_name_attribute", major, minor), "",
          absl::StrCat(" (attribute \"", attribute, "\")"));
    }
    if (authenticated) values.push_back(value.str());
  }
  if (more != 0) {
    return ReasonedError(
        absl::StatusCode::kOutOfRange,
        absl::StrCat("gss_get_name_attribute: the attribute \"", attribute,
                     "\" has more than ", kMaxAttributeValues, " values"),
        ErrorReason::kOther);
  }
  return values;
}

}  // namespace

absl::StatusOr<PeerIdentity> PeerIdentityOf(
    const std::shared_ptr<const GssProvider>& provider, gss_ctx_id_t context) {
  if (!kGssReadsNameAttributes) {
    return absl::UnimplementedError(kGssNoNameAttributesText);
  }
  ScopedGssName name(provider);
  if (absl::Status got = SourceName(provider, context, name); !got.ok()) {
    return got;
  }
  PeerIdentity identity;
  absl::StatusOr<std::vector<std::string>> pac =
      AuthenticatedValues(provider, name, "urn:mspac:");
  if (!pac.ok()) return pac.status();
  if (!pac->empty()) {
    identity.has_pac = true;
    const std::string& whole = pac->front();
    absl::Span<const uint8_t> bytes(
        reinterpret_cast<const uint8_t*>(whole.data()), whole.size());
    absl::StatusOr<std::vector<PacBuffer>> buffers = ParsePacBuffers(bytes);
    if (!buffers.ok()) return Restated(buffers.status(), kPeerCall);
    // A minimal PAC (an MIT KDC's) has no logon information: no SIDs.
    for (const PacBuffer& buffer : *buffers) {
      if (buffer.type != kPacLogonInfo) continue;
      absl::StatusOr<PacLogonInfo> logon = ParsePacLogonInfo(buffer.data);
      if (!logon.ok()) return Restated(logon.status(), kPeerCall);
      identity.user_sid = std::move(logon->user_sid);
      identity.primary_group_sid = std::move(logon->primary_group_sid);
      identity.group_sids = std::move(logon->group_sids);
      break;
    }
  }
  absl::StatusOr<std::vector<std::string>> indicators =
      AuthenticatedValues(provider, name, "auth-indicators");
  if (!indicators.ok()) return indicators.status();
  identity.authentication_indicators = *std::move(indicators);
  return identity;
}

absl::StatusOr<std::string> LocalNameOf(
    const std::shared_ptr<const GssProvider>& provider, gss_ctx_id_t context) {
  const GssLibrary& lib = *provider->library;
  ScopedGssName name(provider);
  gss_OID mech = GSS_C_NO_OID;
  if (absl::Status got = SourceName(provider, context, name, &mech);
      !got.ok()) {
    return got;
  }
  // With the context's mechanism (Kerberos inside SPNEGO).
  OM_uint32 minor = 0;
  ScopedGssBuffer local(provider);
  OM_uint32 major = lib.localname(&minor, name.get(), mech, local.receive());
  ScopedGssBuffer text(provider);
  if (GSS_ROUTINE_ERROR(major) == GSS_S_BAD_NAME &&
      MechanismForOid(mech) == Mechanism::kKerberos) {
    // Heimdal's SPNEGO acceptor names the client with a name of its own,
    // which gss_localname cannot map (GSS_S_BAD_NAME with the Kerberos
    // mechanism, GSS_S_UNAVAILABLE without): map its text as a Kerberos
    // principal instead.
    major = lib.display_name(&minor, name.get(), text.receive(), nullptr);
    if (GSS_ERROR(major)) {
      return MapGssStatus(*provider, "gss_display_name", major, minor);
    }
    gss_buffer_desc principal = text.get();
    ScopedGssName kerberos(provider);
    major = lib.import_name(&minor, &principal, GSS_KRB5_NT_PRINCIPAL_NAME,
                            kerberos.receive());
    if (GSS_ERROR(major)) {
      return MapImportNameStatus(*provider, major, minor, text.str());
    }
    major = lib.localname(&minor, kerberos.get(), mech, local.receive());
  }
  if (!GSS_ERROR(major)) return local.str();
  if (GSS_ROUTINE_ERROR(major) == GSS_S_UNAVAILABLE &&
      !GssUnimplementedText(minor).has_value()) {
    std::string principal = "the client";
    if (text.get().value == nullptr) {
      OM_uint32 ignored = 0;
      lib.display_name(&ignored, name.get(), text.receive(), nullptr);
    }
    if (text.get().value != nullptr) principal = text.str();
    // gss-ntlmssp counts a terminating NUL in the name's length.
    while (!principal.empty() && principal.back() == '\0') {
      principal.pop_back();
    }
    return ReasonedError(
        absl::StatusCode::kNotFound,
        absl::StrCat("ServerSession::LocalName(): no local account for ",
                     principal,
                     MechanismForOid(mech) == Mechanism::kKerberos
                         ? " (no auth_to_local rule of the Kerberos "
                           "configuration maps it)"
                         : " (its mechanism maps it to none)"),
        ErrorReason::kOther);
  }
  return MapGssStatus(*provider, "gss_localname", major, minor);
}

}  // namespace internal
}  // namespace crossauth
