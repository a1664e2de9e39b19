"""Uploaded files: type checked by content, random names, stored outside static/, and sent
back only through a view that has checked who may see them, as an attachment."""

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_from_directory
from werkzeug.datastructures import FileStorage

# kind -> (leading bytes, extension, MIME type)
KINDS = {
    "pdf": (b"%PDF-", ".pdf", "application/pdf"),
    "jpeg": (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class UploadRejected(ValueError):
    """reason is "empty", "too_large" or "wrong_type"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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


def save(file: FileStorage, allowed: set[str], max_bytes: int = DEFAULT_MAX_BYTES) -> StoredFile:
    data = file.stream.read(max_bytes + 1)
    if not data:
        raise UploadRejected("empty")
    if len(data) > max_bytes:
        raise UploadRejected("too_large")
    kind = sniff(data[:16])
    if kind is None or kind not in allowed:
        raise UploadRejected("wrong_type")
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + KINDS[kind][1]
    (folder / name).write_bytes(data)
    return StoredFile(name=name, kind=kind, size=len(data), original_name=(file.filename or "")[:200])


def send(stored_name: str, download_name: str):
    """Only call after the view has checked access. Always an attachment, never inline HTML."""
    kind = sniff((upload_folder() / stored_name).read_bytes()[:16]) if (upload_folder() / stored_name).is_file() else None
    mimetype = KINDS[kind][2] if kind else "application/octet-stream"
    return send_from_directory(upload_folder(), stored_name, as_attachment=True,
                               download_name=download_name, mimetype=mimetype)
