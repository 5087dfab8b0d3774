// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-inetd-once: a one-connection inetd for tests, so that MIT's
// gss-server (which otherwise binds every interface on a fixed port) can run
// in its -inetd mode on a free loopback port.
//
//   crossauth-inetd-once PORT_FILE COMMAND [ARGS...]
//
// Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE (via a
// temporary file and a rename), waits up to 60 s for one connection, puts it
// on the standard input and output, and runs COMMAND in its place. Exit
// status: COMMAND's, or 1 when no connection came or a call failed.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace {

int Fail(const char* what) {
  std::fprintf(stderr, "crossauth-inetd-once: %s failed: %s\n", what,
               std::strerror(errno));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: crossauth-inetd-once PORT_FILE COMMAND [ARGS...]\n");
    return 2;
  }
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) return Fail("socket");
  sockaddr_in address;
  std::memset(&address, 0, sizeof(address));
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    return Fail("bind");
  }
  if (listen(listener, 1) != 0) return Fail("listen");
  if (getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) !=
      0) {
    return Fail("getsockname");
  }
  const std::string path = argv[1];
  std::ofstream(path + ".tmp") << ntohs(address.sin_port) << "\n";
  if (std::rename((path + ".tmp").c_str(), path.c_str()) != 0) {
    return Fail("rename");
  }

  pollfd waiting = {listener, POLLIN, 0};
  int ready = poll(&waiting, 1, 60000);
  if (ready < 0) return Fail("poll");
  if (ready == 0) {
    std::fprintf(stderr, "crossauth-inetd-once: no connection in 60 s\n");
    return 1;
  }
  int connection = accept(listener, nullptr, nullptr);
  if (connection < 0) return Fail("accept");
  close(listener);
  if (dup2(connection, 0) < 0 || dup2(connection, 1) < 0) {
    return Fail("dup2");
  }
  close(connection);
  execvp(argv[2], argv + 2);
  return Fail(argv[2]);
}
