"""Reflex configuration. Ports and Redis come from the environment (see README)."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

_port = int(os.environ.get("PORTAL_PORT", "3000"))
# With a public address, only pages of that origin may open the websocket (CORS for Socket.IO).
_public_url = os.environ.get("PORTAL_PUBLIC_URL", "").rstrip("/")

config = rx.Config(
    app_name="portal",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    frontend_port=_port,
    backend_port=_port,
    backend_host=os.environ.get("PORTAL_HOST", "127.0.0.1"),
    redis_url=os.environ.get("PORTAL_REDIS_URL") or None,
    cors_allowed_origins=[_public_url] if _public_url else ["*"],
    disable_plugins=[SitemapPlugin],
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="blue", gray_color="slate", radius="medium")
        )
    ],
)
