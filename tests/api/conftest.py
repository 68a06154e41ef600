"""The route tests' one setup: a world of records on SQLite and PostgreSQL, session tokens for
chosen users and a Starlette test client of the API, with the data folder in `tmp_path`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from portal.api import build_api
from portal.config import get_settings
from portal.db import get_engine
from portal.services.auth import COOKIE_NAME, start_session

Build = Callable[[Session, Path], SimpleNamespace]
ApiWorld = Callable[..., SimpleNamespace]


@pytest.fixture
def api_world(
    any_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ApiWorld]:
    """`api_world(build, signed_in=lambda world: users)`: the world `build(session, data_dir)`
    returns, committed, with `session`, `data_dir`, `tokens` (login → session token of each
    user), `client` and `as_login(login)` (the client with that user's cookie, or none)."""
    monkeypatch.setenv("PORTAL_DATABASE_URL", any_db_url)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    with ExitStack() as stack:
        session = stack.enter_context(Session(get_engine(any_db_url), expire_on_commit=False))

        def start(
            build: Build, signed_in: Callable[[SimpleNamespace], Iterable[Any]] = lambda w: ()
        ) -> SimpleNamespace:
            world = build(session, tmp_path)
            world.session, world.data_dir = session, tmp_path
            world.tokens = {u.login: start_session(session, u.id) for u in signed_in(world)}
            session.commit()
            world.client = stack.enter_context(TestClient(build_api(), follow_redirects=False))

            def as_login(login: str | None) -> TestClient:
                world.client.cookies.clear()
                if login:
                    world.client.cookies.set(COOKIE_NAME, world.tokens[login])
                return world.client

            world.as_login = as_login
            return world

        yield start
    get_settings.cache_clear()
