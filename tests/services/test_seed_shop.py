"""The demo shop: a catalog of about 25 articles, and printers at the demo users' customers
whose accessories the printer shop can offer."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from portal.db import get_engine
from portal.models import Asset, CatalogItem, Customer, User
from portal.services import catalog
from tests.services.test_seed import _demo_database


def test_demo_catalog_and_printers(tmp_path: Path) -> None:
    with Session(get_engine(_demo_database(tmp_path))) as session:
        items = session.exec(select(CatalogItem)).all()
        assert 25 <= len(items) <= 40
        assert len({i.article_number for i in items}) == len(items)
        assert any(not i.in_shop for i in items) and any(not i.active for i in items)
        assert {"Toner", "Trommel", "Wartung", "Papier", "Kabel", "Büro"} <= {
            i.category for i in items
        }
        for login in ("haupt@druckhaus-dietrich.example", "mitarbeiter@druckhaus-dietrich.example"):
            user = session.exec(select(User).where(User.login == login)).one()
            printers = session.exec(
                select(Asset).where(Asset.customer_id == user.customer_id)
            ).all()
            assert len(printers) >= 2
            offers = catalog.compatible_with(session, [p.model for p in printers])
            assert all(offers[p.model] for p in printers), "every demo printer has accessories"
            colours = [i.article_number for i in offers["Kyocera ECOSYS M5526cdw"]]
            assert {"TK-5240K", "TK-5240C", "TK-5240M", "TK-5240Y"} <= set(colours)
        doris = session.exec(select(Customer).where(Customer.name == "Doris Dietrich")).one()
        assert session.exec(select(Asset).where(Asset.customer_id == doris.id)).all()
