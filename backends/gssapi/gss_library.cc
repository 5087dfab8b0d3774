// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_library.h"

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/base/const_init.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace crossauth {
namespace internal {
namespace {

ABSL_CONST_INIT absl::Mutex provider_mutex(absl::kConstInit);

std::shared_ptr<const GssProvider>& ProviderSlot() {
  static auto* slot = new std::shared_ptr<const GssProvider>(
      std::make_shared<GssProvider>(&SystemGssLibrary()));
  return *slot;
}

}  // namespace

const GssLibrary& SystemGssLibrary() {
  static const GssLibrary library = [] {
    GssLibrary l;
    l.import_name = gss_import_name;
    l.display_name = gss_display_name;
    l.release_name = gss_release_name;
    l.get_name_attribute = gss_get_name_attribute;
    l.localname = gss_localname;
    l.acquire_cred_from = gss_acquire_cred_from;
    l.acquire_cred_impersonate_name = gss_acquire_cred_impersonate_name;
    l.inquire_cred = gss_inquire_cred;
    l.inquire_cred_by_oid = gss_inquire_cred_by_oid;
    l.set_neg_mechs = gss_set_neg_mechs;
    l.release_cred = gss_release_cred;
    l.store_cred_into = gss_store_cred_into;
    l.init_sec_context = gss_init_sec_context;
    l.accept_sec_context = gss_accept_sec_context;
    l.inquire_context = gss_inquire_context;
    l.inquire_sec_context_by_oid = gss_inquire_sec_context_by_oid;
    l.release_buffer_set = gss_release_buffer_set;
    l.delete_sec_context = gss_delete_sec_context;
    l.wrap = gss_wrap;
    l.unwrap = gss_unwrap;
    l.wrap_iov = gss_wrap_iov;
    l.unwrap_iov = gss_unwrap_iov;
    l.wrap_iov_length = gss_wrap_iov_length;
    l.wrap_size_limit = gss_wrap_size_limit;
    l.release_iov_buffer = gss_release_iov_buffer;
    l.get_mic = gss_get_mic;
    l.verify_mic = gss_verify_mic;
    l.release_buffer = gss_release_buffer;
    l.display_status = gss_display_status;
    l.indicate_mechs = gss_indicate_mechs;
    l.release_oid_set = gss_release_oid_set;
    l.init_context = krb5_init_context;
    l.free_context = krb5_free_context;
    l.get_host_realm = krb5_get_host_realm;
    l.free_host_realm = krb5_free_host_realm;
    l.get_default_realm = krb5_get_default_realm;
    l.free_default_realm = krb5_free_default_realm;
    l.get_error_message = krb5_get_error_message;
    l.free_error_message = krb5_free_error_message;
    return l;
  }();
  return library;
}

Krb5Context::~Krb5Context() {
  absl::MutexLock lock(&mutex_);
  if (context_ != nullptr) library_.free_context(context_);
}

krb5_error_code Krb5Context::Run(
    absl::FunctionRef<void(krb5_context)> use) const {
  absl::MutexLock lock(&mutex_);
  const char* config = std::getenv("KRB5_CONFIG");
  const absl::string_view now = config == nullptr ? "" : config;
  if (context_ != nullptr && now != config_) {
    library_.free_context(context_);
    context_ = nullptr;
  }
  if (context_ == nullptr) {
    krb5_context created = nullptr;
    krb5_error_code code = library_.init_context(&created);
    if (code != 0) return code;
    context_ = created;
    config_ = std::string(now);
  }
  use(context_);
  return 0;
}

std::shared_ptr<const GssProvider> CurrentGssProvider() {
  absl::MutexLock lock(&provider_mutex);
  return ProviderSlot();
}

void SetGssLibraryForTesting(const GssLibrary* library) {
  absl::MutexLock lock(&provider_mutex);
  ProviderSlot() = std::make_shared<GssProvider>(
      library != nullptr ? library : &SystemGssLibrary());
}

}  // namespace internal
}  // namespace crossauth
