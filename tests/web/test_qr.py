"""The QR codes on away cards (and whatever prints one next): a phone must read the address back."""

import base64
import io

import pytest
import zxingcpp
from PIL import Image

from portal.web import qr


def _decoded(data_uri: str, scale: int) -> list[str]:
    assert data_uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))
    # as printed: each module several pixels wide, on white paper around it
    image = image.convert("L").resize((image.width * scale, image.height * scale), Image.NEAREST)
    paper = Image.new("L", (image.width + 8 * scale, image.height + 8 * scale), 255)
    paper.paste(image, (4 * scale, 4 * scale))
    return [found.text for found in zxingcpp.read_barcodes(paper)]


@pytest.mark.parametrize("text", [
    "http://127.0.0.1:5000/absence/status/" + "a" * 32,
    "https://portal.changli-heating.cn/absence/status/Zx81_qP0-" + "9" * 23,
    "https://portal.changli-heating.cn/service/track/2026-000123",
])
def test_a_qr_code_reads_back_as_its_address(text):
    assert _decoded(qr.data_uri(text), scale=8) == [text]


def test_a_qr_code_is_one_pixel_a_module_with_a_quiet_border():
    image = Image.open(io.BytesIO(base64.b64decode(qr.data_uri("http://x/absence/status/abc").split(",", 1)[1])))
    assert image.width == image.height and image.width <= 41          # version ≤ 4, border 1
    corner = [image.getpixel((x, y)) for x in range(image.width) for y in (0, image.height - 1)]
    assert all(pixel for pixel in corner)                               # the border is white
    assert image.getpixel((1, 1)) == 0                                  # a finder pattern starts dark
