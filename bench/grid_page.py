"""Time one grid page (50 rows + total count) through `grids.fetch_page` on seeded large data.

usage: PORTAL_DATABASE_URL=sqlite:////tmp/gridbench/portal.db python bench/grid_page.py [--runs N]

Seed first: `python -m portal.cli seed --scale large` into that database. E1-like is a partner
with visibility ALL over the two largest locations (the seed links no user to two large ones, so
the principal is built here, as `load_principal` would); E3-like is the OWN user who is partner
contact of the most customers. Targets (issue 3):
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
SORTS: dict[str, dict[str, list[dict[str, str]]]] = {
    "by end date": {"sort": [{"colId": "end_date", "sort": "desc"}]},
    "by name": {"sort": [{"colId": "customer_name", "sort": "asc"}]},
}
VARIANTS: dict[str, dict[str, Any]] = {
    "plain": {},
    "search": {"search": "herrmann"},
    "filter": {"filters": {"status": {"filterType": "set", "values": ["own"]}}},
    "alarm": {"alarm": True},
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (after 1 warm-up)")
    args = parser.parse_args()
    engine = get_engine(get_settings().database_url)
    today = date.today()
    everything: list[float] = []
    with Session(engine) as session:
        principals = {
            "E1-like": _all_over_largest_two(session),
            "E3-like": _principal(session, E3_LIKE),
        }
        print(f"{engine.dialect.name}, subscriptions grid, 50 rows + total, {args.runs} runs/case")
        print(
            f"{'principal':<9} {'variant':<7} {'sort':<12} {'total':>8} {'p50 ms':>8} {'p95 ms':>8}"
        )
        for who, principal in principals.items():
            for variant, extra in VARIANTS.items():
                for sort_name, sort in SORTS.items():
                    request = grids.parse_request(
                        "subscriptions", principal, {**extra, **sort, "limit": 50}
                    )
                    samples = []
                    for run in range(args.runs + 1):
                        started = time.perf_counter()
                        page = grids.fetch_page(session, "subscriptions", principal, request, today)
                        if run:  # the first run warms the page cache
                            samples.append((time.perf_counter() - started) * 1000)
                    everything.extend(samples)
                    print(
                        f"{who:<9} {variant:<7} {sort_name:<12} {page.total:>8} "
                        f"{statistics.median(samples):>8.1f} {_percentile(samples, 0.95):>8.1f}"
                    )
    print(
        f"all cases: p50 {statistics.median(everything):.1f} ms, "
        f"p95 {_percentile(everything, 0.95):.1f} ms (targets: p50 <= 30 ms, p95 <= 80 ms)"
    )


if __name__ == "__main__":
    main()
