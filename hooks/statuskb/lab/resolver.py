"""A DNS server on loopback that knows no names: every query gets NXDOMAIN.

The "upstream name does not resolve" scenario must not send a DNS query off the machine. The
lab's servers are started with a private /etc/resolv.conf (see `servers.private_resolver`)
that names this server, so every lookup any of them makes, through the C library, Go's
resolver or their own DNS clients, ends here, and the answer is the one a real resolver gives
for a name under `.invalid` (RFC 6761): the name does not exist.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: resolv.conf has no port: the C library always asks port 53.
DNS_PORT = 53
NXDOMAIN = 3
_HEADER = struct.Struct("!HHHHHH")


def nxdomain_reply(query: bytes) -> bytes | None:
    """The NXDOMAIN answer to one DNS query (question echoed, no records), or None if it is not a query."""
    if len(query) < _HEADER.size:
        return None
    ident, flags, questions, _, _, _ = _HEADER.unpack_from(query)
    if flags & 0x8000 or questions != 1:  # a response, or not a single question
        return None
    end = _HEADER.size
    while end < len(query) and query[end] != 0:  # the question's name: length-prefixed labels
        end += query[end] + 1
    end += 1 + 4  # the root label, QTYPE, QCLASS
    if end > len(query):
        return None
    opcode_and_rd = flags & 0x7900  # keep OPCODE and RD
    reply_flags = 0x8000 | opcode_and_rd | 0x0080 | NXDOMAIN  # QR, RA, RCODE
    return _HEADER.pack(ident, reply_flags, 1, 0, 0, 0) + query[_HEADER.size:end]


class NxdomainResolver:
    """A UDP DNS server on `address`:53 answering NXDOMAIN to everything, in a daemon thread."""

    def __init__(self, address: str = "127.0.0.1") -> None:
        self.address = address
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind((address, DNS_PORT))
        self._socket.settimeout(0.2)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="nxdomain-resolver", daemon=True)

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                query, client = self._socket.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            reply = nxdomain_reply(query)
            if reply is not None:
                self._socket.sendto(reply, client)

    def start(self) -> NxdomainResolver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._socket.close()


@contextmanager
def nxdomain_resolver(address: str = "127.0.0.1") -> Iterator[NxdomainResolver]:
    """Run the resolver for the duration of the block."""
    resolver = NxdomainResolver(address).start()
    try:
        yield resolver
    finally:
        resolver.stop()
