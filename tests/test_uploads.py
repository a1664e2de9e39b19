"""The upload helper every area uses: content decides the type — down to the last byte, not
only the first ones —, names are random, files live outside static/ and go back only as
sandboxed attachments. The hostile files are built here, in the test."""

import io
import re
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from werkzeug.datastructures import FileStorage

from portal.clock import local_today
from portal.leave import rules as leave_rules
from portal.web import uploads
from tests.conftest import login


# --- files, good and hostile ------------------------------------------------------------------

def _pdf(change=None) -> bytes:
    """A real one-page PDF (pypdf), `change(writer)` applied before writing."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript(script="app.alert(document.cookie)") -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject(script)})


def _open_action_js(writer):
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_javascript())


def _open_at_first_page(writer):
    # What LibreOffice and many other producers write: a destination, not an action.
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")])


def _annotation(writer, **entries):
    annotation = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                   NameObject("/Rect"): ArrayObject([FloatObject(0)] * 2 + [FloatObject(50)] * 2),
                                   **{NameObject("/" + k): v for k, v in entries.items()}})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _annotation_aa_js(writer):
    _annotation(writer, Subtype=NameObject("/Widget"),
                AA=DictionaryObject({NameObject("/E"): _javascript()}))


def _launch_link(writer):
    _annotation(writer, Subtype=NameObject("/Link"), A=DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}))


def _embedded_file(writer):
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 not really a program")


def _file_attachment_annotation(writer):
    _annotation(writer, Subtype=NameObject("/FileAttachment"), Contents=TextStringObject("see attached"))


def _document_js(writer):
    script = writer._add_object(_javascript("app.launchURL('http://example.invalid/')"))
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("init"), script])})})


def _encrypted(writer):
    writer.encrypt("secret", algorithm="RC4-128")


PDF = _pdf()
PDF_AT_FIRST_PAGE = _pdf(_open_at_first_page)
# The name /JavaScript written with an escape (#61 = "a"): the parser reads it as the name.
PDF_ESCAPED_NAME = _pdf(_document_js).replace(b"/JavaScript", b"/J#61vaScript")
POLYGLOT = b"%PDF-1.7\n<html><body><script>alert(document.domain)</script></body></html>\n"
# Looks finished (startxref, %%EOF) but holds no PDF at all.
POLYGLOT_WITH_TAIL = POLYGLOT + b"startxref\n0\n%%EOF\n"


def _jpeg_with_gps(size=(40, 20)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6          # taken sideways: turn 90° clockwise to view
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 42.0, 36.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (119.0, 9.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _png(size=(30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG", **save)
    return out.getvalue()


def _png_text(key: str, value: str) -> PngInfo:
    info = PngInfo()
    info.add_text(key, value)
    return info


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_bomb(width: int, height: int) -> bytes:
    """A 1-bit greyscale PNG of width × height pixels, all black: a few hundred KB that
    decode to width × height pixels (Pillow: a byte each)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b""))


JPEG_GPS = _jpeg_with_gps()
PNG = _png()
PNG_WITH_TEXT = _png(pnginfo=_png_text("Comment", "GPS 39.71N 119.15E"))
PNG_REALLY_TEXT = b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html> this is text, not a picture\n"
JPEG_TRUNCATED = JPEG_GPS[:len(JPEG_GPS) // 2]
HTML = b"<html><script>alert(1)</script></html>"


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def _stored(app):
    with app.test_request_context():
        folder = uploads.upload_folder()
        return set(folder.glob("*")) if folder.exists() else set()


# --- the first bytes ----------------------------------------------------------------------------

@pytest.mark.parametrize("data, kind", [(PDF, "pdf"), (PNG, "png"), (JPEG_GPS, "jpeg"), (HTML, None),
                                        (b"MZ\x90\x00", None), (b"", None)])
def test_sniff_by_content(data, kind):
    assert uploads.sniff(data) == kind


def test_saved_under_a_random_name_outside_static(app):
    with app.test_request_context():
        first = uploads.save(_file(PDF, "结婚证.pdf"), {"pdf", "jpeg", "png"})
        second = uploads.save(_file(PDF, "结婚证.pdf"), {"pdf"})
        folder = uploads.upload_folder()
    assert first.name != second.name and first.name.endswith(".pdf") and "结婚证" not in first.name
    assert first.original_name == "结婚证.pdf" and first.kind == "pdf"
    static = Path(app.static_folder).resolve()
    assert static not in (folder / first.name).resolve().parents
    assert (folder / first.name).read_bytes() == PDF   # a PDF is stored as it came


@pytest.mark.parametrize("data, name, allowed, reason", [
    (HTML, "proof.pdf", {"pdf"}, "wrong_type"),      # the name lies; the content decides
    (PNG, "photo.pdf", {"pdf"}, "wrong_type"),       # a real type, but not one allowed here
    (b"", "empty.pdf", {"pdf"}, "empty"),
    (PDF + b"x" * 2000, "big.pdf", {"pdf"}, "too_large"),
])
def test_rejected_uploads_are_not_stored(app, data, name, allowed, reason):
    before = _stored(app)
    with app.test_request_context():
        with pytest.raises(uploads.UploadRejected) as caught:
            uploads.save(_file(data, name), allowed, max_bytes=1024)
    assert caught.value.reason == reason and _stored(app) == before


# --- down to the last byte: PDFs ---------------------------------------------------------------

@pytest.mark.parametrize("data, reason", [
    (_pdf(_open_action_js), "pdf_script"),              # /OpenAction running JavaScript
    (_pdf(_document_js), "pdf_script"),                 # document-level JavaScript (/Names)
    (PDF_ESCAPED_NAME, "pdf_script"),                   # … with its name spelt in escapes
    (_pdf(_annotation_aa_js), "pdf_script"),            # JavaScript in an annotation's /AA
    (_pdf(_launch_link), "pdf_launch"),                 # a link that starts a program
    (_pdf(_embedded_file), "pdf_embedded_file"),        # /EmbeddedFiles
    (_pdf(_file_attachment_annotation), "pdf_embedded_file"),
    (_pdf(_encrypted), "pdf_encrypted"),
    (PDF[:len(PDF) // 2], "pdf_unreadable"),            # truncated
    (PDF[:-40], "pdf_unreadable"),                      # truncated near the end
    (POLYGLOT, "pdf_unreadable"),                       # "%PDF" and then HTML
    (POLYGLOT_WITH_TAIL, "pdf_unreadable"),             # … with a PDF's ending
], ids=["openaction-js", "document-js", "escaped-name", "annotation-aa-js", "launch", "embedded-file",
        "file-attachment", "encrypted", "truncated-half", "truncated-end", "polyglot", "polyglot-tail"])
def test_hostile_pdfs_are_refused_and_not_stored(app, data, reason):
    before = _stored(app)
    with app.test_request_context():
        with pytest.raises(uploads.UploadRejected) as caught:
            uploads.save(_file(data, "证明.pdf"), {"pdf"})
        assert str(caught.value.message)   # each reason has its message
    assert caught.value.reason == reason and _stored(app) == before


def test_a_pdf_with_any_opening_action_is_refused_even_a_bare_destination(app):
    before = _stored(app)
    with app.test_request_context():
        with pytest.raises(uploads.UploadRejected) as caught:
            uploads.save(_file(PDF_AT_FIRST_PAGE, "scan.pdf"), {"pdf"})
    assert caught.value.reason == "pdf_auto_action" and _stored(app) == before


# --- down to the last byte: pictures -------------------------------------------------------------

def test_a_photo_is_stored_upright_without_its_exif_and_gps(app):
    with Image.open(io.BytesIO(JPEG_GPS)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)   # the test file does carry a position
    with app.test_request_context():
        stored = uploads.save(_file(JPEG_GPS, "IMG_0001.jpg"), {"jpeg", "png"})
        data = (uploads.upload_folder() / stored.name).read_bytes()
    assert stored.kind == "jpeg" and stored.size == len(data)
    assert b"Exif" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif() and "exif" not in image.info
        assert image.size == (20, 40)   # the orientation was applied before it was dropped


def test_png_text_chunks_are_dropped(app):
    with app.test_request_context():
        stored = uploads.save(_file(PNG_WITH_TEXT, "scan.png"), {"png"})
        data = (uploads.upload_folder() / stored.name).read_bytes()
    assert b"GPS" not in data and b"tEXt" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (30, 30) and not image.text


@pytest.mark.parametrize("data, allowed, reason", [
    (PNG_REALLY_TEXT, {"png"}, "image_unreadable"),
    (JPEG_TRUNCATED, {"jpeg"}, "image_unreadable"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 32, {"jpeg"}, "image_unreadable"),
    (_png_bomb(7000, 7000), {"png"}, "image_too_many_pixels"),     # 49 million pixels
    (_png_bomb(20000, 20000), {"png"}, "image_too_many_pixels"),   # 400 million: Pillow's bomb too
], ids=["png-really-text", "jpeg-truncated", "jpeg-header-only", "png-49mp", "png-bomb-400mp"])
def test_pictures_that_do_not_decode_or_are_bombs_are_refused(app, data, allowed, reason):
    assert len(data) < uploads.DEFAULT_MAX_BYTES
    before = _stored(app)
    with app.test_request_context():
        with pytest.raises(uploads.UploadRejected) as caught:
            uploads.save(_file(data, "photo.png"), allowed)
    assert caught.value.reason == reason and _stored(app) == before


# --- sent back -------------------------------------------------------------------------------------

def test_sent_back_as_a_sandboxed_attachment_with_the_real_type(app):
    with app.test_request_context():
        stored = uploads.save(_file(PNG, "x.html"), {"png"})
        response = uploads.send(stored.name, "证明.png")
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Content-Security-Policy"] == "sandbox"


def test_a_proof_is_served_sandboxed_through_its_view(app):
    client = app.test_client()
    login(client, "staff")
    start = _leave_day(app)
    response = _ask_marriage_leave(client, start, "本人结婚，申请婚假。", JPEG_GPS, "结婚证.jpg")
    assert response.status_code == 302, _text(response)[:2000]
    proof = client.get(response.location.rstrip("/") + "/proof")
    assert proof.status_code == 200 and proof.mimetype == "image/jpeg"
    assert proof.headers["Content-Disposition"].startswith("attachment")
    assert proof.headers["Content-Security-Policy"] == "sandbox"
    assert proof.headers["X-Content-Type-Options"] == "nosniff"
    assert b"Exif" not in proof.data


# --- the leave form: the reason said, the rest of what was typed kept ------------------------------

def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _leave_day(app):
    with app.app_context():
        return leave_rules.next_working_day(local_today() + timedelta(days=30))


def _ask_marriage_leave(client, day, reason, data, name):
    return client.post("/leave/new", content_type="multipart/form-data", data={
        "leave_type": "marriage", "start_date": day.isoformat(), "start_part": "am",
        "end_date": day.isoformat(), "end_part": "pm", "reason": reason, "proof": (io.BytesIO(data), name)})


@pytest.mark.parametrize("data, name, words", [
    (_pdf(_open_action_js), "结婚证.pdf", "JavaScript"),
    (_pdf(_embedded_file), "结婚证.pdf", "附件"),
    (PDF[:len(PDF) // 2], "结婚证.pdf", "已损坏或不完整"),
    (PNG_REALLY_TEXT, "结婚证.png", "无法读取"),
    (_png_bomb(20000, 20000), "结婚证.png", "像素"),
])
def test_a_refused_proof_says_why_and_keeps_the_form(app, data, name, words):
    client = app.test_client()
    login(client, "staff")
    start = _leave_day(app)
    reason = "本人结婚，申请婚假，附结婚证扫描件。"
    response = _ask_marriage_leave(client, start, reason, data, name)
    page = _text(response)
    assert response.status_code < 500 and words in page, page[:3000]
    assert reason in page and start.isoformat() in page   # what was typed comes back
