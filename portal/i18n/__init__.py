"""Messages (German first, English second) and locale-aware formatting via babel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.dates import get_datetime_format, get_timezone
from babel.numbers import format_currency, format_decimal

from portal.config import get_settings
from portal.i18n import (
    accounts,
    audit,
    catalog_admin,
    customer_portal,
    grants_admin,
    grids,
    identity,
    inbox,
    messages,
    partner_detail,
    people,
    sales,
    settings,
    shop,
    sso,
    support,
    two_factor,
)

LOCALES = ("de", "en")
# Every area's catalogue; a key may appear in one area only (a unit test checks that).
AREAS = (
    messages.MESSAGES,
    sso.MESSAGES,
    two_factor.MESSAGES,
    grids.MESSAGES,
    accounts.MESSAGES,
    grants_admin.MESSAGES,
    partner_detail.MESSAGES,
    people.MESSAGES,
    sales.MESSAGES,
    support.MESSAGES,
    inbox.MESSAGES,
    customer_portal.MESSAGES,
    audit.MESSAGES,
    shop.MESSAGES,
    catalog_admin.MESSAGES,
    identity.MESSAGES,
    settings.MESSAGES,
)
MESSAGES: dict[str, dict[str, str]] = {
    locale: {key: text for area in AREAS for key, text in area[locale].items()}
    for locale in LOCALES
}

DEFAULT_LOCALE = "de"
_BABEL_LOCALE = {"de": "de_DE", "en": "en_GB"}


def normalize_locale(value: str | None) -> str:
    """Map anything (an Accept-Language header, a stored value) to a supported locale."""
    for part in (value or "").replace(" ", "").split(","):
        code = part.split(";")[0].split("-")[0].split("_")[0].lower()
        if code in LOCALES:
            return code
    return DEFAULT_LOCALE


def catalog(locale: str) -> dict[str, str]:
    """All messages of a locale; missing keys fall back to German."""
    return {**MESSAGES[DEFAULT_LOCALE], **MESSAGES.get(normalize_locale(locale), {})}


def t(key: str, locale: str, **values: object) -> str:
    text = catalog(locale).get(key, key)
    return text.format(**values) if values else text


def known_message(key: object, prefixes: tuple[str, ...]) -> str:
    """A message key from the URL only when it is one of ours (the URL is the visitor's)."""
    if isinstance(key, str) and key.startswith(prefixes) and key in MESSAGES["de"]:
        return key
    return ""


def t_count(key: str, locale: str, number: int, /, **values: object) -> str:
    """A message whose wording depends on a number ("1 Eintrag" / "2 Einträge").

    The areas define `<key>.one` and `<key>.other`; babel's plural rules of the locale pick one.
    """
    babel_locale = Locale.parse(_BABEL_LOCALE[normalize_locale(locale)])
    form = babel_locale.plural_form(abs(number))
    texts = catalog(locale)
    text = texts.get(f"{key}.{form}") or texts.get(f"{key}.other", key)
    return text.format(**values)


def format_money(value: Decimal | float | int, locale: str, currency: str = "EUR") -> str:
    return format_currency(value, currency, locale=_BABEL_LOCALE[normalize_locale(locale)])


def format_number(value: Decimal | float | int, locale: str) -> str:
    return format_decimal(value, locale=_BABEL_LOCALE[normalize_locale(locale)])


def format_amount(value: Decimal, locale: str) -> str:
    """A money amount without currency, always with two decimals ("49,90"), for form fields."""
    return format_decimal(value, format="#,##0.00", locale=_BABEL_LOCALE[normalize_locale(locale)])


def format_day(value: date | None, locale: str) -> str:
    if value is None:
        return ""
    return _babel_date(value, format="medium", locale=_BABEL_LOCALE[normalize_locale(locale)])


def format_timestamp(value: datetime | None, locale: str) -> str:
    """Date as in format_day (4-digit year, "21.11.2026") plus the time without seconds.

    Babel's "short" datetime shortens the German year to two digits, which business users
    misread next to the date-only fields; so the date part is always "medium".
    """
    if value is None:
        return ""
    babel_locale = _BABEL_LOCALE[normalize_locale(locale)]
    # Stored in UTC (naive values are UTC); shown in the installation's time zone.
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    local = aware.astimezone(get_timezone(get_settings().timezone))
    day = _babel_date(local, format="medium", locale=babel_locale)
    time = _babel_time(local, format="short", locale=babel_locale)
    return get_datetime_format("short", locale=babel_locale).format(time, day)
