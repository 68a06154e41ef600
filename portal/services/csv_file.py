"""CSV files for German Excel: ';' as separator, UTF-8 with BOM (so umlauts open right), and
formula neutralisation (SPEC §9).

Excel evaluates a cell that starts with ``=``, ``+``, ``-``, ``@`` (also after leading blanks,
tabs or line breaks) as a formula — a crafted login or name could then run a formula on the
clerk's machine. Such cells get a leading apostrophe, which Excel shows as text; that changes
the raw value, the accepted price of plain CSV (the typed .xlsx export in
`portal.services.export` uses a cell style instead).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> str:
    """The cell as text that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    if text.lstrip(" \t\r\n").startswith(_FORMULA_START) or text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole file: BOM, header line, rows; every cell neutralised, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
