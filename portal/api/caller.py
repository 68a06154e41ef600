"""Who is calling an HTTP route: the principal behind the HttpOnly session cookie.

File routes (exports, licence files, documents) cannot rely on Reflex state; they resolve the
cookie themselves, exactly as the websocket middleware does, with the same expiry rules.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from portal.api.responses import client_address
from portal.db import session_scope
from portal.services import act_as
from portal.services.access import Principal
from portal.services.auth import COOKIE_NAME, principal_for_token


def _resolve(token: str | None, path: str, address: str) -> Principal | None:
    with session_scope() as session:
        principal = principal_for_token(session, token)
        if principal is not None:
            # While staff act as this account, every file request is audited (SPEC §3.4).
            act_as.record_event(
                session, principal, act_as.REQUEST_ACTION, path, client_address=address
            )
        return principal


async def request_principal(request: Request) -> Principal | None:
    """The signed-in principal of a request, or None (no, expired or ended session).

    Runs in a worker thread: the lookup touches the database and must not block the loop.
    """
    return await asyncio.to_thread(
        _resolve,
        request.cookies.get(COOKIE_NAME),
        f"{request.method} {request.url.path}",
        client_address(request),
    )
