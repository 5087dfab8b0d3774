// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_session_info.h"

#include <memory>
#include <optional>
#include <string>

#include "backends/sspi/sspi_credential.h"
#include "backends/sspi/sspi_handles.h"
#include "backends/sspi/sspi_negotiate_policy.h"
#include "backends/sspi/sspi_status.h"
#include "backends/sspi/sspi_strings.h"
#include "backends/sspi/sspi_translation.h"

namespace crossauth {
namespace internal {
namespace {

// A name SSPI returned, unset when it returned none or an empty one.
std::optional<std::string> NameOrUnset(const wchar_t* name) {
  std::string utf8 = Utf8(name);
  if (utf8.empty()) return std::nullopt;
  return utf8;
}

}  // namespace

absl::StatusOr<SessionInfo> QuerySessionInfo(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle context,
    const SspiContextFacts& facts) {
  SessionInfo info;
  info.initiator = facts.initiator;
  info.flags = ReturnedFlags(facts.initiator, facts.attributes);
  info.expiry = SspiTimeToAbsl(facts.expiry);
  info.mechanism = facts.mechanism;
  info.negotiated = facts.mechanism == Mechanism::kNegotiate && facts.spnego;

  // The mechanism that was actually used; where the package does not say
  // (Wine), the raw NTLM messages tell.
  absl::StatusOr<NegotiatedPackage> negotiated =
      QueryNegotiatedPackage(provider, context);
  if (!negotiated.ok()) return negotiated.status();
  if (negotiated->reported) {
    if (negotiated->mechanism.has_value() &&
        *negotiated->mechanism != Mechanism::kNegotiate) {
      info.mechanism = *negotiated->mechanism;
    }
  } else if (facts.ntlm) {
    info.mechanism = Mechanism::kNtlm;
  }

  return info;
}

absl::StatusOr<NativeNames> QueryNativeNames(
    const std::shared_ptr<const SspiProvider>& provider, CtxtHandle context,
    const SspiContextFacts& facts) {
  const SecurityFunctionTableW& table = provider->table();
  NativeNames names;
  SecPkgContext_NativeNamesW native = {};
  SECURITY_STATUS status = table.QueryContextAttributesW(
      &context, SECPKG_ATTR_NATIVE_NAMES, &native);
  if (status == SEC_E_OK) {
    ScopedContextBuffer<wchar_t> client(provider, native.sClientName);
    ScopedContextBuffer<wchar_t> server(provider, native.sServerName);
    names.local = NameOrUnset(facts.initiator ? client.get() : server.get());
    names.peer = NameOrUnset(facts.initiator ? server.get() : client.get());
    return names;
  }
  if (status != SEC_E_UNSUPPORTED_FUNCTION) {
    return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_NATIVE_NAMES");
  }
  SecPkgContext_NamesW user = {};
  status = table.QueryContextAttributesW(&context, SECPKG_ATTR_NAMES, &user);
  if (status == SEC_E_OK) {
    ScopedContextBuffer<wchar_t> name(provider, user.sUserName);
    (facts.initiator ? names.local : names.peer) = NameOrUnset(name.get());
  } else if (status != SEC_E_UNSUPPORTED_FUNCTION) {
    return MapQueryContextAttributesStatus(status, "SECPKG_ATTR_NAMES");
  }
  if (facts.initiator && !names.local.has_value() &&
      !facts.logon_principal.empty()) {
    names.local = facts.logon_principal;
  }
  return names;
}

}  // namespace internal
}  // namespace crossauth
