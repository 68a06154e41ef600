"""CSV exports of the access grants, read back: login statistics per member (this month, last
month in the installation's time zone, total), last claim report, and contracts by how they are
shared."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, Claim, LoginAttempt
from portal.models.enums import ShareStatus
from portal.services import grant_admin, grant_export
from portal.services.access import AccessDenied
from tests import factories as f
from tests.services import grant_world
from tests.services.grant_world import principal

NOW = datetime(2026, 3, 15, 11, 0, tzinfo=UTC)


@pytest.fixture
def gw(db_session: Session) -> SimpleNamespace:
    return grant_world.build(db_session)


def read(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _logins(session: Session, user, *moments: datetime, success: bool = True) -> None:  # type: ignore[no-untyped-def]
    for at in moments:
        f.add(session, LoginAttempt(login=user.login, user_id=user.id, at=at, success=success))


def test_by_customer_with_login_statistics(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    grant_admin.add_member(s, me, gw.grant.id, gw.main.id)
    gw.normal.login_count = 7
    gw.normal.last_login_at = datetime(2026, 3, 14, 8, 5, tzinfo=UTC)
    _logins(
        s,
        gw.normal,
        datetime(2026, 2, 28, 23, 30, tzinfo=UTC),  # 1 March 00:30 in Berlin: this month
        datetime(2026, 3, 14, 8, 5, tzinfo=UTC),
        datetime(2026, 2, 10, 9, 0, tzinfo=UTC),  # last month
        datetime(2026, 1, 31, 22, 59, tzinfo=UTC),  # 31 January 23:59 in Berlin: older
    )
    _logins(s, gw.normal, datetime(2026, 3, 2, tzinfo=UTC), success=False)
    for created in (datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 3, 10, 9, tzinfo=UTC)):
        f.add(
            s,
            Claim(
                subscription_id=gw.policy.id,
                customer_id=gw.family.id,
                reporter_id=gw.normal.id,
                claim_date=date(2026, 1, 1),
                description="Sturm",
                created_at=created,
            ),
        )
    s.commit()

    result = grant_export.export(s, me, "customers", now=NOW)
    rows = read(result.content)
    assert result.filename == "freischaltungen-customers-2026-03-15.csv"
    assert [(r["Kunde"], r["Mitglied"]) for r in rows] == [
        ("Familie Müller", "Hans Müller"),
        ("Familie Müller", "Nina Normal"),
    ]
    nina = rows[1]
    assert nina["Kundennummer"] == gw.family.number
    assert nina["Freischaltung"] == "Familie Müller"
    assert nina["Login"] == "normal@mueller.example"
    assert nina["Letzte Anmeldung"] == "14.03.2026, 09:05"
    assert nina["Letzte Schadenmeldung"] == "10.03.2026"
    assert nina["Anmeldungen diesen Monat"] == "2"
    assert nina["Anmeldungen letzten Monat"] == "1"
    assert nina["Anmeldungen gesamt"] == "7"
    hans = rows[0]
    assert (hans["Letzte Anmeldung"], hans["Letzte Schadenmeldung"]) == ("", "")
    assert hans["Anmeldungen diesen Monat"] == "0"
    (event,) = s.exec(select(AuditEvent).where(AuditEvent.action == "grant.export")).all()
    assert event.actor_id == gw.manager.id and event.detail == {"kind": "customers", "rows": 2}


def test_by_contract_shows_how_each_is_shared(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    grant_admin.set_share_status(s, me, gw.grant.id, ShareStatus.OFFER, True)
    grant_admin.set_share_status(s, me, gw.grant.id, ShareStatus.POLICY, True)
    grant_admin.add_contract(s, me, gw.grant.id, gw.foreign.id)
    grant_admin.add_contract(s, me, gw.grant.id, gw.offer.id)
    s.commit()
    rows = read(grant_export.export(s, me, "contracts", now=NOW).content)
    by_number = {r["Vertragsnummer"]: r for r in rows}
    assert set(by_number) == {gw.offer.number, gw.policy.number, gw.foreign.number}
    assert by_number[gw.foreign.number]["Freigabe"] == "manuell"
    assert by_number[gw.foreign.number]["Kunde"] == "Andere GmbH"
    assert by_number[gw.foreign.number]["Status"] == "Fremdvertrag"
    assert by_number[gw.policy.number]["Freigabe"] == "automatisch nach Status"
    assert by_number[gw.policy.number]["Sparte"] == "Hausrat"
    assert by_number[gw.offer.number]["Freigabe"] == "automatisch nach Status, manuell"
    assert {r["Freischaltung"] for r in rows} == {"Familie Müller"}
    assert list(rows[0]) == [
        "Freischaltung",
        "Kunde",
        "Kundennummer",
        "Vertragsnummer",
        "Produkt",
        "Sparte",
        "Status",
        "Freigabe",
    ]


def test_export_needs_the_permission(db_session: Session, gw: SimpleNamespace) -> None:
    with pytest.raises(AccessDenied):
        grant_export.export(db_session, principal(db_session, gw.clerk), "customers")


def test_text_cells_are_neutralised(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    grant_admin.rename_grant(s, me, gw.grant.id, '=HYPERLINK("http://x")')
    s.commit()
    (row,) = read(grant_export.export(s, me, "customers", now=NOW).content)
    assert row["Freischaltung"] == '\'=HYPERLINK("http://x")'
    assert row["Anmeldungen gesamt"] == "0"


def test_month_starts_in_the_installation_time_zone() -> None:
    this, last = grant_export.month_starts(datetime(2026, 1, 1, 0, 30, tzinfo=UTC))
    assert this == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    assert last == datetime(2025, 11, 30, 23, 0, tzinfo=UTC)
