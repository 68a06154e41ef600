"""Accepting an invitation as a native form POST: the new account is signed in at once, and only
a real HTTP response can set the HttpOnly session cookie. Errors go back to the invitation page
as a message key plus the typed name, so nothing but the passwords has to be typed again."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.api.responses import client_address, same_origin, signed_in
from portal.config import get_settings
from portal.db import session_scope
from portal.models import User
from portal.models.clock import utcnow
from portal.models.enums import UserKind
from portal.services import invitations, totp
from portal.services.auth import record_login_success, start_session
from portal.services.navigation import SECURITY_PATH

_MAX_FIELD = 1024


def _back(token: str, error: str, name: str = "") -> RedirectResponse:
    query = urlencode(
        {k: v for k, v in {"token": token, "error": error, "name": name}.items() if v}
    )
    return RedirectResponse(f"{invitations.INVITE_PATH}?{query}", status_code=303)


async def accept(request: Request) -> RedirectResponse:
    form = await request.form()
    token = str(form.get("token", ""))[:_MAX_FIELD]
    name = str(form.get("name", ""))[:_MAX_FIELD]
    if not same_origin(request):
        return _back(token, "invite.forbidden_origin", name)
    password = str(form.get("password", ""))[:_MAX_FIELD]
    password_repeat = str(form.get("password_repeat", ""))[:_MAX_FIELD]
    address = client_address(request)
    user_agent = request.headers.get("user-agent", "")

    def work() -> tuple[str | None, str | None, bool]:
        """(session token, error key, must enrol in two-factor login first)"""
        with session_scope() as session:
            result = invitations.accept(
                session, token, name=name, password=password, password_repeat=password_repeat
            )
            if result.user_id is None:
                return None, result.error, False
            user = session.get(User, result.user_id)
            assert user is not None
            record_login_success(session, user, client_address=address, now=utcnow())
            session_token = start_session(
                session, result.user_id, client_address=address, user_agent=user_agent
            )
            return session_token, None, totp.must_enrol(session, result.user_id, get_settings())

    try:
        session_token, error, must_enrol = await asyncio.to_thread(work)
    except IntegrityError:  # the same login was created at the same moment
        return _back(token, "invite.email_taken", name)
    if session_token is None:
        return _back(token, error or "invite.invalid", name)
    return signed_in(session_token, UserKind.PARTNER, SECURITY_PATH if must_enrol else None)
