"""The sales file routes over HTTP (Starlette TestClient against build_api()): PDF download,
inline proof and the proof upload; the session cookie decides who asks. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from portal.config import get_settings
from portal.models import Approval, AuditEvent, MailOutbox
from portal.services import approvals
from portal.services.approvals import PROOF_MAX_BYTES, proof_url, upload_url
from portal.services.sales import pdf_url
from tests.services import sales_world
from tests.services.sales_world import PDF_BYTES, PNG_BYTES

ORIGIN = "http://testserver"


@pytest.fixture
def world(api_world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return api_world(
        lambda session, _: sales_world.build(session),
        lambda w: (w.clerk, w.settings_only, w.a_main, w.b_main),
    )


def _as(world, login: str | None) -> TestClient:  # type: ignore[no-untyped-def]
    return world.as_login(login)


def upload(world, order_id: object, data: bytes, login: str | None = "clerk@portal.example",  # type: ignore[no-untyped-def]
           name: str = "Muster.pdf", origin: str | None = ORIGIN):  # fmt: skip
    headers = {"origin": origin} if origin else {}
    return _as(world, login).post(
        f"/files/proof-upload/{order_id}",
        files={"file": (name, data, "application/pdf")},
        headers=headers,
    )


# --------------------------------------------------------------------------- PDF


def test_pdf_without_a_session_is_401(world) -> None:
    response = _as(world, None).get(pdf_url(world.a_invoice.id))
    assert response.status_code == 401


def test_pdf_of_a_foreign_or_unknown_document_is_404(world) -> None:
    client = _as(world, "main@a.example")
    for document_id in (world.b_order.id, 999_999, "abc", "-1"):
        response = client.get(f"/files/sales/{document_id}")
        assert response.status_code == 404, document_id
        assert "nicht sichtbar" in response.text


def test_own_invoice_downloads_as_a_real_pdf_and_is_audited(world) -> None:
    response = _as(world, "main@a.example").get(pdf_url(world.a_invoice.id))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="RE-1.pdf"'
    assert response.headers["cache-control"] == "no-store"
    world.session.expire_all()
    event = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "sales.pdf_downloaded")
    ).one()
    assert (event.actor_id, event.target_id) == (world.a_main.id, str(world.a_invoice.id))


def test_pdf_holds_the_lines_and_totals_in_the_locale(world) -> None:
    from portal.services.access import load_principal
    from portal.services.pdf import sales_document_pdf
    from portal.services.sales import document_detail

    who = load_principal(world.session, world.a_main.id)
    detail = document_detail(world.session, who, None, world.a_invoice.id)
    content = sales_document_pdf(detail, "de", portal_name="Portal")
    # Uncompressed text of the core font: the euro amounts as a German reader sees them.
    import zlib

    text = b"".join(
        zlib.decompress(part.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0])
        for part in content.split(b"endobj")
        if b"/FlateDecode" in part and b"stream\n" in part
    ).decode("cp1252", "replace")
    for expected in ("Rechnung RE-1", "11,75", "10,88", "zzgl. USt. 19 %", "Druck A GmbH"):
        assert expected in text, expected


# --------------------------------------------------------------------------- proof


def test_proof_is_shown_inline_to_the_customer_and_404_elsewhere(world) -> None:
    approval = approvals.attach_proof(
        world.session,
        sales_world.principal(world.session, world.clerk),
        world.a_order.id,
        PDF_BYTES,
        "x.pdf",
        data_dir=get_settings().data_dir,
        base_url=ORIGIN,
    )
    world.session.commit()
    assert _as(world, None).get(proof_url(approval.id)).status_code == 401
    assert _as(world, "main@b.example").get(proof_url(approval.id)).status_code == 404
    response = _as(world, "main@a.example").get(proof_url(approval.id))
    assert response.status_code == 200
    assert response.content == PDF_BYTES
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="Freigabemuster-AU-1.pdf"'
    assert response.headers["x-content-type-options"] == "nosniff"


# --------------------------------------------------------------------------- upload


def test_upload_attaches_the_proof_and_goes_back_with_a_notice(world) -> None:
    response = upload(world, world.a_order.id, PNG_BYTES, name="../Muster.png")
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/staff/orders?order={world.a_order.id}&notice=staff_orders.attached"
    )
    world.session.expire_all()
    approval = world.session.exec(select(Approval)).one()
    assert approval.proof_mime_type == "image/png"
    stored = Path(get_settings().data_dir) / approval.proof_file_path
    assert stored.read_bytes() == PNG_BYTES
    templates = world.session.exec(select(MailOutbox.template)).all()
    assert set(templates) == {"approval_request"}


def test_upload_without_session_or_from_another_origin_is_refused(world) -> None:
    assert upload(world, world.a_order.id, PDF_BYTES, login=None).status_code == 401
    for origin in ("https://evil.example", None):
        response = upload(world, world.a_order.id, PDF_BYTES, origin=origin)
        assert response.status_code == 400
    world.session.expire_all()
    assert world.session.exec(select(Approval)).all() == []


def test_upload_needs_the_inbox_permission_and_an_order_in_scope(world) -> None:
    for login in ("settings@portal.example", "main@a.example"):
        response = upload(world, world.a_order.id, PDF_BYTES, login=login)
        assert response.status_code == 403, login
    for order_id in (world.a_invoice.id, 999_999, "x"):
        assert upload(world, order_id, PDF_BYTES).status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"MZ\x90\x00 an executable", "proof.pdf", "upload.error.type"),
        (b"", "empty.pdf", "upload.error.empty"),
    ],
)
def test_a_bad_upload_goes_back_with_the_reason(world, data: bytes, name: str, error: str) -> None:
    response = upload(world, world.a_order.id, data, name=name)
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"error={error}")


def test_an_oversized_upload_is_cut_off_before_it_is_stored(world) -> None:
    big = PDF_BYTES + b"0" * (PROOF_MAX_BYTES + 70 * 1024)
    response = upload(world, world.a_order.id, big)
    assert response.status_code == 303
    assert response.headers["location"].endswith("error=upload.error.too_large")
    assert not (Path(get_settings().data_dir) / "proofs").exists()


def test_a_file_just_over_the_limit_is_refused_by_the_check(world) -> None:
    response = upload(world, world.a_order.id, PDF_BYTES + b"0" * PROOF_MAX_BYTES)
    assert response.headers["location"].endswith("error=upload.error.too_large")
    assert upload_url(world.a_order.id) == f"/files/proof-upload/{world.a_order.id}"
