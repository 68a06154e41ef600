"""The audit log for staff: permission, filters, search, paging, CSV export and its safety."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent
from portal.models.enums import CustomerRole, StaffPermission
from portal.services import audit, audit_log
from portal.services.access import AccessDenied, load_principal
from portal.services.audit_log import AuditFilter
from portal.services.csv_file import neutralise
from tests import factories as f


def _world(s: Session) -> SimpleNamespace:
    firm = f.customer(s, "Firma")
    kunde = f.customer_user(s, "kunde@firma.example", firm, CustomerRole.MAIN)
    kunde.display_name = '=HYPERLINK("http://evil")'
    admin = f.staff(s, "admin@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
    admin.display_name = "Anna Admin"
    helper = f.staff(s, "helfer@portal.example", [StaffPermission.ACT_AS])
    s.flush()
    # 2026-03-01 23:30 UTC is already 2 March in Berlin (the installation's zone).
    audit.record(s, "login.success", actor_id=admin.id, client_address="10.0.0.1")
    audit.record(s, "login.failed", actor_id=kunde.id, detail={"login": "kunde@firma.example"})
    audit.record(
        s,
        "act_as.start",
        actor_id=helper.id,
        acting_as_id=kunde.id,
        target_type="user",
        target_id=kunde.id,
    )
    audit.record(
        s,
        "ticket.created",
        actor_id=helper.id,
        acting_as_id=kunde.id,
        target_type="ticket",
        target_id=42,
    )
    s.flush()
    for event, at in zip(
        s.exec(select(AuditEvent).order_by(AuditEvent.id)).all(),
        (
            datetime(2026, 3, 1, 10, 0, tzinfo=UTC),
            datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
            datetime(2026, 3, 5, 9, 0, tzinfo=UTC),
            datetime(2026, 3, 5, 9, 5, tzinfo=UTC),
        ),
        strict=True,
    ):
        event.at = at
        s.add(event)
    s.commit()
    return SimpleNamespace(
        kunde=kunde,
        admin=load_principal(s, admin.id),
        helper=load_principal(s, helper.id),
    )


def _actions(session: Session, principal, **flt) -> list[str]:  # type: ignore[no-untyped-def]
    _, rows = audit_log.search(session, principal, AuditFilter(**flt))
    return [row.action for row in rows]


def test_only_account_managers_read_the_log(db_session: Session) -> None:
    w = _world(db_session)
    with pytest.raises(AccessDenied):
        audit_log.search(db_session, w.helper, AuditFilter())
    with pytest.raises(AccessDenied):
        audit_log.export_csv(db_session, w.helper, AuditFilter())


def test_newest_first_with_names_of_actor_and_account(db_session: Session) -> None:
    w = _world(db_session)
    total, rows = audit_log.search(db_session, w.admin, AuditFilter())
    assert total == 4
    assert [r.action for r in rows] == [
        "ticket.created",
        "act_as.start",
        "login.failed",
        "login.success",
    ]
    assert (rows[0].actor_login, rows[0].account_login) == (
        "helfer@portal.example",
        "kunde@firma.example",
    )
    assert (rows[0].target_type, rows[0].target_id) == ("ticket", "42")


def test_filters_combine(db_session: Session) -> None:
    w = _world(db_session)
    assert _actions(db_session, w.admin, action="login.") == ["login.failed", "login.success"]
    assert _actions(db_session, w.admin, actor="helfer") == ["ticket.created", "act_as.start"]
    assert _actions(db_session, w.admin, acting_as="kunde@", action="ticket") == ["ticket.created"]
    assert _actions(db_session, w.admin, target_type="user", target_id=str(w.kunde.id)) == [
        "act_as.start"
    ]
    # Days are the installation's (Europe/Berlin): 23:30 UTC on 1 March is 2 March there.
    assert _actions(db_session, w.admin, date_to=date(2026, 3, 1)) == ["login.success"]
    assert _actions(db_session, w.admin, date_from=date(2026, 3, 2), date_to=date(2026, 3, 4)) == [
        "login.failed"
    ]


def test_search_matches_logins_names_and_actions_literally(db_session: Session) -> None:
    w = _world(db_session)
    assert _actions(db_session, w.admin, search="ANNA") == ["login.success"]
    assert _actions(db_session, w.admin, search="act_as") == ["act_as.start"]
    assert _actions(db_session, w.admin, search="%") == []  # a wildcard is just a character


def test_paging(db_session: Session) -> None:
    w = _world(db_session)
    for n in range(audit_log.PAGE_SIZE):
        audit.record(db_session, "grid.exported", actor_id=w.admin.user_id, target_id=n)
    db_session.commit()
    total, first = audit_log.search(db_session, w.admin, AuditFilter())
    _, second = audit_log.search(db_session, w.admin, AuditFilter(), page=1)
    assert total == audit_log.PAGE_SIZE + 4
    assert len(first) == audit_log.PAGE_SIZE and len(second) == 4
    assert not {r.id for r in first} & {r.id for r in second}


def test_parse_filter_ignores_bad_dates_and_cuts_long_text() -> None:
    flt = audit_log.parse_filter({"from": "gestern", "to": "2026-03-05", "q": "x" * 500})
    assert flt.date_from is None and flt.date_to == date(2026, 3, 5) and len(flt.search) == 100
    assert audit_log.parse_filter(audit_log.filter_params(flt)) == flt


def test_export_is_german_excel_csv_neutralised_and_audited(db_session: Session) -> None:
    w = _world(db_session)
    data = audit_log.export_csv(
        db_session, w.admin, AuditFilter(acting_as="kunde"), client_address="10.0.0.9"
    )
    db_session.commit()
    assert data.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Zeitpunkt", "Aktion", "Ausgeführt von (Login)"]
    assert [line[1] for line in lines[1:]] == ["ticket.created", "act_as.start"]
    # 09:05 UTC is 10:05 in Berlin in March; the account's formula-like name is neutralised.
    assert lines[1][0] == "05.03.2026 10:05:00"
    assert lines[1][5] == '\'=HYPERLINK("http://evil")'
    exported = db_session.exec(
        select(AuditEvent).where(AuditEvent.action == audit_log.EXPORT_ACTION)
    ).one()
    assert exported.actor_id == w.admin.user_id and exported.detail["rows"] == 2
    assert exported.client_address == "10.0.0.9"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =cmd", "'  =cmd"),
        ("\t=cmd", "'\t=cmd"),
        ("Müller", "Müller"),
        ("a=b", "a=b"),
        (None, ""),
        (7, "7"),
    ],
)
def test_neutralise(value: object, expected: str) -> None:
    assert neutralise(value) == expected
