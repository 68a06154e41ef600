"""The alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import portal.models  # noqa: F401
from portal.db import get_engine


def test_migrations_match_the_models(any_db_url: str) -> None:
    with get_engine(any_db_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    # The PostgreSQL trigram index is migration-only (models cannot declare opclasses).
    diff = [
        d for d in diff if not (d[0] == "remove_index" and d[1].name == "ix_customer_name_trgm")
    ]
    assert diff == []
