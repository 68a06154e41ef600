"""Document files: where they live, who may download them, and writing small ones.

Files live under `<data dir>/documents/`, never in a folder the web server publishes; a
document stores its path relative to the data dir. A download re-checks the document against
the access policy (SPEC §3.3: visible contract, or grant customer with a profile keyword):
out of scope and unknown ids are both "not found". Every download is audited.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from portal.models import Document
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal

DOCUMENT_FOLDER = "documents"
# Served by portal/api/document_routes.py; the document pages link to it.
DOWNLOAD_ROUTE = "/files/document/{document_id}"
_EXTENSIONS = {"application/pdf": ".pdf", "text/plain": ".txt", "image/png": ".png"}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentFile:
    path: Path
    filename: str
    mime_type: str


def download_url(document_id: int) -> str:
    return DOWNLOAD_ROUTE.format(document_id=document_id)


def _stored_file(data_dir: Path, relative: str) -> Path | None:
    """The file of a stored path, only inside the document folder (a tampered path such as
    `../portal.db` or an absolute one serves nothing)."""
    if not relative:
        return None
    folder = (data_dir / DOCUMENT_FOLDER).resolve()
    path = (data_dir / relative).resolve()
    if not path.is_relative_to(folder):
        log.warning("document path outside %s refused: %s", folder, relative)
        return None
    return path if path.is_file() else None


def download_name(title: str, mime_type: str) -> str:
    """A file name safe in a Content-Disposition header on every system: ASCII letters,
    digits, dots, dashes and underscores (umlauts transliterated, the rest dropped)."""
    ascii_title = (
        unicodedata.normalize("NFKD", title.replace("ß", "ss")).encode("ascii", "ignore").decode()
    )
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_title).strip("._")[:80] or "Dokument"
    return stem + _EXTENSIONS.get(mime_type, "")


def document_download(
    session: Session,
    principal: Principal,
    document_id: int,
    *,
    data_dir: Path,
    client_address: str = "",
) -> DocumentFile:
    """The file of a document for this caller, audited; AccessDenied("error.not_found") when
    the document is unknown, out of scope or has no file."""
    document = access.get_visible(
        session, principal, access.scoped_documents(principal), Document, document_id
    )
    path = _stored_file(data_dir, document.file_path)
    if path is None:
        raise AccessDenied("error.not_found")
    audit.record_by(
        session,
        principal,
        "document.downloaded",
        target_type="document",
        target_id=document.id,
        client_address=client_address,
    )
    return DocumentFile(
        path=path,
        filename=download_name(document.title, document.mime_type),
        mime_type=document.mime_type,
    )


# --------------------------------------------------------------------------- writing files


def write_document_file(data_dir: Path, document: Document, content: bytes) -> None:
    """Store a PDF for a document (demo data, imports) and set its path, type and size."""
    relative = f"{DOCUMENT_FOLDER}/{document.id}.pdf"
    path = data_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    document.file_path = relative
    document.mime_type = "application/pdf"
    document.size_bytes = len(content)
