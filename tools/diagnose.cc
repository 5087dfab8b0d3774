// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "tools/diagnose.h"

#include <cstdio>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "backends/common/hints.h"

namespace crossauth_tool {
namespace {

namespace hints = crossauth::internal;

// Prints a failure and, when crossauth knows one, its hint, on stderr.
void Report(absl::string_view command, absl::string_view what,
            const absl::Status& status) {
  std::fprintf(stderr, "crossauth %s: %s: %s: %s\n",
               std::string(command).c_str(), std::string(what).c_str(),
               absl::StatusCodeToString(status.code()).c_str(),
               std::string(status.message()).c_str());
  std::optional<crossauth::NativeError> native =
      crossauth::GetNativeError(status);
  if (native && !native->hint.empty()) {
    std::fprintf(stderr, "hint: %s\n", native->hint.c_str());
  }
}

std::string When(absl::Time time) {
  if (time == absl::InfiniteFuture()) return "never";
  const absl::Duration left = absl::Trunc(time - absl::Now(), absl::Seconds(1));
  return absl::StrCat(
      absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", time, absl::UTCTimeZone()),
      left > absl::ZeroDuration()
          ? absl::StrCat(" (in ", absl::FormatDuration(left), ")")
          : absl::StrCat(" (", absl::FormatDuration(-left), " ago)"));
}

absl::StatusOr<crossauth::Credential> DefaultCredential(
    crossauth::Mechanism mechanism) {
  crossauth::CredentialOptions options;
  options.mechanisms = {mechanism};
  return crossauth::Credential::Acquire(options);
}

}  // namespace

Failure Classify(const absl::Status& status) {
  // The reason is the same on every backend and never depends on the
  // message text.
  switch (crossauth::GetErrorReason(status)) {
    case crossauth::ErrorReason::kNoCredential:
      return {kNoTicket, "no ticket"};
    case crossauth::ErrorReason::kExpired:
      return {kExpired, "expired"};
    case crossauth::ErrorReason::kUnknownServicePrincipal:
      return {kUnknownService, "unknown service principal"};
    case crossauth::ErrorReason::kUnknownRealm:
    case crossauth::ErrorReason::kUnknownHost:
      return {kRealmOrDns, "realm or DNS"};
    case crossauth::ErrorReason::kClockSkew:
      return {kClockSkew, "clock skew"};
    case crossauth::ErrorReason::kKdcUnreachable:
      return {kKdcUnreachable, "KDC unreachable"};
    default:
      return {kOtherFailure, "other failure"};
  }
}

int Whoami(crossauth::Mechanism mechanism) {
  absl::StatusOr<crossauth::Credential> credential =
      DefaultCredential(mechanism);
  if (!credential.ok()) {
    Report("whoami", "no usable default credential", credential.status());
    return kOtherFailure;
  }
  // Expiry first: MIT's gss_inquire_cred leaks the name it was asked for
  // when the credential has expired, so the principal is asked for only
  // once the credential is known to be current.
  absl::StatusOr<absl::Time> expiry = credential->Expiry();
  if (!expiry.ok()) {
    Report("whoami", "cannot inspect the default credential", expiry.status());
    return kOtherFailure;
  }
  absl::StatusOr<std::string> principal = credential->Principal();
  if (!principal.ok()) {
    Report("whoami", "cannot inspect the default credential",
           principal.status());
    return kOtherFailure;
  }
  std::printf("principal: %s\n", principal->c_str());
  std::printf("expires:   %s\n", When(*expiry).c_str());
  std::printf("backend:   %s\n", std::string(crossauth::BackendName()).c_str());
  if (*expiry <= absl::Now()) {
    std::fprintf(stderr, "crossauth whoami: the credential has expired\n");
    std::fprintf(stderr, "hint: %s\n", hints::kHintExpired);
    return kOtherFailure;
  }
  return kOk;
}

int Check(const std::string& target, crossauth::Mechanism mechanism) {
  absl::StatusOr<crossauth::Credential> credential =
      DefaultCredential(mechanism);
  if (!credential.ok()) {
    const Failure failure = Classify(credential.status());
    Report("check",
           absl::StrCat("FAILED (", failure.name, ", exit ", failure.code, ")"),
           credential.status());
    return failure.code;
  }
  // Without mutual authentication a raw Kerberos session completes on its
  // first step, so Info() can name the service principal the KDC issued the
  // ticket for. Nothing is sent to the service.
  crossauth::ClientOptions options;
  options.target = target;
  options.mechanism = mechanism;
  options.flags.mutual = false;
  absl::StatusOr<crossauth::ClientSession> session =
      crossauth::ClientSession::Start(*credential, options);
  absl::Status failed = session.status();
  std::optional<crossauth::StepResult> step;
  if (session.ok()) {
    absl::StatusOr<crossauth::StepResult> result = session->Step({});
    if (result.ok()) {
      step = *std::move(result);
    } else {
      failed = result.status();
    }
  }
  if (!step) {
    const Failure failure = Classify(failed);
    Report("check",
           absl::StrCat("FAILED (", failure.name, ", exit ", failure.code, ")"),
           failed);
    return failure.code;
  }
  absl::StatusOr<std::string> me = credential->Principal();
  absl::StatusOr<crossauth::SessionInfo> info =
      step->complete ? session->Info()
                     : absl::StatusOr<crossauth::SessionInfo>(
                           absl::UnavailableError("not complete"));
  std::printf("OK: %s got a ticket for %s (%s, %zu-byte token, backend %s)\n",
              me.ok() ? me->c_str() : "the default credential",
              info.ok() && info->peer_principal.has_value()
                  ? info->peer_principal->c_str()
                  : target.c_str(),
              std::string(crossauth::MechanismName(mechanism)).c_str(),
              step->token.size(),
              std::string(crossauth::BackendName()).c_str());
  (void)session->End();
  return kOk;
}

}  // namespace crossauth_tool
