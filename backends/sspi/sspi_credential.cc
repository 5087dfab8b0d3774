// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_credential.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "backends/sspi/sspi_status.h"
#include "backends/sspi/sspi_strings.h"
#include "src/core/policy.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {
namespace {

absl::Status NoSuchStore(absl::string_view field, absl::string_view why) {
  return absl::UnimplementedError(absl::StrCat(
      "CredentialOptions::", field,
      " is not supported by the SSPI backend (Windows): ", why,
      "; use the logon session's credential (leave it empty) or a principal "
      "and password"));
}

absl::Status CheckSupported(const CredentialOptions& options) {
  if (!options.ccache.empty()) {
    return NoSuchStore("ccache",
                       "Windows keeps Kerberos tickets in the logon "
                       "session (LSA), not in credential cache files");
  }
  if (!options.keytab.empty()) {
    return NoSuchStore("keytab",
                       "a Windows service's keys belong to its account in "
                       "the domain, not to a keytab file");
  }
  if (!options.client_keytab.empty()) {
    return NoSuchStore("client_keytab",
                       "SSPI cannot log on from a keytab file");
  }
  if (!options.replay_cache.empty()) {
    return NoSuchStore("replay_cache",
                       "Windows keeps the acceptor's replay cache in the LSA, "
                       "which offers no per-credential choice");
  }
  return absl::OkStatus();
}

// The SSPI name of an acceptor principal: "HTTP@host" is the SPN
// "HTTP/host"; a principal with '/' is passed as it is.
absl::StatusOr<std::wstring> AcceptorPrincipal(const std::string& principal) {
  if (principal.find('/') != std::string::npos) return Wide(principal);
  size_t at = principal.find('@');
  if (at == std::string::npos) {
    return absl::UnimplementedError(absl::StrCat(
        "acceptor principal \"", principal,
        "\": SSPI cannot accept for a service on any host; name the host "
        "(\"",
        principal,
        "@host\") or leave the principal empty for the "
        "service account's own names"));
  }
  return Wide(
      absl::StrCat(principal.substr(0, at), "/", principal.substr(at + 1)));
}

// SEC_WINNT_AUTH_IDENTITY_W over wide copies that are wiped on destruction.
class Identity {
 public:
  // "user@REALM" (Kerberos style) or "DOMAIN\\user" (the down-level logon
  // name NTLM uses); anything else is a user name with no domain.
  Identity(const std::string& principal, absl::string_view password) {
    const size_t at = principal.rfind('@');
    const size_t backslash = principal.find('\\');
    if (at == std::string::npos && backslash != std::string::npos) {
      domain_ = Wide(principal.substr(0, backslash));
      user_ = Wide(principal.substr(backslash + 1));
    } else {
      user_ = Wide(principal.substr(0, at));
      if (at != std::string::npos) domain_ = Wide(principal.substr(at + 1));
    }
    password_ = Wide(password);
    identity_.User = reinterpret_cast<unsigned short*>(user_.data());
    identity_.UserLength = static_cast<unsigned long>(user_.size());
    identity_.Domain = reinterpret_cast<unsigned short*>(domain_.data());
    identity_.DomainLength = static_cast<unsigned long>(domain_.size());
    identity_.Password = reinterpret_cast<unsigned short*>(password_.data());
    identity_.PasswordLength = static_cast<unsigned long>(password_.size());
    identity_.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
  }
  Identity(const Identity&) = delete;
  Identity& operator=(const Identity&) = delete;
  ~Identity() {
    SecureWipe(password_.data(), password_.size() * sizeof(wchar_t));
    SecureWipe(&identity_, sizeof(identity_));
  }
  SEC_WINNT_AUTH_IDENTITY_W* get() { return &identity_; }

 private:
  std::wstring user_, domain_, password_;
  SEC_WINNT_AUTH_IDENTITY_W identity_ = {};
};

// Negotiate restricted to Kerberos (no NTLM fallback) through the EX
// identity's package list. Not where Negotiate ignores the list (Wine's
// reads any identity as SEC_WINNT_AUTH_IDENTITY_W; see NegotiatePackage).
class IdentityEx {
 public:
  explicit IdentityEx(Identity* base) {
    identity_.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
    identity_.Length = sizeof(identity_);
    if (base != nullptr) {
      const SEC_WINNT_AUTH_IDENTITY_W& b = *base->get();
      identity_.User = b.User;
      identity_.UserLength = b.UserLength;
      identity_.Domain = b.Domain;
      identity_.DomainLength = b.DomainLength;
      identity_.Password = b.Password;
      identity_.PasswordLength = b.PasswordLength;
    }
    identity_.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    identity_.PackageList = reinterpret_cast<unsigned short*>(packages_);
    identity_.PackageListLength = static_cast<unsigned long>(wcslen(packages_));
  }
  ~IdentityEx() { SecureWipe(&identity_, sizeof(identity_)); }
  SEC_WINNT_AUTH_IDENTITY_EXW* get() { return &identity_; }

 private:
  wchar_t packages_[6] = L"!ntlm";
  SEC_WINNT_AUTH_IDENTITY_EXW identity_ = {};
};

// The package a credential acquires for `mechanism`. Where Negotiate
// ignores the EX identity's package list (SspiQuirks: Wine 8's is its
// Kerberos package with a fallback to NTLM, Samba's ntlm_auth, whenever
// Kerberos fails), Negotiate without NTLM is exactly the Kerberos package,
// and that is what crossauth acquires: Negotiate can then never fall back to
// NTLM silently.
const wchar_t* NegotiatePackage(Mechanism mechanism, bool ntlm_allowed,
                                const SspiQuirks& quirks) {
  if (mechanism == Mechanism::kNegotiate && !ntlm_allowed &&
      quirks.negotiate_ignores_package_list) {
    return L"Kerberos";
  }
  return SspiPackageName(mechanism);
}

// True when the NTLM package is installed (under Wine: ntlm_auth was found).
bool NtlmInstalled(const std::shared_ptr<const SspiProvider>& provider) {
  ScopedContextBuffer<SecPkgInfoW> info(provider);
  wchar_t ntlm[] = L"NTLM";
  return provider->table().QuerySecurityPackageInfoW(ntlm, info.receive()) ==
         SEC_E_OK;
}

}  // namespace

const wchar_t* SspiPackageName(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::kKerberos:
      return L"Kerberos";
    case Mechanism::kNegotiate:
      return L"Negotiate";
    case Mechanism::kNtlm:
      return L"NTLM";
  }
  return L"Negotiate";
}

absl::Time SspiTimeToAbsl(const TimeStamp& stamp) {
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  if (stamp.QuadPart >= kNever || stamp.QuadPart <= 0) {
    return absl::InfiniteFuture();
  }
  FILETIME local, utc;
  local.dwLowDateTime = static_cast<DWORD>(stamp.LowPart);
  local.dwHighDateTime = static_cast<DWORD>(stamp.HighPart);
  int64_t ticks = stamp.QuadPart;
  if (LocalFileTimeToFileTime(&local, &utc)) {
    ticks = static_cast<int64_t>(
        (static_cast<uint64_t>(utc.dwHighDateTime) << 32) | utc.dwLowDateTime);
  }
  // 100 ns ticks since 1601-01-01.
  constexpr int64_t kUnixEpochTicks = 116444736000000000;
  absl::Time time = absl::FromUnixMicros((ticks - kUnixEpochTicks) / 10);
  if (time > absl::Now() + absl::Hours(24 * 365 * 100)) {
    return absl::InfiniteFuture();
  }
  return time;
}

absl::StatusOr<std::unique_ptr<SspiCredential>> SspiCredential::Acquire(
    const CredentialOptions& options) {
  if (absl::Status s = CheckSupported(options); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<const SspiProvider>> provider =
      CurrentSspiProvider();
  if (!provider.ok()) return provider.status();
  const SecurityFunctionTableW& table = (*provider)->table();

  unsigned long use = SECPKG_CRED_OUTBOUND;
  if (options.usage == Usage::kAccept) use = SECPKG_CRED_INBOUND;
  if (options.usage == Usage::kBoth) use = SECPKG_CRED_BOTH;

  std::wstring principal;
  bool have_principal = false;
  std::optional<Identity> identity;
  std::string password_principal;
  if (options.password.has_value()) {
    identity.emplace(options.principal, options.password->view());
    password_principal = options.principal;
  } else if (!options.principal.empty()) {
    if (options.usage == Usage::kInitiate) {
      principal = Wide(options.principal);
    } else {
      absl::StatusOr<std::wstring> spn = AcceptorPrincipal(options.principal);
      if (!spn.ok()) return spn.status();
      principal = *std::move(spn);
    }
    have_principal = true;
  }
  const bool ntlm_allowed = Allows(options.mechanisms, Mechanism::kNtlm);
  // Negotiate must not fall back to NTLM for this credential (policy.h).
  const bool avoid_ntlm = NegotiateMustAvoidNtlm(options);

  std::unique_ptr<SspiCredential> credential(new SspiCredential(*provider));
  credential->logon_principal_ = password_principal;
  for (Mechanism mechanism : options.mechanisms) {
    bool seen = false;
    for (const Package& p : credential->packages_) {
      seen = seen || p.mechanism == mechanism;
    }
    if (seen) continue;
    const wchar_t* package =
        NegotiatePackage(mechanism, ntlm_allowed, (*provider)->quirks());
    const std::string package_utf8 = Utf8(package);

    ScopedContextBuffer<SecPkgInfoW> info(*provider);
    // The package name is an input that SSPI declares as LPWSTR (SEC_WCHAR*)
    // but only reads; `package` is a string literal of NegotiatePackage().
    SECURITY_STATUS status = table.QuerySecurityPackageInfoW(
        const_cast<wchar_t*>(package), info.receive());
    if (status != SEC_E_OK) {
      return MapQuerySecurityPackageInfoStatus(status, package_utf8);
    }
    const unsigned long max_token = info->cbMaxToken;
    info.Reset();

    void* auth_data = identity.has_value() ? identity->get() : nullptr;
    std::optional<IdentityEx> restricted;
    if (mechanism == Mechanism::kNegotiate && avoid_ntlm &&
        !(*provider)->quirks().negotiate_ignores_package_list) {
      restricted.emplace(identity.has_value() ? &*identity : nullptr);
      auth_data = restricted->get();
    }
    ScopedCredHandle handle(*provider);
    TimeStamp expiry = {};
    // Read only, as for QuerySecurityPackageInfoW above.
    status = table.AcquireCredentialsHandleW(
        have_principal ? principal.data() : nullptr,
        const_cast<wchar_t*>(package), use, nullptr, auth_data, nullptr,
        nullptr, handle.receive(), &expiry);
    if (status != SEC_E_OK) {
      absl::Status failed = MapAcquireCredentialsHandleStatus(
          status, package_utf8, identity.has_value(),
          /*acceptor=*/use == SECPKG_CRED_INBOUND);
      // A Negotiate credential that could only have used NTLM: refused with
      // the Kerberos cause, as on every backend.
      if (mechanism == Mechanism::kNegotiate && avoid_ntlm &&
          NtlmInstalled(*provider)) {
        return NtlmOnlyNegotiateRefusal("AcquireCredentialsHandleW", failed);
      }
      return failed;
    }
    handle.set_valid();
    if (credential->packages_.empty()) {
      credential->expiry_ = SspiTimeToAbsl(expiry);
    }
    credential->packages_.push_back(
        Package{mechanism, std::move(handle), max_token});
  }
  return credential;
}

absl::Status SspiCredential::Release() {
  absl::Status result;
  for (Package& package : packages_) {
    SECURITY_STATUS status = package.handle.Free();
    if (status != SEC_E_OK && result.ok()) {
      result = MapSspiStatus("FreeCredentialsHandle", status);
    }
  }
  return result;
}

absl::StatusOr<std::string> SspiCredential::Principal() const {
  // The name the logon was made with: exactly this credential's principal.
  if (!logon_principal_.empty()) return logon_principal_;
  for (const Package& package : packages_) {
    if (!package.handle.valid()) continue;
    CredHandle handle = package.handle.value();
    SecPkgCredentials_NamesW names = {};
    SECURITY_STATUS status = provider_->table().QueryCredentialsAttributesW(
        &handle, SECPKG_CRED_ATTR_NAMES, &names);
    if (status != SEC_E_OK)
      return MapSspiStatus("QueryCredentialsAttributesW", status);
    ScopedContextBuffer<wchar_t> name(provider_, names.sUserName);
    return Utf8(name.get());
  }
  return absl::FailedPreconditionError(
      "Credential::Principal(): the credential was released");
}

absl::StatusOr<absl::Time> SspiCredential::Expiry() const { return expiry_; }

CredHandle* SspiCredential::handle(Mechanism mechanism) {
  for (Package& package : packages_) {
    if (package.mechanism == mechanism) return package.handle.get();
  }
  return nullptr;
}

unsigned long SspiCredential::max_token(Mechanism mechanism) const {
  for (const Package& package : packages_) {
    if (package.mechanism == mechanism) return package.max_token;
  }
  return 0;
}

Mechanism SspiCredential::acceptor_mechanism() const {
  for (const Package& package : packages_) {
    if (package.mechanism == Mechanism::kNegotiate) return package.mechanism;
  }
  return packages_.empty() ? Mechanism::kNegotiate : packages_[0].mechanism;
}

}  // namespace internal
}  // namespace crossauth
