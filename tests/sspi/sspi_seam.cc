// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The counting and fault-injecting SecurityFunctionTableW behind
// native_seam.h: a copy of secur32's table whose entries record every
// handle and SSPI-allocated buffer they hand out, forget them when the
// matching release call runs, and fail the Nth counted call with
// SEC_E_INSUFFICIENT_MEMORY. Release calls (FreeCredentialsHandle,
// DeleteSecurityContext, FreeContextBuffer, RevertSecurityContext) are never
// failed or counted.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "backends/sspi/sspi_library.h"
#include "tests/support/handle_ledger.h"
#include "tests/support/native_seam.h"

namespace crossauth {
namespace test {
namespace {

using internal::SspiProvider;

// secur32's own table; its provider stays loaded for the whole test run.
const SecurityFunctionTableW* real_table = nullptr;
const SecurityFunctionTableW& Real() { return *real_table; }

bool Inject(const char* call) { return ledger::CountCall(call); }

std::string Key(const char* kind, const SecHandle& handle) {
  return absl::StrFormat("%s:%x:%x", kind, handle.dwLower, handle.dwUpper);
}
std::string Key(const void* buffer) {
  return absl::StrFormat("buffer:%p", buffer);
}

void Track(const std::string& key, const char* call) {
  ledger::Track(key, call);
}
void TrackBuffer(const void* buffer, const char* call) {
  if (buffer != nullptr) Track(Key(buffer), call);
}
void Forget(const std::string& key) { ledger::Forget(key); }

SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandle(
    SEC_WCHAR* principal, SEC_WCHAR* package, unsigned long use, void* logon,
    void* auth, SEC_GET_KEY_FN get_key, void* get_key_arg, PCredHandle cred,
    PTimeStamp expiry) {
  if (Inject("AcquireCredentialsHandleW")) return SEC_E_INSUFFICIENT_MEMORY;
  SECURITY_STATUS status = Real().AcquireCredentialsHandleW(
      principal, package, use, logon, auth, get_key, get_key_arg, cred, expiry);
  if (status == SEC_E_OK)
    Track(Key("cred", *cred), "AcquireCredentialsHandleW");
  return status;
}

SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(PCredHandle cred) {
  if (cred != nullptr) Forget(Key("cred", *cred));
  return Real().FreeCredentialsHandle(cred);
}

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributes(PCredHandle cred,
                                                     unsigned long attribute,
                                                     void* buffer) {
  if (Inject("QueryCredentialsAttributesW")) return SEC_E_INSUFFICIENT_MEMORY;
  SECURITY_STATUS status =
      Real().QueryCredentialsAttributesW(cred, attribute, buffer);
  if (status == SEC_E_OK && attribute == SECPKG_CRED_ATTR_NAMES) {
    TrackBuffer(static_cast<SecPkgCredentials_NamesW*>(buffer)->sUserName,
                "QueryCredentialsAttributesW");
  }
  return status;
}

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfo(SEC_WCHAR* package,
                                                   PSecPkgInfoW* info) {
  if (Inject("QuerySecurityPackageInfoW")) return SEC_E_INSUFFICIENT_MEMORY;
  SECURITY_STATUS status = Real().QuerySecurityPackageInfoW(package, info);
  if (status == SEC_E_OK) TrackBuffer(*info, "QuerySecurityPackageInfoW");
  return status;
}

// Records the context a successful init/accept step left behind. A later
// step may hand out a new handle value (Wine does): the old one is gone.
void TrackContext(PCtxtHandle old_context, const SecHandle& before,
                  PCtxtHandle new_context, SECURITY_STATUS status,
                  const char* call) {
  if (status < 0 || new_context == nullptr) return;
  if (old_context != nullptr) Forget(Key("context", before));
  Track(Key("context", *new_context), call);
}

SECURITY_STATUS SEC_ENTRY InitializeSecurityContext(
    PCredHandle cred, PCtxtHandle context, SEC_WCHAR* target,
    unsigned long request, unsigned long reserved1, unsigned long rep,
    PSecBufferDesc input, unsigned long reserved2, PCtxtHandle new_context,
    PSecBufferDesc output, unsigned long* attributes, PTimeStamp expiry) {
  if (Inject("InitializeSecurityContextW")) return SEC_E_INSUFFICIENT_MEMORY;
  SecHandle before = context != nullptr ? *context : SecHandle{0, 0};
  SECURITY_STATUS status = Real().InitializeSecurityContextW(
      cred, context, target, request, reserved1, rep, input, reserved2,
      new_context, output, attributes, expiry);
  TrackContext(context, before, new_context, status,
               "InitializeSecurityContextW");
  return status;
}

SECURITY_STATUS SEC_ENTRY AcceptSecurityContext(
    PCredHandle cred, PCtxtHandle context, PSecBufferDesc input,
    unsigned long request, unsigned long rep, PCtxtHandle new_context,
    PSecBufferDesc output, unsigned long* attributes, PTimeStamp expiry) {
  if (Inject("AcceptSecurityContext")) return SEC_E_INSUFFICIENT_MEMORY;
  SecHandle before = context != nullptr ? *context : SecHandle{0, 0};
  SECURITY_STATUS status =
      Real().AcceptSecurityContext(cred, context, input, request, rep,
                                   new_context, output, attributes, expiry);
  TrackContext(context, before, new_context, status, "AcceptSecurityContext");
  return status;
}

SECURITY_STATUS SEC_ENTRY CompleteAuthToken(PCtxtHandle context,
                                            PSecBufferDesc token) {
  if (Inject("CompleteAuthToken")) return SEC_E_INSUFFICIENT_MEMORY;
  return Real().CompleteAuthToken(context, token);
}

SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle context) {
  if (context != nullptr) Forget(Key("context", *context));
  return Real().DeleteSecurityContext(context);
}

// An impersonation is recorded like a handle: RevertSecurityContext must
// end every one that began.
SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(PCtxtHandle context) {
  if (Inject("ImpersonateSecurityContext")) return SEC_E_INSUFFICIENT_MEMORY;
  SECURITY_STATUS status = Real().ImpersonateSecurityContext(context);
  if (status == SEC_E_OK && context != nullptr) {
    Track(Key("impersonation", *context), "ImpersonateSecurityContext");
  }
  return status;
}

SECURITY_STATUS SEC_ENTRY RevertSecurityContext(PCtxtHandle context) {
  if (context != nullptr) Forget(Key("impersonation", *context));
  return Real().RevertSecurityContext(context);
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributes(PCtxtHandle context,
                                                 unsigned long attribute,
                                                 void* buffer) {
  if (Inject("QueryContextAttributesW")) return SEC_E_INSUFFICIENT_MEMORY;
  SECURITY_STATUS status =
      Real().QueryContextAttributesW(context, attribute, buffer);
  if (status != SEC_E_OK) return status;
  constexpr char kCall[] = "QueryContextAttributesW";
  switch (attribute) {
    case SECPKG_ATTR_NAMES:
      TrackBuffer(static_cast<SecPkgContext_NamesW*>(buffer)->sUserName, kCall);
      break;
    case SECPKG_ATTR_NATIVE_NAMES: {
      auto* names = static_cast<SecPkgContext_NativeNamesW*>(buffer);
      TrackBuffer(names->sClientName, kCall);
      TrackBuffer(names->sServerName, kCall);
      break;
    }
    case SECPKG_ATTR_NEGOTIATION_INFO:
      TrackBuffer(
          static_cast<SecPkgContext_NegotiationInfoW*>(buffer)->PackageInfo,
          kCall);
      break;
    case SECPKG_ATTR_PACKAGE_INFO:
      TrackBuffer(static_cast<SecPkgContext_PackageInfoW*>(buffer)->PackageInfo,
                  kCall);
      break;
    default:
      break;
  }
  return status;
}

SECURITY_STATUS SEC_ENTRY FreeContextBuffer(void* buffer) {
  Forget(Key(buffer));
  return Real().FreeContextBuffer(buffer);
}

SECURITY_STATUS SEC_ENTRY EncryptMessage(PCtxtHandle context, unsigned long qop,
                                         PSecBufferDesc message,
                                         unsigned long sequence) {
  if (Inject("EncryptMessage")) return SEC_E_INSUFFICIENT_MEMORY;
  return Real().EncryptMessage(context, qop, message, sequence);
}

SECURITY_STATUS SEC_ENTRY DecryptMessage(PCtxtHandle context,
                                         PSecBufferDesc message,
                                         unsigned long sequence,
                                         unsigned long* qop) {
  if (Inject("DecryptMessage")) return SEC_E_INSUFFICIENT_MEMORY;
  return Real().DecryptMessage(context, message, sequence, qop);
}

SECURITY_STATUS SEC_ENTRY MakeSignature(PCtxtHandle context, unsigned long qop,
                                        PSecBufferDesc message,
                                        unsigned long sequence) {
  if (Inject("MakeSignature")) return SEC_E_INSUFFICIENT_MEMORY;
  return Real().MakeSignature(context, qop, message, sequence);
}

SECURITY_STATUS SEC_ENTRY VerifySignature(PCtxtHandle context,
                                          PSecBufferDesc message,
                                          unsigned long sequence,
                                          unsigned long* qop) {
  if (Inject("VerifySignature")) return SEC_E_INSUFFICIENT_MEMORY;
  return Real().VerifySignature(context, message, sequence, qop);
}

}  // namespace

void InstallCountingSeam() {
  static bool installed = [] {
    static std::shared_ptr<const SspiProvider>* system = [] {
      absl::StatusOr<std::shared_ptr<const SspiProvider>> provider =
          internal::CurrentSspiProvider();
      if (!provider.ok()) {
        std::fprintf(stderr, "cannot load SSPI: %s\n",
                     provider.status().ToString().c_str());
        std::abort();
      }
      return new std::shared_ptr<const SspiProvider>(*std::move(provider));
    }();
    real_table = &(*system)->table();
    static SecurityFunctionTableW wrapped = *real_table;
    wrapped.AcquireCredentialsHandleW = AcquireCredentialsHandle;
    wrapped.FreeCredentialsHandle = FreeCredentialsHandle;
    wrapped.QueryCredentialsAttributesW = QueryCredentialsAttributes;
    wrapped.QuerySecurityPackageInfoW = QuerySecurityPackageInfo;
    wrapped.InitializeSecurityContextW = InitializeSecurityContext;
    wrapped.AcceptSecurityContext = AcceptSecurityContext;
    wrapped.CompleteAuthToken = CompleteAuthToken;
    wrapped.DeleteSecurityContext = DeleteSecurityContext;
    wrapped.ImpersonateSecurityContext = ImpersonateSecurityContext;
    wrapped.RevertSecurityContext = RevertSecurityContext;
    wrapped.QueryContextAttributesW = QueryContextAttributes;
    wrapped.FreeContextBuffer = FreeContextBuffer;
    wrapped.EncryptMessage = EncryptMessage;
    wrapped.DecryptMessage = DecryptMessage;
    wrapped.MakeSignature = MakeSignature;
    wrapped.VerifySignature = VerifySignature;
    internal::SetSspiFunctionTableForTesting(&wrapped);
    return true;
  }();
  (void)installed;
}

}  // namespace test
}  // namespace crossauth
