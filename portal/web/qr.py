"""QR codes, made here (no network), as PNG data URIs for pages and PDFs."""

import base64
import io
from functools import lru_cache

import qrcode
from PIL import Image


@lru_cache(maxsize=1024)   # a code never changes; the same cards are printed and shown again
def data_uri(text: str) -> str:
    """A QR code of `text` as a data URI: a PNG of one pixel per module, border of one module,
    for CSS to scale pixel-sharp (`image-rendering: pixelated`). The mask is fixed: any of the
    eight decodes, and the library's search for the best one took 10 ms a code — 0.4 s of a
    sheet of 40 away cards. (An SVG code cost WeasyPrint 50 ms a card.)"""
    code = qrcode.QRCode(border=1, mask_pattern=0)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = Image.new("1", (len(matrix), len(matrix)))
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
