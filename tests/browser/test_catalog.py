"""The staff catalog in a real Chromium against the production build: a CSV import through the
native upload, its per-row preview (errors block the import), the import, and the new article
in the list; then the article form refusing a bad price without losing the input.
Screenshots in test-artifacts/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:  # conftest is loaded by pytest as a plugin, not imported by tests
    from tests.browser.conftest import PortalUI

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Portal-Demo-2026"  # portal.services.seed.DEMO_PASSWORD
STAFF = "admin@portal.example"
GOOD_CSV = (
    "Artikelnummer;Bezeichnung;Kategorie;Preis;Steuersatz;Im Shop;Kompatibel\n"
    "IMP-TN-1;Importtoner schwarz;Toner;49,90;19;ja;"
    '"Kyocera ECOSYS M2540dn;HP LaserJet Pro M404dn"\n'
    # An update of a demo article no other browser test orders (they share one server).
    "WT-5140;Kyocera Resttonerbehälter WT-5140;Wartung;26,50;19;ja;Kyocera ECOSYS M5526cdw\n"
).encode()
BAD_CSV = b"Artikelnummer;Bezeichnung;Preis;Steuersatz\nIMP-BAD;;-1;16\n"


def _upload(ui: PortalUI, name: str, data: bytes) -> None:
    page = ui.page
    page.locator("#import-file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    mark = ui.hydration.count
    page.locator("#import-upload").click()
    ui.expect_page("/staff/catalog/import", query=True, since=mark)


def test_staff_imports_a_csv_and_finds_the_article(ui: PortalUI) -> None:
    page = ui.page
    mark = ui.login(STAFF, DEMO_PASSWORD)
    ui.expect_page("/staff", since=mark)
    ui.open("/staff/catalog/import")

    _upload(ui, "fehler.csv", BAD_CSV)
    bad_row = page.locator("[data-testid=import-row]")
    expect(bad_row).to_have_count(1)
    expect(bad_row).to_contain_text("Bitte geben Sie eine Bezeichnung ein.")
    expect(bad_row).to_contain_text("Preis: Der Preis darf nicht negativ sein.")
    expect(page.locator("#import-apply")).to_be_disabled()
    ui.screenshot("catalog-import-errors.png")

    _upload(ui, "katalog.csv", GOOD_CSV)
    expect(page.locator("#import-summary")).to_have_text("1 neu, 1 aktualisiert, 0 fehlerhaft.")
    expect(page.locator("[data-action=new]")).to_contain_text("IMP-TN-1")
    expect(page.locator("[data-action=update]")).to_contain_text("WT-5140")
    ui.screenshot("catalog-import-preview.png")
    page.locator("#import-apply").click()
    expect(page.locator("#import-notice")).to_have_text(
        "Import abgeschlossen: 1 neu, 1 aktualisiert."
    )
    expect(page.locator("#import-apply")).to_be_disabled()

    ui.open("/staff/catalog")
    page.locator("#catalog-search").fill("Importtoner")
    page.locator("#catalog-filter").click()
    row = page.locator('[data-article="IMP-TN-1"]')
    expect(row).to_contain_text("49,90 €")
    expect(row).to_contain_text("Im Online-Shop")
    expect(page.locator("[data-testid=catalog-row]")).to_have_count(1)
    ui.screenshot("catalog-list-after-import.png")

    row.get_by_role("button", name="Bearbeiten").click()
    price = page.locator("#field-price")
    expect(price).to_have_value("49,90")
    price.fill("zwölf")
    page.locator("#field-name").fill("Importtoner schwarz XL")
    page.locator("#catalog-save").click()
    expect(page.locator("#error-price")).to_have_text("Der Preis ist keine Zahl (z. B. 12,50).")
    expect(page.locator("#field-name")).to_have_value("Importtoner schwarz XL")
    ui.screenshot("catalog-form-error.png")
    page.locator("#field-price").fill("52,00")
    page.locator("#catalog-save").click()
    expect(page.locator("#catalog-notice")).to_contain_text("IMP-TN-1")
    expect(page.locator('[data-article="IMP-TN-1"]')).to_contain_text("52,00 €")


def test_staff_maintains_a_customers_printers(ui: PortalUI) -> None:
    page = ui.page
    mark = ui.login(STAFF, DEMO_PASSWORD)
    ui.expect_page("/staff", since=mark)
    ui.open("/staff/inventory")
    page.locator("#inventory-search").fill("Druckhaus")
    page.get_by_role("button", name="Suchen").click()
    page.locator("[data-testid=inventory-customer]").filter(has_text="Druckhaus Dietrich").click()
    expect(page.locator("#inventory-customer")).to_contain_text("Druckhaus Dietrich GmbH")
    printers = page.locator("[data-testid=printer-row]")
    expect(printers.filter(has_text="Empfang, EG")).to_contain_text("Kyocera ECOSYS M5526cdw")
    before = printers.count()

    page.locator("#printer-new").click()
    page.locator("#field-model").fill("Brother HL-L5100DN")
    page.locator("#field-location").fill("Lager, UG")
    page.locator("#printer-save").click()
    expect(page.locator("#error-serial_number")).to_have_text(
        "Bitte geben Sie die Seriennummer an."
    )
    expect(page.locator("#field-location")).to_have_value("Lager, UG")
    page.locator("#field-serial_number").fill("E78012H4N509999")
    page.locator("#printer-save").click()
    expect(page.locator("#inventory-notice")).to_have_text("Der Drucker wurde gespeichert.")
    expect(printers).to_have_count(before + 1)
    expect(printers.filter(has_text="Lager, UG")).to_contain_text("E78012H4N509999")
    ui.screenshot("catalog-inventory.png")
