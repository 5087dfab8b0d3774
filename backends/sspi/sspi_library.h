// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_library.h: the seam between crossauth and SSPI.
//
// SSPI already is a function table: InitSecurityInterfaceW of secur32.dll
// returns a SecurityFunctionTableW, and every native call the backend makes
// goes through one. secur32.dll is loaded at run time (LoadLibraryW), so the
// library has no link-time dependency on it.
//
// An SspiProvider owns the loaded DLL and the table in use. Every credential
// and context holds a std::shared_ptr to its provider, so the DLL stays
// loaded (and the table valid) until the last handle created with it is
// released: a server can never unload the security DLL before it has called
// DeleteSecurityContext on every context. When nothing holds the provider any
// more, FreeLibrary runs.
//
// Tests install a wrapping table (SetSspiFunctionTableForTesting) that counts
// handles and fails chosen calls; see tests/sspi/sspi_seam.cc.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_LIBRARY_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_LIBRARY_H_

#ifndef SECURITY_WIN32
#define SECURITY_WIN32
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
// windows.h first: the SSPI headers need its types.
#include <security.h>
#include <sspi.h>

#include <memory>

#include "absl/status/statusor.h"
#include "backends/sspi/sspi_quirks.h"

namespace crossauth {
namespace internal {

// SspiProvider
//
// A loaded secur32.dll and the function table to call. Immutable and
// thread-safe once created.
class SspiProvider {
 public:
  SspiProvider(HMODULE module, const SecurityFunctionTableW* table, bool wine)
      : module_(module),
        table_(table),
        wine_(wine),
        quirks_(SspiQuirksFor(wine)) {}
  SspiProvider(const SspiProvider&) = delete;
  SspiProvider& operator=(const SspiProvider&) = delete;
  ~SspiProvider();  // FreeLibrary

  const SecurityFunctionTableW& table() const { return *table_; }

  // True when this is Wine's SSPI (ntdll exports wine_get_version). The
  // backend's code never branches on it: it asks quirks(), which were
  // chosen from it once.
  bool wine() const { return wine_; }

  // Where this SSPI departs from Windows', each named after the reason.
  const SspiQuirks& quirks() const { return quirks_; }

 private:
  HMODULE module_;
  const SecurityFunctionTableW* table_;
  bool wine_;
  SspiQuirks quirks_;
};

// CurrentSspiProvider()
//
// The provider new credentials and contexts are created with. Loads
// secur32.dll when no live provider exists. Errors: Unavailable when the DLL
// or InitSecurityInterfaceW cannot be loaded.
absl::StatusOr<std::shared_ptr<const SspiProvider>> CurrentSspiProvider();

// SetSspiFunctionTableForTesting()
//
// Makes `table` (which must outlive every object created while it is
// installed) the table of new providers; the DLL is still loaded and held as
// usual. nullptr restores the DLL's own table.
void SetSspiFunctionTableForTesting(const SecurityFunctionTableW* table);

// RunningUnderWine()
//
// True when ntdll.dll exports wine_get_version.
bool RunningUnderWine();

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_LIBRARY_H_
