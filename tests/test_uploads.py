"""The upload helper every area uses: content decides the type, names are random,
files live outside static/ and go back only as attachments."""

import io
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from portal.web import uploads

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize("data, kind", [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (HTML, None),
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
    assert (folder / first.name).read_bytes() == PDF


@pytest.mark.parametrize("data, name, allowed, reason", [
    (HTML, "proof.pdf", {"pdf"}, "wrong_type"),      # the name lies; the content decides
    (PNG, "photo.pdf", {"pdf"}, "wrong_type"),       # a real type, but not one allowed here
    (b"", "empty.pdf", {"pdf"}, "empty"),
    (PDF + b"x" * 2000, "big.pdf", {"pdf"}, "too_large"),
])
def test_rejected_uploads_are_not_stored(app, data, name, allowed, reason):
    with app.test_request_context():
        before = set(uploads.upload_folder().glob("*")) if uploads.upload_folder().exists() else set()
        with pytest.raises(uploads.UploadRejected) as caught:
            uploads.save(_file(data, name), allowed, max_bytes=1024)
        after = set(uploads.upload_folder().glob("*")) if uploads.upload_folder().exists() else set()
    assert caught.value.reason == reason and after == before


def test_sent_back_as_an_attachment_with_the_real_type(app):
    with app.test_request_context():
        stored = uploads.save(_file(PNG, "x.html"), {"png"})
        response = uploads.send(stored.name, "证明.png")
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment")
