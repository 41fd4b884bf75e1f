"""QR codes for the join URL: SVG for the screen, text for the terminal."""
from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def terminal(url: str) -> str:
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
