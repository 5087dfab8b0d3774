// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-client: authenticates to crossauth-example-server (or to
// MIT's gss-server, with --protocol gss-sample) over TCP, mutually, then
// exchanges protected messages. Copy it, and peer/peer_client.cc, as the
// start of your own client.
//
//   crossauth-example-client --host 127.0.0.1 --port 4444
//       --target HTTP@localhost [--mech negotiate|kerberos] [--messages 3]
//       [--expect-peer HTTP/localhost@REALM] [--protocol crossauth|gss-sample]
//
// It uses the default credential (after kinit, or the logon session on
// Windows). Exit status: 0 success, 1 failure, 2 usage error.

#include <cstdio>
#include <optional>
#include <string>

#include "peer/common.h"
#include "peer/peer.h"

int main(int argc, char** argv) {
  example::WriteLinesAsTheyCome();
  std::optional<example::ClientConfig> config =
      example::ParseClientFlags(argc, argv);
  if (!config) {
    std::fprintf(stderr,
                 "usage: crossauth-example-client --port PORT [flags]\n%s",
                 std::string(example::ClientFlagsHelp()).c_str());
    return 2;
  }
  return example::RunClient(*config);
}
