// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_handles.h: move-only owners of SSPI handles and buffers.
//
// Each type releases its handle through the provider's table in its
// destructor (never throwing), and keeps the provider alive until then.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_HANDLES_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_HANDLES_H_

#include <memory>
#include <utility>

#include "backends/sspi/sspi_library.h"

namespace crossauth {
namespace internal {

// ScopedCredHandle
//
// Owns a CredHandle; FreeCredentialsHandle on Free() or destruction.
class ScopedCredHandle {
 public:
  explicit ScopedCredHandle(std::shared_ptr<const SspiProvider> provider)
      : provider_(std::move(provider)) {}
  ScopedCredHandle(ScopedCredHandle&& other) noexcept
      : provider_(other.provider_),
        handle_(other.handle_),
        valid_(std::exchange(other.valid_, false)) {}
  ScopedCredHandle& operator=(ScopedCredHandle&& other) noexcept {
    if (this != &other) {
      Free();
      provider_ = other.provider_;
      handle_ = other.handle_;
      valid_ = std::exchange(other.valid_, false);
    }
    return *this;
  }
  ScopedCredHandle(const ScopedCredHandle&) = delete;
  ScopedCredHandle& operator=(const ScopedCredHandle&) = delete;
  ~ScopedCredHandle() { Free(); }

  bool valid() const { return valid_; }
  const std::shared_ptr<const SspiProvider>& provider() const {
    return provider_;
  }
  CredHandle* get() { return valid_ ? &handle_ : nullptr; }
  // A copy of the handle, for the queries (QueryCredentialsAttributesW) of a
  // const owner: they take a non-const PCredHandle but never write through
  // it. Meaningful only while valid().
  CredHandle value() const { return handle_; }
  // For AcquireCredentialsHandleW's out-parameter; call set_valid() after
  // it succeeded.
  CredHandle* receive() {
    Free();
    return &handle_;
  }
  void set_valid() { valid_ = true; }

  // FreeCredentialsHandle now; SEC_E_OK when there was nothing to free.
  SECURITY_STATUS Free() {
    if (!valid_) return SEC_E_OK;
    valid_ = false;
    return provider_->table().FreeCredentialsHandle(&handle_);
  }

 private:
  std::shared_ptr<const SspiProvider> provider_;
  CredHandle handle_ = {0, 0};
  bool valid_ = false;
};

// ScopedCtxtHandle
//
// Owns a CtxtHandle; DeleteSecurityContext on Delete() or destruction.
class ScopedCtxtHandle {
 public:
  explicit ScopedCtxtHandle(std::shared_ptr<const SspiProvider> provider)
      : provider_(std::move(provider)) {}
  ScopedCtxtHandle(ScopedCtxtHandle&& other) noexcept
      : provider_(other.provider_),
        handle_(other.handle_),
        valid_(std::exchange(other.valid_, false)) {}
  ScopedCtxtHandle& operator=(ScopedCtxtHandle&&) = delete;
  ScopedCtxtHandle(const ScopedCtxtHandle&) = delete;
  ScopedCtxtHandle& operator=(const ScopedCtxtHandle&) = delete;
  ~ScopedCtxtHandle() { Delete(); }

  bool valid() const { return valid_; }
  // nullptr before the first successful InitializeSecurityContextW or
  // AcceptSecurityContext: that is how those calls tell the first step.
  CtxtHandle* get() { return valid_ ? &handle_ : nullptr; }
  // A copy of the handle, for the queries (QueryContextAttributesW) of a
  // const owner: they take a non-const PCtxtHandle but never write through
  // it. Meaningful only while valid().
  CtxtHandle value() const { return handle_; }
  // The new-context out-parameter; the same storage as get().
  CtxtHandle* receive() { return &handle_; }
  void set_valid() { valid_ = true; }

  // DeleteSecurityContext now; SEC_E_OK when there was nothing to delete.
  SECURITY_STATUS Delete() {
    if (!valid_) return SEC_E_OK;
    valid_ = false;
    return provider_->table().DeleteSecurityContext(&handle_);
  }

 private:
  std::shared_ptr<const SspiProvider> provider_;
  CtxtHandle handle_ = {0, 0};
  bool valid_ = false;
};

// ScopedContextBuffer
//
// Owns memory that SSPI allocated (package info, names); FreeContextBuffer
// on destruction. Either pass receive() as the out-parameter, or adopt a
// pointer that SSPI returned inside a structure (the names of
// SECPKG_ATTR_NATIVE_NAMES, say) at construction, before anything can
// return early.
template <typename T>
class ScopedContextBuffer {
 public:
  explicit ScopedContextBuffer(std::shared_ptr<const SspiProvider> provider,
                               T* value = nullptr)
      : provider_(std::move(provider)), value_(value) {}
  ScopedContextBuffer(const ScopedContextBuffer&) = delete;
  ScopedContextBuffer& operator=(const ScopedContextBuffer&) = delete;
  ~ScopedContextBuffer() { Reset(); }

  T* get() const { return value_; }
  T* operator->() const { return value_; }
  T** receive() {
    Reset();
    return &value_;
  }
  void Reset() {
    if (value_ != nullptr) provider_->table().FreeContextBuffer(value_);
    value_ = nullptr;
  }

 private:
  std::shared_ptr<const SspiProvider> provider_;
  T* value_ = nullptr;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_HANDLES_H_
