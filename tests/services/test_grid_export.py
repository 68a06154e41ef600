"""Excel export of a grid view: exactly the view's rows and columns, typed, owned by its maker."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent
from portal.models.enums import ContractStatus, PartnerAction
from portal.services import grid_export, grids
from portal.services.access import AccessDenied
from portal.services.export import ExportTooLarge
from portal.services.grid_views import GridView
from tests import factories as f

TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(grid_export, "export_dir", lambda: tmp_path / "exports")
    return tmp_path / "exports"


def _contracts(session: Session, world: SimpleNamespace) -> None:
    f.subscription(
        session,
        world.b,
        product="=HYPERLINK(1)",
        end_date=date(2026, 4, 1),
        monthly_price=Decimal("12.50"),
        retail_price=Decimal("99"),
    )
    f.subscription(
        session,
        world.c,
        product="Archiv",
        status=ContractStatus.CANCELLED,
        cancelled_at=date(2026, 2, 1),
        monthly_price=Decimal("7"),
    )
    f.subscription(session, world.x, product="Fremd")
    session.commit()  # fmt: skip


def test_the_file_holds_exactly_the_view(db_session: Session, world: SimpleNamespace) -> None:
    _contracts(db_session, world)
    view = GridView(
        columns=("product", "customer_name", "end_date", "monthly_price"),
        sort=(("product", "asc"),),
        alarm=True,
    )
    request = view.request("subscriptions", world.p1)
    total = grid_export.count_rows(db_session, "subscriptions", world.p1, request, TODAY)
    seen: list[int] = []
    result = grid_export.write_export(
        db_session, "subscriptions", world.p1, request, TODAY, progress=seen.append
    )
    db_session.commit()

    sheet = openpyxl.load_workbook(result.path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Alarmgrund", "Produkt", "Kunde", "Ende", "Monatspreis"]
    assert rows[1:] == [
        ["Endet (≤ 120 Tage)", "=HYPERLINK(1)", "Beta", rows[1][3], 12.5],
        ["Gekündigt (≤ 60 Tage)", "Archiv", "Gamma", None, 7],
    ]
    assert rows[1][3].date() == date(2026, 4, 1)
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix  # never a formula
    assert sheet.freeze_panes == "A2"
    assert total == result.rows == 2 and seen[-1] == 2
    assert result.filename == "Vertraege_2026-03-01.xlsx"
    event = db_session.exec(select(AuditEvent).where(AuditEvent.action == "grid.exported")).one()
    assert (event.actor_id, event.detail["rows"]) == (world.e1.id, 2)


def test_retail_price_is_exported_only_for_administration(
    db_session: Session, world: SimpleNamespace
) -> None:
    _contracts(db_session, world)
    # E2 is in Administration (retail price) and, here, also allowed to export.
    admin = replace(world.p2, partner_actions=world.p2.partner_actions | {PartnerAction.EXPORT})
    for principal, expected in ((admin, True), (world.p1, False)):
        view = GridView(
            columns=tuple(c.key for c in grids.visible_columns("subscriptions", principal))
        )
        request = view.request("subscriptions", principal)
        result = grid_export.write_export(db_session, "subscriptions", principal, request, TODAY)
        header = [c.value for c in next(openpyxl.load_workbook(result.path).active.iter_rows())]
        assert ("Endkundenpreis" in header) is expected


def test_only_the_maker_finds_the_file_and_only_while_fresh(
    db_session: Session, world: SimpleNamespace, data_dir: Path
) -> None:
    request = GridView(columns=("name",)).request("customers", world.p1)
    result = grid_export.write_export(db_session, "customers", world.p1, request, TODAY)
    assert grid_export.find_export(world.p1, result.token) == result
    assert grid_export.find_export(world.p3, result.token) is None
    assert grid_export.find_export(world.p1, "../../etc/passwd") is None
    other = result.token[:-1] + ("B" if result.token.endswith("A") else "A")
    assert grid_export.find_export(world.p1, other) is None

    old = time.time() - grid_export.KEEP_SECONDS - 1
    os.utime(result.path, (old, old))
    assert grid_export.find_export(world.p1, result.token) is None
    grid_export.remove_expired(data_dir)
    assert not result.path.exists()


def test_a_view_too_large_for_one_sheet_is_refused_before_writing(
    db_session: Session, world: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _contracts(db_session, world)
    monkeypatch.setattr(
        grid_export, "check_row_count", lambda rows: (_ for _ in ()).throw(ExportTooLarge(rows, 1))
    )
    request = GridView(columns=("number",)).request("subscriptions", world.p1)
    with pytest.raises(ExportTooLarge):
        grid_export.count_rows(db_session, "subscriptions", world.p1, request, TODAY)


def test_only_teams_with_the_export_action_may_export(
    db_session: Session, world: SimpleNamespace, data_dir: Path
) -> None:
    request = GridView(columns=("name",)).request("customers", world.p2)
    assert not grid_export.can_export(world.p2, "customers")
    with pytest.raises(AccessDenied):
        grid_export.count_rows(db_session, "customers", world.p2, request, TODAY)
    with pytest.raises(AccessDenied):
        grid_export.write_export(db_session, "customers", world.p2, request, TODAY)
    assert not data_dir.exists() or not any(data_dir.iterdir())
    assert not grid_export.can_export(world.p1, "no_such_grid")
