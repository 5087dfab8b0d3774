// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_library.h: the seam between crossauth and the GSS-API library.
//
// GssLibrary mirrors the GSS-API one call at a time; every native call the
// backend makes goes through it. Production uses SystemGssLibrary(). Tests
// install a wrapping table (SetGssLibraryForTesting) that counts handles and
// fails chosen calls.
//
// A GssProvider is the reference-counted owner of the table in use. Every
// credential and context holds it, so the table they were created with stays
// valid for their whole life even if a test installs another one. It also
// owns the one krb5_context the backend uses for the few krb5 calls that
// GSS-API has no equivalent for (Krb5Context below).

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_LIBRARY_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_LIBRARY_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "backends/gssapi/gss_impl.h"

namespace crossauth {
namespace internal {

struct GssLibrary {
  decltype(&gss_import_name) import_name;
  decltype(&gss_display_name) display_name;
  decltype(&gss_release_name) release_name;
  // RFC 6680 name attributes and the local-account mapping
  // (ServerSession::PeerIdentity() and LocalName(), gss_peer.cc).
  decltype(&gss_get_name_attribute) get_name_attribute;
  decltype(&gss_localname) localname;
  decltype(&gss_acquire_cred_from) acquire_cred_from;
  decltype(&gss_acquire_cred_impersonate_name) acquire_cred_impersonate_name;
  decltype(&gss_inquire_cred) inquire_cred;
  decltype(&gss_inquire_cred_by_oid) inquire_cred_by_oid;
  decltype(&gss_set_neg_mechs) set_neg_mechs;
  decltype(&gss_release_cred) release_cred;
  decltype(&gss_store_cred_into) store_cred_into;
  decltype(&gss_init_sec_context) init_sec_context;
  decltype(&gss_accept_sec_context) accept_sec_context;
  decltype(&gss_inquire_context) inquire_context;
  decltype(&gss_inquire_sec_context_by_oid) inquire_sec_context_by_oid;
  decltype(&gss_release_buffer_set) release_buffer_set;
  decltype(&gss_delete_sec_context) delete_sec_context;
  decltype(&gss_wrap) wrap;
  decltype(&gss_unwrap) unwrap;
  decltype(&gss_wrap_iov) wrap_iov;
  decltype(&gss_unwrap_iov) unwrap_iov;
  decltype(&gss_wrap_iov_length) wrap_iov_length;
  decltype(&gss_wrap_size_limit) wrap_size_limit;
  decltype(&gss_release_iov_buffer) release_iov_buffer;
  decltype(&gss_get_mic) get_mic;
  decltype(&gss_verify_mic) verify_mic;
  decltype(&gss_release_buffer) release_buffer;
  decltype(&gss_display_status) display_status;
  decltype(&gss_indicate_mechs) indicate_mechs;
  decltype(&gss_release_oid_set) release_oid_set;
  // krb5, through the provider's Krb5Context only: a host's realm
  // (gss_names.cc) and an expired credential's ticket times
  // (gss_credential.cc).
  decltype(&krb5_init_context) init_context;
  decltype(&krb5_free_context) free_context;
  decltype(&krb5_get_host_realm) get_host_realm;
  decltype(&krb5_free_host_realm) free_host_realm;
  decltype(&krb5_get_default_realm) get_default_realm;
  decltype(&krb5_free_default_realm) free_default_realm;
  decltype(&krb5_get_error_message) get_error_message;
  decltype(&krb5_free_error_message) free_error_message;
};

// SystemGssLibrary()
//
// The table of the GSS-API library crossauth is linked with.
const GssLibrary& SystemGssLibrary();

// Krb5Context
//
// A provider's one krb5_context. MIT builds a fresh krb5_context (reading
// and parsing krb5.conf) for every krb5 call made without one, so the
// backend keeps this one for its own krb5 calls instead of one per call.
// Created through the provider's table on first use, and created again when
// KRB5_CONFIG differs from the value it was created with (a process that
// switches realms, as a test kit's ExportEnvironment does, then sees the new
// krb5.conf). Edits to the same file are seen where MIT's profile code
// re-reads a changed file ([domain_realm], say), but not the default realm,
// which MIT caches in the context once it has been read: a process that
// edits default_realm in place sees it only after KRB5_CONFIG changes or it
// restarts. The environment must not change while sessions start (getenv
// against another thread's setenv is undefined in glibc). A krb5_context
// is not safe for concurrent use: Run() holds a
// mutex for the whole call. Its uses are rare (a credential's first session
// to each host, see GssCredential::Target), never per message or per step.
class Krb5Context {
 public:
  explicit Krb5Context(const GssLibrary& library) : library_(library) {}
  Krb5Context(const Krb5Context&) = delete;
  Krb5Context& operator=(const Krb5Context&) = delete;
  ~Krb5Context();

  // Run()
  //
  // Calls `use` with the context, holding the lock. Returns
  // krb5_init_context's error code, without calling `use`, when the context
  // cannot be created; 0 otherwise.
  krb5_error_code Run(absl::FunctionRef<void(krb5_context)> use) const;

 private:
  const GssLibrary& library_;
  mutable absl::Mutex mutex_;
  mutable krb5_context context_ ABSL_GUARDED_BY(mutex_) = nullptr;
  // The KRB5_CONFIG value context_ was created with.
  mutable std::string config_ ABSL_GUARDED_BY(mutex_);
};

// GssProvider
//
// Keeps a table alive for the objects created with it, with the provider's
// krb5 context.
struct GssProvider {
  // Not explicit: tests write `GssProvider provider = {&table};`.
  GssProvider(const GssLibrary* library_in)  // NOLINT(runtime/explicit)
      : library(library_in), krb5(*library_in) {}

  const GssLibrary* library;
  Krb5Context krb5;
};

// CurrentGssProvider()
//
// The provider new credentials and contexts are created with.
std::shared_ptr<const GssProvider> CurrentGssProvider();

// SetGssLibraryForTesting()
//
// Makes `library` (which must outlive every object created while it is
// installed) the table for new objects; nullptr restores the system table.
void SetGssLibraryForTesting(const GssLibrary* library);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_LIBRARY_H_
