"""The installation's name as staff set it under branding, for mails and pages."""

from __future__ import annotations

from sqlmodel import Session

from portal.models import Setting

DEFAULT_NAME = "Portal"


def portal_name(session: Session) -> str:
    row = session.get(Setting, "branding")
    name = (row.value or {}).get("name") if row is not None else None
    return str(name).strip() if name and str(name).strip() else DEFAULT_NAME
