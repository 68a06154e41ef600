"""Checking and storing uploaded files (proofs now; ticket and claim attachments later).

The browser's file name and content type are the uploader's claims, not facts. So the type is
decided by the first bytes of the content (magic numbers), the size is counted on the server,
the name is cut down to a harmless display name, and the file is stored under a random name in
a folder of the data dir that no web server publishes. Reading back goes through `stored_file`,
which refuses any stored path that would lead outside its folder.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class UploadRefused(Exception):
    """An upload that is not accepted; carries an i18n message key for the uploader."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class FileType:
    mime_type: str
    extension: str


PDF = FileType("application/pdf", ".pdf")
PNG = FileType("image/png", ".png")
JPEG = FileType("image/jpeg", ".jpg")
WEBP = FileType("image/webp", ".webp")
# Print proofs: documents and pictures a browser shows by itself.
PROOF_TYPES = frozenset({PDF, PNG, JPEG, WEBP})

_NAME_MAX = 120
_UNSAFE = re.compile(r"[^\w.\- ()]+")


def sniff_type(data: bytes) -> FileType | None:
    """The type the content really has, from its signature; None when unknown."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def safe_filename(name: str, file_type: FileType) -> str:
    """A display name without paths, control characters or shell/HTML specials, ending in the
    extension of the real type (so `invoice.pdf.exe` claiming to be a PDF is shown as what it
    is); never empty."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" ._")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" ._")[: _NAME_MAX - len(file_type.extension)] or "datei"
    return f"{stem}{file_type.extension}"


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    file_type: FileType
    filename: str  # sanitised, for display and downloads only

    @property
    def size(self) -> int:
        return len(self.data)


def check_upload(
    data: bytes, filename: str, *, allowed: frozenset[FileType], max_bytes: int
) -> CheckedUpload:
    """Accept or refuse an upload: not empty, not larger than `max_bytes`, a type of `allowed`
    by content. Raises UploadRefused with the reason's message key."""
    if not data:
        raise UploadRefused("upload.error.empty")
    if len(data) > max_bytes:
        raise UploadRefused("upload.error.too_large")
    file_type = sniff_type(data)
    if file_type is None or file_type not in allowed:
        raise UploadRefused("upload.error.type")
    return CheckedUpload(data, file_type, safe_filename(filename, file_type))


def store_upload(data_dir: Path, folder: str, upload: CheckedUpload) -> str:
    """Write the file under `<data dir>/<folder>/` with a random name; returns the path
    relative to the data dir, to be stored with the record."""
    relative = f"{folder}/{secrets.token_hex(16)}{upload.file_type.extension}"
    path = data_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(upload.data)
    return relative


def stored_file(data_dir: Path, folder: str, relative: str) -> Path | None:
    """The file of a stored relative path, only if it exists inside `<data dir>/<folder>/`
    (a tampered `../portal.db` or an absolute path serves nothing)."""
    if not relative:
        return None
    root = (data_dir / folder).resolve()
    path = (data_dir / relative).resolve()
    if not path.is_relative_to(root):
        log.warning("stored path outside %s refused: %s", root, relative)
        return None
    return path if path.is_file() else None
