// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_handles.h: one move-only owner per GSS-API handle type.
//
// Each releases its handle through the provider's table in its destructor,
// never throws, and keeps the provider alive while it holds a handle.

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

// GssBuffer owns a gss_buffer_desc filled in by the library.
class GssBuffer {
 public:
  explicit GssBuffer(std::shared_ptr<const GssProvider> provider)
      : provider_(std::move(provider)) {}
  GssBuffer(const GssBuffer&) = delete;
  GssBuffer& operator=(const GssBuffer&) = delete;
  ~GssBuffer() { Release(); }

  gss_buffer_t receive() {
    Release();
    return &buffer_;
  }
  const gss_buffer_desc& get() const { return buffer_; }
  std::vector<uint8_t> bytes() const {
    const auto* data = static_cast<const uint8_t*>(buffer_.value);
    return data == nullptr ? std::vector<uint8_t>()
                           : std::vector<uint8_t>(data, data + buffer_.length);
  }
  std::string str() const {
    const auto* data = static_cast<const char*>(buffer_.value);
    return data == nullptr ? std::string() : std::string(data, buffer_.length);
  }
  // Overwrites the contents (plaintext that failed a check, for example).
  void Wipe() { SecureWipe(buffer_.value, buffer_.length); }
  void Release() {
    if (buffer_.value != nullptr) {
      OM_uint32 minor = 0;
      provider_->library->release_buffer(&minor, &buffer_);
    }
    buffer_ = {0, nullptr};
  }

 private:
  std::shared_ptr<const GssProvider> provider_;
  gss_buffer_desc buffer_ = {0, nullptr};
};

// GssName owns a gss_name_t.
class GssName {
 public:
  explicit GssName(std::shared_ptr<const GssProvider> provider)
      : provider_(std::move(provider)) {}
  GssName(GssName&& other) noexcept
      : provider_(other.provider_), name_(other.name_) {
    other.name_ = GSS_C_NO_NAME;
  }
  GssName& operator=(GssName&&) = delete;
  GssName(const GssName&) = delete;
  GssName& operator=(const GssName&) = delete;
  ~GssName() { Release(); }

  gss_name_t get() const { return name_; }
  gss_name_t* receive() {
    Release();
    return &name_;
  }
  void Release() {
    if (name_ != GSS_C_NO_NAME) {
      OM_uint32 minor = 0;
      provider_->library->release_name(&minor, &name_);
    }
    name_ = GSS_C_NO_NAME;
  }

 private:
  std::shared_ptr<const GssProvider> provider_;
  gss_name_t name_ = GSS_C_NO_NAME;
};

// GssCred owns a gss_cred_id_t.
class GssCred {
 public:
  explicit GssCred(std::shared_ptr<const GssProvider> provider)
      : provider_(std::move(provider)) {}
  GssCred(const GssCred&) = delete;
  GssCred& operator=(const GssCred&) = delete;
  ~GssCred() {
    OM_uint32 minor = 0;
    Release(&minor);
  }

  gss_cred_id_t get() const { return cred_; }
  gss_cred_id_t* receive() { return &cred_; }
  // Hands the handle over to the caller, who must release it.
  gss_cred_id_t release_ownership() {
    gss_cred_id_t cred = cred_;
    cred_ = GSS_C_NO_CREDENTIAL;
    return cred;
  }
  // Releases now; returns the major status (GSS_S_COMPLETE when there was
  // nothing to release).
  OM_uint32 Release(OM_uint32* minor) {
    *minor = 0;
    if (cred_ == GSS_C_NO_CREDENTIAL) return GSS_S_COMPLETE;
    OM_uint32 major = provider_->library->release_cred(minor, &cred_);
    cred_ = GSS_C_NO_CREDENTIAL;
    return major;
  }

 private:
  std::shared_ptr<const GssProvider> provider_;
  gss_cred_id_t cred_ = GSS_C_NO_CREDENTIAL;
};

// GssContext owns a gss_ctx_id_t.
class GssContext {
 public:
  explicit GssContext(std::shared_ptr<const GssProvider> provider)
      : provider_(std::move(provider)) {}
  GssContext(const GssContext&) = delete;
  GssContext& operator=(const GssContext&) = delete;
  ~GssContext() {
    OM_uint32 minor = 0;
    Delete(&minor);
  }

  gss_ctx_id_t get() const { return context_; }
  gss_ctx_id_t* receive() { return &context_; }
  // Deletes now; returns the major status (GSS_S_COMPLETE when there was
  // nothing to delete).
  OM_uint32 Delete(OM_uint32* minor) {
    *minor = 0;
    if (context_ == GSS_C_NO_CONTEXT) return GSS_S_COMPLETE;
    OM_uint32 major = provider_->library->delete_sec_context(minor, &context_,
                                                             GSS_C_NO_BUFFER);
    context_ = GSS_C_NO_CONTEXT;
    return major;
  }

 private:
  std::shared_ptr<const GssProvider> provider_;
  gss_ctx_id_t context_ = GSS_C_NO_CONTEXT;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_HANDLES_H_
