"""The Excel export writer: files are written, read back with openpyxl and checked cell by cell."""

from __future__ import annotations

import io
import weakref
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from portal.services.export import (
    EXCEL_MAX_DATA_ROWS,
    ExportColumn,
    ExportTooLarge,
    check_row_count,
    money_format,
    write_xlsx,
)

COLUMNS = [
    ExportColumn("number", "Vertragsnummer", "text", 16),
    ExportColumn("status", "Status", "enum"),
    ExportColumn("end", "Ende", "date"),
    ExportColumn("price", "Monatspreis", "money"),
    ExportColumn("seats", "Lizenzen", "int"),
    ExportColumn("storage", "Speicher belegt (GB)", "decimal"),
    ExportColumn("auto_renew", "Automatische Verlängerung", "bool"),
]
ROWS = [
    ("V-0001", "aktiv", date(2026, 3, 31), Decimal("49.90"), 5, Decimal("12.5"), True),
    ("V-0002", "gekündigt", datetime(2025, 12, 1, 0, 0), 19.0, 1, 0.25, False),
    ("V-0003", None, None, None, None, None, None),
]


def export(
    rows: Sequence[Sequence[object]],
    columns: Sequence[ExportColumn] = COLUMNS,
    **options: object,
) -> Worksheet:
    """Write to a buffer and load the only sheet back (full mode: panes, filter, widths)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, columns, iter(rows), sheet_name="Verträge", **options)  # type: ignore[arg-type]
    buffer.seek(0)
    return openpyxl.load_workbook(buffer).active


def test_header_row_is_bold_german_text_and_frozen_with_autofilter() -> None:
    sheet = export(ROWS)
    assert sheet.title == "Verträge"
    header = sheet[1]
    assert [cell.value for cell in header] == [column.header for column in COLUMNS]
    assert all(cell.font.b for cell in header)
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G4"


def test_cells_are_typed_with_german_formats() -> None:
    sheet = export(ROWS)
    number, status, end, price, seats, storage, renew = sheet[2]
    assert (number.value, number.data_type) == ("V-0001", "s")
    assert (status.value, status.data_type) == ("aktiv", "s")
    assert end.is_date and end.value == datetime(2026, 3, 31)
    assert end.number_format == "dd.mm.yyyy"
    assert price.data_type == "n" and price.value == pytest.approx(49.90)
    assert price.number_format == '#,##0.00 "€"'
    # Excel has one number type; an int is a whole number with an integer format.
    assert seats.data_type == "n" and seats.value == 5 and float(seats.value).is_integer()
    assert seats.number_format == "#,##0"
    assert storage.data_type == "n" and storage.value == 12.5
    assert storage.number_format == "#,##0.00"
    assert (renew.value, renew.data_type) == ("Ja", "s")
    second = sheet[3]
    assert second[2].is_date and second[2].value == datetime(2025, 12, 1)
    assert second[3].value == 19.0 and second[5].value == 0.25
    assert second[6].value == "Nein"


def test_english_locale_and_other_currency() -> None:
    sheet = export(ROWS[:2], locale="en", currency="CHF")
    _, _, end, price, _, _, renew = sheet[2]
    assert end.number_format == "dd/mm/yyyy"
    assert price.number_format == '"CHF"#,##0.00'
    assert renew.value == "Yes" and sheet["G3"].value == "No"


def test_money_format_follows_locale_and_currency_digits() -> None:
    assert money_format("de", "EUR") == '#,##0.00 "€"'
    assert money_format("en-GB", "EUR") == '"€"#,##0.00'
    assert money_format("de", "JPY") == '#,##0 "¥"'


def test_none_becomes_an_empty_cell() -> None:
    sheet = export(ROWS)
    assert [cell.value for cell in sheet[4]] == ["V-0003", None, None, None, None, None, None]


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","klick")',
        "+49 30 1234",
        "-10 %",
        "@SUM(A1)",
        "  =1+1",  # leading whitespace and control characters are covered too
        "\t=1+1",
        "\n+1",
    ],
)
def test_text_starting_like_a_formula_stays_text(value: str) -> None:
    buffer = io.BytesIO()
    write_xlsx(buffer, COLUMNS[:2], [(value, value)], sheet_name="Daten")
    sheet_xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula cell at all
    buffer.seek(0)
    for cell in openpyxl.load_workbook(buffer).active[2]:
        assert cell.value == value  # exactly what the grid showed: no apostrophe added
        assert cell.data_type == "s"
        assert cell.quotePrefix  # Excel keeps it text even when the cell is edited


def test_non_string_values_in_text_columns_are_written_as_text() -> None:
    sheet = export([(1234, -5, None, None, None, None, None)])
    assert [(cell.value, cell.data_type) for cell in sheet[2][:2]] == [("1234", "s"), ("-5", "s")]
    assert sheet["B2"].quotePrefix


def test_column_widths_given_or_derived_from_header_and_type() -> None:
    sheet = export(ROWS)
    widths = {key: sheet.column_dimensions[key].width for key in "ABCDEFG"}
    assert round(widths["A"]) == 17  # given 16, plus Excel's cell padding
    assert round(widths["B"]) == 15  # enum default 14
    assert round(widths["C"]) == 12  # date default 11
    assert round(widths["G"]) == len("Automatische Verlängerung") + 3 + 1  # header + filter
    assert ExportColumn("x", "X" * 200, "text").effective_width == 60


def test_progress_is_reported_every_n_rows_and_at_the_end() -> None:
    calls: list[int] = []
    buffer = io.BytesIO()
    rows = [ROWS[0]] * 5
    written = write_xlsx(
        buffer, COLUMNS, rows, sheet_name="S", progress=calls.append, progress_every=2
    )
    assert written == 5 and calls == [2, 4, 5]
    calls.clear()
    write_xlsx(
        io.BytesIO(), COLUMNS, rows[:4], sheet_name="S", progress=calls.append, progress_every=2
    )
    assert calls == [2, 4]
    calls.clear()
    write_xlsx(io.BytesIO(), COLUMNS, [], sheet_name="S", progress=calls.append)
    assert calls == [0]


def test_rows_are_consumed_lazily_and_not_kept() -> None:
    class Row(list[object]):  # unlike a tuple, a list subclass can be weakly referenced
        pass

    reported: list[int] = []
    produced_refs: list[weakref.ref[Row]] = []

    def rows() -> Iterator[Row]:
        for index in range(1, 101):
            # Interleaving: when row n is asked for, rows up to the last full block of ten
            # have already been written, so nothing read the whole generator up front.
            assert reported[-1:] == ([(index - 1) // 10 * 10] if index > 10 else [])
            alive = sum(ref() is not None for ref in produced_refs)
            assert alive <= 1  # only the row just handed over; earlier ones were let go
            row = Row(("V", "aktiv", date(2026, 1, 1), 1.0, index, 1.0, True))
            produced_refs.append(weakref.ref(row))
            yield row

    written = write_xlsx(
        io.BytesIO(), COLUMNS, rows(), sheet_name="S", progress=reported.append, progress_every=10
    )
    assert written == 100 and reported == list(range(10, 101, 10))


def test_too_many_rows_raise_before_anything_is_written(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with pytest.raises(ExportTooLarge) as raised:
        write_xlsx(buffer, COLUMNS, [ROWS[0]] * 4, sheet_name="S", max_rows=3)
    assert raised.value.max_rows == 3 and "3" in str(raised.value)
    assert buffer.getvalue() == b""
    target = tmp_path / "gross.xlsx"
    with pytest.raises(ExportTooLarge):
        write_xlsx(target, COLUMNS, [ROWS[0]] * 4, sheet_name="S", max_rows=3)
    assert not target.exists()
    assert write_xlsx(io.BytesIO(), COLUMNS, [ROWS[0]] * 3, sheet_name="S", max_rows=3) == 3


def test_known_row_count_is_refused_up_front() -> None:
    def untouchable() -> Iterator[tuple[object, ...]]:
        raise AssertionError("rows must not be read")
        yield ()

    with pytest.raises(ExportTooLarge):
        write_xlsx(
            io.BytesIO(), COLUMNS, untouchable(), sheet_name="S", expected_rows=4, max_rows=3
        )
    check_row_count(EXCEL_MAX_DATA_ROWS)
    with pytest.raises(ExportTooLarge):
        check_row_count(EXCEL_MAX_DATA_ROWS + 1)
    assert EXCEL_MAX_DATA_ROWS == 1_048_576 - 1


def test_empty_export_still_has_header_and_filter(tmp_path: Path) -> None:
    target = tmp_path / "leer.xlsx"
    assert write_xlsx(str(target), COLUMNS, [], sheet_name="Leer") == 0
    sheet = openpyxl.load_workbook(target).active
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:G")


@pytest.mark.parametrize(
    ("column_index", "value"),
    [(2, "2026-01-01"), (3, "49,90"), (3, True), (4, True), (4, 2.5), (6, "ja")],
)
def test_wrong_types_raise_instead_of_writing_something_else(
    column_index: int, value: object
) -> None:
    row = list(ROWS[2])
    row[column_index] = value
    with pytest.raises(TypeError, match=COLUMNS[column_index].key):
        write_xlsx(io.BytesIO(), COLUMNS, [row], sheet_name="S")


def test_whole_decimal_is_accepted_in_an_int_column() -> None:
    sheet = export([("V", None, None, None, Decimal("7"), None, None)])
    assert sheet["E2"].value == 7


def test_invalid_calls_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        write_xlsx(io.BytesIO(), [COLUMNS[0], COLUMNS[0]], [], sheet_name="S")
    with pytest.raises(ValueError, match="sheet name"):
        write_xlsx(io.BytesIO(), COLUMNS, [], sheet_name="a/b")
    with pytest.raises(ValueError, match="2 values"):
        write_xlsx(io.BytesIO(), COLUMNS, [("a", "b")], sheet_name="S")
    with pytest.raises(ValueError, match="unknown type"):
        ExportColumn("x", "X", "currency")  # type: ignore[arg-type]
