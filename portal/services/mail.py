"""Mail outbox: render a mail when something happens, deliver it later, retry until it goes out.

Why an outbox: the request that causes a mail (an invitation, an order) must neither fail nor
hang because the SMTP server is slow or down, and staff must see what went out and what is
stuck. So `queue_mail` renders and stores a row in the caller's transaction (the mail exists
exactly when the business change commits), and `send_due`, run by `run_sender` in the
background, delivers it. Without an SMTP host (the dev default) mails simply stay queued.

Templates are files ``portal/templates/mail/<template>.<locale>.txt`` (first line
``Subject: ...``, a blank line, then the body) with an optional ``.html`` sibling that extends
``_layout.html``. `TEMPLATE_PLACEHOLDERS` declares the keys each template receives; callers pass
exactly those, with dates and amounts already formatted for the recipient's locale. Flags:
``approved`` and ``is_quote_request`` are booleans, ``comment`` may be empty, everything else is
text.
"""

from __future__ import annotations

import asyncio
import logging
import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any, Literal

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from sqlalchemy import update
from sqlmodel import Session, col, select

from portal.config import Settings, get_settings
from portal.db import session_scope
from portal.i18n import normalize_locale
from portal.models.clock import utcnow
from portal.models.enums import MailState
from portal.models.system import MailOutbox, Setting
from portal.services.mail_sandbox import MailSandbox, render_bounded

logger = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "mail"
# German users come first; every template exists in German, so it is the safe fallback.
FALLBACK_LOCALE = "de"

TEMPLATE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "registration": frozenset({"name", "portal_name"}),
    "password_reset": frozenset({"name", "link", "expires_at", "portal_name"}),
    "approval_request": frozenset({"name", "order_number", "link", "portal_name"}),
    "approval_confirmation": frozenset(
        {"name", "customer_name", "order_number", "approved", "comment", "link", "portal_name"}
    ),
    "access_data": frozenset({"name", "login", "link", "expires_at", "portal_name"}),
    # lines: [{quantity, name, article_number, printer, amount}], amount "" without prices;
    # totals: [{label, amount}], empty for quote requests (portal.services.cart)
    "order_confirmation": frozenset(
        {"name", "order_number", "is_quote_request", "lines", "totals", "link", "portal_name"}
    ),
    "invitation": frozenset({"name", "inviter_name", "link", "expires_at", "portal_name"}),
    "test_mail": frozenset({"portal_name"}),
    "act_as_notice": frozenset({"name", "staff_name", "at", "portal_name"}),
    # storage / updates: lists of already formatted rows (see portal.services.notifications)
    "partner_notification": frozenset({"name", "storage", "updates", "link", "portal_name"}),
}

# Column sizes of MailOutbox: PostgreSQL refuses longer values instead of cutting them.
_SUBJECT_MAX = 300
_ERROR_MAX = 500
_RECIPIENT_MAX = 254

_SMTP_TIMEOUT_SECONDS = 30.0
# A claimed mail is hidden from other workers this long; if the claiming worker dies mid-send,
# the mail becomes due again afterwards. Far longer than one SMTP conversation may take.
_CLAIM_LEASE = timedelta(minutes=10)
_BACKOFF_CAP_MINUTES = 60

# Errors about one message; any other SMTP or socket error means the server or the
# connection is unusable, so the rest of the batch waits instead of burning its attempts.
_PER_MAIL_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)

_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]*[A-Za-z]")

# Both bounded (portal.services.mail_sandbox): staff-edited templates render with them too.
_TEXT_ENV = MailSandbox(
    undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
)
_HTML_ENV = MailSandbox(
    loader=FileSystemLoader(TEMPLATE_DIR),
    undefined=StrictUndefined,
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class RenderedMail:
    locale: str
    subject: str
    body_text: str
    body_html: str | None


@dataclass(frozen=True)
class SendReport:
    """What one `send_due` pass did, for the log and the staff mail page."""

    smtp_configured: bool
    due: int = 0  # queued mails that were due when the pass looked (at most `limit`)
    sent: int = 0
    retrying: int = 0  # failed this time, queued again with a backoff
    failed: int = 0  # failed for good: mail_max_attempts reached
    skipped: int = 0  # another worker claimed it first


def normalize_recipient(address: str) -> str:
    """The address in the form SMTP accepts, or ValueError; refuses anything that could smuggle
    a second recipient or a header line in, and converts a German umlaut domain to IDNA."""
    candidate = address.strip()
    local, at, domain = candidate.rpartition("@")
    try:
        ascii_domain = domain.encode("idna").decode("ascii") if domain else ""
    except UnicodeError:
        ascii_domain = ""
    normalized = f"{local}@{ascii_domain}"
    if (
        not at
        or len(local) > 64
        or len(normalized) > _RECIPIENT_MAX
        or not _LOCAL_PART.fullmatch(local)
        or not _DOMAIN.fullmatch(ascii_domain)
    ):
        raise ValueError(f"Invalid recipient e-mail address: {address!r}")
    return normalized


def render_mail(
    template: str, locale: str, context: Mapping[str, Any], *, session: Session | None = None
) -> RenderedMail:
    """Subject and bodies of a template in the recipient's language (German if missing); with
    a `session`, the version staff saved in the back office replaces the file's. A saved version
    that fails with this mail's values (a render limit, say) falls back to the file's, so a
    business action never fails because of an edited template."""
    _check_context(template, context)
    locale = _template_locale(template, locale)
    override = template_override(session, template, locale) if session is not None else None
    if override is not None:
        try:
            return _render_sources(locale, override, context)
        except TemplateError:
            logger.exception("Saved mail template %s.%s failed; file used", template, locale)
    subject_source, body_source = _split_subject(_template_path(template, locale, "txt"))
    html_path = _template_path(template, locale, "html")
    body_html = (
        render_bounded(_HTML_ENV.get_template(html_path.name), context)
        if html_path.exists()
        else None
    )
    return _rendered(locale, subject_source, body_source, body_html, context)


def _render_sources(
    locale: str, sources: dict[str, str], context: Mapping[str, Any]
) -> RenderedMail:
    html = sources["html"]
    body_html = render_bounded(_HTML_ENV.from_string(html), context) if html.strip() else None
    return _rendered(locale, sources["subject"], sources["text"], body_html, context)


def _rendered(
    locale: str,
    subject_source: str,
    body_source: str,
    body_html: str | None,
    context: Mapping[str, Any],
) -> RenderedMail:
    subject = render_bounded(_TEXT_ENV.from_string(subject_source), context)
    return RenderedMail(
        locale=locale,
        subject=_truncate(" ".join(subject.split()), _SUBJECT_MAX),
        body_text=render_bounded(_TEXT_ENV.from_string(body_source), context),
        body_html=body_html,
    )


def template_setting_key(template: str, locale: str) -> str:
    """The `setting` row of a staff-edited template (see portal.services.mail_templates)."""
    return f"mail_template.{template}.{locale}"


def template_override(session: Session, template: str, locale: str) -> dict[str, str] | None:
    """The stored version of a template in one language: subject, text and html sources."""
    row = session.get(Setting, template_setting_key(template, locale))
    value = row.value if row is not None and isinstance(row.value, dict) else None
    if value is None or not all(isinstance(value.get(k), str) for k in ("subject", "text", "html")):
        return None
    return {k: value[k] for k in ("subject", "text", "html")}


def queue_mail(
    session: Session, *, template: str, locale: str, recipient: str, context: dict[str, Any]
) -> MailOutbox:
    """Store a rendered mail in the outbox; it goes out when the caller's transaction commits
    and the sender next runs. Rendering now makes a broken template fail the caller, not the
    sender minutes later."""
    address = normalize_recipient(recipient)
    rendered = render_mail(template, locale, context, session=session)
    now = utcnow()
    mail = MailOutbox(
        template=template,
        locale=rendered.locale,
        recipient=address,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        state=MailState.QUEUED,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(mail)
    session.flush()
    return mail


def send_due(
    session: Session,
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    limit: int = 50,
) -> SendReport:
    """Deliver queued mails that are due. Commits after every claim and every result, because
    other workers must see a claim before the slow SMTP conversation starts and a delivered
    mail must stay marked sent even if a later one breaks the pass."""
    if settings is None:
        # Imported here: the SMTP settings module sends its test mail through this one.
        from portal.services.smtp_settings import effective

        settings = effective(session)
    now = now or utcnow()
    due = _due_mails(session, now, limit)
    if not settings.smtp_host:
        logger.debug("SMTP not configured: %d due mail(s) stay in the outbox", len(due))
        return SendReport(smtp_configured=False, due=len(due))
    counts = dict.fromkeys(("sent", "retrying", "failed", "skipped"), 0)
    smtp: smtplib.SMTP | None = None
    try:
        for mail in due:
            if not _claim(session, mail, now):
                counts["skipped"] += 1
                continue
            try:
                smtp = smtp or _connect(settings)
                smtp.send_message(_build_message(mail, settings, now))
            except (smtplib.SMTPException, OSError, ValueError) as error:
                counts[_record_failure(session, mail, error, now, settings.mail_max_attempts)] += 1
                if not isinstance(error, _PER_MAIL_ERRORS):
                    break
                continue
            _record_success(session, mail, now)
            counts["sent"] += 1
    finally:
        if smtp is not None:
            _disconnect(smtp)
    return SendReport(smtp_configured=True, due=len(due), **counts)


def send_direct(settings: Settings, recipient: str, rendered: RenderedMail) -> None:
    """Send one mail right now, past the outbox (the back office's test mail, whose point is
    to see the server's answer at once). Raises the SMTP or socket error."""
    now = utcnow()
    draft = MailOutbox(
        template="test_mail",
        locale=rendered.locale,
        recipient=normalize_recipient(recipient),
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        created_at=now,
        next_attempt_at=now,
    )
    smtp = _connect(settings)
    try:
        smtp.send_message(_build_message(draft, settings, now))
    finally:
        _disconnect(smtp)


async def run_sender(interval_seconds: float | None = None) -> None:
    """Send due mails forever; an error is logged and retried next round so that a database
    or SMTP hiccup never stops mail for the life of the process. The interval defaults to
    PORTAL_MAIL_INTERVAL_SECONDS (tests shorten it so mails arrive within a second)."""
    interval_seconds = interval_seconds or get_settings().mail_interval_seconds
    while True:
        try:
            report = await asyncio.to_thread(_send_due_in_new_session)
        except Exception:
            logger.exception("Mail sender pass failed")
        else:
            if report.sent or report.retrying or report.failed:
                logger.info("Mail sender: %s", report)
        await asyncio.sleep(interval_seconds)


def _send_due_in_new_session() -> SendReport:
    with session_scope() as session:
        return send_due(session)


def _check_context(template: str, context: Mapping[str, Any]) -> None:
    """Exact keys, so a caller that forgets one fails even where a template does not (yet)
    use it: staff-edited templates may use any declared placeholder."""
    if template not in TEMPLATE_PLACEHOLDERS:
        raise ValueError(f"Unknown mail template {template!r}")
    expected = TEMPLATE_PLACEHOLDERS[template]
    missing, unexpected = sorted(expected - context.keys()), sorted(context.keys() - expected)
    if missing or unexpected:
        raise ValueError(
            f"Mail template {template!r}: missing placeholders {missing}, unexpected {unexpected}"
        )


def _template_locale(template: str, locale: str) -> str:
    code = normalize_locale(locale)
    return code if _template_path(template, code, "txt").exists() else FALLBACK_LOCALE


def _template_path(template: str, locale: str, extension: str) -> Path:
    return TEMPLATE_DIR / f"{template}.{locale}.{extension}"


def _split_subject(path: Path) -> tuple[str, str]:
    """Split before rendering, so a placeholder value with a line break cannot move text
    between subject and body."""
    first_line, _, rest = path.read_text(encoding="utf-8").partition("\n")
    label, _, subject = first_line.partition(":")
    if label != "Subject" or not rest.startswith("\n"):
        raise ValueError(f"{path.name}: must start with 'Subject: ...' and a blank line")
    return subject.strip(), rest[1:]


def _due_mails(session: Session, now: datetime, limit: int) -> list[MailOutbox]:
    query = (
        select(MailOutbox)
        .where(MailOutbox.state == MailState.QUEUED, col(MailOutbox.next_attempt_at) <= now)
        .order_by(col(MailOutbox.next_attempt_at), col(MailOutbox.id))
        .limit(limit)
    )
    mails = list(session.exec(query))
    session.commit()  # end the read so the claims below start fresh transactions
    return mails


def _claim(session: Session, mail: MailOutbox, now: datetime) -> bool:
    """Take the mail for this worker. Matching the attempts we read makes a second worker that
    read the same row lose the race on SQLite and PostgreSQL alike; counting the attempt here
    means a mail that kills its worker still runs out of attempts."""
    claimed = session.exec(
        update(MailOutbox)
        .where(
            col(MailOutbox.id) == mail.id,
            col(MailOutbox.state) == MailState.QUEUED,
            col(MailOutbox.attempts) == mail.attempts,
        )
        .values(attempts=MailOutbox.attempts + 1, next_attempt_at=now + _CLAIM_LEASE)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    if claimed != 1:
        return False
    session.refresh(mail)
    return True


def _connect(settings: Settings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=_SMTP_TIMEOUT_SECONDS)
    try:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _disconnect(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _build_message(mail: MailOutbox, settings: Settings, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = _message_id(mail, settings)
    # RFC 3834: tells out-of-office responders not to answer a machine.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    return message


def _message_id(mail: MailOutbox, settings: Settings) -> str:
    """Stable across retries, so a receiver can drop the duplicate when a send timed out after
    the server had already taken the mail."""
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{mail.id}.{int(mail.created_at.timestamp())}@{domain}>"


def _record_success(session: Session, mail: MailOutbox, now: datetime) -> None:
    mail.state = MailState.SENT
    mail.sent_at = now
    mail.last_error = ""
    session.commit()


def _record_failure(
    session: Session, mail: MailOutbox, error: Exception, now: datetime, max_attempts: int
) -> Literal["retrying", "failed"]:
    """Back off exponentially so a server that is down is not hammered; the attempt itself was
    already counted by the claim. Returns the SendReport field to count it in."""
    mail.last_error = _truncate(f"{type(error).__name__}: {error}", _ERROR_MAX)
    delay_minutes = min(2 ** (mail.attempts - 1), _BACKOFF_CAP_MINUTES)
    mail.next_attempt_at = now + timedelta(minutes=delay_minutes)
    gave_up = mail.attempts >= max_attempts
    if gave_up:
        mail.state = MailState.FAILED
    session.commit()
    logger.warning(
        "Mail %s to %s failed (attempt %d): %s",
        mail.id,
        mail.recipient,
        mail.attempts,
        mail.last_error,
    )
    return "failed" if gave_up else "retrying"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
