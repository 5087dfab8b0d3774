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
// valid for their whole life even if a test installs another one.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_LIBRARY_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_LIBRARY_H_

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <memory>

namespace crossauth {
namespace internal {

struct GssLibrary {
  decltype(&gss_import_name) import_name;
  decltype(&gss_display_name) display_name;
  decltype(&gss_release_name) release_name;
  decltype(&gss_acquire_cred_from) acquire_cred_from;
  decltype(&gss_inquire_cred) inquire_cred;
  decltype(&gss_set_neg_mechs) set_neg_mechs;
  decltype(&gss_release_cred) release_cred;
  decltype(&gss_store_cred_into) store_cred_into;
  decltype(&gss_init_sec_context) init_sec_context;
  decltype(&gss_accept_sec_context) accept_sec_context;
  decltype(&gss_inquire_context) inquire_context;
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
};

// SystemGssLibrary()
//
// The table of the GSS-API library crossauth is linked with.
const GssLibrary& SystemGssLibrary();

// GssProvider
//
// Keeps a table alive for the objects created with it.
struct GssProvider {
  const GssLibrary* library;
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
