"""The address phones can reach this machine at, found without sending anything."""
from __future__ import annotations

import ipaddress
import socket
import sys

import ifaddr


def _interface_addresses() -> list[str]:
    """IPv4 addresses of the network interfaces, in the system's order (ifaddr asks the OS:
    getifaddrs on Linux and macOS, GetAdaptersAddresses on Windows)."""
    try:
        adapters = ifaddr.get_adapters()
    except OSError:
        return []
    return [ip.ip for adapter in adapters for ip in adapter.ips if ip.is_IPv4]


def _host_addresses() -> list[str]:
    try:
        return [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        return []


def _reachable(address: str) -> bool:
    """Not loopback (127.x) and not link-local (169.254.x, what an interface gives itself when
    no DHCP server answered): a phone on the Wi-Fi could not reach either."""
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)


def lan_address() -> str | None:
    # Debian maps the host name to 127.0.1.1, so the interfaces are asked first.
    for address in _interface_addresses() + _host_addresses():
        if _reachable(address):
            return address
    return None


def lan_url(port: int) -> str:
    address = lan_address()
    if address is None:
        print("warning: no LAN address found; phones cannot reach 127.0.0.1. "
              "Use --public-url http://<this machine>:PORT", file=sys.stderr)
        address = "127.0.0.1"
    return f"http://{address}:{port}"
