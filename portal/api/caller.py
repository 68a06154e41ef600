"""Who is calling an HTTP route: the principal behind the HttpOnly session cookie.

File routes (exports, licence files, documents) cannot rely on Reflex state; they resolve the
cookie themselves, exactly as the websocket middleware does, with the same expiry rules.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from portal.db import session_scope
from portal.services.access import Principal
from portal.services.auth import COOKIE_NAME, principal_for_token


def _resolve(token: str | None) -> Principal | None:
    with session_scope() as session:
        return principal_for_token(session, token)


async def request_principal(request: Request) -> Principal | None:
    """The signed-in principal of a request, or None (no, expired or ended session).

    Runs in a worker thread: the lookup touches the database and must not block the loop.
    """
    return await asyncio.to_thread(_resolve, request.cookies.get(COOKIE_NAME))
