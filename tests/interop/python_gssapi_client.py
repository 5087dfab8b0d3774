# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
"""A gss-sample client written with python-gssapi, a peer crossauth did not
write: it authenticates to a gss-sample server, then sends one wrapped
message twice (the second time a byte-for-byte replay) and closes.

  python_gssapi_client.py PORT SERVICE@HOST MECH FLAGS

MECH: kerberos or negotiate. FLAGS: a comma-separated subset of mutual,
replay, sequence, conf, integ: the context flags to request (python-gssapi
clients often ask for mutual,conf,integ only). Prints one line per event;
exits 0 when the exchange ran to its end, whatever the server decided
about each message, and 1 when the connection broke off.
"""

import socket
import struct
import sys

import gssapi

NOOP, CONTEXT, DATA, MIC, CONTEXT_NEXT, WRAPPED, ENCRYPTED = (
    1, 2, 4, 8, 16, 32, 64)
FLAG_NAMES = {
    "mutual": gssapi.RequirementFlag.mutual_authentication,
    "replay": gssapi.RequirementFlag.replay_detection,
    "sequence": gssapi.RequirementFlag.out_of_sequence_detection,
    "conf": gssapi.RequirementFlag.confidentiality,
    "integ": gssapi.RequirementFlag.integrity,
}
MECHS = {
    "kerberos": gssapi.MechType.kerberos,
    "negotiate": gssapi.OID.from_int_seq("1.3.6.1.5.5.2"),
}


def send(sock, flags, payload):
    sock.sendall(struct.pack(">BI", flags, len(payload)) + payload)


def receive_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError("the server closed the connection")
        data += chunk
    return data


def receive(sock):
    flags, length = struct.unpack(">BI", receive_exactly(sock, 5))
    if length > 1 << 20:
        raise ValueError("a token of %d bytes" % length)
    return flags, receive_exactly(sock, length)


def main():
    port, target, mech, flag_list = sys.argv[1:5]
    flags = gssapi.IntEnumFlagSet(
        gssapi.RequirementFlag,
        [FLAG_NAMES[name] for name in flag_list.split(",") if name])
    name = gssapi.Name(target, gssapi.NameType.hostbased_service)
    context = gssapi.SecurityContext(name=name, mech=MECHS[mech],
                                     flags=flags, usage="initiate")
    with socket.create_connection(("127.0.0.1", int(port)), timeout=30) as s:
        send(s, NOOP | CONTEXT_NEXT, b"")
        token = context.step()
        for _ in range(10):
            if token:
                send(s, CONTEXT, token)
            if context.complete:
                break
            kind, reply = receive(s)
            if kind != CONTEXT:
                print("client: the server refused the handshake")
                return 1
            token = context.step(reply)
        print("client: authenticated, flags %s" % sorted(
            f.name for f in context.actual_flags))
        sealed = context.wrap(b"pay 100 to bob", True).message
        try:
            for attempt in ("first", "replayed"):
                send(s, DATA | WRAPPED | ENCRYPTED, sealed)
                kind, _ = receive(s)
                print("client: %s message answered (flags %d)" % (attempt, kind))
            send(s, NOOP, b"")
        except (EOFError, ConnectionError) as error:
            print("client: %s" % error)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
