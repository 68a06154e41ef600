"""Messages of the staff catalog, the catalog import and customers' printers (de, en).

Named `catalog_admin` because `portal.i18n.catalog` is already the function returning a
locale's messages."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "catalog.nav": "Katalog",
        "catalog.nav_inventory": "Druckerbestand",
        "catalog.title": "Artikelkatalog",
        "catalog.search": "Suche (Nummer, Bezeichnung, Beschreibung)",
        "catalog.filter.all_categories": "Alle Kategorien",
        "catalog.filter.status": "Status",
        "catalog.filter.all": "Alle Artikel",
        "catalog.filter.active": "Nur aktive",
        "catalog.filter.inactive": "Nur deaktivierte",
        "catalog.filter.shop": "Nur im Shop",
        "catalog.filter.not_shop": "Nicht im Shop",
        "catalog.filter.apply": "Filtern",
        "catalog.empty": "Keine Artikel für diese Filter.",
        "catalog.col.number": "Artikelnummer",
        "catalog.col.name": "Bezeichnung",
        "catalog.col.description": "Beschreibung",
        "catalog.col.category": "Kategorie",
        "catalog.col.unit": "Einheit",
        "catalog.col.price": "Preis (netto, €)",
        "catalog.col.tax": "Steuersatz (%)",
        # short column headers of the article table (the form keeps the long labels)
        "catalog.head.number": "Art.-Nr.",
        "catalog.head.price": "Netto",
        "catalog.head.tax": "MwSt.",
        "catalog.head.stock": "Lager",
        "catalog.col.stock": "Lagerhinweis",
        "catalog.col.flags": "Status",
        "catalog.col.actions": "Aktionen",
        "catalog.flag.in_shop": "Im Online-Shop",
        "catalog.flag.not_in_shop": "Nicht im Shop",
        "catalog.flag.active": "Aktiv",
        "catalog.flag.inactive": "Deaktiviert",
        "catalog.new": "Neuer Artikel",
        "catalog.edit": "Bearbeiten",
        "catalog.edit_title": "Artikel bearbeiten",
        "catalog.save": "Speichern",
        "catalog.close": "Schließen",
        "catalog.back": "Zurück zum Katalog",
        "catalog.deactivate": "Deaktivieren",
        "catalog.reactivate": "Reaktivieren",
        "catalog.compatible": "Passend für Druckermodelle (eines je Zeile)",
        "catalog.compatible.hint": (
            "Genau so geschrieben wie das Modell im Druckerbestand, z. B. „Kyocera ECOSYS M2540dn“."
        ),
        "catalog.saved": "Artikel {number} wurde gespeichert.",
        "catalog.activated": "Artikel {number} ist wieder aktiv.",
        "catalog.deactivated": (
            "Artikel {number} wurde deaktiviert und erscheint nicht mehr im Shop."
        ),
        "catalog.check_fields": "Bitte prüfen Sie die markierten Felder.",
        "catalog.image": "Artikelbild",
        "catalog.image.none": "Noch kein Bild.",
        "catalog.image.choose": "Bilddatei wählen",
        "file_input.choose": "Datei wählen",
        "file_input.none": "Keine Datei gewählt",
        "catalog.image.upload": "Bild hochladen",
        "catalog.image.hint": "PNG, JPEG oder WebP, bis 2 MB.",
        "catalog.image_saved": "Das Bild wurde gespeichert.",
        "catalog.error.number_required": "Bitte geben Sie eine Artikelnummer ein.",
        "catalog.error.number_long": "Die Artikelnummer ist zu lang (höchstens 40 Zeichen).",
        "catalog.error.number_taken": "Diese Artikelnummer ist schon vergeben.",
        "catalog.error.name_required": "Bitte geben Sie eine Bezeichnung ein.",
        "catalog.error.name_long": "Die Bezeichnung ist zu lang (höchstens 200 Zeichen).",
        "catalog.error.description_long": "Die Beschreibung ist zu lang (höchstens 5000 Zeichen).",
        "catalog.error.category_long": "Die Kategorie ist zu lang (höchstens 60 Zeichen).",
        "catalog.error.unit_long": "Die Einheit ist zu lang (höchstens 20 Zeichen).",
        "catalog.error.stock_long": "Der Lagerhinweis ist zu lang (höchstens 60 Zeichen).",
        "catalog.error.price_required": "Bitte geben Sie einen Preis ein.",
        "catalog.error.price_number": "Der Preis ist keine Zahl (z. B. 12,50).",
        "catalog.error.price_negative": "Der Preis darf nicht negativ sein.",
        "catalog.error.price_cents": (
            "Der Preis hat mehr als zwei Nachkommastellen oder ist zu groß."
        ),
        "catalog.error.tax_rate": "Erlaubte Steuersätze sind 0, 7 und 19 %.",
        "catalog.error.models_many": "Höchstens 50 Druckermodelle je Artikel.",
        "catalog.error.model_long": "Ein Druckermodell ist zu lang (höchstens 120 Zeichen).",
        "catalog.import.title": "Katalog importieren",
        "catalog.import.intro": (
            "CSV (Semikolon oder Komma) oder Excel-Datei (.xlsx) bis {size} MB. Spalten: "
            "Artikelnummer, Bezeichnung, Preis (Pflicht); Beschreibung, Kategorie, Einheit, "
            "Steuersatz, Lagerhinweis, Im Shop (ja/nein), Kompatibel (Modelle mit ; getrennt). "
            "Vorhandene Artikelnummern werden aktualisiert."
        ),
        "catalog.import.choose": "Importdatei wählen",
        "catalog.import.upload": "Datei prüfen",
        "catalog.import.preview": "Vorschau",
        "catalog.import.summary": "{new} neu, {updated} aktualisiert, {errors} fehlerhaft.",
        "catalog.import.ignored": "Nicht verwendete Spalten: {columns}",
        "catalog.import.col.row": "Zeile",
        "catalog.import.col.action": "Ergebnis",
        "catalog.import.col.errors": "Fehler",
        "catalog.import.action.new": "Neu",
        "catalog.import.action.update": "Aktualisierung",
        "catalog.import.action.error": "Fehler",
        "catalog.import.apply": "Importieren",
        "catalog.import.fix_first": (
            "Bitte korrigieren Sie die fehlerhaften Zeilen und laden Sie die Datei erneut hoch. "
            "Es wird nichts importiert, solange eine Zeile fehlerhaft ist."
        ),
        "catalog.import.done": "Import abgeschlossen: {new} neu, {updated} aktualisiert.",
        "catalog.import.has_errors": (
            "Die Datei enthält fehlerhafte Zeilen; es wurde nichts importiert."
        ),
        "catalog.import.file_gone": (
            "Die Importdatei ist nicht mehr vorhanden. Bitte erneut hochladen."
        ),
        "catalog.import.unreadable": (
            "Die Datei ist keine lesbare CSV- oder Excel-Tabelle (z. B. "
            "uneinheitliche Spaltenzahl)."
        ),
        "catalog.import.encoding": (
            "Die Zeichenkodierung der Datei ist unbekannt (UTF-8 verwenden)."
        ),
        "catalog.import.too_many_rows": "Die Datei hat zu viele Zeilen (höchstens 5000).",
        "catalog.import.unpacked_too_large": (
            "Die Excel-Datei würde entpackt zu groß (mehr als 20 MB oder ungewöhnlich stark "
            "komprimiert). Bitte nur die Artikeltabelle speichern oder als CSV hochladen."
        ),
        "catalog.import.no_rows": "Die Datei enthält keine Artikelzeilen.",
        "catalog.import.missing_column": "Pflichtspalten fehlen: {columns}.",
        "catalog.import.yes_no": "Bitte „ja“ oder „nein“ angeben.",
        "catalog.import.duplicate_row": "Diese Artikelnummer steht mehrfach in der Datei.",
        "inventory.title": "Druckerbestand der Kunden",
        "inventory.intro": (
            "Kunden suchen, dann ihre Drucker pflegen. Das Modell muss so heißen wie im Katalog, "
            "damit „Druckerzubehör“ das passende Zubehör zeigt."
        ),
        "inventory.search": "Kunde (Name oder Nummer)",
        "inventory.find": "Suchen",
        # shown by /staff/inventory and /staff/customers before the first search
        "customer_search.hint": "Suchen Sie nach Name oder Kundennummer.",
        "inventory.no_customers": "Kein Kunde gefunden.",
        "inventory.add": "Drucker hinzufügen",
        "inventory.remove": "Entfernen",
        "inventory.empty": "Für diesen Kunden sind keine Drucker erfasst.",
        "inventory.col.model": "Modell",
        "inventory.col.serial": "Seriennummer",
        "inventory.col.location": "Standort",
        "inventory.saved": "Der Drucker wurde gespeichert.",
        "inventory.removed": "Der Drucker wurde entfernt.",
        "inventory.error.model_required": "Bitte geben Sie das Modell an.",
        "inventory.error.model_long": "Das Modell ist zu lang (höchstens 120 Zeichen).",
        "inventory.error.serial_required": "Bitte geben Sie die Seriennummer an.",
        "inventory.error.serial_long": "Die Seriennummer ist zu lang (höchstens 60 Zeichen).",
        "inventory.error.serial_taken": (
            "Ein Drucker dieses Modells mit dieser Seriennummer ist schon erfasst."
        ),
        "inventory.error.location_long": "Der Standort ist zu lang (höchstens 200 Zeichen).",
        "inventory.error.ordered": (
            "Dieser Drucker steht auf Bestellungen und bleibt deshalb erhalten."
        ),
    },
    "en": {
        "catalog.nav": "Catalog",
        "catalog.nav_inventory": "Printer inventory",
        "catalog.title": "Article catalog",
        "catalog.search": "Search (number, name, description)",
        "catalog.filter.all_categories": "All categories",
        "catalog.filter.status": "Status",
        "catalog.filter.all": "All articles",
        "catalog.filter.active": "Active only",
        "catalog.filter.inactive": "Deactivated only",
        "catalog.filter.shop": "In the shop only",
        "catalog.filter.not_shop": "Not in the shop",
        "catalog.filter.apply": "Filter",
        "catalog.empty": "No articles for these filters.",
        "catalog.col.number": "Article number",
        "catalog.col.name": "Name",
        "catalog.col.description": "Description",
        "catalog.col.category": "Category",
        "catalog.col.unit": "Unit",
        "catalog.col.price": "Price (net, €)",
        "catalog.col.tax": "Tax rate (%)",
        "catalog.head.number": "Item no.",
        "catalog.head.price": "Net",
        "catalog.head.tax": "VAT",
        "catalog.head.stock": "Stock",
        "catalog.col.stock": "Stock hint",
        "catalog.col.flags": "Status",
        "catalog.col.actions": "Actions",
        "catalog.flag.in_shop": "In the online shop",
        "catalog.flag.not_in_shop": "Not in the shop",
        "catalog.flag.active": "Active",
        "catalog.flag.inactive": "Deactivated",
        "catalog.new": "New article",
        "catalog.edit": "Edit",
        "catalog.edit_title": "Edit article",
        "catalog.save": "Save",
        "catalog.close": "Close",
        "catalog.back": "Back to the catalog",
        "catalog.deactivate": "Deactivate",
        "catalog.reactivate": "Reactivate",
        "catalog.compatible": "Fits printer models (one per line)",
        "catalog.compatible.hint": (
            "Spelled exactly like the model in the printer inventory, e.g. "
            '"Kyocera ECOSYS M2540dn".'
        ),
        "catalog.saved": "Article {number} was saved.",
        "catalog.activated": "Article {number} is active again.",
        "catalog.deactivated": "Article {number} was deactivated and no longer shows in the shop.",
        "catalog.check_fields": "Please check the marked fields.",
        "catalog.image": "Article picture",
        "catalog.image.none": "No picture yet.",
        "catalog.image.choose": "Choose a picture file",
        "file_input.choose": "Choose file",
        "file_input.none": "No file chosen",
        "catalog.image.upload": "Upload picture",
        "catalog.image.hint": "PNG, JPEG or WebP, up to 2 MB.",
        "catalog.image_saved": "The picture was saved.",
        "catalog.error.number_required": "Please enter an article number.",
        "catalog.error.number_long": "The article number is too long (at most 40 characters).",
        "catalog.error.number_taken": "This article number is already in use.",
        "catalog.error.name_required": "Please enter a name.",
        "catalog.error.name_long": "The name is too long (at most 200 characters).",
        "catalog.error.description_long": "The description is too long (at most 5000 characters).",
        "catalog.error.category_long": "The category is too long (at most 60 characters).",
        "catalog.error.unit_long": "The unit is too long (at most 20 characters).",
        "catalog.error.stock_long": "The stock hint is too long (at most 60 characters).",
        "catalog.error.price_required": "Please enter a price.",
        "catalog.error.price_number": "The price is not a number (e.g. 12.50).",
        "catalog.error.price_negative": "The price must not be negative.",
        "catalog.error.price_cents": "The price has more than two decimals or is too large.",
        "catalog.error.tax_rate": "Allowed tax rates are 0, 7 and 19 %.",
        "catalog.error.models_many": "At most 50 printer models per article.",
        "catalog.error.model_long": "A printer model is too long (at most 120 characters).",
        "catalog.import.title": "Import catalog",
        "catalog.import.intro": (
            "CSV (semicolon or comma) or Excel file (.xlsx) up to {size} MB. Columns: "
            "article_number, name, price (required); description, category, unit, tax_rate, "
            "stock_hint, in_shop (yes/no), compatible (models separated by ;); German headers "
            "work too. Existing article numbers are updated."
        ),
        "catalog.import.choose": "Choose the import file",
        "catalog.import.upload": "Check file",
        "catalog.import.preview": "Preview",
        "catalog.import.summary": "{new} new, {updated} updated, {errors} with errors.",
        "catalog.import.ignored": "Columns not used: {columns}",
        "catalog.import.col.row": "Row",
        "catalog.import.col.action": "Result",
        "catalog.import.col.errors": "Errors",
        "catalog.import.action.new": "New",
        "catalog.import.action.update": "Update",
        "catalog.import.action.error": "Error",
        "catalog.import.apply": "Import",
        "catalog.import.fix_first": (
            "Please correct the rows with errors and upload the file again. Nothing is imported "
            "while any row has an error."
        ),
        "catalog.import.done": "Import finished: {new} new, {updated} updated.",
        "catalog.import.has_errors": "The file has rows with errors; nothing was imported.",
        "catalog.import.file_gone": "The import file is gone. Please upload it again.",
        "catalog.import.unreadable": (
            "The file is no readable CSV or Excel table (e.g. rows with differing column counts)."
        ),
        "catalog.import.encoding": "The file's character encoding is unknown (use UTF-8).",
        "catalog.import.too_many_rows": "The file has too many rows (at most 5000).",
        "catalog.import.unpacked_too_large": (
            "The Excel file would unpack to too much (over 20 MB or unusually highly "
            "compressed). Please save only the article table or upload it as CSV."
        ),
        "catalog.import.no_rows": "The file has no article rows.",
        "catalog.import.missing_column": "Required columns are missing: {columns}.",
        "catalog.import.yes_no": 'Please give "yes" or "no".',
        "catalog.import.duplicate_row": "This article number appears more than once in the file.",
        "inventory.title": "Customers' printers",
        "inventory.intro": (
            "Find a customer, then maintain its printers. The model must be spelled as in the "
            "catalog so “Printer supplies” offers the matching accessories."
        ),
        "inventory.search": "Customer (name or number)",
        "inventory.find": "Search",
        "inventory.no_customers": "No customer found.",
        "customer_search.hint": "Search by name or customer number.",
        "inventory.add": "Add printer",
        "inventory.remove": "Remove",
        "inventory.empty": "No printers recorded for this customer.",
        "inventory.col.model": "Model",
        "inventory.col.serial": "Serial number",
        "inventory.col.location": "Site",
        "inventory.saved": "The printer was saved.",
        "inventory.removed": "The printer was removed.",
        "inventory.error.model_required": "Please enter the model.",
        "inventory.error.model_long": "The model is too long (at most 120 characters).",
        "inventory.error.serial_required": "Please enter the serial number.",
        "inventory.error.serial_long": "The serial number is too long (at most 60 characters).",
        "inventory.error.serial_taken": (
            "A printer of this model with this serial number is already recorded."
        ),
        "inventory.error.location_long": "The site is too long (at most 200 characters).",
        "inventory.error.ordered": "This printer appears on orders and is therefore kept.",
    },
}
