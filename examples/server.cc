// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-server: accepts crossauth-example-client connections
// (and MIT gss-client ones), authenticates each client, echoes its protected
// messages and verifies its MIC. Copy it, and peer/peer_server.cc, as the
// start of your own server.
//
//   crossauth-example-server [--host IP] [--port PORT] [--port-file FILE]
//       [--once] [--keytab FILE:/path] [--principal HTTP@host]
//       [--mech negotiate|kerberos] [--accept-raw-kerberos]
//       [--expect-peer alice@REALM]
//
// Port 0 picks a free port; --port-file receives it once the server listens.
// Exit status: 0 success, 1 failure, 2 usage error.

#include <cstdio>
#include <optional>
#include <string>

#include "peer/common.h"
#include "peer/peer.h"

int main(int argc, char** argv) {
  example::WriteLinesAsTheyCome();
  std::optional<example::ServerConfig> config =
      example::ParseServerFlags(argc, argv);
  if (!config) {
    std::fprintf(stderr, "usage: crossauth-example-server [flags]\n%s",
                 std::string(example::ServerFlagsHelp()).c_str());
    return 2;
  }
  return example::RunServer(*config);
}
