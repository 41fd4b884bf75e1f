"""The address phones can reach this machine at."""
from __future__ import annotations

import socket
import sys


def lan_address() -> str | None:
    """The first non-loopback IPv4 address of this host, found without sending anything."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    for info in infos:
        address = info[4][0]
        if not address.startswith("127."):
            return address
    return None


def lan_url(port: int) -> str:
    address = lan_address()
    if address is None:
        print("warning: no LAN address found; phones cannot reach 127.0.0.1. "
              "Use --public-url http://<this machine>:PORT", file=sys.stderr)
        address = "127.0.0.1"
    return f"http://{address}:{port}"
