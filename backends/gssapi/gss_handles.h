// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_handles.h: one move-only owner per GSS-API handle type.
//
// Every owner is the one template ScopedGss<T> with a per-type release
// (GssHandleTraits<T>), the way BoringSSL gets every owner from one
// UniquePtr plus a deleter per type. Each owner releases its handle through
// the provider's table in its destructor, never throws, and keeps the
// provider alive while it holds a handle. The `Scoped` prefix keeps a handle
// owner apart from the backend objects (GssCredential, GssContextBase).
//
//   ScopedGssName name(provider);
//   lib.import_name(&minor, &text, type, name.receive());
//   ... name.get() ...            // released when `name` goes out of scope

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_HANDLES_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_HANDLES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "backends/gssapi/gss_library.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {

// GssHandleTraits<T>
//
// The per-type part of an owner: the empty value, whether a value is held,
// and the library call that frees it. `kInOut` is true for a handle that the
// library both reads and writes through its out-parameter (a security
// context across init/accept calls), so receive() must not release it.
template <typename T>
struct GssHandleTraits;

template <>
struct GssHandleTraits<gss_name_t> {
  static constexpr bool kInOut = false;
  static gss_name_t Empty() { return GSS_C_NO_NAME; }
  static bool Held(gss_name_t h) { return h != GSS_C_NO_NAME; }
  static OM_uint32 Free(const GssLibrary& lib, OM_uint32* minor,
                        gss_name_t* h) {
    return lib.release_name(minor, h);
  }
};

template <>
struct GssHandleTraits<gss_cred_id_t> {
  static constexpr bool kInOut = false;
  static gss_cred_id_t Empty() { return GSS_C_NO_CREDENTIAL; }
  static bool Held(gss_cred_id_t h) { return h != GSS_C_NO_CREDENTIAL; }
  static OM_uint32 Free(const GssLibrary& lib, OM_uint32* minor,
                        gss_cred_id_t* h) {
    return lib.release_cred(minor, h);
  }
};

template <>
struct GssHandleTraits<gss_ctx_id_t> {
  static constexpr bool kInOut = true;
  static gss_ctx_id_t Empty() { return GSS_C_NO_CONTEXT; }
  static bool Held(gss_ctx_id_t h) { return h != GSS_C_NO_CONTEXT; }
  static OM_uint32 Free(const GssLibrary& lib, OM_uint32* minor,
                        gss_ctx_id_t* h) {
    return lib.delete_sec_context(minor, h, GSS_C_NO_BUFFER);
  }
};

template <>
struct GssHandleTraits<gss_buffer_desc> {
  static constexpr bool kInOut = false;
  static gss_buffer_desc Empty() { return {0, nullptr}; }
  static bool Held(const gss_buffer_desc& h) { return h.value != nullptr; }
  static OM_uint32 Free(const GssLibrary& lib, OM_uint32* minor,
                        gss_buffer_desc* h) {
    return lib.release_buffer(minor, h);
  }
};

template <>
struct GssHandleTraits<gss_OID_set> {
  static constexpr bool kInOut = false;
  static gss_OID_set Empty() { return GSS_C_NO_OID_SET; }
  static bool Held(gss_OID_set h) { return h != GSS_C_NO_OID_SET; }
  static OM_uint32 Free(const GssLibrary& lib, OM_uint32* minor,
                        gss_OID_set* h) {
    return lib.release_oid_set(minor, h);
  }
};

// ScopedGss<T>
//
// Owns one GSS-API value of type T. Move-only; one thread at a time.
// ProviderRef is how it holds the provider: a shared_ptr (the default)
// keeps the provider alive; a plain `const GssProvider*` is for a member
// of an object that already holds the provider itself (a session's
// context), and saves 8 bytes and a reference count per handle.
template <typename T, typename ProviderRef = std::shared_ptr<const GssProvider>>
class ScopedGss {
 public:
  using Traits = GssHandleTraits<T>;

  explicit ScopedGss(ProviderRef provider)
      : provider_(std::move(provider)), handle_(Traits::Empty()) {}
  ScopedGss(ScopedGss&& other) noexcept
      : provider_(other.provider_), handle_(other.release_ownership()) {}
  ScopedGss& operator=(ScopedGss&&) = delete;
  ScopedGss(const ScopedGss&) = delete;
  ScopedGss& operator=(const ScopedGss&) = delete;
  ~ScopedGss() { Release(); }

  // get()
  //
  // The held value (the empty value when none is held).
  const T& get() const { return handle_; }

  // receive()
  //
  // The out-parameter for the library call that fills this owner. Releases
  // what is held first, except for an in/out handle (a context), which the
  // library reads back on the next init/accept call.
  T* receive() {
    if (!Traits::kInOut) Release();
    return &handle_;
  }

  // release_ownership()
  //
  // Hands the value over to the caller, who must release it.
  T release_ownership() {
    T handle = handle_;
    handle_ = Traits::Empty();
    return handle;
  }

  // Release()
  //
  // Releases now; returns the major status (GSS_S_COMPLETE when there was
  // nothing to release). Idempotent.
  OM_uint32 Release(OM_uint32* minor) {
    *minor = 0;
    OM_uint32 major = GSS_S_COMPLETE;
    if (Traits::Held(handle_)) {
      major = Traits::Free(*provider_->library, minor, &handle_);
    }
    handle_ = Traits::Empty();
    return major;
  }
  void Release() {
    OM_uint32 minor = 0;
    Release(&minor);
  }

 private:
  ProviderRef provider_;
  T handle_;
};

// ScopedGssName owns a gss_name_t.
using ScopedGssName = ScopedGss<gss_name_t>;
// ScopedGssCred owns a gss_cred_id_t.
using ScopedGssCred = ScopedGss<gss_cred_id_t>;
// ScopedGssContext owns a gss_ctx_id_t; Release() is gss_delete_sec_context.
using ScopedGssContext = ScopedGss<gss_ctx_id_t>;
// The same two, not keeping the provider alive (members of a context that
// holds the provider).
using BorrowedProviderGssCred = ScopedGss<gss_cred_id_t, const GssProvider*>;
using BorrowedProviderGssContext = ScopedGss<gss_ctx_id_t, const GssProvider*>;
// ScopedGssOidSet owns a gss_OID_set (from gss_indicate_mechs, for example).
using ScopedGssOidSet = ScopedGss<gss_OID_set>;

// ScopedGssBuffer owns a gss_buffer_desc filled in by the library, with
// accessors for its bytes.
class ScopedGssBuffer : public ScopedGss<gss_buffer_desc> {
 public:
  using ScopedGss<gss_buffer_desc>::ScopedGss;

  // bytes() and str() copy the contents out.
  std::vector<uint8_t> bytes() const {
    const auto* data = static_cast<const uint8_t*>(get().value);
    return data == nullptr ? std::vector<uint8_t>()
                           : std::vector<uint8_t>(data, data + get().length);
  }
  std::string str() const {
    const auto* data = static_cast<const char*>(get().value);
    return data == nullptr ? std::string() : std::string(data, get().length);
  }
  // Wipe()
  //
  // Overwrites the contents (plaintext that failed a check, for example).
  void Wipe() { SecureWipe(get().value, get().length); }
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_HANDLES_H_
