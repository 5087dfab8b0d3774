// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_credential.h: NativeCredential on GSS-API.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_CREDENTIAL_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_CREDENTIAL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "backends/gssapi/gss_handles.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/credential.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// ImportedTarget
//
// A target name imported for a credential's sessions, and the principal it
// stands for (for error messages). Immutable once built; sessions on several
// threads pass the same name to gss_init_sec_context, which only reads it
// (MIT's mechglue imports a per-call mechanism name from it).
struct ImportedTarget {
  explicit ImportedTarget(std::shared_ptr<const GssProvider> provider)
      : name(std::move(provider)) {}

  ScopedGssName name;
  std::string principal;
  // The key: the target's kind and text, and whether it was imported as a
  // host-based service name (where NTLM may be used) or as a principal.
  TargetName::Kind kind = TargetName::Kind::kHostBased;
  bool host_based_name = false;
  std::string service;
  std::string host_or_principal;
};

class GssCredential : public NativeCredential {
 public:
  // Acquire()
  //
  // gss_acquire_cred_from with an explicit mechanism set and credential
  // store, then gss_set_neg_mechs when Negotiate is allowed, so that SPNEGO
  // only offers allowed mechanisms.
  static absl::StatusOr<std::unique_ptr<GssCredential>> Acquire(
      const CredentialOptions& options);

  // Adopt()
  //
  // Takes ownership of `handle` (a delegated credential from
  // gss_accept_sec_context), which was created with `provider`'s table.
  static std::unique_ptr<GssCredential> Adopt(
      std::shared_ptr<const GssProvider> provider, gss_cred_id_t handle);

  absl::Status Release() override;
  absl::StatusOr<std::string> Principal() const override;

  // ClientRealm()
  //
  // The realm of Principal() (what follows its last unescaped '@'), asked of
  // the library once and kept: a credential's principal does not change. A
  // failure is returned and not kept.
  absl::StatusOr<std::string> ClientRealm() const;
  absl::StatusOr<absl::Time> Expiry() const override;
  absl::Status StoreInto(absl::string_view ccache) const override;
  // gss_acquire_cred_impersonate_name with this credential, then
  // gss_set_neg_mechs (Kerberos only) when Negotiate is in `mechanisms`.
  absl::StatusOr<std::unique_ptr<NativeCredential>> Impersonate(
      absl::string_view user,
      const std::vector<Mechanism>& mechanisms) const override;

  // Target()
  //
  // The imported name for `target`, as a host-based service name when
  // `host_based_name` (gss-ntlmssp cannot read Kerberos names), else as the
  // Kerberos principal TargetPrincipal() gives. Imported on a credential's
  // first session to that target and kept for the credential's life, so
  // that later sessions make no krb5 or import call: a realm mapping in
  // krb5.conf is read once per credential and target (a credential acquired
  // after a change sees it, except a changed default_realm: see
  // Krb5Context). At most kMaxTargets are kept (the oldest goes
  // first); a session holds its own reference, so dropping one never pulls
  // a name from under a session. Thread-safe: a reader lock on a hit; on a
  // miss the lookup and import run without the lock.
  absl::StatusOr<std::shared_ptr<const ImportedTarget>> Target(
      const TargetName& target, bool host_based_name) const;
  static constexpr size_t kMaxTargets = 64;

  gss_cred_id_t handle() const { return cred_.get(); }
  const std::shared_ptr<const GssProvider>& provider() const {
    return provider_;
  }

  // True for an acceptor with no principal of its own (any service).
  bool any_service() const { return any_service_; }

  // The acceptor's keytab as CredentialOptions::keytab named it, else
  // KRB5_KTNAME when the credential was acquired; empty when neither (the
  // library's default from krb5.conf).
  const std::string& keytab() const { return keytab_; }

  // KeytabVersions()
  //
  // KeytabKeyVersions() (gss_keytab.h) of keytab() for `principal`, kept
  // and read again only when the file's identity, size or modification
  // time changes (one stat() per call). std::nullopt as there.
  std::optional<std::vector<uint32_t>> KeytabVersions(
      const std::string& principal) const;

 private:
  GssCredential(std::shared_ptr<const GssProvider> provider, bool any_service)
      : provider_(provider), cred_(provider), any_service_(any_service) {}

  std::shared_ptr<const GssProvider> provider_;
  ScopedGssCred cred_;
  // An acceptor for whichever service the client names (no principal
  // given): it has no single principal, whatever the keytab starts with.
  bool any_service_;
  std::string keytab_;
  // KeytabVersions()'s last answer, and the file state it was read from.
  struct KeytabSnapshot {
    uint64_t device = 0;
    uint64_t inode = 0;
    int64_t size = -1;
    int64_t modified = 0;  // st_mtime
    std::string principal;
    std::optional<std::vector<uint32_t>> versions;
  };
  mutable absl::Mutex keytab_mutex_;
  mutable std::optional<KeytabSnapshot> keytab_snapshot_
      ABSL_GUARDED_BY(keytab_mutex_);
  mutable absl::Mutex realm_mutex_;
  mutable std::optional<std::string> realm_ ABSL_GUARDED_BY(realm_mutex_);
  mutable absl::Mutex targets_mutex_;
  mutable std::vector<std::shared_ptr<const ImportedTarget>> targets_
      ABSL_GUARDED_BY(targets_mutex_);
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_CREDENTIAL_H_
