"""403 and 404 pages."""

from __future__ import annotations

import reflex as rx

from portal.components.shell import T, message_page


def forbidden_page() -> rx.Component:
    return message_page(T["page.403.title"], T["page.403.text"])


def not_found_page() -> rx.Component:
    return message_page(T["page.404.title"], T["page.404.text"])
