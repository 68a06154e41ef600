"""Document downloads: scope re-checked, files only from the document folder, audited."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent
from portal.services.access import AccessDenied, load_principal
from portal.services.documents import document_download, download_name, download_url
from tests.services import customer_world


@pytest.fixture
def cw(db_session: Session, tmp_path: Path) -> SimpleNamespace:
    return customer_world.build(db_session, tmp_path)


def download(cw: SimpleNamespace, user, document):  # type: ignore[no-untyped-def]
    principal = load_principal(cw.s, user.id)
    assert principal is not None
    return document_download(
        cw.s, principal, document.id, data_dir=cw.data_dir, client_address="192.0.2.1"
    )


def test_a_shared_document_downloads_and_is_audited(cw) -> None:
    found = download(cw, cw.main, cw.policy_doc)
    assert found.path.read_bytes().startswith(b"%PDF-")
    assert (found.filename, found.mime_type) == ("Police_Hausrat.pdf", "application/pdf")
    cw.s.commit()
    events = cw.s.exec(select(AuditEvent).where(AuditEvent.action == "document.downloaded")).all()
    assert [(e.actor_id, e.target_id, e.client_address) for e in events] == [
        (cw.main.id, str(cw.policy_doc.id), "192.0.2.1")
    ]


@pytest.mark.parametrize(
    ("who", "document"),
    [
        ("main", "stranger_doc"),  # another customer's
        ("main", "private_letter"),  # grant customer, keyword not in the profile
        ("main", "without_file"),  # visible, but there is no file
        ("normal", "firm_doc"),  # NORMAL users see no company documents without a grant
    ],
)
def test_documents_out_of_scope_or_without_file_are_not_found(cw, who, document) -> None:
    with pytest.raises(AccessDenied) as denied:
        download(cw, getattr(cw, who), getattr(cw, document))
    assert denied.value.message_key == "error.not_found"


@pytest.mark.parametrize("stored", ["../portal.db", "/etc/passwd", "documents/../secret.key"])
def test_a_path_outside_the_document_folder_serves_nothing(cw, stored: str) -> None:
    (cw.data_dir / "portal.db").write_text("x")
    (cw.data_dir / "secret.key").write_text("x")
    cw.policy_doc.file_path = stored
    cw.s.add(cw.policy_doc)
    cw.s.commit()
    with pytest.raises(AccessDenied):
        download(cw, cw.main, cw.policy_doc)


@pytest.mark.parametrize(
    ("title", "mime", "expected"),
    [
        ("Police Hausrat 2026", "application/pdf", "Police_Hausrat_2026.pdf"),
        ("Gebäude – Größe/Straße", "application/pdf", "Gebaude_Grosse_Strasse.pdf"),
        ('"; filename=evil.exe', "text/plain", "filename_evil.exe.txt"),
        ("///", "application/x-unknown", "Dokument"),
    ],
)
def test_download_names_are_plain_ascii(title: str, mime: str, expected: str) -> None:
    assert download_name(title, mime) == expected


def test_download_url() -> None:
    assert download_url(7) == "/files/document/7"
