"""SMTP settings staff edit in the back office, overriding the environment's.

The environment (portal.config) gives the installation's defaults; once staff save the SMTP
form, the stored `smtp` setting wins field by field. The password is stored encrypted with the
installation key and never leaves the server again: the form only learns whether one is set,
and an empty password field keeps the stored one only while host, port and user stay the same:
otherwise whoever may edit the form could point the host at their own server, send the test
mail and read the real password there. The test mail's result names only a category of
failure, never the remote server's words (the form must not become a probe of other hosts).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from sqlmodel import Session

from portal.config import Settings, get_settings
from portal.models.enums import StaffPermission
from portal.services import access, audit, crypto
from portal.services.access import Principal
from portal.services.branding import portal_name
from portal.services.mail import normalize_recipient, render_mail, send_direct
from portal.services.settings import read, write

logger = logging.getLogger(__name__)

SMTP_SETTING = "smtp"
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_TEXT_MAX = 254


class SmtpInvalid(ValueError):
    """Refused SMTP input; carries the i18n message key for the clerk."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


@dataclass(frozen=True)
class SmtpView:
    """What the form shows: everything but the password, of which only whether it is set."""

    host: str
    port: int
    user: str
    password_set: bool
    starttls: bool
    mail_from: str
    stored: bool  # False: the environment's values apply
    password_dropped: bool = False  # this save removed the password: the target changed


def effective(session: Session, base: Settings | None = None) -> Settings:
    """The settings the sender uses: the environment's, with the stored fields replacing them."""
    base = base or get_settings()
    raw = read(session, SMTP_SETTING)
    if not raw:
        return base
    changes: dict[str, Any] = {}
    for key in ("host", "user", "mail_from"):
        if isinstance(raw.get(key), str):
            changes["mail_from" if key == "mail_from" else f"smtp_{key}"] = raw[key]
    if isinstance(raw.get("port"), int) and not isinstance(raw.get("port"), bool):
        changes["smtp_port"] = raw["port"]
    if isinstance(raw.get("starttls"), bool):
        changes["smtp_starttls"] = raw["starttls"]
    if isinstance(raw.get("password"), str):
        changes["smtp_password"] = crypto.decrypt(raw["password"]) or ""
    return dataclasses.replace(base, **changes)


def view(session: Session, principal: Principal) -> SmtpView:
    access.ensure(principal, StaffPermission.SETTINGS)
    settings = effective(session)
    return SmtpView(
        host=settings.smtp_host,
        port=settings.smtp_port,
        user=settings.smtp_user,
        password_set=bool(settings.smtp_password),
        starttls=settings.smtp_starttls,
        mail_from=settings.mail_from,
        stored=bool(read(session, SMTP_SETTING)),
    )


def save(
    session: Session,
    principal: Principal,
    *,
    host: str,
    port: int | str,
    user: str,
    password: str,
    clear_password: bool,
    starttls: bool,
    mail_from: str,
) -> SmtpView:
    """Validate and store all fields at once; `password` empty keeps the stored one unless
    `clear_password` or host, port or user changed (then it is dropped and the returned view
    says so). An empty host switches delivery off (mails stay in the outbox)."""
    access.ensure(principal, StaffPermission.SETTINGS)
    host = host.strip()
    if host and (len(host) > 253 or not _HOST.fullmatch(host)):
        raise SmtpInvalid("settings.smtp.error.host")
    try:
        port_number = int(str(port).strip())
    except ValueError:
        raise SmtpInvalid("settings.smtp.error.port") from None
    if not 1 <= port_number <= 65535:
        raise SmtpInvalid("settings.smtp.error.port")
    user = user.strip()
    if len(user) > _TEXT_MAX or len(password) > _TEXT_MAX:
        raise SmtpInvalid("settings.smtp.error.too_long")
    mail_from = mail_from.strip()
    if not _valid_sender(mail_from):
        raise SmtpInvalid("settings.smtp.error.from")
    before = effective(session)
    target_changed = (host, port_number, user) != (
        before.smtp_host,
        before.smtp_port,
        before.smtp_user,
    )
    dropped = not password and not clear_password and target_changed and bool(before.smtp_password)
    value: dict[str, Any] = {
        "host": host,
        "port": port_number,
        "user": user,
        "starttls": bool(starttls),
        "mail_from": mail_from,
    }
    # Stored explicitly even when empty, so the environment's password never applies to a
    # host the environment did not name.
    kept = "" if clear_password or target_changed else before.smtp_password
    value["password"] = crypto.encrypt(password or kept)
    write(session, SMTP_SETTING, value)
    audit.record_by(
        session,
        principal,
        "settings.smtp",
        target_type="setting",
        target_id=SMTP_SETTING,
        detail={k: v for k, v in value.items() if k != "password"}
        | {"password_changed": bool(password) or clear_password or dropped},
    )
    session.flush()
    return dataclasses.replace(view(session, principal), password_dropped=dropped)


@dataclass(frozen=True)
class TestMail:
    """Everything to send the test mail outside the database transaction."""

    settings: Settings
    recipient: str
    rendered: Any  # portal.services.mail.RenderedMail


def prepare_test_mail(session: Session, principal: Principal, recipient: str) -> TestMail:
    """Check the recipient and render the test mail with the effective settings; audited."""
    access.ensure(principal, StaffPermission.SETTINGS)
    try:
        address = normalize_recipient(recipient)
    except ValueError:
        raise SmtpInvalid("settings.smtp.error.recipient") from None
    settings = effective(session)
    if not settings.smtp_host:
        raise SmtpInvalid("settings.smtp.error.no_host")
    rendered = render_mail(
        "test_mail", principal.locale, {"portal_name": portal_name(session)}, session=session
    )
    audit.record_by(
        session,
        principal,
        "settings.smtp_test",
        target_type="setting",
        target_id=SMTP_SETTING,
        detail={"recipient": address},
    )
    return TestMail(settings=settings, recipient=address, rendered=rendered)


def send_test_mail(prepared: TestMail) -> str:
    """Send it now (slow: call in a worker thread). Returns "" on success, else the message
    key of the failure's category; the server's own reply goes to the log only."""
    try:
        send_direct(prepared.settings, prepared.recipient, prepared.rendered)
    except (smtplib.SMTPException, OSError, ValueError) as error:
        logger.warning("SMTP test mail failed: %s", type(error).__name__)
        return _failure_key(error)
    return ""


def _failure_key(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "settings.smtp.test.auth"
    if isinstance(error, ConnectionRefusedError):
        return "settings.smtp.test.refused"
    if isinstance(error, TimeoutError):
        return "settings.smtp.test.timeout"
    if isinstance(error, ssl.SSLError | smtplib.SMTPNotSupportedError):
        return "settings.smtp.test.tls"
    return "settings.smtp.test.failed"


def _valid_sender(value: str) -> bool:
    if not value or len(value) > _TEXT_MAX or "\n" in value or "\r" in value:
        return False
    address = parseaddr(value)[1]
    try:
        normalize_recipient(address)
    except ValueError:
        return False
    return True
