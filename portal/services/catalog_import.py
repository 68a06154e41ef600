"""Catalog import from CSV or XLSX (SPEC §6, issue 5): preview first, then all or nothing.

Staff upload a spreadsheet (German or English column headers). `preview` reads it with polars,
checks every row with the same rules as the article form (`catalog.validate`) and says per row
whether it creates a new article, updates an existing one (matched by article number), or what
is wrong (row number, column, message key). `apply` re-reads and re-checks the same file and
writes only when not a single row is wrong, all in the caller's one transaction: nothing is ever
half-imported.

The uploaded file waits between the two steps under `<data dir>/catalog-import/`, named with
the uploader's user id and a random token, so one staff member cannot preview or apply
another's upload by guessing a name. A new upload replaces the uploader's pending one and
removes anybody's uploads older than a day, so abandoned imports do not pile up.

An XLSX file is a zip archive: the 2 MB upload limit says nothing about what it unpacks to. Its
entries are measured (count, real inflated size, compression ratio) before polars sees it, so a
zip bomb is refused instead of filling memory.
"""

from __future__ import annotations

import io
import re
import secrets
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl
from sqlmodel import Session, select

from portal.models import CatalogItem
from portal.models.enums import StaffPermission
from portal.services import access, audit, catalog
from portal.services.access import Principal
from portal.services.catalog import ItemInput
from portal.services.uploads import UploadRefused

IMPORT_FOLDER = "catalog-import"
IMPORT_MAX_BYTES = 2 * 1024 * 1024
ROWS_MAX = 5_000
_XLSX_MAGIC = b"PK\x03\x04"
_TOKEN = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx)$")
PENDING_MAX_SECONDS = 24 * 60 * 60
XLSX_ENTRIES_MAX = 1_000
XLSX_UNPACKED_MAX = 20 * 1024 * 1024
XLSX_RATIO_MAX = 100
_RATIO_FLOOR = 1024 * 1024  # smaller entries cannot bomb; tiny XML parts compress very well
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra field length

# Lower-cased header (German or English) -> ItemInput field.
COLUMNS: dict[str, str] = {
    "artikelnummer": "article_number",
    "article_number": "article_number",
    "article number": "article_number",
    "bezeichnung": "name",
    "name": "name",
    "beschreibung": "description",
    "description": "description",
    "kategorie": "category",
    "category": "category",
    "einheit": "unit",
    "unit": "unit",
    "preis": "price",
    "price": "price",
    "steuersatz": "tax_rate",
    "tax_rate": "tax_rate",
    "tax rate": "tax_rate",
    "lagerhinweis": "stock_hint",
    "stock_hint": "stock_hint",
    "stock hint": "stock_hint",
    "im shop": "in_shop",
    "in_shop": "in_shop",
    "in shop": "in_shop",
    "kompatibel": "compatible",
    "compatible": "compatible",
}
REQUIRED = ("article_number", "name", "price")
_YES = {"ja", "j", "yes", "y", "1", "x", "true", "wahr"}
_NO = {"nein", "n", "no", "0", "false", "falsch", ""}


class ImportRefused(Exception):
    """The file cannot be imported as a whole; carries an i18n message key."""

    def __init__(self, message_key: str, detail: str = "") -> None:
        super().__init__(message_key, detail)
        self.message_key = message_key
        self.detail = detail


@dataclass(frozen=True)
class CellError:
    column: str  # the header as written in the file
    message_key: str


@dataclass
class RowResult:
    row: int  # the spreadsheet row (the header is row 1)
    article_number: str
    name: str
    action: str  # "new" | "update" | "error"
    errors: list[CellError] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[RowResult]
    ignored_columns: list[str]

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.action == "error")

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.action == "new")

    @property
    def update_count(self) -> int:
        return sum(1 for row in self.rows if row.action == "update")


# --------------------------------------------------------------------------- the file


def check_file(data: bytes) -> str:
    """The format of an upload ("csv" or "xlsx") by content and size; UploadRefused otherwise."""
    if not data:
        raise UploadRefused("upload.error.empty")
    if len(data) > IMPORT_MAX_BYTES:
        raise UploadRefused("upload.error.too_large")
    if data.startswith(_XLSX_MAGIC):
        return "xlsx"
    if b"\x00" in data[:4096]:
        raise UploadRefused("upload.error.type")
    return "csv"


def store_file(data_dir: Path, user_id: int, data: bytes) -> str:
    """Keep a checked upload until it is applied; returns its token. The uploader's previous
    pending upload and everybody's uploads older than `PENDING_MAX_SECONDS` are removed."""
    token = f"{secrets.token_hex(16)}.{check_file(data)}"
    folder = data_dir / IMPORT_FOLDER / str(user_id)
    _remove_stale(data_dir / IMPORT_FOLDER, folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / token).write_bytes(data)
    return token


def _remove_stale(root: Path, own_folder: Path) -> None:
    """Delete every file in `own_folder` and files older than a day in the other folders."""
    if not root.is_dir():
        return
    oldest = time.time() - PENDING_MAX_SECONDS
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            try:
                if path.is_file() and (folder == own_folder or path.stat().st_mtime < oldest):
                    path.unlink(missing_ok=True)
            except OSError:  # a concurrent sweep removed it first
                continue


def _path(data_dir: Path, principal: Principal, token: str) -> Path:
    if not _TOKEN.match(token):
        raise ImportRefused("catalog.import.file_gone")
    path = data_dir / IMPORT_FOLDER / str(principal.actor_id or principal.user_id) / token
    if not path.is_file():
        raise ImportRefused("catalog.import.file_gone")
    return path


def discard_file(data_dir: Path, principal: Principal, token: str) -> None:
    try:
        _path(data_dir, principal, token).unlink(missing_ok=True)
    except ImportRefused:
        return


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused("catalog.import.encoding")


def _inflated_size(data: bytes, info: zipfile.ZipInfo, budget: int) -> int:
    """The entry's real unpacked size, inflated from its own bytes (not the size its header
    claims, which a crafted file can fake), but never more than `budget` + 1 bytes of it."""
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile("local header")
    start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    packed = data[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(packed)
    if info.compress_type != zipfile.ZIP_DEFLATED:  # Excel writes nothing else
        raise zipfile.BadZipFile("compression")
    return len(zlib.decompressobj(-zlib.MAX_WBITS).decompress(packed, budget + 1))


def check_unpacked(data: bytes) -> None:
    """Refuse an XLSX archive that would unpack to too much (a zip bomb) before any parser
    reads it: too many entries, more than `XLSX_UNPACKED_MAX` in all, or an absurd ratio."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > XLSX_ENTRIES_MAX:
                raise ImportRefused("catalog.import.unpacked_too_large")
            total = 0
            for info in entries:
                size = _inflated_size(data, info, XLSX_UNPACKED_MAX - total)
                total += size
                ratio = max(size, info.file_size) / max(info.compress_size, 1)
                if total > XLSX_UNPACKED_MAX or (size > _RATIO_FLOOR and ratio > XLSX_RATIO_MAX):
                    raise ImportRefused("catalog.import.unpacked_too_large")
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, ValueError) as error:
        raise ImportRefused("catalog.import.unreadable") from error


def read_table(data: bytes) -> pl.DataFrame:
    """All cells as text (prices stay as typed, "12,50" included)."""
    kind = check_file(data)
    try:
        if kind == "xlsx":
            check_unpacked(data)
            frame = pl.read_excel(io.BytesIO(data), infer_schema_length=0)
        else:
            text = _decode(data)
            first = text.split("\n", 1)[0]
            separator = ";" if first.count(";") >= first.count(",") else ","
            frame = pl.read_csv(
                io.BytesIO(text.encode("utf-8")),
                separator=separator,
                infer_schema=False,
                truncate_ragged_lines=False,
            )
    except ImportRefused:
        raise
    except Exception as error:  # polars/fastexcel raise many types for unreadable files
        raise ImportRefused("catalog.import.unreadable") from error
    if frame.height > ROWS_MAX:
        raise ImportRefused("catalog.import.too_many_rows")
    return frame


def _columns(frame: pl.DataFrame) -> tuple[dict[str, str], list[str]]:
    """Field -> header as written, and the headers that are not ours."""
    found: dict[str, str] = {}
    ignored: list[str] = []
    for header in frame.columns:
        name = COLUMNS.get(" ".join(header.split()).lower())
        if name is None or name in found:
            ignored.append(header)
        else:
            found[name] = header
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise ImportRefused("catalog.import.missing_column", ", ".join(missing))
    return found, ignored


# --------------------------------------------------------------------------- the rows


@dataclass(frozen=True)
class _Checked:
    result: RowResult
    values: catalog.ItemValues | None
    keep_models: bool  # no "Kompatibel" column: an update keeps the article's models


def _check_rows(session: Session, frame: pl.DataFrame) -> tuple[list[_Checked], list[str]]:
    columns, ignored = _columns(frame)
    existing = {item.article_number: item for item in session.exec(select(CatalogItem)).all()}
    seen: set[str] = set()
    checked: list[_Checked] = []
    for index, record in enumerate(frame.iter_rows(named=True)):
        cell = {name: (record.get(header) or "") for name, header in columns.items()}
        if not any(str(value).strip() for value in cell.values()):
            continue  # blank lines at the end of a sheet are no error
        errors: list[CellError] = []
        in_shop_text = str(cell.get("in_shop", "ja")).strip().lower()
        if in_shop_text not in _YES | _NO:
            errors.append(CellError(columns["in_shop"], "catalog.import.yes_no"))
        data = ItemInput(
            article_number=str(cell["article_number"]),
            name=str(cell["name"]),
            description=str(cell.get("description", "")),
            category=str(cell.get("category", "")),
            unit=str(cell.get("unit", "")) or "Stk",
            price=str(cell["price"]),
            tax_rate=str(cell.get("tax_rate", "")) or "19",
            stock_hint=str(cell.get("stock_hint", "")),
            in_shop=in_shop_text in _YES if "in_shop" in columns else True,
            compatible=str(cell.get("compatible", "")).split(";"),
        )
        values, field_errors = catalog.validate(data)
        errors.extend(CellError(columns.get(name, name), key) for name, key in field_errors.items())
        number = " ".join(data.article_number.split())
        if number and number in seen:
            errors.append(CellError(columns["article_number"], "catalog.import.duplicate_row"))
        seen.add(number)
        action = "error" if errors else ("update" if number in existing else "new")
        checked.append(
            _Checked(
                RowResult(index + 2, number, " ".join(data.name.split()), action, errors),
                None if errors else values,
                "compatible" not in columns,
            )
        )
    if not checked:
        raise ImportRefused("catalog.import.no_rows")
    return checked, ignored


def preview(session: Session, principal: Principal, data_dir: Path, token: str) -> ImportPreview:
    """What an import of the stored upload would do, row by row; writes nothing."""
    access.ensure(principal, StaffPermission.CATALOG)
    frame = read_table(_path(data_dir, principal, token).read_bytes())
    checked, ignored = _check_rows(session, frame)
    return ImportPreview([entry.result for entry in checked], ignored)


def apply(session: Session, principal: Principal, data_dir: Path, token: str) -> ImportPreview:
    """Write every row of the stored upload (new articles and updates) in the caller's
    transaction, or nothing at all: ImportRefused when any row is wrong. The caller commits,
    then calls `discard_file`."""
    access.ensure(principal, StaffPermission.CATALOG)
    frame = read_table(_path(data_dir, principal, token).read_bytes())
    checked, ignored = _check_rows(session, frame)
    result = ImportPreview([entry.result for entry in checked], ignored)
    if result.error_count:
        raise ImportRefused("catalog.import.has_errors")
    for entry in checked:
        values = entry.values
        assert values is not None
        item = catalog.item_by_number(session, values.article_number)
        if item is None:
            item = CatalogItem(
                article_number=values.article_number, name=values.name, price=values.price
            )
        elif entry.keep_models:
            assert item.id is not None
            values = replace(values, compatible=tuple(catalog.compatibility(session, item.id)))
        catalog.write_values(session, item, values)
    audit.record_by(
        session,
        principal,
        "catalog.imported",
        target_type="catalog_item",
        detail={"new": result.new_count, "updated": result.update_count},
    )
    return result
