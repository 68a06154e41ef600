"""Catalog import: CSV and XLSX, German and English headers and decimals, per-row errors,
nothing written when any row is wrong, upsert by article number."""

from __future__ import annotations

import io
import os
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from sqlmodel import Session, select

from portal.models import AuditEvent, CatalogItem
from portal.services import catalog, catalog_import
from portal.services.access import AccessDenied
from portal.services.catalog_import import CellError, ImportRefused
from portal.services.uploads import UploadRefused
from tests.services.catalog_world import MODEL, OTHER_MODEL, build

GERMAN_CSV = (
    "Artikelnummer;Bezeichnung;Kategorie;Preis;Steuersatz;Im Shop;Kompatibel\n"
    f"TK-1170;Toner TK-1170 schwarz;Toner;79,90;19;ja;{MODEL}\n"
    f'NEU-1;Papier A4;Papier;4,50;7;nein;"{MODEL};{OTHER_MODEL}"\n'
).encode("cp1252")


def _store(tmp_path: Path, world, data: bytes) -> str:  # type: ignore[no-untyped-def]
    return catalog_import.store_file(tmp_path, world.clerk.id, data)


def _articles(session: Session) -> dict[str, CatalogItem]:
    session.expire_all()
    return {i.article_number: i for i in session.exec(select(CatalogItem)).all()}


def test_german_csv_preview_then_apply_upserts(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    token = _store(tmp_path, w, GERMAN_CSV)
    preview = catalog_import.preview(db_session, clerk, tmp_path, token)
    assert [(r.row, r.article_number, r.action) for r in preview.rows] == [
        (2, "TK-1170", "update"),
        (3, "NEU-1", "new"),
    ]
    assert len(_articles(db_session)) == 2  # preview writes nothing
    catalog_import.apply(db_session, clerk, tmp_path, token)
    db_session.commit()
    items = _articles(db_session)
    assert (
        items["TK-1170"].price == Decimal("79.90")
        and items["TK-1170"].name == "Toner TK-1170 schwarz"
    )
    assert (items["NEU-1"].price, items["NEU-1"].tax_rate, items["NEU-1"].in_shop) == (
        Decimal("4.50"),
        Decimal("7.00"),
        False,
    )
    assert catalog.compatibility(db_session, items["NEU-1"].id) == sorted([MODEL, OTHER_MODEL])
    assert db_session.exec(select(AuditEvent).where(AuditEvent.action == "catalog.imported")).one()


def test_english_xlsx_with_dot_decimals(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    buffer = io.BytesIO()
    pl.DataFrame(
        {
            "article_number": ["X-1", "X-2"],
            "name": ["Cable USB", "Cable LAN"],
            "price": ["12.50", "1,234.00"],
            "In Shop": ["yes", "no"],
        }
    ).write_excel(buffer)
    token = _store(tmp_path, w, buffer.getvalue())
    result = catalog_import.apply(db_session, w.who(w.clerk), tmp_path, token)
    db_session.commit()
    assert result.new_count == 2
    items = _articles(db_session)
    assert items["X-1"].price == Decimal("12.50") and items["X-2"].price == Decimal("1234.00")
    assert items["X-1"].in_shop and not items["X-2"].in_shop


def test_row_errors_reported_and_nothing_written(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    csv = (
        b"Artikelnummer;Bezeichnung;Preis;Steuersatz;Im Shop\n"
        b"OK-1;Gut;1,00;19;ja\n"
        b"BAD-1;;-3;16;vielleicht\n"
        b"OK-1;Doppelt;abc;19;ja\n"
    )
    token = _store(tmp_path, w, csv)
    preview = catalog_import.preview(db_session, w.who(w.clerk), tmp_path, token)
    assert [r.action for r in preview.rows] == ["new", "error", "error"]
    assert set(preview.rows[1].errors) == {
        CellError("Bezeichnung", "catalog.error.name_required"),
        CellError("Preis", "catalog.error.price_negative"),
        CellError("Steuersatz", "catalog.error.tax_rate"),
        CellError("Im Shop", "catalog.import.yes_no"),
    }
    assert set(preview.rows[2].errors) == {
        CellError("Preis", "catalog.error.price_number"),
        CellError("Artikelnummer", "catalog.import.duplicate_row"),
    }
    with pytest.raises(ImportRefused) as refused:
        catalog_import.apply(db_session, w.who(w.clerk), tmp_path, token)
    assert refused.value.message_key == "catalog.import.has_errors"
    db_session.rollback()
    assert "OK-1" not in _articles(db_session)


def test_update_without_compatibility_column_keeps_models(
    db_session: Session, tmp_path: Path
) -> None:
    w = build(db_session)
    token = _store(tmp_path, w, b'Artikelnummer,Bezeichnung,Preis\nTK-1170,Toner,"1,00"\n')
    catalog_import.apply(db_session, w.who(w.clerk), tmp_path, token)
    db_session.commit()
    assert catalog.is_compatible(db_session, w.toner.id, MODEL)


def test_file_level_refusals(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    with pytest.raises(ImportRefused) as missing:
        catalog_import.preview(
            db_session, clerk, tmp_path, _store(tmp_path, w, b"Bezeichnung;Preis\nA;1\n")
        )
    assert missing.value.message_key == "catalog.import.missing_column"
    with pytest.raises(UploadRefused):
        catalog_import.check_file(b"x" * (catalog_import.IMPORT_MAX_BYTES + 1))
    with pytest.raises(UploadRefused):
        catalog_import.check_file(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ImportRefused) as gone:
        catalog_import.preview(db_session, clerk, tmp_path, "../../etc/passwd")
    assert gone.value.message_key == "catalog.import.file_gone"
    with pytest.raises(ImportRefused) as broken:
        catalog_import.preview(
            db_session, clerk, tmp_path, _store(tmp_path, w, b"PK\x03\x04broken")
        )
    assert broken.value.message_key == "catalog.import.unreadable"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _lie_about_size(data: bytes, declared: int) -> bytes:
    """The same archive with every header claiming `declared` unpacked bytes."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            patched[info.header_offset + 22 : info.header_offset + 26] = declared.to_bytes(
                4, "little"
            )
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        patched[central + 24 : central + 28] = declared.to_bytes(4, "little")
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def test_xlsx_zip_bombs_refused_before_parsing(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    clerk = w.who(w.clerk)
    too_big = _zip({"xl/worksheets/sheet1.xml": b"<c/>" * (6 * 1024 * 1024)})  # 24 MB
    assert len(too_big) < catalog_import.IMPORT_MAX_BYTES
    ratio = _zip({"xl/sharedStrings.xml": b"\x00" * (3 * 1024 * 1024)})  # 3 MB, > 100:1
    many = _zip({f"xl/part{number}.xml": b"<x/>" for number in range(1_001)})
    hidden = _lie_about_size(too_big, 100)  # headers claim 100 bytes, the data inflates to 24 MB
    for bomb in (too_big, ratio, many, hidden):
        with pytest.raises(ImportRefused) as refused:
            catalog_import.preview(db_session, clerk, tmp_path, _store(tmp_path, w, bomb))
        assert refused.value.message_key == "catalog.import.unpacked_too_large"
    # An ordinary archive of the same kind passes the check.
    catalog_import.check_unpacked(_zip({"xl/styles.xml": b"<styleSheet/>" * 1_000}))


def test_new_upload_removes_own_pending_and_stale_files(tmp_path: Path) -> None:
    first = catalog_import.store_file(tmp_path, 7, GERMAN_CSV)
    other_fresh = catalog_import.store_file(tmp_path, 8, GERMAN_CSV)
    other_stale = catalog_import.store_file(tmp_path, 9, GERMAN_CSV)
    folder = tmp_path / catalog_import.IMPORT_FOLDER
    day_ago = time.time() - catalog_import.PENDING_MAX_SECONDS - 60
    os.utime(folder / "9" / other_stale, (day_ago, day_ago))
    second = catalog_import.store_file(tmp_path, 7, GERMAN_CSV)
    assert sorted(path.name for path in (folder / "7").iterdir()) == [second]
    assert first != second
    assert (folder / "8" / other_fresh).is_file()
    assert not (folder / "9" / other_stale).exists()


def test_other_users_upload_and_permission(db_session: Session, tmp_path: Path) -> None:
    w = build(db_session)
    token = _store(tmp_path, w, GERMAN_CSV)
    with pytest.raises(AccessDenied):
        catalog_import.preview(db_session, w.who(w.inbox_only), tmp_path, token)
    other_clerk_token = catalog_import.store_file(tmp_path, w.main.id, GERMAN_CSV)
    with pytest.raises(ImportRefused):
        catalog_import.preview(db_session, w.who(w.clerk), tmp_path, other_clerk_token)
