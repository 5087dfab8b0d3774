// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// diagnose.h: the `crossauth whoami` and `crossauth check` commands, and the
// failure classes (and exit codes) they report.

#ifndef CROSSAUTH_TOOLS_DIAGNOSE_H_
#define CROSSAUTH_TOOLS_DIAGNOSE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "crossauth/crossauth.h"

namespace crossauth_tool {

// ExitCode
//
// The process exit status of each outcome. The failure classes come from
// the failure's crossauth::ErrorReason, so they are the same on GSS-API and
// SSPI.
enum ExitCode {
  kOk = 0,
  kOtherFailure = 1,
  kUsage = 2,
  kNoTicket = 3,
  kExpired = 4,
  kUnknownService = 5,
  kRealmOrDns = 6,
  kClockSkew = 7,
  kKdcUnreachable = 8,
};

// Failure
//
// A failure's class: its exit code and a short name for it.
struct Failure {
  ExitCode code = kOtherFailure;
  absl::string_view name;
};

// Classify()
//
// The class of a failed credential acquisition or session step.
Failure Classify(const absl::Status& status);

// Whoami()
//
// Acquires the default initiator credential for `mechanism` and prints its
// principal, expiry and backend on stdout; on failure prints the error and
// its hint on stderr. Returns kOk or kOtherFailure.
int Whoami(crossauth::Mechanism mechanism);

// Check()
//
// Acquires the default credential and runs the first step of a client
// session to `target`, which gets a service ticket from the KDC. Prints
// "OK: ..." with the service principal on stdout, or the failure, its class
// and its hint on stderr. Returns kOk or the failure's class.
int Check(const std::string& target, crossauth::Mechanism mechanism);

}  // namespace crossauth_tool

#endif  // CROSSAUTH_TOOLS_DIAGNOSE_H_
