"""Files attached to ticket messages and claims: checked, stored, listed, served.

Uploads are judged by `portal.services.uploads` (type by content, size counted here, names
sanitised, random names under the data dir). A download re-checks the record the file belongs
to through the access policy: a ticket message's file is visible with its ticket, a claim's
with its claim; anything else is "not found", exactly like an unknown id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from portal.models import Attachment, Claim, Ticket, TicketMessage
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal
from portal.services.uploads import (
    JPEG,
    PDF,
    PNG,
    WEBP,
    CheckedUpload,
    UploadRefused,
    check_upload,
    store_upload,
    stored_file,
)

ATTACHMENT_FOLDER = "attachments"
ATTACHMENT_TYPES = frozenset({PDF, PNG, JPEG, WEBP})
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_FILES = 5
DOWNLOAD_ROUTE = "/files/attachment/{attachment_id}"
# Native multipart form POSTs of a whole ticket, reply or claim with its files.
TICKET_UPLOAD_ROUTE = "/files/ticket"
REPLY_UPLOAD_ROUTE = "/files/ticket/{ticket_id}/reply"
CLAIM_UPLOAD_ROUTE = "/files/claim"
TICKET_MESSAGE, CLAIM = "ticket_message", "claim"


@dataclass(frozen=True)
class IncomingFile:
    """A file as the browser sent it: its claimed name and its bytes (nothing else is trusted)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    owner_id: int
    file_name: str
    size_bytes: int


@dataclass(frozen=True)
class AttachmentFile:
    path: Path
    filename: str
    mime_type: str


def download_url(attachment_id: int) -> str:
    return DOWNLOAD_ROUTE.format(attachment_id=attachment_id)


def check_files(files: Sequence[IncomingFile]) -> list[CheckedUpload]:
    """Every file checked before anything is stored, so a refused file stores none of them.
    Raises UploadRefused (message key) for the first bad file or too many files."""
    if len(files) > ATTACHMENT_MAX_FILES:
        raise UploadRefused("support.error.too_many_files")
    return [
        check_upload(f.data, f.filename, allowed=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES)
        for f in files
    ]


def store_files(
    session: Session,
    principal: Principal,
    checked: list[CheckedUpload],
    *,
    owner_kind: str,
    owner_id: int,
    data_dir: Path,
) -> None:
    for upload in checked:
        session.add(
            Attachment(
                owner_kind=owner_kind,
                owner_id=owner_id,
                file_name=upload.filename,
                file_path=store_upload(data_dir, ATTACHMENT_FOLDER, upload),
                mime_type=upload.file_type.mime_type,
                size_bytes=upload.size,
                uploaded_by_id=principal.user_id,
            )
        )


def attachments_of(
    session: Session, owner_kind: str, owner_ids: Sequence[int]
) -> list[AttachmentRow]:
    """The files of records the caller has already loaded through the policy."""
    if not owner_ids:
        return []
    rows = session.exec(
        select(Attachment)
        .where(Attachment.owner_kind == owner_kind, Attachment.owner_id.in_(sorted(set(owner_ids))))
        .order_by(Attachment.id)
    ).all()
    return [AttachmentRow(r.id, r.owner_id, r.file_name, r.size_bytes) for r in rows]


def attachment_download(
    session: Session,
    principal: Principal,
    attachment_id: int,
    *,
    data_dir: Path,
    client_address: str = "",
) -> AttachmentFile:
    """The file for this caller if its ticket or claim is visible to them, audited."""
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise AccessDenied("error.not_found")
    if row.owner_kind == TICKET_MESSAGE:
        message = session.get(TicketMessage, row.owner_id)
        if message is None:
            raise AccessDenied("error.not_found")
        access.get_visible(
            session, principal, access.scoped_tickets(principal), Ticket, message.ticket_id
        )
    elif row.owner_kind == CLAIM:
        access.get_visible(session, principal, access.scoped_claims(principal), Claim, row.owner_id)
    else:
        raise AccessDenied("error.not_found")
    path = stored_file(data_dir, ATTACHMENT_FOLDER, row.file_path)
    if path is None:
        raise AccessDenied("error.not_found")
    audit.record_by(
        session,
        principal,
        "attachment.downloaded",
        target_type="attachment",
        target_id=row.id,
        client_address=client_address,
    )
    return AttachmentFile(path=path, filename=row.file_name, mime_type=row.mime_type)
