"""Time the large seed: migrate a fresh database, run `seed_large`, print phase times and counts.

usage: python bench/seed_large.py [--database-url URL] [--seed N]
                                  [--customers N] [--subscriptions N] [--partner-companies N]

Without --database-url a fresh SQLite file in a temporary directory is used and removed after.
A given database must be empty, e.g. `createdb -h 127.0.0.1 -p 54329 -U portal seedbench`.
The budget is three minutes for the default sizes on a two-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from portal.db import get_engine
from portal.models import (
    Customer,
    PartnerCompany,
    Subscription,
    User,
    UserPartnerCompany,
    UserTeam,
)
from portal.services import schema
from portal.services.contracts import alarm_condition
from portal.services.seed import seed_large

COUNTED = (PartnerCompany, User, UserPartnerCompany, UserTeam, Customer, Subscription)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--subscriptions", type=int, default=1_000_000)
    parser.add_argument("--partner-companies", type=int, default=500)
    args = parser.parse_args()
    if args.database_url:
        return run(args.database_url, args)
    with tempfile.TemporaryDirectory(prefix="portal-seed-") as directory:
        url = f"sqlite:///{Path(directory) / 'portal.db'}"
        try:
            return run(url, args)
        finally:
            get_engine(url).dispose()


def run(url: str, args: argparse.Namespace) -> int:
    engine = get_engine(url)
    print(f"database: {engine.url.render_as_string(hide_password=True)}")
    started = time.perf_counter()
    schema.upgrade(url)
    migrated = time.perf_counter()
    print(f"phase migrate: {migrated - started:.1f} s")

    def progress(message: str) -> None:
        print(f"  [{time.perf_counter() - migrated:6.1f} s] {message}", flush=True)

    seed_large(
        url,
        rng_seed=args.seed,
        progress=progress,
        customers=args.customers,
        subscriptions=args.subscriptions,
        partner_companies=args.partner_companies,
    )
    seeded = time.perf_counter()
    print(f"phase seed_large: {seeded - migrated:.1f} s")
    report_counts(url)
    print(f"phase counts: {time.perf_counter() - seeded:.1f} s")
    print(f"total: {time.perf_counter() - started:.1f} s")
    return 0


def report_counts(url: str) -> None:
    """Row counts, the partner size skew, and the hits of the SPEC §4 alarm filter."""
    today = date.today()
    s = Subscription
    alarm = alarm_condition(today)
    with get_engine(url).connect() as connection:
        for model in COUNTED:
            count = connection.execute(select(func.count()).select_from(model)).scalar_one()
            print(f"  {model.__tablename__:<22} {count:>9}")
        sizes = sorted(
            connection.execute(
                select(func.count()).select_from(s).group_by(s.partner_company_id)
            ).scalars()
        )
        hits = connection.execute(select(func.count()).where(alarm)).scalar_one()
    print(f"  subscriptions per partner: max {sizes[-1]}, median {statistics.median(sizes):.0f}")
    print(f"  alarm hits (SPEC §4): {hits}")


if __name__ == "__main__":
    sys.exit(main())
