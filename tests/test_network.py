"""The public URL in the QR code is a LAN address, never loopback unless asked for."""
from workshop import network


def test_loopback_is_skipped_for_the_first_lan_address(monkeypatch):
    monkeypatch.setattr(network, "_interface_addresses", lambda: ["127.0.0.1", "10.1.2.3"])
    monkeypatch.setattr(network, "_host_addresses", lambda: ["127.0.1.1"])
    assert network.lan_url(5000) == "http://10.1.2.3:5000"


def test_without_a_lan_the_facilitator_is_told_to_set_the_url(monkeypatch, capsys):
    monkeypatch.setattr(network, "_interface_addresses", lambda: ["127.0.0.1"])
    monkeypatch.setattr(network, "_host_addresses", lambda: ["127.0.1.1"])
    assert network.lan_url(5000) == "http://127.0.0.1:5000"
    assert "--public-url" in capsys.readouterr().err


def test_this_machine_has_an_interface_address():
    assert "127.0.0.1" in network._interface_addresses()
