// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_library.h"

#include <memory>

#include "absl/base/const_init.h"
#include "absl/synchronization/mutex.h"

namespace crossauth {
namespace internal {
namespace {

ABSL_CONST_INIT absl::Mutex provider_mutex(absl::kConstInit);

std::shared_ptr<const GssProvider>& ProviderSlot() {
  static auto* slot = new std::shared_ptr<const GssProvider>(
      std::make_shared<GssProvider>(GssProvider{&SystemGssLibrary()}));
  return *slot;
}

}  // namespace

const GssLibrary& SystemGssLibrary() {
  static const GssLibrary library = [] {
    GssLibrary l;
    l.import_name = gss_import_name;
    l.display_name = gss_display_name;
    l.release_name = gss_release_name;
    l.acquire_cred_from = gss_acquire_cred_from;
    l.inquire_cred = gss_inquire_cred;
    l.set_neg_mechs = gss_set_neg_mechs;
    l.release_cred = gss_release_cred;
    l.store_cred_into = gss_store_cred_into;
    l.init_sec_context = gss_init_sec_context;
    l.accept_sec_context = gss_accept_sec_context;
    l.inquire_context = gss_inquire_context;
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
    return l;
  }();
  return library;
}

std::shared_ptr<const GssProvider> CurrentGssProvider() {
  absl::MutexLock lock(&provider_mutex);
  return ProviderSlot();
}

void SetGssLibraryForTesting(const GssLibrary* library) {
  absl::MutexLock lock(&provider_mutex);
  ProviderSlot() = std::make_shared<GssProvider>(
      GssProvider{library != nullptr ? library : &SystemGssLibrary()});
}

}  // namespace internal
}  // namespace crossauth
