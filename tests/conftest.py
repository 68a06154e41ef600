"""Databases for unit tests: a migrated SQLite file, and the test PostgreSQL started by
scripts/test.sh (PORTAL_TEST_POSTGRES_URL). Policy tests run on both."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import portal.models  # noqa: F401  (registers tables)
from portal.db import get_engine
from portal.services import schema


def clear_all_tables(url: str) -> None:
    engine = get_engine(url)
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            connection.execute(text("PRAGMA foreign_keys=ON"))


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.db'}"
    schema.upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgresql_url() -> str:
    url = os.environ.get("PORTAL_TEST_POSTGRES_URL")
    if not url:
        pytest.fail(
            "PORTAL_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which "
            "starts a PostgreSQL on 127.0.0.1 (or export the URL of scripts/pg.sh start)"
        )
    schema.upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty, migrated database of each engine; tables are emptied around every test."""
    url = request.getfixturevalue(f"{request.param}_url")
    clear_all_tables(url)
    yield url
    clear_all_tables(url)


@pytest.fixture
def db_session(any_db_url: str) -> Iterator[Session]:
    with Session(get_engine(any_db_url), expire_on_commit=False) as session:
        yield session
