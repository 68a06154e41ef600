"""Time one grid page (50 rows + total count) through `grids.fetch_page` on seeded large data.

usage: python bench/grid_page.py [DATABASE_URL ...] [--runs N]
       (no URL: PORTAL_DATABASE_URL; several URLs: one table per engine, one summary)

Seed first: `python -m portal.cli seed --scale large` into each database. E1-like is a partner
with visibility ALL over the two largest locations (the seed links no user to two large ones, so
the principal is built here, as `load_principal` would); E3-like is the OWN user who is partner
contact of the most customers. Both grids, each case with and without search, filter and (for
contracts) the alarm view, in two sorts. Nothing is cached between runs but the database's own
pages: the first run of a case warms those and is not counted. Targets (issue 3), per case:
p50 <= 30 ms, p95 <= 80 ms per page, server time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text
from sqlmodel import Session

from portal.config import get_settings
from portal.db import get_engine
from portal.models.enums import UserKind, Visibility
from portal.services import grids
from portal.services.access import Principal, load_principal

LARGEST_TWO = """
    SELECT partner_company_id FROM subscription GROUP BY 1 ORDER BY count(*) DESC LIMIT 2
"""
E3_LIKE = """
    SELECT c.partner_contact_id FROM customer c
    JOIN user_account u ON u.id = c.partner_contact_id AND u.visibility = 'own' AND u.active
    GROUP BY c.partner_contact_id ORDER BY count(*) DESC LIMIT 1
"""
TARGET_P50_MS = 30.0
TARGET_P95_MS = 80.0
Raw = dict[str, Any]
# per grid: sorts and variants (the request parts the browser would send)
CASES: dict[str, tuple[dict[str, Raw], dict[str, Raw]]] = {
    "subscriptions": (
        {
            "by end date": {"sort": [{"colId": "end_date", "sort": "desc"}]},
            "by name": {"sort": [{"colId": "customer_name", "sort": "asc"}]},
        },
        {
            "plain": {},
            "search": {"search": "herrmann"},
            "filter": {"filters": {"status": {"filterType": "set", "values": ["own"]}}},
            "alarm": {"alarm": True},
        },
    ),
    "customers": (
        {
            "by name": {"sort": [{"colId": "name", "sort": "asc"}]},
            "by name desc": {"sort": [{"colId": "name", "sort": "desc"}]},
        },
        {
            "plain": {},
            "search": {"search": "herrmann"},
            "filter": {"filters": {"kind": {"filterType": "set", "values": ["customer"]}}},
        },
    ),
}


def _all_over_largest_two(session: Session) -> Principal:
    companies = session.connection().execute(text(LARGEST_TWO)).scalars().all()
    return Principal(
        user_id=0,
        kind=UserKind.PARTNER,
        login="e1-like",
        display_name="E1-like",
        visibility=Visibility.ALL,
        partner_company_ids=frozenset(companies),
    )


def _principal(session: Session, sql: str) -> Principal:
    user_id = session.connection().execute(text(sql)).scalar_one()
    principal = load_principal(session, user_id)
    assert principal is not None
    return principal


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(session: Session, grid: str, principal: Principal, raw: Raw, runs: int):  # type: ignore[no-untyped-def]
    """Milliseconds per run (after one warm-up run) and the last page."""
    request = grids.parse_request(grid, principal, {**raw, "limit": 50})
    today = date.today()
    samples = []
    for run in range(runs + 1):
        started = time.perf_counter()
        page = grids.fetch_page(session, grid, principal, request, today)
        if run:  # the first run warms the database's page cache
            samples.append((time.perf_counter() - started) * 1000)
    return samples, page


def bench_engine(url: str, runs: int) -> list[tuple[str, float, float]]:
    """Print one engine's table; return (case, p50, p95) per case."""
    engine = get_engine(url)
    results = []
    with Session(engine) as session:
        principals = {
            "E1-like": _all_over_largest_two(session),
            "E3-like": _principal(session, E3_LIKE),
        }
        print(f"\n{engine.dialect.name}: one page = 50 rows + total, {runs} runs/case")
        print(
            f"{'grid':<13} {'principal':<9} {'variant':<7} {'sort':<12} {'total':>8} "
            f"{'p50 ms':>8} {'p95 ms':>8}"
        )
        for grid, (sorts, variants) in CASES.items():
            for who, principal in principals.items():
                for variant, extra in variants.items():
                    for sort_name, sort in sorts.items():
                        samples, page = _timed(session, grid, principal, {**extra, **sort}, runs)
                        p50, p95 = statistics.median(samples), _percentile(samples, 0.95)
                        mark = "" if p50 <= TARGET_P50_MS and p95 <= TARGET_P95_MS else "  MISS"
                        print(
                            f"{grid:<13} {who:<9} {variant:<7} {sort_name:<12} {page.total:>8} "
                            f"{p50:>8.1f} {p95:>8.1f}{mark}"
                        )
                        case = f"{engine.dialect.name} {grid} {who} {variant} {sort_name}"
                        results.append((case, p50, p95))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", help="database URLs (default: PORTAL_DATABASE_URL)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (after 1 warm-up)")
    args = parser.parse_args()
    results = []
    for url in args.urls or [get_settings().database_url]:
        results.extend(bench_engine(url, args.runs))
    missed = [r for r in results if r[1] > TARGET_P50_MS or r[2] > TARGET_P95_MS]
    print(
        f"\nsummary: {len(results) - len(missed)} of {len(results)} cases meet the target "
        f"(p50 <= {TARGET_P50_MS:.0f} ms, p95 <= {TARGET_P95_MS:.0f} ms)"
    )
    for case, p50, p95 in missed:
        print(
            f"  miss: {case}: p50 {p50:.1f} ms (+{max(0, p50 - TARGET_P50_MS):.1f}), "
            f"p95 {p95:.1f} ms (+{max(0, p95 - TARGET_P95_MS):.1f})"
        )


if __name__ == "__main__":
    main()
