"""The public URL in the QR code is a LAN address, never loopback unless asked for."""
import shutil
import subprocess

import pytest

from workshop import network


def test_loopback_is_skipped_for_the_first_lan_address(monkeypatch):
    monkeypatch.setattr(network, "_interface_addresses", lambda: ["127.0.0.1", "10.1.2.3"])
    monkeypatch.setattr(network, "_host_addresses", lambda: ["127.0.1.1"])
    assert network.lan_url(5000) == "http://10.1.2.3:5000"


def test_a_link_local_address_is_skipped(monkeypatch):
    monkeypatch.setattr(network, "_interface_addresses",
                        lambda: ["127.0.0.1", "169.254.10.20", "192.168.1.20"])
    monkeypatch.setattr(network, "_host_addresses", lambda: [])
    assert network.lan_address() == "192.168.1.20"


def test_the_host_name_is_asked_when_no_interface_has_a_lan_address(monkeypatch):
    monkeypatch.setattr(network, "_interface_addresses", lambda: ["127.0.0.1", "169.254.1.1"])
    monkeypatch.setattr(network, "_host_addresses", lambda: ["127.0.1.1", "10.9.8.7"])
    assert network.lan_address() == "10.9.8.7"


def test_without_a_lan_the_facilitator_is_told_to_set_the_url(monkeypatch, capsys):
    monkeypatch.setattr(network, "_interface_addresses", lambda: ["127.0.0.1", "169.254.1.1"])
    monkeypatch.setattr(network, "_host_addresses", lambda: ["127.0.1.1"])
    assert network.lan_url(5000) == "http://127.0.0.1:5000"
    assert "--public-url" in capsys.readouterr().err


def _ip_addr() -> list[str]:
    """This machine's IPv4 addresses as ip(8) reports them."""
    ip = shutil.which("ip")
    if ip is None:
        pytest.skip("ip(8) is not installed here")
    out = subprocess.run([ip, "-4", "-o", "addr", "show"], capture_output=True, text=True,
                         check=True, timeout=10).stdout
    # "2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0 ..."
    return [line.split()[3].split("/")[0] for line in out.splitlines() if " inet " in line]


def test_the_interface_addresses_are_this_machines():
    found = network._interface_addresses()
    assert "127.0.0.1" in found
    assert sorted(found) == sorted(_ip_addr())


def test_the_lan_address_is_one_of_this_machines_interfaces():
    lan = [a for a in _ip_addr() if not a.startswith(("127.", "169.254."))]
    if not lan:
        pytest.skip("this machine has no LAN address")
    address = network.lan_address()
    assert address in lan
    assert network.lan_url(5000) == f"http://{address}:5000"
