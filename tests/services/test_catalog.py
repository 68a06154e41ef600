"""Catalog: staff-only maintenance, validation with message keys, audit, compatibility rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent
from portal.services import catalog
from portal.services.access import AccessDenied
from portal.services.catalog import CatalogRefused, ItemInput
from tests.services.catalog_world import MODEL, OTHER_MODEL, build


def _input(**changes: object) -> ItemInput:
    data = ItemInput(
        article_number="TK-3160", name="Toner TK-3160", category="Toner", price="12,50"
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_create_edit_deactivate_reactivate_audited(db_session: Session) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    item = catalog.create_item(db_session, clerk, _input(compatible=[MODEL, " ", MODEL.upper()]))
    db_session.commit()
    assert item.price == Decimal("12.50") and item.tax_rate == Decimal("19.00")
    assert catalog.compatibility(db_session, item.id) == [MODEL]
    catalog.update_item(
        db_session, clerk, item.id, _input(name="Toner neu", price="1.234,5", tax_rate="7")
    )
    catalog.set_active(db_session, clerk, item.id, False)
    db_session.commit()
    assert (item.name, item.price, item.tax_rate, item.active) == (
        "Toner neu",
        Decimal("1234.50"),
        Decimal("7.00"),
        False,
    )
    assert catalog.compatibility(db_session, item.id) == []
    catalog.set_active(db_session, clerk, item.id, True)
    db_session.commit()
    actions = db_session.exec(
        select(AuditEvent.action).where(AuditEvent.target_id == str(item.id))
    ).all()
    assert sorted(actions) == sorted(
        [
            "catalog.item_created",
            "catalog.item_updated",
            "catalog.item_deactivated",
            "catalog.item_activated",
        ]
    )


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"article_number": "TK-1170"}, "article_number", "catalog.error.number_taken"),
        ({"article_number": "  "}, "article_number", "catalog.error.number_required"),
        ({"name": ""}, "name", "catalog.error.name_required"),
        ({"price": "-1"}, "price", "catalog.error.price_negative"),
        ({"price": "zwölf"}, "price", "catalog.error.price_number"),
        ({"price": "NaN"}, "price", "catalog.error.price_number"),
        ({"price": "1,234"}, "price", "catalog.error.price_cents"),
        ({"price": ""}, "price", "catalog.error.price_required"),
        ({"tax_rate": "16"}, "tax_rate", "catalog.error.tax_rate"),
        ({"compatible": ["x" * 121]}, "compatible", "catalog.error.model_long"),
    ],
)
def test_bad_input_refused_with_key(
    db_session: Session, changes: dict, field: str, key: str
) -> None:
    w = build(db_session)
    with pytest.raises(CatalogRefused) as refused:
        catalog.create_item(db_session, w.who(w.clerk), _input(**changes))
    assert refused.value.errors[field] == key


def test_staff_without_catalog_and_customers_refused(db_session: Session) -> None:
    w = build(db_session)
    for user in (w.inbox_only, w.main):
        with pytest.raises(AccessDenied):
            catalog.list_items(db_session, w.who(user))
        with pytest.raises(AccessDenied):
            catalog.create_item(db_session, w.who(user), _input())
        with pytest.raises(AccessDenied):
            catalog.set_active(db_session, w.who(user), w.toner.id, False)


def test_list_search_and_filters(db_session: Session) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    assert [i.article_number for i in catalog.list_items(db_session, clerk, search="trommel")] == [
        "DK-1150"
    ]
    assert [i.article_number for i in catalog.list_items(db_session, clerk, in_shop=True)] == [
        "TK-1170"
    ]
    assert [i.article_number for i in catalog.list_items(db_session, clerk, category="Toner")] == [
        "TK-1170"
    ]
    assert catalog.categories(db_session, clerk) == ["Toner", "Trommel"]


def test_compatibility_rule_only_active_shop_items(db_session: Session) -> None:
    w = build(db_session)
    found = catalog.compatible_with(db_session, [MODEL, OTHER_MODEL])
    assert [i.id for i in found[MODEL]] == [w.toner.id] and found[OTHER_MODEL] == []
    assert catalog.is_compatible(db_session, w.toner.id, MODEL)
    assert not catalog.is_compatible(db_session, w.toner.id, OTHER_MODEL)
    assert not catalog.is_compatible(db_session, w.hidden.id, MODEL)  # not in the shop
    catalog.set_active(db_session, w.who(w.clerk), w.toner.id, False)
    db_session.commit()
    assert not catalog.is_compatible(db_session, w.toner.id, MODEL)
    assert catalog.compatible_with(db_session, [MODEL])[MODEL] == []


def test_set_compatibility_replaces_models(db_session: Session) -> None:
    w = build(db_session)
    models = catalog.set_compatibility(
        db_session, w.who(w.clerk), w.toner.id, [OTHER_MODEL, "", OTHER_MODEL]
    )
    db_session.commit()
    assert models == [OTHER_MODEL]
    assert catalog.is_compatible(db_session, w.toner.id, OTHER_MODEL)
    assert not catalog.is_compatible(db_session, w.toner.id, MODEL)
