"""Messages exist in both languages; numbers, money and dates follow the locale."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.i18n import (
    AREAS,
    MESSAGES,
    format_day,
    format_money,
    format_number,
    format_timestamp,
    normalize_locale,
    t,
    t_count,
)


def test_no_key_is_defined_in_two_areas() -> None:
    keys = [key for area in AREAS for key in area["de"]]
    assert len(keys) == len(set(keys))


def test_every_message_exists_in_german_and_english_with_the_same_placeholders() -> None:
    assert MESSAGES["de"].keys() == MESSAGES["en"].keys()
    for key, german in MESSAGES["de"].items():
        assert set(re.findall(r"{(\w+)}", german)) == set(
            re.findall(r"{(\w+)}", MESSAGES["en"][key])
        )


@pytest.mark.parametrize(
    ("header", "locale"),
    [("en-US,en;q=0.9", "en"), ("de-DE", "de"), ("fr-FR,en;q=0.5", "en"), ("", "de"), (None, "de")],
)
def test_locale_is_taken_from_accept_language(header: str | None, locale: str) -> None:
    assert normalize_locale(header) == locale


def test_formatting_follows_the_locale() -> None:
    assert format_money(Decimal("1234.5"), "de") == "1.234,50\xa0€"
    assert format_money(Decimal("1234.5"), "en") == "€1,234.50"
    assert format_number(1234567, "de") == "1.234.567"
    assert format_day(date(2026, 3, 1), "de") == "01.03.2026"
    summer_noon_utc = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert format_timestamp(summer_noon_utc, "de") == "01.07.2026, 12:00"  # Europe/Berlin
    assert t("staff.welcome", "en", name="Eva") == "Welcome, Eva"


def test_counted_messages_use_the_singular_for_one() -> None:
    assert t_count("audit.count", "de", 1, total="1", page=1, pages=1) == (
        "1 Eintrag, Seite 1 von 1"
    )
    assert t_count("audit.count", "de", 0, total="0", page=1, pages=1).startswith("0 Einträge")
    assert t_count("audit.count", "en", 1, total="1", page=1, pages=1).startswith("1 entry,")
    assert t_count("grants.ungranted_count", "de", 1, count="1") == "1 Kunde ohne Freischaltung"
    assert t_count("grants.ungranted_count", "en", 3, count="3") == "3 customers without a grant"
