"""The staff inbox (Postkorb) in a real Chromium against the production build: the admin sees
the items, filters by kind, opens the demo shop order (lines with printer and prices), takes an
item (the row shows the admin as assignee), finds it under "nur meine", marks it done, and the
count beside the Postkorb menu entry goes down by one; reopening it on its own page counts it
again; on a ticket's page staff answer the customer.

Counts are read before and after, so items other browser tests add do not matter.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
ADMIN = "admin@portal.example"


def _new_claim_item() -> tuple[int, str]:
    """An open Postkorb item for the demo claim, as `claims.report_claim` leaves one, and the
    title staff see for it (built from the claim's contract and customer, in German)."""
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import Claim, Customer, Subscription
    from portal.models.enums import InboxKind
    from portal.services import staff_inbox

    with session_scope() as session:
        claim = session.exec(select(Claim)).first()
        contract = session.get(Subscription, claim.subscription_id)
        customer = session.get(Customer, claim.customer_id)
        item = staff_inbox.add_item(
            session, InboxKind.CLAIM, claim.id, f"Schadenmeldung Browser {uuid.uuid4().hex[:6]}"
        )
        session.flush()
        return item.id, f"Schadenmeldung {contract.number} ({customer.name})"


def _demo_item(kind: str) -> int:
    """The demo seed's first Postkorb item of this kind."""
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import InboxItem

    with session_scope() as session:
        return session.exec(
            select(InboxItem.id).where(InboxItem.kind == kind).order_by(InboxItem.id)
        ).first()


def test_staff_filter_take_and_finish_an_item_and_the_menu_count_follows(ui: PortalUI) -> None:
    page = ui.page
    item_id, title = _new_claim_item()
    order_item = _demo_item("order")

    mark = ui.login(ADMIN, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/staff/?$"))
    ui.hydration.wait_after(mark)
    ui.open("/staff/inbox")
    badge = page.locator("[data-testid=nav-count]")
    expect(badge).to_have_text(re.compile(r"^\d+$"))
    before = int(badge.inner_text())
    rows = page.locator("[data-testid=inbox-row]")
    row = rows.filter(has=page.locator(f"[data-testid=inbox-open-{item_id}]"))
    expect(row).to_contain_text(title)
    expect(rows.filter(has_text="Bestellung SO-")).to_have_count(1)
    ui.screenshot("inbox-list.png")

    # filter by kind: only claims are left, the new one among them
    page.locator("#inbox-kind").click()
    page.get_by_role("option", name="Schadenmeldung", exact=True).click()
    expect(rows.filter(has_text="Bestellung SO-")).to_have_count(0)
    expect(row).to_have_count(1)
    kinds = page.locator("[data-testid=inbox-kind-badge]")
    expect(kinds.first).to_have_text("Schadenmeldung")
    assert set(kinds.all_inner_texts()) == {"Schadenmeldung"}

    # take it: in progress, the admin is the assignee; not done yet, so the count stays
    page.locator(f"[data-testid=inbox-assign-{item_id}]").click()
    expect(page.locator("#inbox-notice")).to_contain_text(title)
    expect(row).to_contain_text("Sabine Schulz")
    expect(row).to_contain_text("In Arbeit")
    expect(page.locator(f"[data-testid=inbox-assign-{item_id}]")).to_have_count(0)
    expect(badge).to_have_text(str(before))

    # "nur freie" hides it; "nur meine" (which clears "nur freie") shows just it
    page.locator("#inbox-unassigned").click()
    expect(row).to_have_count(0)
    page.locator("#inbox-mine").click()
    expect(page.locator("#inbox-unassigned")).to_have_attribute("data-state", "unchecked")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(title)
    ui.screenshot("inbox-mine.png")

    # done: the count beside the menu entry goes down by one
    page.locator(f"[data-testid=inbox-done-{item_id}]").click()
    expect(row).to_contain_text("Erledigt")
    expect(page.locator(f"[data-testid=inbox-reopen-{item_id}]")).to_be_visible()
    expect(badge).to_have_text(str(before - 1))
    ui.screenshot("inbox-done.png")

    # the filters stay chosen when the page is opened again; back to everything
    ui.open("/staff/inbox")
    expect(page.locator("#inbox-kind")).to_have_text("Schadenmeldung")
    page.locator("#inbox-mine").click()
    page.locator("#inbox-kind").click()
    page.get_by_role("option", name="Alle", exact=True).click()
    expect(rows.filter(has_text="Bestellung SO-")).to_have_count(1)

    # the demo shop order's page: customer, lines with the printer, prices
    page.locator(f"[data-testid=inbox-open-{order_item}]").click()
    page.wait_for_url(ui.url_re(f"/staff/inbox/{order_item}"))
    facts = page.locator("[data-testid=inbox-facts]")
    expect(facts).to_contain_text("Druckhaus Dietrich GmbH")
    expect(facts).to_contain_text("Toner Halle 2")
    lines = page.locator("[data-testid=inbox-line]")
    expect(lines).to_have_count(2)
    expect(lines.first).to_contain_text("TK-1170")
    expect(lines.first).to_contain_text("VCF3Z09815")
    expect(lines.first).to_contain_text("€")
    ui.screenshot("inbox-order.png")

    # the claim's own page: the claim's text; reopening it counts it again
    ui.open(f"/staff/inbox/{item_id}")
    expect(page.locator("#page-title")).to_have_text(title)
    expect(page.locator("[data-testid=inbox-facts]")).to_contain_text("Rohrbruch")
    page.locator("#item-reopen").click()
    expect(page.locator("[data-testid=inbox-state-badge]")).to_have_text("In Arbeit")
    expect(page.locator("#item-assignee")).to_have_text("Sabine Schulz")
    expect(badge).to_have_text(str(before))
    ui.screenshot("inbox-claim.png")

    # a ticket's page: its messages, and a staff reply right there (an empty one is refused)
    ui.open(f"/staff/inbox/{_demo_item('ticket')}")
    messages = page.locator("[data-testid=ticket-message]")
    expect(messages.first).to_be_visible()
    before_messages = messages.count()
    page.locator("#inbox-reply-send").click()
    expect(page.locator("#inbox-error")).to_be_visible()
    reply = f"Wir liefern nach ({uuid.uuid4().hex[:6]})."
    page.locator("#inbox-reply").fill(reply)
    page.locator("#inbox-reply-send").click()
    expect(page.locator("#inbox-notice")).to_have_text("Die Antwort ist gesendet.")
    expect(messages).to_have_count(before_messages + 1)
    expect(messages.last).to_contain_text(reply)
    expect(page.locator("#inbox-reply")).to_have_value("")
    ui.screenshot("inbox-ticket.png")
