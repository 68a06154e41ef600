"""Starlette routes beside Reflex: login/logout (they set the HttpOnly cookie) and health."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from portal.api.auth_routes import login, logout
from portal.api.health import health


def build_api() -> Starlette:
    return Starlette(
        routes=[
            Route("/auth/login", login, methods=["POST"]),
            Route("/auth/logout", logout, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )
