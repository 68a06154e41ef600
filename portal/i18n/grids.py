"""Messages of the data grids (portal/services/grids.py): why a grid request was refused."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        "grid.error.unknown_grid": "Diese Tabelle gibt es nicht.",
        "grid.error.invalid_request": "Die Anfrage der Tabelle ist ungültig.",
        "grid.error.unknown_column": "Diese Spalte gibt es nicht.",
        "grid.error.not_sortable": "Nach dieser Spalte kann nicht (mehrfach) sortiert werden.",
        "grid.error.not_filterable": "Diese Spalte kann nicht gefiltert werden.",
        "grid.error.invalid_filter": "Der Filter einer Spalte ist ungültig.",
        "grid.error.search_too_long": "Der Suchbegriff ist zu lang (höchstens 100 Zeichen).",
        "grid.error.partner_company": "Dieser Partnerstandort steht Ihnen nicht zur Auswahl.",
        "grid.error.no_alarm": "Für diese Tabelle gibt es keinen Vertragsalarm.",
    },
    "en": {
        "grid.error.unknown_grid": "This table does not exist.",
        "grid.error.invalid_request": "The table request is invalid.",
        "grid.error.unknown_column": "This column does not exist.",
        "grid.error.not_sortable": "This column cannot be sorted by (more than once).",
        "grid.error.not_filterable": "This column cannot be filtered.",
        "grid.error.invalid_filter": "A column filter is invalid.",
        "grid.error.search_too_long": "The search term is too long (at most 100 characters).",
        "grid.error.partner_company": "This partner location is not available to you.",
        "grid.error.no_alarm": "This table has no contract alarm.",
    },
}
