// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_library.h"

#include <memory>

#include "absl/base/const_init.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

namespace crossauth {
namespace internal {
namespace {

ABSL_CONST_INIT absl::Mutex provider_mutex(absl::kConstInit);

// The live system provider, if any: weak, so that the DLL is unloaded once
// the last credential or context is gone.
std::weak_ptr<const SspiProvider>& LiveProvider() {
  static auto* live = new std::weak_ptr<const SspiProvider>();
  return *live;
}

const SecurityFunctionTableW*& TestTable() {
  static const SecurityFunctionTableW* table = nullptr;
  return table;
}

}  // namespace

SspiProvider::~SspiProvider() {
  if (module_ != nullptr) FreeLibrary(module_);
}

bool RunningUnderWine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr &&
         GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

absl::StatusOr<std::shared_ptr<const SspiProvider>> CurrentSspiProvider() {
  absl::MutexLock lock(&provider_mutex);
  if (std::shared_ptr<const SspiProvider> live = LiveProvider().lock()) {
    return live;
  }
  HMODULE module =
      LoadLibraryExW(L"secur32.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
  if (module == nullptr) {
    return absl::UnavailableError(absl::StrFormat(
        "LoadLibraryExW(secur32.dll): error %lu; SSPI is not available",
        GetLastError()));
  }
  auto init =
      reinterpret_cast<INIT_SECURITY_INTERFACE_W>(reinterpret_cast<void*>(
          GetProcAddress(module, "InitSecurityInterfaceW")));
  const SecurityFunctionTableW* table = init != nullptr ? init() : nullptr;
  if (table == nullptr) {
    FreeLibrary(module);
    return absl::UnavailableError(
        "InitSecurityInterfaceW: secur32.dll returned no function table");
  }
  if (TestTable() != nullptr) table = TestTable();
  auto provider =
      std::make_shared<const SspiProvider>(module, table, RunningUnderWine());
  LiveProvider() = provider;
  return provider;
}

void SetSspiFunctionTableForTesting(const SecurityFunctionTableW* table) {
  absl::MutexLock lock(&provider_mutex);
  TestTable() = table;
  // Objects alive now keep their provider; new ones get the new table.
  LiveProvider().reset();
}

}  // namespace internal
}  // namespace crossauth
