"""The installation's branding as staff set it: name, primary colour, logo and the links to the
legal pages (Impressum, Datenschutzerklärung) that German businesses must show on every page.

Read by every page (header, login card) and by mails; written only by staff with the SETTINGS
permission. One `branding` row in the `setting` table holds the name, the colour and the logo's
stored path and version; the logo file itself lives under `<data dir>/branding/` and is served
publicly (the login page shows it) by `GET /files/branding/logo?v=<version>`, the version making
a new logo bypass caches. The legal links are https URLs only (a `javascript:` or plain-http
link on every page would be an attack or a leak); empty means the link is not shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session

from portal.models.enums import StaffPermission
from portal.services import access, audit
from portal.services.access import Principal
from portal.services.settings import read, write
from portal.services.uploads import (
    JPEG,
    PNG,
    WEBP,
    check_upload,
    store_upload,
    stored_file,
)

BRANDING_SETTING = "branding"
DEFAULT_NAME = "Portal"
DEFAULT_COLOR = "#1f5fa8"
NAME_MAX = 60
LOGO_ROUTE = "/files/branding/logo"
LOGO_FOLDER = "branding"
LOGO_MAX_BYTES = 1024 * 1024
# SVG can carry scripts: only raster images, recognised by their content.
LOGO_TYPES = frozenset({PNG, JPEG, WEBP})
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
URL_MAX = 500
# The legal links staff may set, each an https URL or empty (not shown).
LEGAL_LINKS = ("imprint_url", "privacy_url")


class BrandingInvalid(ValueError):
    """Refused branding input; carries the i18n message key for the clerk."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class Branding:
    name: str
    primary_color: str
    logo_version: int | None  # None: no logo
    imprint_url: str = ""  # Impressum; empty: not shown
    privacy_url: str = ""  # Datenschutzerklärung; empty: not shown

    @property
    def logo_url(self) -> str:
        return f"{LOGO_ROUTE}?v={self.logo_version}" if self.logo_version else ""


def current(session: Session) -> Branding:
    """Never fails: a missing or malformed value yields the default."""
    raw = read(session, BRANDING_SETTING)
    name = str(raw.get("name") or "").strip()
    color = str(raw.get("primary_color") or "")
    version = raw.get("logo_version")
    return Branding(
        name=name[:NAME_MAX] if name else DEFAULT_NAME,
        primary_color=color.lower() if _COLOR.fullmatch(color) else DEFAULT_COLOR,
        logo_version=version
        if isinstance(version, int) and not isinstance(version, bool) and raw.get("logo")
        else None,
        imprint_url=_stored_url(raw.get("imprint_url")),
        privacy_url=_stored_url(raw.get("privacy_url")),
    )


def legal_url(value: str) -> str:
    """An https URL (trimmed) or "" for none; raises BrandingInvalid for anything else, so no
    `javascript:`, `data:` or unencrypted link ever reaches the pages."""
    url = value.strip()
    if not url:
        return ""
    if len(url) > URL_MAX or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise BrandingInvalid("settings.branding.error.url")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        raise BrandingInvalid("settings.branding.error.url") from error
    if parts.scheme.lower() != "https" or not host or parts.username or parts.password:
        raise BrandingInvalid("settings.branding.error.url")
    return url


def _stored_url(value: object) -> str:
    """The stored link if it is (still) a valid https URL, else "" (never fails)."""
    if not isinstance(value, str):
        return ""
    try:
        return legal_url(value)
    except BrandingInvalid:
        return ""


def portal_name(session: Session) -> str:
    return current(session).name


def save(
    session: Session,
    principal: Principal,
    *,
    name: str,
    primary_color: str,
    imprint_url: str = "",
    privacy_url: str = "",
) -> Branding:
    """Name (not empty, at most 60 characters), colour (#rrggbb) and the legal links (https or
    empty), all or nothing; the logo stays."""
    access.ensure(principal, StaffPermission.SETTINGS)
    name = " ".join(name.split())
    if not name:
        raise BrandingInvalid("settings.branding.error.name_empty")
    if len(name) > NAME_MAX:
        raise BrandingInvalid("settings.branding.error.name_long")
    color = primary_color.strip()
    if not _COLOR.fullmatch(color):
        raise BrandingInvalid("settings.branding.error.color")
    links = {"imprint_url": legal_url(imprint_url), "privacy_url": legal_url(privacy_url)}
    values = {"name": name, "primary_color": color.lower()} | links
    raw = read(session, BRANDING_SETTING)
    write(session, BRANDING_SETTING, raw | values)
    audit.record_by(
        session,
        principal,
        "settings.branding",
        target_type="setting",
        target_id=BRANDING_SETTING,
        detail=values,
    )
    return current(session)


def save_logo(
    session: Session, principal: Principal, data: bytes, filename: str, *, data_dir: Path
) -> Branding:
    """Store a new logo (PNG, JPEG or WebP by content, at most 1 MB); raises
    portal.services.uploads.UploadRefused."""
    access.ensure(principal, StaffPermission.SETTINGS)
    upload = check_upload(data, filename, allowed=LOGO_TYPES, max_bytes=LOGO_MAX_BYTES)
    raw = read(session, BRANDING_SETTING)
    old = raw.get("logo")
    relative = store_upload(data_dir, LOGO_FOLDER, upload)
    version = raw.get("logo_version")
    version = version + 1 if isinstance(version, int) and not isinstance(version, bool) else 1
    write(
        session,
        BRANDING_SETTING,
        raw | {"logo": relative, "logo_type": upload.file_type.mime_type, "logo_version": version},
    )
    audit.record_by(
        session,
        principal,
        "settings.branding_logo",
        target_type="setting",
        target_id=BRANDING_SETTING,
        detail={"size": upload.size, "type": upload.file_type.mime_type},
    )
    session.flush()
    _remove_file(data_dir, old)
    return current(session)


def remove_logo(session: Session, principal: Principal, *, data_dir: Path) -> Branding:
    access.ensure(principal, StaffPermission.SETTINGS)
    raw = read(session, BRANDING_SETTING)
    old = raw.pop("logo", None)
    raw.pop("logo_type", None)
    write(session, BRANDING_SETTING, raw)
    audit.record_by(
        session,
        principal,
        "settings.branding_logo_removed",
        target_type="setting",
        target_id=BRANDING_SETTING,
    )
    session.flush()
    _remove_file(data_dir, old)
    return current(session)


def logo_file(session: Session, data_dir: Path) -> tuple[Path, str] | None:
    """The stored logo and its type, or None (no logo, or the file is gone)."""
    raw = read(session, BRANDING_SETTING)
    relative, mime = raw.get("logo"), raw.get("logo_type")
    if not isinstance(relative, str) or mime not in {t.mime_type for t in LOGO_TYPES}:
        return None
    path = stored_file(data_dir, LOGO_FOLDER, relative)
    return (path, str(mime)) if path is not None else None


def _remove_file(data_dir: Path, relative: object) -> None:
    if isinstance(relative, str):
        path = stored_file(data_dir, LOGO_FOLDER, relative)
        if path is not None:
            path.unlink(missing_ok=True)
