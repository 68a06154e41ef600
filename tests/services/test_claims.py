"""Claims: reported on visible contracts only, risk address offered, checks, inbox item."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from portal.models import Claim, InboxItem
from portal.models.enums import InboxKind
from portal.services import claims
from portal.services.access import AccessDenied
from portal.services.attachments import IncomingFile
from portal.services.claims import ClaimRefused
from portal.services.uploads import UploadRefused
from tests.services.support_world import PNG, build

TODAY = date(2026, 3, 10)


def _report(session: Session, principal, data_dir: Path, contract_id: int, **fields):  # type: ignore[no-untyped-def]
    values = {"claim_date": "2026-03-01", "place": "Lager", "description": "Wasserschaden"}
    values.update(fields)
    return claims.report_claim(
        session,
        principal,
        subscription_id=contract_id,
        data_dir=data_dir,
        today=TODAY,
        **values,
    )


def test_building_contract_offers_the_risk_address(db_session: Session) -> None:
    w = build(db_session)
    (choice,) = claims.claim_contracts(db_session, w.who(w.main))
    assert choice.id == w.building.id
    assert choice.risk_address == "Gutenbergstraße 7, 04103 Leipzig"
    # NORMAL users see no contracts of their company without a grant
    assert claims.claim_contracts(db_session, w.who(w.normal)) == []


def test_claim_with_attachment_is_filed_and_lands_in_the_inbox(
    db_session: Session, tmp_path: Path
) -> None:
    w = build(db_session)
    claim_id = _report(
        db_session, w.who(w.main), tmp_path, w.building.id, files=[IncomingFile("s.png", PNG)]
    )
    db_session.commit()
    claim = db_session.get(Claim, claim_id)
    assert claim.customer_id == w.firm.id and claim.claim_date == date(2026, 3, 1)
    item = db_session.exec(select(InboxItem).where(InboxItem.ref_id == claim_id)).one()
    assert item.kind == InboxKind.CLAIM
    (row,) = claims.list_claims(db_session, w.who(w.main))
    assert row.files[0].file_name == "s.png"
    assert claims.list_claims(db_session, w.who(w.other)) == []


def test_claim_on_a_foreign_contract_is_refused(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    with pytest.raises(AccessDenied) as denied:
        _report(db_session, w.who(w.main), tmp_path, w.foreign.id)
    assert denied.value.message_key == "error.not_found"
    assert db_session.exec(select(Claim)).all() == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"claim_date": "morgen"}, "claim_date"),
        ({"claim_date": "2026-03-11"}, "claim_date"),
        ({"description": "  "}, "description"),
        ({"place": "x" * 301}, "place"),
    ],
)
def test_bad_fields_are_refused(db_session: Session, tmp_path: Path, fields, field) -> None:  # type: ignore[no-untyped-def]
    w = build(db_session)
    with pytest.raises(ClaimRefused) as refused:
        _report(db_session, w.who(w.main), tmp_path, w.building.id, **fields)
    assert field in refused.value.errors


def test_a_missing_contract_is_a_field_error(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    with pytest.raises(ClaimRefused) as refused:
        _report(db_session, w.who(w.main), tmp_path, None)
    assert "contract" in refused.value.errors


def test_attachment_type_is_checked_by_content(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    with pytest.raises(UploadRefused):
        _report(
            db_session,
            w.who(w.main),
            tmp_path,
            w.building.id,
            files=[IncomingFile("bild.png", b"<html>not an image</html>")],
        )


@pytest.mark.parametrize("shows", [True, False])
def test_a_grant_offers_the_risk_address_only_when_it_shows_addresses(
    db_session: Session, shows: bool
) -> None:
    from tests import factories as f

    w = build(db_session)
    f.grant(db_session, [w.normal], [w.firm], [w.building], show_reference_addresses=shows)
    db_session.commit()
    (choice,) = claims.claim_contracts(db_session, w.who(w.normal))
    assert bool(choice.risk_address) is shows
