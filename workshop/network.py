"""The address phones can reach this machine at, found without sending anything."""
from __future__ import annotations

import socket
import struct
import sys

SIOCGIFADDR = 0x8915   # Linux: the IPv4 address of an interface


def _interface_addresses() -> list[str]:
    """IPv4 addresses of the network interfaces (Linux); empty elsewhere."""
    try:
        import fcntl
        names = [name for _, name in socket.if_nameindex()]
    except (ImportError, OSError, AttributeError):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            try:
                packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR,
                                     struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue   # an interface without an IPv4 address
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def _host_addresses() -> list[str]:
    try:
        return [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        return []


def lan_address() -> str | None:
    # Debian maps the host name to 127.0.1.1, so the interfaces are asked first.
    for address in _interface_addresses() + _host_addresses():
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
