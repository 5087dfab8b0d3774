// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// common.h: small helpers the peer programs share (the example client and
// server of peer.h, the HTTP and SASL examples, the tests' double-hop
// server): flag parsing and the names of the native calls behind
// crossauth's calls, so that the programs can tell a newcomer what really
// happens.

#ifndef CROSSAUTH_PEER_COMMON_H_
#define CROSSAUTH_PEER_COMMON_H_

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "crossauth/crossauth.h"

namespace example {

// Makes each line the program prints reach its log as it is written, even if
// the process ends without flushing. The Windows CRT has no line buffering:
// it treats _IOLBF as full buffering and refuses a zero size, so under Wine
// stdout stayed fully buffered and a log could be empty. There stdout is
// unbuffered instead.
inline void WriteLinesAsTheyCome() {
#ifdef _WIN32
  std::setvbuf(stdout, nullptr, _IONBF, 0);
#else
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
#endif
}

// Flags
//
// "--name value" pairs and bare "--switch"es. Unknown names are an error.
class Flags {
 public:
  // Parses argv against the known names; `switches` take no value.
  bool Parse(int argc, char** argv, std::initializer_list<const char*> values,
             std::initializer_list<const char*> switches) {
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      bool known = false;
      for (const char* name : switches) {
        if (arg == name) known = true, values_[arg] = "1";
      }
      for (const char* name : values) {
        if (arg != name) continue;
        if (i + 1 >= argc) {
          std::fprintf(stderr, "%s needs a value\n", name);
          return false;
        }
        known = true;
        values_[arg] = argv[++i];
      }
      if (!known) {
        std::fprintf(stderr, "unknown argument: %s\n", arg.c_str());
        return false;
      }
    }
    return true;
  }
  std::string Get(const std::string& name, std::string fallback = "") const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<int> Int(const std::string& name, int fallback) const {
    int value = fallback;
    if (Has(name) && !absl::SimpleAtoi(Get(name), &value)) return std::nullopt;
    return value;
  }

 private:
  std::map<std::string, std::string> values_;
};

// WrapIovMessage(), UnwrapIovMessage()
//
// A message as a scatter/gather pair in Windows' header-only layout
// (DCE/RPC, WinRM): WrapIov() over a header and the data in place, sent as
// two frames by the caller; and the peer's UnwrapIov() over the two it
// received. `data` is the message on the way in, the protected bytes on the
// way out (and back).
inline absl::StatusOr<std::vector<uint8_t>> WrapIovMessage(
    crossauth::Session& session, std::vector<uint8_t>& data) {
  std::vector<uint8_t> header;
  crossauth::IovBuffer buffers[2] = {
      {crossauth::IovType::kHeader, absl::MakeSpan(header)},
      {crossauth::IovType::kData, absl::MakeSpan(data)}};
  absl::StatusOr<crossauth::IovSizes> sizes = session.WrapIovSizes(buffers);
  if (!sizes.ok()) return sizes.status();
  header.assign(sizes->header, 0);
  buffers[0].data = absl::MakeSpan(header);
  absl::StatusOr<crossauth::IovSizes> used = session.WrapIov(buffers);
  if (!used.ok()) return used.status();
  header.resize(used->header);
  return header;
}

inline absl::Status UnwrapIovMessage(crossauth::Session& session,
                                     std::vector<uint8_t>& header,
                                     std::vector<uint8_t>& data) {
  crossauth::IovBuffer buffers[2] = {
      {crossauth::IovType::kHeader, absl::MakeSpan(header)},
      {crossauth::IovType::kData, absl::MakeSpan(data)}};
  return session.UnwrapIov(buffers).status();
}

inline bool IsGss() { return crossauth::BackendName() == "gssapi"; }
inline const char* EndCall() {
  return IsGss() ? "gss_delete_sec_context" : "DeleteSecurityContext";
}
inline const char* ReleaseCall() {
  return IsGss() ? "gss_release_cred" : "FreeCredentialsHandle";
}

// Parses --mech (negotiate, kerberos or ntlm), for the peer examples.
inline std::optional<crossauth::Mechanism> MechanismOrNtlmFlag(
    const Flags& flags) {
  return crossauth::MechanismFromName(flags.Get("--mech", "negotiate"));
}

// Parses --mech (negotiate or kerberos).
inline std::optional<crossauth::Mechanism> MechanismFlag(const Flags& flags) {
  std::optional<crossauth::Mechanism> mechanism = MechanismOrNtlmFlag(flags);
  if (mechanism == crossauth::Mechanism::kNtlm) return std::nullopt;
  return mechanism;
}

// The allow-list for --mech, plus NTLM with --allow-ntlm (NTLM stays off
// unless asked for, as in the library).
inline std::vector<crossauth::Mechanism> AllowList(
    crossauth::Mechanism mechanism, bool allow_ntlm) {
  std::vector<crossauth::Mechanism> mechanisms = {mechanism};
  if (allow_ntlm && mechanism != crossauth::Mechanism::kNtlm) {
    mechanisms.push_back(crossauth::Mechanism::kNtlm);
  }
  return mechanisms;
}

// A principal name for printing: backends that cannot tell a name (SSPI
// under Wine, whose QueryContextAttributesW has no SECPKG_ATTR_NAMES) leave
// it empty, and the examples say so instead of printing nothing.
inline std::string NameOrUnreported(const std::string& name) {
  return name.empty() ? "<name not reported by the backend>" : name;
}
inline std::string NameOrUnreported(const std::optional<std::string>& name) {
  return NameOrUnreported(name.value_or(""));
}

inline std::string Describe(const crossauth::SessionInfo& info) {
  return absl::StrCat(
      crossauth::MechanismName(info.mechanism),
      info.negotiated ? " (negotiated with SPNEGO)" : " (raw, no SPNEGO)",
      "; flags ", info.flags.ToString(), "; expires in ",
      absl::FormatDuration(
          absl::Trunc(info.expiry - absl::Now(), absl::Seconds(1))));
}

// Ends the session and releases the credential, saying which native calls
// that made and what they returned.
inline bool Finish(const char* who, crossauth::Session& session,
                   crossauth::Credential& credential) {
  absl::Status ended = session.End();
  std::printf("%s: End() -> %s: %s\n", who, EndCall(),
              ended.ok() ? "OK" : std::string(ended.message()).c_str());
  absl::StatusOr<crossauth::ReleaseOutcome> released = credential.Release();
  if (!released.ok()) {
    std::printf("%s: Release() -> %s failed: %s\n", who, ReleaseCall(),
                std::string(released.status().message()).c_str());
    return false;
  }
  std::printf("%s: Release() -> %s: %s\n", who, ReleaseCall(),
              *released == crossauth::ReleaseOutcome::kReleased
                  ? "released now"
                  : "deferred to the last user");
  return ended.ok();
}

}  // namespace example

#endif  // CROSSAUTH_PEER_COMMON_H_
