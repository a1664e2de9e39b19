"""The one PDF helper: every PDF is rendered here, in-process, with WeasyPrint.

Fonts and stylesheets are loaded once per process (see shared/PDF-NOTES.md: that, and
HarfBuzz subsetting, is what makes Chinese PDFs fast and small); gunicorn.conf.py has each
worker do it when it starts (`warm_up`). Finished documents can be kept in a file cache keyed
by a hash of their content and of what else decides how they look (`renderer_fingerprint`:
WeasyPrint's version, the CJK fonts installed, the stylesheets), shared by all workers."""

import gc
import glob
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable

import weasyprint
from flask import current_app, request, send_file
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

STATIC_CSS = Path(__file__).resolve().parent.parent.parent / "static" / "css"

_fonts = FontConfiguration()
_lock = threading.Lock()  # WeasyPrint's font machinery is not meant for concurrent use


@lru_cache(maxsize=None)
def stylesheet(name: str) -> CSS:
    """A stylesheet from static/css, parsed once."""
    return CSS(filename=str(STATIC_CSS / name), font_config=_fonts)


@lru_cache(maxsize=None)
def renderer_fingerprint() -> str:
    """A short hash of what, besides the document, decides the PDF: a cache filled before the
    CJK fonts were installed must not keep serving PDFs in a fallback font afterwards."""
    parts = [weasyprint.__version__, *_cjk_fonts()]
    parts += [hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(STATIC_CSS.glob("*.css"))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def _cjk_fonts() -> list[str]:
    """The Chinese font files fontconfig knows (or, without fc-list, those in the usual places)."""
    if shutil.which("fc-list"):
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
        return sorted(line.strip().rstrip(":") for line in found.splitlines() if line.strip())
    return sorted(glob.glob("/usr/share/fonts/**/*CJK*", recursive=True))


def warm_up() -> None:
    """Load the fonts and parse the stylesheets now, so that a worker's first PDF is no slower
    than the next (called by gunicorn.conf.py after each worker starts)."""
    for path in sorted(STATIC_CSS.glob("*.css")):
        stylesheet(path.name)
    # every face the documents use (the bold ones are files of their own, loaded on first use)
    render('<html lang="zh-CN"><body><p style="font-family: \'Noto Sans CJK SC\'">供热<b>公司</b></p>'
           '<p style="font-family: \'Noto Serif CJK SC\'">制度汇编<b>第一条</b></p></body></html>')
    renderer_fingerprint()


def render(html: str, stylesheets: tuple[str, ...] = ()) -> bytes:
    """HTML (with lang="zh-CN" on <html>) to PDF bytes."""
    document = HTML(string=html, base_url=str(STATIC_CSS))
    with _lock, _collector_paused():
        return document.write_pdf(stylesheets=[stylesheet(s) for s in stylesheets], font_config=_fonts)


@contextmanager
def _collector_paused():
    """Layout makes hundreds of thousands of short-lived objects; the garbage collector's passes
    over them took a tenth of the time of a sheet of away cards. It runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cache_folder() -> Path:
    configured = current_app.config.get("PORTAL_CACHE_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "cache"


def cached(key: str, make: Callable[[], bytes]) -> Path:
    """The file for `key` (and the renderer's fingerprint), made by `make()` the first time;
    its name (`path.stem`) serves as the ETag. Written atomically (temp file, then rename),
    so concurrent workers never serve half a file."""
    folder = cache_folder() / "pdf"
    path = folder / f"{key}-{renderer_fingerprint()}.pdf"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    data = make()
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return path


def send(path_or_bytes, filename: str, etag: str | None = None, attachment: bool = False):
    """Serve a PDF; with an ETag, a browser that has it gets 304 Not Modified."""
    if etag and etag in request.if_none_match:
        response = current_app.response_class(status=304)
        response.set_etag(etag)
        return response
    source = path_or_bytes if isinstance(path_or_bytes, Path) else io.BytesIO(path_or_bytes)
    response = send_file(source, mimetype="application/pdf", as_attachment=attachment,
                         download_name=filename, etag=False, conditional=False, max_age=0)
    if etag:
        response.set_etag(etag)
    return response
