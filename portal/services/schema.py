"""Bring a database to the current schema with alembic (the only way tables are created)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from portal.config import ROOT
from portal.db import get_engine


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    return config


def upgrade(database_url: str | None = None) -> None:
    command.upgrade(alembic_config(database_url), "head")


def is_empty(database_url: str | None = None) -> bool:
    """True when no user exists yet, i.e. the seed has not run."""
    engine = get_engine(database_url)
    if not inspect(engine).has_table("user_account"):
        return True
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT 1 FROM user_account LIMIT 1").first() is None
