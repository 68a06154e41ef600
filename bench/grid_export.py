"""Time the Excel export of a 100,000-row grid view end to end, against pandas + openpyxl.

usage: python bench/grid_export.py DATABASE_URL [--rows 100000] [--repeat 3]

Seed first: `PORTAL_DATABASE_URL=... python -m portal.cli seed --scale large`. Needs the bench
extra for the comparison (`pip install -e ".[bench]"`).

Server time is what the export job does after the click: count the view (`count_rows`), run the
view's query, stream the rows through the cell conversion into `write_xlsx`, store the file
(`grid_export.write_export`). The view is the subscriptions grid of a partner with visibility
ALL over the largest location, narrowed by an end-date range until it holds about --rows rows.
pandas gets exactly the same rows (the same query, fetched into a DataFrame) and writes them
with `to_excel(engine="openpyxl")`; its time includes the fetch too. Each measurement runs in a
fresh subprocess, so peak memory (`ru_maxrss`) is the export's own. Nothing is committed.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text
from sqlmodel import Session

from portal.db import get_engine
from portal.models.enums import PartnerAction, UserKind, Visibility
from portal.services import grid_export, grid_format, grids
from portal.services.access import Principal
from portal.services.grid_views import default_view

TARGET_S = 2.0
TARGET_MB = 300
LARGEST = "SELECT partner_company_id FROM subscription GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
ANY_PARTNER = "SELECT id FROM user_account WHERE kind = 'partner' ORDER BY id LIMIT 1"


def _principal(session: Session) -> Principal:
    connection = session.connection()
    return Principal(
        user_id=connection.execute(text(ANY_PARTNER)).scalar_one(),  # audit needs a real user
        kind=UserKind.PARTNER,
        login="bench",
        display_name="Bench",
        visibility=Visibility.ALL,
        partner_company_ids=frozenset([connection.execute(text(LARGEST)).scalar_one()]),
        partner_actions=frozenset([PartnerAction.EXPORT]),
    )


def _view_of_about(session: Session, principal: Principal, rows: int) -> grids.GridRequest:
    """The default view with an end-date window grown until it holds about `rows` rows."""
    base = default_view("subscriptions", principal).request("subscriptions", principal)
    low, high = date(2000, 1, 1).toordinal(), date(2100, 1, 1).toordinal()
    best = base
    for _ in range(25):
        middle = (low + high) // 2
        request = replace(
            base,
            filters={
                "end_date": grids.DateRangeFilter.model_validate(
                    {"filterType": "date", "dateTo": date.fromordinal(middle).isoformat()}
                )
            },
        )
        total = grids.fetch_page(session, "subscriptions", principal, request, date.today()).total
        best = request
        if abs(total - rows) <= rows // 200:
            break
        low, high = (middle, high) if total < rows else (low, middle)
    return best


def _child(url: str, rows: int, writer: str) -> None:
    """One measurement in this (fresh) process; prints JSON."""
    with Session(get_engine(url)) as session:
        principal = _principal(session)
        request = _view_of_about(session, principal, rows)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        today = date.today()
        started = time.perf_counter()
        if writer == "portal":
            total = grid_export.count_rows(session, "subscriptions", principal, request, today)
            result = grid_export.write_export(session, "subscriptions", principal, request, today)
            written, size = result.rows, result.path.stat().st_size
            result.path.unlink()
        else:
            import pandas as pd

            query = grids.grid_query("subscriptions", principal, request, today)
            columns = {c.key: c for c in grids.visible_columns("subscriptions", principal)}
            frame = pd.read_sql(query, session.connection())[list(request.columns)]
            for key in request.columns:
                if columns[key].type == grids.ColumnType.ENUM:
                    frame[key] = [grid_format.cell(columns[key], v, "de") for v in frame[key]]
            frame.columns = [grid_format.header(columns[key], "de") for key in request.columns]
            with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
                frame.to_excel(target.name, index=False, engine="openpyxl")
                size = Path(target.name).stat().st_size
            total = written = len(frame)
        seconds = time.perf_counter() - started
        session.rollback()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": written,
                "total": total,
                "columns": len(request.columns),
                "seconds": seconds,
                "peak_mb": peak / 1024,
                "extra_mb": (peak - baseline) / 1024,
                "bytes": size,
            }
        )
    )


def _run(url: str, rows: int, writer: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, url, "--rows", str(rows), "--child", writer],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pandas-repeat", type=int, default=1)
    parser.add_argument("--child", choices=["portal", "pandas"])
    args = parser.parse_args()
    if args.child:
        _child(args.url, args.rows, args.child)
        return 0

    portal = [_run(args.url, args.rows, "portal") for _ in range(args.repeat)]
    pandas = [_run(args.url, args.rows, "pandas") for _ in range(args.pandas_repeat)]
    engine = get_engine(args.url).dialect.name
    p_time = statistics.median(r["seconds"] for r in portal)
    d_time = statistics.median(r["seconds"] for r in pandas)
    p_peak = max(r["peak_mb"] for r in portal)
    d_peak = max(r["peak_mb"] for r in pandas)
    print(f"\n{engine}: export of a {portal[0]['rows']:,}-row view, {portal[0]['columns']} columns")
    print(f"{'writer':<30} {'server time':>12} {'peak RSS':>10} {'extra':>9}")
    print(
        f"{'grid_export (rustpy-xlsxwriter)':<30} {p_time:>10.2f} s {p_peak:>7.0f} MB "
        f"{max(r['extra_mb'] for r in portal):>6.0f} MB"
    )
    print(
        f"{'pandas + openpyxl':<30} {d_time:>10.2f} s {d_peak:>7.0f} MB "
        f"{max(r['extra_mb'] for r in pandas):>6.0f} MB"
    )
    print(f"ratio pandas / portal: {d_time / p_time:.1f}x time, {d_peak / p_peak:.1f}x memory")
    met = p_time <= TARGET_S and p_peak <= TARGET_MB
    print(f"target ≤ {TARGET_S} s and ≤ {TARGET_MB} MB: {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
