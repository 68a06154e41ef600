"""Excel export of a grid view, stored for one download by the person who asked for it.

The file holds exactly the view: the request is the one the grid page uses (same scope,
filters, search, sort and visible columns in their order), the rows come from `grids.grid_query`
and stream from the database cursor into `export.write_xlsx`, so memory stays flat however many
rows there are. Files are written under the data directory (never a public folder) with a
random name and a small JSON note of whose file it is; the download route checks that note
against the caller's session. Old files are removed whenever a new export starts.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlmodel import Session

from portal.config import get_settings
from portal.i18n import t
from portal.models.enums import PartnerAction
from portal.services import access, audit, grid_format, grid_views, grids
from portal.services.access import Action, Principal
from portal.services.export import ExportColumn, check_row_count, write_xlsx

#: How long a finished file can be downloaded.
KEEP_SECONDS = 3600
#: Rows fetched from the cursor per round trip.
FETCH_ROWS = 2_000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
# AG Grid widths are pixels, Excel widths characters (~7 px each at the default font).
_PIXELS_PER_CHARACTER = 7


#: Who may export which grid (SPEC §3.1: export is a team action); a grid not listed: nobody.
EXPORT_ACTION: dict[str, Action] = {
    "customers": PartnerAction.EXPORT,
    "subscriptions": PartnerAction.EXPORT,
}


def can_export(principal: Principal, grid: str) -> bool:
    action = EXPORT_ACTION.get(grid)
    return action is not None and access.can(principal, action)


def _ensure_export(principal: Principal, grid: str) -> None:
    if not can_export(principal, grid):
        raise access.AccessDenied()


@dataclass(frozen=True)
class ExportFile:
    token: str
    path: Path
    filename: str
    rows: int


def export_dir() -> Path:
    return get_settings().data_dir / "exports"


def file_name(grid: str, locale: str, today: date) -> str:
    return f"{t(f'grid.file.{grid}', locale)}_{today.isoformat()}.xlsx"


def count_rows(
    session: Session, grid: str, principal: Principal, request: grids.GridRequest, today: date
) -> int:
    """The view's row count, checked against what one sheet can hold before any work starts."""
    _ensure_export(principal, grid)
    total = grids.fetch_page(session, grid, principal, replace(request, offset=0, limit=1), today)
    check_row_count(total.total)
    return total.total


def write_export(
    session: Session,
    grid: str,
    principal: Principal,
    request: grids.GridRequest,
    today: date,
    *,
    widths: dict[str, int] | None = None,
    progress: Callable[[int], None] | None = None,
    client_address: str = "",
) -> ExportFile:
    """Write the view to a new file and audit the export in the session's transaction."""
    _ensure_export(principal, grid)
    columns = {c.key: c for c in grids.visible_columns(grid, principal, alarm=request.alarm)}
    chosen = [columns[key] for key in request.columns]
    locale = principal.locale
    export_columns = [
        ExportColumn(
            key=column.key,
            header=grid_format.header(column, locale),
            type=column.type.value,  # type: ignore[arg-type]
            width=max(
                8,
                (widths or {}).get(column.key, grid_views.default_width(column))
                // _PIXELS_PER_CHARACTER,
            ),
        )
        for column in chosen
    ]
    query = grids.grid_query(grid, principal, request, today)

    # Only enum cells change (to their label); each label is looked up once per value.
    enums = [i for i, column in enumerate(chosen) if column.type == grids.ColumnType.ENUM]
    labels: list[dict[object, object]] = [{} for _ in chosen]

    def label(index: int, value: object) -> object:
        known = labels[index]
        if value not in known:
            known[value] = grid_format.cell(chosen[index], value, locale)
        return known[value]

    def rows() -> Iterator[Sequence[object]]:
        # Per statement: Connection.execution_options would change the session's connection.
        streamed = query.execution_options(stream_results=True, yield_per=FETCH_ROWS)
        for row in session.connection().execute(streamed):
            # row[0] is the id (for the grid's row click); the file starts at the columns.
            values = list(row[1:])
            for index in enums:
                values[index] = label(index, values[index])
            yield values

    directory = export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    remove_expired(directory)
    token = secrets.token_urlsafe(24)
    partial = directory / f"{token}.part"
    name = file_name(grid, locale, today)
    try:
        written = write_xlsx(
            partial,
            export_columns,
            rows(),
            sheet_name=t(f"grid.file.{grid}", locale)[:31],
            locale=locale,
            progress=progress,
        )
        partial.rename(directory / f"{token}.xlsx")
    finally:
        partial.unlink(missing_ok=True)
    _note(directory, token).write_text(
        json.dumps({"user_id": principal.user_id, "filename": name, "rows": written})
    )
    audit.record_by(
        session,
        principal,
        "grid.exported",
        target_type="grid",
        target_id=grid,
        client_address=client_address,
        detail={
            "rows": written,
            "columns": list(request.columns),
            "filters": sorted(request.filters),
            "search": bool(request.search),
            "alarm": request.alarm,
        },
    )
    return ExportFile(token=token, path=directory / f"{token}.xlsx", filename=name, rows=written)


def find_export(principal: Principal, token: str) -> ExportFile | None:
    """The caller's own, unexpired file for a token; anything else is None (not found)."""
    if not _TOKEN.match(token):
        return None
    directory = export_dir()
    path, note = directory / f"{token}.xlsx", _note(directory, token)
    try:
        meta = json.loads(note.read_text())
        age = time.time() - path.stat().st_mtime
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != principal.user_id or age > KEEP_SECONDS:
        return None
    return ExportFile(token=token, path=path, filename=meta["filename"], rows=meta["rows"])


def remove_expired(directory: Path, now: float | None = None) -> None:
    now = time.time() if now is None else now
    for path in directory.glob("*"):
        try:
            if now - path.stat().st_mtime > KEEP_SECONDS:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # removed by another worker meanwhile


def _note(directory: Path, token: str) -> Path:
    return directory / f"{token}.json"
