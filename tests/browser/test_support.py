"""Tickets, claims and the staff inbox in a real Chromium against the production build: the
NORMAL user gets the 404 page for a MAIN-only ticket opened by URL, the MAIN user files a claim
with an attachment (the risk address offered as the place), and a new ticket (after a refused
empty message and a refused file, both keeping what was typed, and a reply refused once the
same way) appears in the staff inbox of the admin. Forms with files are native POSTs to the
authenticated routes.

The demo users' passwords stay as they are: other browser tests sign in with them.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
MAIN = "haupt@druckhaus-dietrich.example"
NORMAL = "mitarbeiter@druckhaus-dietrich.example"
ADMIN = "admin@portal.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _main_only_ticket_id() -> int:
    """A ticket the MAIN user opened: the NORMAL user of the same company may not see it."""
    from sqlmodel import select

    from portal.db import session_scope
    from portal.models import Ticket, User

    with session_scope() as session:
        main = session.exec(select(User).where(User.login == MAIN)).one()
        return session.exec(select(Ticket.id).where(Ticket.creator_id == main.id)).first()


def _sign_in(ui: PortalUI, login: str) -> None:
    mark = ui.login(login, DEMO_PASSWORD)
    ui.page.wait_for_url(re.compile(r"/(customer|staff)/?$"))
    ui.hydration.wait_after(mark)


def test_normal_user_gets_the_404_page_for_a_main_only_ticket(ui: PortalUI) -> None:
    ticket_id = _main_only_ticket_id()
    _sign_in(ui, NORMAL)
    ui.open("/customer/tickets")
    rows = ui.page.locator("[data-testid=ticket-row]")
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_text="Lieferung Plakate")).to_have_count(0)
    ui.open(f"/customer/tickets/{ticket_id}")
    expect(ui.page.get_by_text("Seite nicht gefunden")).to_be_visible()
    expect(ui.page.locator("#ticket-subject-title")).to_have_count(0)
    ui.screenshot("support-ticket-404.png")


def test_claim_with_an_attachment_is_filed(ui: PortalUI, tmp_path: Path) -> None:
    page = ui.page
    _sign_in(ui, MAIN)
    ui.open("/customer/claims/new")
    page.locator("#claim-contract").click()
    page.get_by_role("option", name=re.compile("Gebäude")).click()
    description = f"Sturmschaden am Dach {uuid.uuid4().hex[:6]}"
    page.locator("#claim-description").fill(description)
    page.locator("#use-risk-address").click()
    expect(page.locator("#claim-place")).not_to_have_value("")
    expect(page.locator("#claim-description")).to_have_value(description)  # kept
    photo = tmp_path / "dach.pdf"
    photo.write_bytes(PDF)
    page.locator("#claim-files").set_input_files(str(photo))
    expect(page.locator("#claim-form [data-file-name]")).to_have_text("dach.pdf")
    ui.screenshot("support-claim-form.png")
    page.locator("#claim-submit").click()
    ui.page.wait_for_url(ui.url_re("/customer/claims"))
    row = page.locator("[data-testid=claim-row]").filter(has_text=description)
    expect(row).to_have_count(1)
    expect(row.locator("[data-testid=attachment-link]")).to_have_text("dach.pdf")
    ui.screenshot("support-claims.png")


def test_new_ticket_keeps_input_and_lands_in_the_staff_inbox(ui: PortalUI, tmp_path: Path) -> None:
    page = ui.page
    _sign_in(ui, MAIN)
    ui.open("/customer/tickets/new")
    subject = f"Browser-Ticket {uuid.uuid4().hex[:6]}"
    page.locator("#ticket-subject").fill(subject)
    page.locator("#ticket-submit").click()
    expect(page.locator("#ticket-body-error")).to_be_visible()
    expect(page.locator("#ticket-subject")).to_have_value(subject)
    body = "Bitte rufen Sie mich zurück."
    page.locator("#ticket-body").fill(body)
    # a text file named .pdf is refused by the route: back to the form, nothing typed is lost
    fake, real = tmp_path / "notiz.pdf", tmp_path / "auftrag.pdf"
    fake.write_bytes(b"nur Text, kein PDF")
    real.write_bytes(PDF)
    page.locator("#ticket-files").set_input_files([str(fake), str(real)])
    expect(page.locator("#ticket-form [data-file-name]")).to_have_text("notiz.pdf, auftrag.pdf")
    mark = ui.hydration.count
    page.locator("#ticket-submit").click()
    page.wait_for_url(ui.url_re("/customer/tickets/new", query=True))
    ui.hydration.wait_after(mark)
    expect(page.locator("#ticket-files-error")).to_be_visible()
    assert "Text" not in page.url and "error=upload.error.type" in page.url
    expect(page.locator("#ticket-subject")).to_have_value(subject)
    expect(page.locator("#ticket-body")).to_have_value(body)
    ui.screenshot("support-ticket-file-refused.png")
    page.locator("#ticket-files").set_input_files(str(real))
    page.locator("#ticket-submit").click()
    page.wait_for_url(re.compile(r"/customer/tickets/\d+/?$"))
    expect(page.locator("#ticket-subject-title")).to_have_text(subject)
    expect(page.locator("[data-testid=attachment-link]")).to_have_text("auftrag.pdf")
    expect(page.locator("[data-testid=ticket-status]").first).to_have_text("Offen")
    ui.screenshot("support-ticket.png")
    # a reply with a refused file keeps its text; the corrected one is added
    reply = "Hier noch ein Foto."
    page.locator("#reply-body").fill(reply)
    page.locator("#reply-files").set_input_files(str(fake))
    mark = ui.hydration.count
    page.locator("#reply-submit").click()
    page.wait_for_url(re.compile(r"/customer/tickets/\d+/?\?error=upload\.error\.type$"))
    ui.hydration.wait_after(mark)
    expect(page.locator("#reply-error")).to_be_visible()
    expect(page.locator("#reply-body")).to_have_value(reply)
    page.locator("#reply-files").set_input_files(str(real))
    page.locator("#reply-submit").click()
    expect(page.locator("[data-testid=ticket-message]")).to_have_count(2)
    expect(page.locator("#reply-body")).to_have_value("")
    expect(page.locator("#reply-error")).to_have_count(0)
    expect(page.locator("[data-testid=ticket-status]").first).to_have_text("In Bearbeitung")
    ui.screenshot("support-ticket-replied.png")

    ui.context.clear_cookies()
    _sign_in(ui, ADMIN)
    ui.open("/staff/inbox")
    expect(page.locator("[data-testid=inbox-row]").filter(has_text=subject)).to_have_count(1)
    ui.screenshot("support-staff-inbox.png")
