"""Setting a password from an activation or reset link, as a native form POST: the passwords go
to the server once and never sit in browser-side state. Success leads to the login page with the
login filled in (an account with two-factor login still passes its second step there); errors go
back to the link's page as a message key."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse

from portal.api.responses import client_address, same_origin, to_login
from portal.db import session_scope
from portal.services import access_links, customer_invitations

_MAX_FIELD = 1024


def _back(token: str, error: str, email: str | None) -> RedirectResponse:
    params = {"token": token, "error": error} | ({"email": email} if email else {})
    query = urlencode(params)
    return RedirectResponse(f"{access_links.SET_PASSWORD_PATH}?{query}", status_code=303)


async def set_password(request: Request) -> RedirectResponse:
    form = await request.form()
    token = str(form.get("token", ""))[:_MAX_FIELD]
    if not same_origin(request):
        return _back(token, "identity.forbidden_origin", None)
    password = str(form.get("password", ""))[:_MAX_FIELD]
    repeat = str(form.get("password_repeat", ""))[:_MAX_FIELD]
    address = client_address(request)
    # Only the page of a customer invitation has the e-mail field (the services check the
    # token's purpose either way).
    email = str(form["email"])[:_MAX_FIELD] if "email" in form else None

    def work() -> access_links.PasswordSet:
        with session_scope() as session:
            if email is not None:
                return customer_invitations.accept(
                    session,
                    token,
                    email=email,
                    password=password,
                    repeat=repeat,
                    client_address=address,
                )
            return access_links.set_password(
                session, token, password, repeat, client_address=address
            )

    result = await asyncio.to_thread(work)
    if result.user_id is None:
        return _back(token, result.error or access_links.LINK_INVALID, email)
    return to_login(info="identity.password_set", login=result.login)
