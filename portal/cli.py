"""`portal` command line: migrate the database, seed demo or large data, send partner
notifications once (the app also sends them periodically).

Seeding is a command, never part of app start-up: with the Redis state manager every backend
worker runs start-up, and each would seed.
"""

from __future__ import annotations

import argparse
import sys
import time

from portal.config import get_settings


def _migrate(_args: argparse.Namespace) -> int:
    from portal.services import schema

    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    schema.upgrade()
    print("database schema is up to date")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from portal.db import session_scope
    from portal.services import schema, seed

    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    schema.upgrade()
    if args.if_empty and not schema.is_empty():
        print("database already has data; not seeding")
        return 0
    started = time.perf_counter()
    if args.scale == "large":
        seed.seed_large(get_settings().database_url, rng_seed=args.seed)
    else:
        with session_scope() as session:
            seed.seed_demo(session, rng_seed=args.seed)
    print(f"seeded {args.scale} data in {time.perf_counter() - started:.1f} s")
    return 0


def _notify(_args: argparse.Namespace) -> int:
    from portal.db import session_scope
    from portal.services.notifications import notify_due

    with session_scope() as session:
        report = notify_due(session)
    print(
        f"partner notifications: {report.mails} mail(s) with {report.facts} fact(s) queued, "
        f"{report.failed_contacts} contact(s) failed"
    )
    return 1 if report.failed_contacts else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring the database to the current schema").set_defaults(
        run=_migrate
    )
    seed_parser = commands.add_parser("seed", help="migrate, then load demo or large data")
    seed_parser.add_argument("--scale", choices=["demo", "large"], default="demo")
    seed_parser.add_argument("--seed", type=int, default=42, help="random seed (deterministic)")
    seed_parser.add_argument(
        "--if-empty", action="store_true", help="only seed a database without users"
    )
    seed_parser.set_defaults(run=_seed)
    commands.add_parser(
        "notify", help="queue partner notifications (storage >= 90 %%, update due) once"
    ).set_defaults(run=_notify)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
