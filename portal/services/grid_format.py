"""How grid values read for people: headers and enum labels in the user's language, values
formatted for the locale. The grid page and the Excel export share it, so the file says what the
screen says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.i18n import format_day, format_money, format_number, normalize_locale, t
from portal.services.grids import Column, ColumnType


def header(column: Column, locale: str) -> str:
    return column.label_de if normalize_locale(locale) == "de" else column.label_en


def value_label(column: Column, value: str, locale: str) -> str:
    """An enum value as users read it (`own` → "Eigenvertrag")."""
    key = f"grid.value.{column.key}.{value}"
    text = t(key, locale)
    return value if text == key else text


def display(column: Column, value: object, locale: str) -> str:
    """A cell as the grid shows it; empty for NULL."""
    if value is None:
        return ""
    match column.type:
        case ColumnType.ENUM:
            return value_label(column, str(value), locale)
        case ColumnType.DATE if isinstance(value, date):
            return format_day(value, locale)
        case ColumnType.MONEY if isinstance(value, Decimal | int | float):
            return format_money(value, locale)
        case ColumnType.INT | ColumnType.DECIMAL if isinstance(value, Decimal | int | float):
            return format_number(value, locale)
        case ColumnType.BOOL:
            return t("grid.value.yes" if value else "grid.value.no", locale)
        case _:
            return str(value)


def cell(column: Column, value: object, locale: str) -> object:
    """A cell as the Excel file stores it: typed values stay typed, enums read as labels."""
    if column.type == ColumnType.ENUM and value is not None:
        return value_label(column, str(value), locale)
    return value
