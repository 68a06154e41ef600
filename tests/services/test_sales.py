"""Quotes, orders, invoices: totals and rounding, the pipeline and its status bar, scope, and
what the demo seed brings (SQLite and PostgreSQL where the database matters)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, select

from portal.config import get_settings
from portal.db import session_scope
from portal.models import Approval, SalesDocument, Setting, User
from portal.models.enums import SalesDocumentKind
from portal.services import sales, schema
from portal.services.access import AccessDenied
from portal.services.sales import (
    DEFAULT_PIPELINE,
    PIPELINE_SETTING,
    Stage,
    StageState,
    compute_totals,
    line_amount,
    status_bar,
)
from portal.services.seed import seed_demo
from tests.services import sales_world
from tests.services.sales_world import principal

D = Decimal


# --------------------------------------------------------------------------- money


def test_line_amount_rounds_half_up_to_cents() -> None:
    assert line_amount(D("3"), D("0.335")) == D("1.01")  # 1.005 → 1.01, not banker's 1.00
    assert line_amount(D("2000"), D("0.19")) == D("380.00")
    assert line_amount(D("1.5"), D("0.01")) == D("0.02")


def test_tax_is_rounded_once_per_rate_not_per_line() -> None:
    # Ten lines of 0.01 at 19 %: per line 0.0019 would round to 0.00 each; on the sum 0.019.
    totals = compute_totals([(D("0.01"), D("19"))] * 10)
    assert totals.net == D("0.10")
    assert totals.tax == D("0.02")
    assert totals.gross == D("0.12")


def test_totals_list_each_rate_and_add_up() -> None:
    totals = compute_totals([(D("100.00"), D("19")), (D("50.00"), D("7")), (D("0.99"), D("19"))])
    assert [(t.rate, t.base, t.tax) for t in totals.taxes] == [
        (D("7"), D("50.00"), D("3.50")),
        (D("19"), D("100.99"), D("19.19")),  # 19.1881 → 19.19
    ]
    assert totals.net == D("150.99")
    assert totals.gross == totals.net + totals.tax == D("173.68")


def test_no_lines_give_zero_totals() -> None:
    totals = compute_totals([])
    assert (totals.net, totals.tax, totals.gross, totals.taxes) == (D("0"), D("0"), D("0"), ())


# --------------------------------------------------------------------------- pipeline


def _stages(*keys: str) -> tuple[Stage, ...]:
    return tuple(Stage(key, {}) for key in keys)


def test_status_bar_marks_done_current_and_upcoming() -> None:
    bar = status_bar(_stages(*DEFAULT_PIPELINE), "proof", "de")
    assert [(v.key, v.state) for v in bar] == [
        ("received", StageState.DONE),
        ("in_progress", StageState.DONE),
        ("proof", StageState.CURRENT),
        ("production", StageState.UPCOMING),
        ("shipped", StageState.UPCOMING),
        ("invoiced", StageState.UPCOMING),
    ]
    assert [v.label for v in bar][:3] == ["Eingegangen", "In Bearbeitung", "Freigabe"]
    assert status_bar(_stages(*DEFAULT_PIPELINE), "proof", "en")[5].label == "Invoiced"


def test_status_bar_first_and_last_stage() -> None:
    first = status_bar(_stages(*DEFAULT_PIPELINE), "received", "de")
    assert [v.state for v in first] == [StageState.CURRENT] + [StageState.UPCOMING] * 5
    last = status_bar(_stages(*DEFAULT_PIPELINE), "invoiced", "de")
    assert [v.state for v in last] == [StageState.DONE] * 5 + [StageState.CURRENT]


def test_status_bar_of_an_unknown_status_claims_nothing_reached() -> None:
    bar = status_bar(_stages(*DEFAULT_PIPELINE), "archived", "de")
    assert {v.state for v in bar} == {StageState.UPCOMING}


def test_pipeline_defaults_without_setting(db_session: Session) -> None:
    assert [s.key for s in sales.pipeline(db_session)] == list(DEFAULT_PIPELINE)


def test_pipeline_from_the_setting_with_own_labels(db_session: Session) -> None:
    db_session.add(
        Setting(
            key=PIPELINE_SETTING,
            value={
                "stages": [
                    "received",
                    {"key": "lettershop", "de": "Lettershop", "en": "Letter shop"},
                    "shipped",
                ]
            },
        )
    )
    db_session.commit()
    stages = sales.pipeline(db_session)
    assert [s.key for s in stages] == ["received", "lettershop", "shipped"]
    bar = status_bar(stages, "lettershop", "en")
    assert [(v.label, v.state) for v in bar] == [
        ("Received", StageState.DONE),
        ("Letter shop", StageState.CURRENT),
        ("Shipped", StageState.UPCOMING),
    ]


@pytest.mark.parametrize(
    "value",
    [{}, {"stages": "received"}, {"stages": []}, {"stages": ["a", "a"]}, {"stages": [1, None]}],
)
def test_an_unusable_pipeline_setting_falls_back_to_the_default(
    db_session: Session, value: dict
) -> None:
    db_session.add(Setting(key=PIPELINE_SETTING, value=value))
    db_session.commit()
    assert [s.key for s in sales.pipeline(db_session)] == list(DEFAULT_PIPELINE)


# --------------------------------------------------------------------------- scope


def test_main_user_lists_own_company_documents_by_kind(db_session: Session) -> None:
    w = sales_world.build(db_session)
    main = principal(db_session, w.a_main)
    assert [r.number for r in sales.list_documents(db_session, main, SalesDocumentKind.ORDER)] == [
        "AU-1"
    ]
    assert [r.number for r in sales.list_documents(db_session, main, SalesDocumentKind.QUOTE)] == [
        "AN-1"
    ]
    invoices = sales.list_documents(db_session, main, SalesDocumentKind.INVOICE)
    assert [(r.number, sales.is_due(r)) for r in invoices] == [("RE-1", True)]


def test_normal_user_sees_no_sales_documents(db_session: Session) -> None:
    w = sales_world.build(db_session)
    normal = principal(db_session, w.a_normal)
    for kind in SalesDocumentKind:
        assert sales.list_documents(db_session, normal, kind) == []
    with pytest.raises(AccessDenied):
        sales.document_detail(db_session, normal, SalesDocumentKind.ORDER, w.a_order.id)


def test_foreign_unknown_and_wrong_kind_ids_are_not_found(db_session: Session) -> None:
    w = sales_world.build(db_session)
    main = principal(db_session, w.a_main)
    for kind, document_id in (
        (SalesDocumentKind.ORDER, w.b_order.id),  # another customer's
        (SalesDocumentKind.ORDER, 999_999),
        (SalesDocumentKind.INVOICE, w.a_order.id),  # own, but not an invoice
    ):
        with pytest.raises(AccessDenied) as refused:
            sales.document_detail(db_session, main, kind, document_id)
        assert refused.value.message_key == "error.not_found"


def test_detail_computes_lines_and_totals_on_the_server(db_session: Session) -> None:
    w = sales_world.build(db_session)
    detail = sales.document_detail(
        db_session, principal(db_session, w.a_main), SalesDocumentKind.INVOICE, w.a_invoice.id
    )
    assert [line.amount for line in detail.lines] == [D("0.88"), D("10.00")]  # 0.875 → 0.88
    assert detail.totals.net == D("10.88")
    taxes = [(t.rate, t.tax) for t in detail.totals.taxes]
    assert taxes == [(D("7"), D("0.70")), (D("19"), D("0.17"))]  # 0.1672 → 0.17
    assert detail.totals.gross == D("11.75") == w.a_invoice.gross_total
    assert detail.customer_name == "Druck A GmbH"


# --------------------------------------------------------------------------- demo data


def test_demo_seed_has_the_druckhaus_sales_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    try:
        schema.upgrade(url)
        with session_scope(url) as session:
            seed_demo(session)
        with session_scope(url) as session:
            main = session.exec(
                select(User).where(User.login == "haupt@druckhaus-dietrich.example")
            ).one()
            who = principal(session, main)
            kinds = {kind: sales.list_documents(session, who, kind) for kind in SalesDocumentKind}
            assert all(kinds.values())
            stages = {r.status for r in kinds[SalesDocumentKind.ORDER]}
            assert {"received", "in_progress", "proof", "production", "shipped"} <= stages
            assert any(sales.is_due(r) for r in kinds[SalesDocumentKind.INVOICE])
            waiting = session.exec(
                select(Approval).where(Approval.decision.is_(None))  # type: ignore[union-attr]
            ).all()
            assert len(waiting) == 1
            order = session.get(SalesDocument, waiting[0].order_id)
            assert order is not None and order.status == "proof"
            proof = tmp_path / waiting[0].proof_file_path
            assert proof.read_bytes().startswith(b"%PDF-")
    finally:
        get_settings.cache_clear()
