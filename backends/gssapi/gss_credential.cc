// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_credential.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "backends/gssapi/gss_keytab.h"
#include "backends/gssapi/gss_names.h"
#include "backends/gssapi/gss_oids.h"
#include "backends/gssapi/gss_status.h"
#include "crossauth/error.h"
#include "src/core/policy.h"

namespace crossauth {
namespace internal {
namespace {

// Wipes the copy of a password that the credential store needs as a C string.
class WipedString {
 public:
  explicit WipedString(absl::string_view value) : value_(value) {}
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  ~WipedString() {
    volatile char* p = value_.data();
    for (size_t i = 0; i < value_.size(); ++i) p[i] = 0;
  }
  const char* c_str() const { return value_.c_str(); }

 private:
  std::string value_;
};

gss_OID NameTypeFor(const CredentialOptions& options) {
  if (options.usage == Usage::kAccept &&
      !absl::StrContains(options.principal, '/')) {
    return GSS_C_NT_HOSTBASED_SERVICE;
  }
  // A user name every mechanism parses: Kerberos as a principal, NTLM as
  // "DOMAIN\user" or "user@domain".
  if (options.usage == Usage::kInitiate) return GSS_C_NT_USER_NAME;
  return GSS_KRB5_NT_PRINCIPAL_NAME;
}

gss_cred_usage_t UsageFor(Usage usage) {
  switch (usage) {
    case Usage::kInitiate:
      return GSS_C_INITIATE;
    case Usage::kAccept:
      return GSS_C_ACCEPT;
    case Usage::kBoth:
      return GSS_C_BOTH;
  }
  return GSS_C_INITIATE;
}

// True when the library offers NTLM (gss-ntlmssp is configured).
absl::StatusOr<bool> LibraryHasNtlm(
    const std::shared_ptr<const GssProvider>& provider) {
  OM_uint32 minor = 0;
  ScopedGssOidSet mechs(provider);
  OM_uint32 major = provider->library->indicate_mechs(&minor, mechs.receive());
  if (GSS_ERROR(major))
    return MapGssStatus(*provider, "gss_indicate_mechs", major, minor);
  const gss_OID_set set = mechs.get();
  for (size_t i = 0; set != GSS_C_NO_OID_SET && i < set->count; ++i) {
    if (MechanismForOid(&set->elements[i]) == Mechanism::kNtlm) return true;
  }
  return false;
}

// The common rule (NegotiateMustAvoidNtlm in src/core/policy.h): an
// initiator's Negotiate credential may only settle on NTLM when NTLM is
// allowed. MIT's SPNEGO credential succeeds as long as any mechanism does, so
// when NTLM is installed but not allowed, check that Kerberos alone works.
absl::Status RefuseNtlmOnlyNegotiate(
    const std::shared_ptr<const GssProvider>& shared, gss_name_t name,
    const CredentialOptions& options, gss_key_value_set_desc& store) {
  if (!NegotiateMustAvoidNtlm(options)) return absl::OkStatus();
  const GssProvider& provider = *shared;
  absl::StatusOr<bool> has_ntlm = LibraryHasNtlm(shared);
  if (!has_ntlm.ok()) return has_ntlm.status();
  if (!*has_ntlm) return absl::OkStatus();
  ScopedGssCred probe(shared);
  gss_OID_set_desc kerberos = {1, OidFor(Mechanism::kKerberos)};
  OM_uint32 minor = 0;
  OM_uint32 major = provider.library->acquire_cred_from(
      &minor, name, GSS_C_INDEFINITE, &kerberos, UsageFor(options.usage),
      store.count == 0 ? GSS_C_NO_CRED_STORE : &store, probe.receive(), nullptr,
      nullptr);
  if (!GSS_ERROR(major)) return absl::OkStatus();
  absl::Status kerberos_failure =
      MapAcquireCredStatus(provider, major, minor, options);
  // Out of memory says nothing about Kerberos: it is reported as it is, not
  // as a credential that only NTLM could back.
  if (kerberos_failure.code() == absl::StatusCode::kResourceExhausted) {
    return kerberos_failure;
  }
  return NtlmOnlyNegotiateRefusal("gss_acquire_cred_from", kerberos_failure);
}

// The latest end time of the Kerberos tickets in `cred`, read from a
// memory copy of its credential cache (gss_krb5_copy_ccache, which works on
// an expired credential too). std::nullopt when the credential has no
// Kerberos tickets to copy (an acceptor, an NTLM credential) or a krb5 call
// failed. Only for expired credentials: MIT reports their remaining
// lifetime as "expired" and nothing more, and asking gss_inquire_cred for
// more (the name) leaks it.
std::optional<absl::Time> TicketEnd(gss_cred_id_t cred) {
  krb5_context context = nullptr;
  if (krb5_init_context(&context) != 0) return std::nullopt;
  std::optional<absl::Time> tgt_end;
  std::optional<absl::Time> any_end;
  krb5_ccache copy = nullptr;
  if (krb5_cc_new_unique(context, "MEMORY", nullptr, &copy) == 0) {
    OM_uint32 minor = 0;
    krb5_cc_cursor cursor = nullptr;
    if (!GSS_ERROR(gss_krb5_copy_ccache(&minor, cred, copy)) &&
        krb5_cc_start_seq_get(context, copy, &cursor) == 0) {
      krb5_creds creds;
      while (krb5_cc_next_cred(context, copy, &cursor, &creds) == 0) {
        if (!krb5_is_config_principal(context, creds.server)) {
          const absl::Time end =
              absl::FromUnixSeconds(static_cast<uint32_t>(creds.times.endtime));
          any_end = std::max(any_end.value_or(end), end);
          if (IsTicketGrantingService(context, creds.server)) {
            tgt_end = std::max(tgt_end.value_or(end), end);
          }
        }
        krb5_free_cred_contents(context, &creds);
      }
      krb5_cc_end_seq_get(context, copy, &cursor);
    }
    krb5_cc_destroy(context, copy);
  }
  krb5_free_context(context);
  // MIT's credential ends with its TGT; a ccache without one (only service
  // tickets) ends with the last of them.
  return tgt_end.has_value() ? tgt_end : any_end;
}

bool SameTarget(const ImportedTarget& imported, const TargetName& target,
                bool host_based_name) {
  if (imported.kind != target.kind ||
      imported.host_based_name != host_based_name) {
    return false;
  }
  if (target.kind == TargetName::Kind::kPrincipal) {
    return imported.host_or_principal == target.principal;
  }
  return imported.host_or_principal == target.host &&
         imported.service == target.service;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const ImportedTarget>> GssCredential::Target(
    const TargetName& target, bool host_based_name) const {
  {
    absl::ReaderMutexLock lock(&targets_mutex_);
    for (const std::shared_ptr<const ImportedTarget>& imported : targets_) {
      if (SameTarget(*imported, target, host_based_name)) return imported;
    }
  }
  absl::StatusOr<std::string> principal = TargetPrincipal(*provider_, target);
  if (!principal.ok()) return principal.status();
  auto imported = std::make_shared<ImportedTarget>(provider_);
  imported->kind = target.kind;
  imported->host_based_name = host_based_name;
  imported->service = target.service;
  imported->host_or_principal = target.kind == TargetName::Kind::kPrincipal
                                    ? target.principal
                                    : target.host;
  std::string text = *principal;
  gss_OID type = GSS_KRB5_NT_PRINCIPAL_NAME;
  if (host_based_name) {
    text = absl::StrCat(target.service, "@", target.host);
    type = GSS_C_NT_HOSTBASED_SERVICE;
  }
  imported->principal = *std::move(principal);
  OM_uint32 minor = 0;
  gss_buffer_desc buffer = {text.size(), text.data()};
  OM_uint32 major = provider_->library->import_name(&minor, &buffer, type,
                                                    imported->name.receive());
  if (GSS_ERROR(major)) {
    return MapImportNameStatus(*provider_, major, minor, imported->principal);
  }
  absl::MutexLock lock(&targets_mutex_);
  // Another thread may have imported the same target meanwhile: keep one.
  for (const std::shared_ptr<const ImportedTarget>& other : targets_) {
    if (SameTarget(*other, target, host_based_name)) return other;
  }
  if (targets_.size() >= kMaxTargets) targets_.erase(targets_.begin());
  targets_.push_back(imported);
  return std::shared_ptr<const ImportedTarget>(std::move(imported));
}

absl::StatusOr<std::unique_ptr<GssCredential>> GssCredential::Acquire(
    const CredentialOptions& options) {
  std::shared_ptr<const GssProvider> provider = CurrentGssProvider();
  const GssLibrary& lib = *provider->library;
  OM_uint32 minor = 0;

  ScopedGssName name(provider);
  if (!options.principal.empty()) {
    // gss_import_name only reads (and copies) its input, but GSS-API
    // declares it non-const: hand it a copy of our own, not a const_cast.
    std::string principal = options.principal;
    gss_buffer_desc text = {principal.size(), principal.data()};
    OM_uint32 major =
        lib.import_name(&minor, &text, NameTypeFor(options), name.receive());
    if (GSS_ERROR(major)) {
      return MapImportNameStatus(*provider, major, minor, options.principal);
    }
  }

  // The native mechanism set is the allow-list itself, never
  // GSS_C_NO_OID_SET: with gss-ntlmssp installed, the default set would let
  // a credential succeed through NTLM that Kerberos cannot back.
  std::vector<gss_OID_desc> oids;
  for (Mechanism m :
       {Mechanism::kNegotiate, Mechanism::kKerberos, Mechanism::kNtlm}) {
    if (Allows(options.mechanisms, m)) oids.push_back(*OidFor(m));
  }
  gss_OID_set_desc mechs = {oids.size(), oids.data()};

  std::optional<WipedString> password;
  std::vector<gss_key_value_element_desc> elements;
  if (!options.ccache.empty()) {
    elements.push_back({"ccache", options.ccache.c_str()});
  }
  if (!options.keytab.empty()) {
    elements.push_back({"keytab", options.keytab.c_str()});
  }
  if (!options.client_keytab.empty()) {
    elements.push_back({"client_keytab", options.client_keytab.c_str()});
  }
  if (!options.replay_cache.empty()) {
    elements.push_back({"rcache", options.replay_cache.c_str()});
  }
  if (options.password.has_value()) {
    password.emplace(options.password->view());
    elements.push_back({"password", password->c_str()});
  }
  gss_key_value_set_desc store = {static_cast<OM_uint32>(elements.size()),
                                  elements.data()};

  auto credential = std::unique_ptr<GssCredential>(new GssCredential(
      provider, options.usage == Usage::kAccept && options.principal.empty()));
  credential->keytab_ = options.keytab;
  if (credential->keytab_.empty() && options.usage != Usage::kInitiate) {
    if (const char* name = std::getenv("KRB5_KTNAME")) {
      credential->keytab_ = name;
    }
  }
  OM_uint32 major = lib.acquire_cred_from(
      &minor, name.get(), GSS_C_INDEFINITE, &mechs, UsageFor(options.usage),
      elements.empty() ? GSS_C_NO_CRED_STORE : &store,
      credential->cred_.receive(), nullptr, nullptr);
  if (GSS_ERROR(major) && Allows(options.mechanisms, Mechanism::kNegotiate)) {
    // MIT's SPNEGO reports only "cannot find mechanisms to negotiate" and
    // drops the Kerberos cause (wrong password, missing keytab entry...).
    // Ask Kerberos alone for it; on success the original error stands.
    ScopedGssCred probe(provider);
    gss_OID_set_desc kerberos = {1, OidFor(Mechanism::kKerberos)};
    OM_uint32 probe_minor = 0;
    OM_uint32 probe_major =
        lib.acquire_cred_from(&probe_minor, name.get(), GSS_C_INDEFINITE,
                              &kerberos, UsageFor(options.usage),
                              elements.empty() ? GSS_C_NO_CRED_STORE : &store,
                              probe.receive(), nullptr, nullptr);
    if (GSS_ERROR(probe_major)) {
      major = probe_major;
      minor = probe_minor;
    }
  }
  if (GSS_ERROR(major)) {
    return MapAcquireCredStatus(*provider, major, minor, options);
  }

  if (Allows(options.mechanisms, Mechanism::kNegotiate)) {
    if (absl::Status only_ntlm =
            RefuseNtlmOnlyNegotiate(provider, name.get(), options, store);
        !only_ntlm.ok()) {
      return only_ntlm;
    }
    std::vector<gss_OID_desc> negotiable = {*OidFor(Mechanism::kKerberos)};
    if (Allows(options.mechanisms, Mechanism::kNtlm)) {
      negotiable.push_back(*OidFor(Mechanism::kNtlm));
    }
    gss_OID_set_desc neg_mechs = {negotiable.size(), negotiable.data()};
    major = lib.set_neg_mechs(&minor, credential->cred_.get(), &neg_mechs);
    if (GSS_ERROR(major)) {
      return MapGssStatus(*provider, "gss_set_neg_mechs", major, minor);
    }
  }
  return credential;
}

std::unique_ptr<GssCredential> GssCredential::Adopt(
    std::shared_ptr<const GssProvider> provider, gss_cred_id_t handle) {
  auto credential = std::unique_ptr<GssCredential>(
      new GssCredential(provider, /*any_service=*/false));
  *credential->cred_.receive() = handle;
  return credential;
}

absl::Status GssCredential::StoreInto(absl::string_view ccache) const {
  const std::string name(ccache);
  gss_key_value_element_desc element = {"ccache", name.c_str()};
  gss_key_value_set_desc store = {1, &element};
  OM_uint32 minor = 0;
  // overwrite_cred replaces what the cache held; default_cred stays false
  // so that nothing becomes the process's default credential.
  OM_uint32 major = provider_->library->store_cred_into(
      &minor, cred_.get(), GSS_C_INITIATE, GSS_C_NO_OID, /*overwrite_cred=*/1,
      /*default_cred=*/0, &store, nullptr, nullptr);
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_store_cred_into", major, minor);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<NativeCredential>> GssCredential::Impersonate(
    absl::string_view user, const std::vector<Mechanism>& mechanisms) const {
  const GssLibrary& lib = *provider_->library;
  OM_uint32 minor = 0;
  std::string principal(user);
  gss_buffer_desc text = {principal.size(), principal.data()};
  ScopedGssName name(provider_);
  OM_uint32 major = lib.import_name(&minor, &text, GSS_KRB5_NT_PRINCIPAL_NAME,
                                    name.receive());
  if (GSS_ERROR(major)) {
    return MapImportNameStatus(*provider_, major, minor, user);
  }
  std::vector<gss_OID_desc> oids;
  for (Mechanism m : {Mechanism::kNegotiate, Mechanism::kKerberos}) {
    if (Allows(mechanisms, m)) oids.push_back(*OidFor(m));
  }
  gss_OID_set_desc mechs = {oids.size(), oids.data()};
  auto impersonated = std::unique_ptr<GssCredential>(
      new GssCredential(provider_, /*any_service=*/false));
  major = lib.acquire_cred_impersonate_name(
      &minor, cred_.get(), name.get(), GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
      impersonated->cred_.receive(), nullptr, nullptr);
  if (GSS_ERROR(major)) {
    MapHints hints;
    hints.phase = Phase::kAcquireInitiator;
    hints.detail = absl::StrCat("impersonating ", user);
    return MapGssStatus(*provider_, "gss_acquire_cred_impersonate_name", major,
                        minor, OidFor(Mechanism::kKerberos), hints);
  }
  if (Allows(mechanisms, Mechanism::kNegotiate)) {
    gss_OID_set_desc neg_mechs = {1, OidFor(Mechanism::kKerberos)};
    major = lib.set_neg_mechs(&minor, impersonated->cred_.get(), &neg_mechs);
    if (GSS_ERROR(major)) {
      return MapGssStatus(*provider_, "gss_set_neg_mechs", major, minor);
    }
  }
  return impersonated;
}

absl::Status GssCredential::Release() {
  OM_uint32 minor = 0;
  OM_uint32 major = cred_.Release(&minor);
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_release_cred", major, minor);
  return absl::OkStatus();
}

std::optional<std::vector<uint32_t>> GssCredential::KeytabVersions(
    const std::string& principal) const {
  absl::string_view path = keytab_;
  if (!absl::ConsumePrefix(&path, "FILE:"))
    absl::ConsumePrefix(&path, "WRFILE:");
  struct stat info;
  if (path.empty() || stat(std::string(path).c_str(), &info) != 0) {
    return std::nullopt;
  }
  KeytabSnapshot now;
  now.device = static_cast<uint64_t>(info.st_dev);
  now.inode = static_cast<uint64_t>(info.st_ino);
  now.size = static_cast<int64_t>(info.st_size);
  // Seconds (st_mtime is POSIX; the nanoseconds are spelled differently
  // on macOS): a rewrite within the same second changes the size too, but
  // for an entry of the same size, which only a message could show.
  now.modified = static_cast<int64_t>(info.st_mtime);
  now.principal = principal;
  absl::MutexLock lock(&keytab_mutex_);
  const std::optional<KeytabSnapshot>& last = keytab_snapshot_;
  if (last.has_value() && last->device == now.device &&
      last->inode == now.inode && last->size == now.size &&
      last->modified == now.modified && last->principal == principal) {
    return last->versions;
  }
  now.versions = KeytabKeyVersions(keytab_, principal);
  keytab_snapshot_ = now;
  return now.versions;
}

absl::StatusOr<std::string> GssCredential::ClientRealm() const {
  {
    absl::MutexLock lock(&realm_mutex_);
    if (realm_.has_value()) return *realm_;
  }
  absl::StatusOr<std::string> principal = Principal();
  if (!principal.ok()) return principal.status();
  std::string realm(PrincipalRealm(*principal));
  absl::MutexLock lock(&realm_mutex_);
  realm_ = realm;
  return realm;
}

absl::StatusOr<std::string> GssCredential::Principal() const {
  if (any_service_) {
    return ReasonedError(
        absl::StatusCode::kNotFound,
        "the credential has no single principal: it accepts any service "
        "principal in its keytab",
        ErrorReason::kWrongState);
  }
  const GssLibrary& lib = *provider_->library;
  OM_uint32 minor = 0;
  // MIT 1.20's gss_inquire_cred leaks the name it returns for an expired
  // credential, so ask for the lifetime first and stop there when it is 0.
  OM_uint32 lifetime = 0;
  OM_uint32 major = lib.inquire_cred(&minor, cred_.get(), nullptr, &lifetime,
                                     nullptr, nullptr);
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_inquire_cred", major, minor);
  if (lifetime == 0) {
    return ReasonedError(
        absl::StatusCode::kUnauthenticated,
        absl::StrCat("gss_inquire_cred: the credential has expired; ",
                     kHintExpired),
        ErrorReason::kExpired);
  }
  ScopedGssName name(provider_);
  major = lib.inquire_cred(&minor, cred_.get(), name.receive(), nullptr,
                           nullptr, nullptr);
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_inquire_cred", major, minor);
  if (name.get() == GSS_C_NO_NAME) {
    return ReasonedError(absl::StatusCode::kNotFound,
                         "the credential has no principal name",
                         ErrorReason::kNoCredential);
  }
  ScopedGssBuffer text(provider_);
  major = lib.display_name(&minor, name.get(), text.receive(), nullptr);
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_display_name", major, minor);
  return text.str();
}

absl::StatusOr<absl::Time> GssCredential::Expiry() const {
  OM_uint32 minor = 0;
  OM_uint32 lifetime = 0;
  OM_uint32 major = provider_->library->inquire_cred(
      &minor, cred_.get(), nullptr, &lifetime, nullptr, nullptr);
  const bool expired = GSS_ROUTINE_ERROR(major) == GSS_S_CREDENTIALS_EXPIRED ||
                       (!GSS_ERROR(major) && lifetime == 0);
  if (expired) {
    // The time it ended, which MIT's lifetime (0) does not tell.
    if (std::optional<absl::Time> end = TicketEnd(cred_.get());
        end.has_value()) {
      return std::min(*end, absl::Now());
    }
  }
  if (GSS_ERROR(major))
    return MapGssStatus(*provider_, "gss_inquire_cred", major, minor);
  if (lifetime == GSS_C_INDEFINITE) return absl::InfiniteFuture();
  return absl::Now() + absl::Seconds(lifetime);
}

}  // namespace internal
}  // namespace crossauth
