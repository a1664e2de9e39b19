"""Uploaded files: type checked by content down to the last byte, random names, stored
outside static/, and sent back only through a view that has checked who may see them, as
an attachment in a sandbox.

The first bytes only say what a file claims to be. Then:
- a PDF must end as a PDF does and parse (pypdf); it is refused when encrypted, or when it
  holds JavaScript (anywhere: document, pages, annotations, additional actions), an
  action run on opening, a launch action or embedded files. It is stored as it came.
- an image (JPEG, PNG) must decode completely (Pillow) and stay below MAX_IMAGE_PIXELS
  (decompression bombs); it is turned upright by its EXIF orientation and re-encoded from
  its pixels alone: EXIF (GPS position, camera, time), XMP, ICC and text chunks are gone.
Every refusal has a reason (`UploadRejected.reason`) and a message that says it."""

import base64
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_from_directory
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject
from werkzeug.datastructures import FileStorage

# kind -> (leading bytes, extension, MIME type)
KINDS = {
    "pdf": (b"%PDF-", ".pdf", "application/pdf"),
    "jpeg": (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# 40 million pixels (e.g. 8000 × 5000) is more than a phone photo of a document needs; a
# bigger picture would take hundreds of MB to decode. Below Pillow's own Image.MAX_IMAGE_PIXELS
# (about 89 million, an error at twice that), which is left as it is for the rest of the portal.
MAX_IMAGE_PIXELS = 40_000_000
PIL_FORMATS = {"jpeg": ("JPEG", "MPO"), "png": ("PNG",)}   # MPO: a JPEG with a preview image

MESSAGES = {
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large."),
    "wrong_type": _l("Only PDF, JPEG or PNG files are accepted."),
    "pdf_unreadable": _l("The PDF file is damaged or incomplete and cannot be read. "
                         "Save or scan it again and upload the new file."),
    "pdf_encrypted": _l("The PDF file is encrypted or protected by a password. "
                        "Save a copy without protection and upload that."),
    "pdf_script": _l("The PDF file contains JavaScript, which is not accepted. "
                     "Print it to a new PDF or scan the paper document."),
    "pdf_launch": _l("The PDF file contains an action that starts a program or opens another file, "
                     "which is not accepted. Print it to a new PDF or scan the paper document."),
    "pdf_embedded_file": _l("The PDF file carries other files inside it (attachments), which is not accepted. "
                            "Upload the document itself."),
    "pdf_auto_action": _l("The PDF file carries an opening action (something the reader does by itself when "
                          "the file is opened), which is not accepted. Print it to a new PDF or scan the paper document."),
    "image_unreadable": _l("The picture cannot be read: it is damaged, incomplete, or not really a "
                           "JPEG or PNG picture. Take or save it again."),
    "image_too_many_pixels": _l("The picture has too many pixels (more than %(megapixels)d million). "
                                "Take it at a lower resolution and try again.",
                                megapixels=MAX_IMAGE_PIXELS // 1_000_000),
}

# PDF names that refuse a file wherever they stand (as a key or a value), by reason; the
# first reason found in this order is the one given.
PDF_NAMES = {
    "pdf_script": {"/JS", "/JavaScript", "/XFA"},
    "pdf_launch": {"/Launch", "/GoToR", "/GoToE"},
    "pdf_embedded_file": {"/EmbeddedFiles", "/EmbeddedFile", "/FileAttachment", "/RichMedia"},
    "pdf_auto_action": {"/AA"},
}
PDF_TAIL = 1024   # where %%EOF must stand, as PDF readers expect


class UploadRejected(ValueError):
    """reason is a key of MESSAGES: "empty", "too_large", "wrong_type", "pdf_…", "image_…"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self):
        return MESSAGES[self.reason]


@dataclass(frozen=True)
class StoredFile:
    name: str          # the random name on disk
    kind: str
    size: int
    original_name: str


def upload_folder() -> Path:
    configured = current_app.config.get("PORTAL_UPLOAD_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def sniff(head: bytes) -> str | None:
    for kind, (magic, _ext, _mime) in KINDS.items():
        if head.startswith(magic):
            return kind
    return None


# --- PDF ------------------------------------------------------------------------------------

def _pdf_objects(reader: PdfReader):
    """Every object of the file: those the trailer reaches and those in the cross-reference
    tables (even unreferenced ones), each once, with everything they contain. Only indirect
    references can make a cycle; direct objects nest as a tree."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        stack.extend(IndirectObject(number, generation, reader) for number in numbers)
    stack.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        yield item
        if isinstance(item, DictionaryObject):
            stack.extend(NameObject(name) for name in item.keys())
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _pdf_problem(reader: PdfReader) -> str | None:
    """The reason to refuse the file, or None. Names count wherever they stand, as a key
    (/JS, /AA, /EmbeddedFiles) or as a value (/S /JavaScript, /Subtype /FileAttachment)."""
    found = set()
    for item in _pdf_objects(reader):
        if isinstance(item, NameObject):
            found.update(reason for reason, names in PDF_NAMES.items() if item in names)
        elif isinstance(item, DictionaryObject) and "/OpenAction" in item:
            # Refused even as a bare destination ([page /Fit], as LibreOffice writes): no
            # document a portal user uploads needs one, and "none at all" leaves no case to judge.
            found.add("pdf_auto_action")
    return next((reason for reason in PDF_NAMES if reason in found), None)


def check_pdf(data: bytes) -> None:
    """Raise UploadRejected unless `data` is a whole, readable, unencrypted PDF without
    scripts, launch actions, actions on opening or embedded files."""
    tail = data[-PDF_TAIL:]
    if b"%%EOF" not in tail or b"startxref" not in data[-PDF_TAIL - 64:]:
        raise UploadRejected("pdf_unreadable")   # cut short, or not a PDF after its first line
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected("pdf_encrypted")
        if len(reader.pages) < 1:
            raise UploadRejected("pdf_unreadable")
        for page in reader.pages:
            page.mediabox  # noqa: B018 — reading every page is part of parsing the file
        problem = _pdf_problem(reader)
    except UploadRejected:
        raise
    except Exception as error:  # whatever pypdf trips over in a hostile file: not readable
        current_app.logger.info("PDF upload refused as unreadable: %r", error)
        raise UploadRejected("pdf_unreadable") from error
    if problem:
        raise UploadRejected(problem)


# --- images ---------------------------------------------------------------------------------

def clean_image(data: bytes, kind: str) -> bytes:
    """The picture decoded, turned upright and re-encoded from its pixels only (no EXIF, GPS,
    XMP, ICC profile or text chunks); UploadRejected when it cannot be, or is too big."""
    try:
        # Opening reads the header only; Pillow refuses a size far beyond its own limit
        # (DecompressionBombError), ours is lower and checked before anything is decoded.
        with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind][0]]) as image:
            if image.format not in PIL_FORMATS[kind]:
                raise UploadRejected("image_unreadable")
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise UploadRejected("image_too_many_pixels")
            image.load()   # decodes everything: a truncated or corrupt picture fails here
            upright = ImageOps.exif_transpose(image)
            return _encode(upright, kind)
    except UploadRejected:
        raise
    except Image.DecompressionBombError as error:
        raise UploadRejected("image_too_many_pixels") from error
    except Exception as error:  # Pillow's errors for broken pictures are many (OSError, SyntaxError …)
        current_app.logger.info("Image upload refused as unreadable: %r", error)
        raise UploadRejected("image_unreadable") from error


def _encode(image: Image.Image, kind: str) -> bytes:
    if kind == "jpeg":
        mode = image.mode if image.mode in ("L", "RGB") else "RGB"
    elif image.mode in ("P", "PA") or "transparency" in image.info:
        mode = "RGBA"
    else:
        mode = image.mode if image.mode in ("1", "L", "LA", "RGB", "RGBA", "I", "I;16") else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    # A new image from the pixels alone: nothing of the original's info travels along.
    bare = Image.frombytes(mode, image.size, image.tobytes())
    out = io.BytesIO()
    if kind == "jpeg":
        bare.save(out, "JPEG", quality=90)
    else:
        bare.save(out, "PNG")
    return out.getvalue()


# --- storing and sending ------------------------------------------------------------------------

def save(file: FileStorage, allowed: set[str], max_bytes: int = DEFAULT_MAX_BYTES) -> StoredFile:
    data = file.stream.read(max_bytes + 1)
    if not data:
        raise UploadRejected("empty")
    if len(data) > max_bytes:
        raise UploadRejected("too_large")
    kind = sniff(data[:16])
    if kind is None or kind not in allowed:
        raise UploadRejected("wrong_type")
    if kind == "pdf":
        check_pdf(data)
    else:
        data = clean_image(data, kind)
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + KINDS[kind][1]
    (folder / name).write_bytes(data)
    return StoredFile(name=name, kind=kind, size=len(data), original_name=(file.filename or "")[:200])


def send(stored_name: str, download_name: str):
    """Only call after the view has checked access. Always an attachment, never inline HTML,
    and sandboxed should a browser render it anyway."""
    path = upload_folder() / stored_name
    kind = None
    if path.is_file():
        with path.open("rb") as stream:
            kind = sniff(stream.read(16))
    mimetype = KINDS[kind][2] if kind else "application/octet-stream"
    response = send_from_directory(upload_folder(), stored_name, as_attachment=True,
                                   download_name=download_name, mimetype=mimetype)
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


def png_data_url(value: str) -> bytes | None:
    """The bytes of a `data:image/png;base64,…` URL (a drawing from a canvas), or None when it is
    not one; what the bytes hold is checked by `save` like any upload."""
    prefix = "data:image/png;base64,"
    if not value.startswith(prefix) or len(value) > 600_000:
        return None
    try:
        return base64.b64decode(value[len(prefix):], validate=True) or None
    except ValueError:
        return None
