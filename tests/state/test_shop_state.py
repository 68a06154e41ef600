"""The shop state's texts: with prices hidden, nothing the state would send holds a price."""

from __future__ import annotations

import json
from types import SimpleNamespace

from sqlmodel import Session

from portal.services import cart, settings, shop
from portal.state.shop import article_view, cart_view
from tests.services.test_shop import build


def _browser_payload(session: Session, principal, locale: str) -> str:  # type: ignore[no-untyped-def]
    """Everything the shop states would put into their vars, serialised like a delta."""
    articles = [article_view(a, locale) for a in shop.search_articles(session, principal)]
    printers = [
        [article_view(a, locale, p.id) for a in p.accessories]
        for p in shop.printers(session, principal)
    ]
    lines, sums = cart_view(cart.view(session, principal), locale)
    detail = cart.order_detail(session, principal, _order_id(session, principal), locale=locale)
    return json.dumps(
        [articles, printers, lines, sums, detail.lines, detail.sums, detail.order],
        default=lambda o: o.__dict__ if hasattr(o, "__dict__") else str(o),
        ensure_ascii=False,
    )


def _order_id(session: Session, principal) -> int:  # type: ignore[no-untyped-def]
    return cart.list_orders(session, principal, "de")[0].id


def _world_with_order(session: Session) -> SimpleNamespace:
    w = build(session)
    main = w.who(w.main)
    cart.add(session, main, w.toner.id, 2, w.printer.id)
    cart.checkout(session, main, delivery_address="Firma", reference="", base_url="http://x")
    cart.add(session, main, w.paper.id, 3)
    session.commit()
    return w


def test_state_payload_has_prices_when_shown(db_session: Session) -> None:
    w = _world_with_order(db_session)
    payload = _browser_payload(db_session, w.who(w.main), "de")
    assert "49,99\xa0€" in payload and "99,98\xa0€" in payload


def test_state_payload_has_no_price_when_hidden(db_session: Session) -> None:
    w = _world_with_order(db_session)
    settings.write(db_session, settings.SHOP_SETTING, {"show_prices": False})
    db_session.commit()
    for locale in ("de", "en"):
        payload = _browser_payload(db_session, w.who(w.main), locale)
        assert "Toner schwarz X500" in payload
        for price in ("€", "EUR", "49,99", "49.99", "99,98", "99.98", "4,10", "4.10", "12,30"):
            assert price not in payload, price
