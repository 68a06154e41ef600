"""Mail outbox against a real SQLite database and a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from jinja2 import Environment, meta
from sqlmodel import select

from portal.config import Settings, get_settings
from portal.db import session_scope
from portal.models.enums import MailState
from portal.models.system import MailOutbox
from portal.services import mail, schema
from portal.services.mail import TEMPLATE_DIR, TEMPLATE_PLACEHOLDERS, queue_mail, send_due

INVITATION = {
    "name": "Jürgen Müller",
    "inviter_name": "Eva Schäfer",
    "link": "https://portal.example/einladung/abc?x=1&y=2",
    "expires_at": "24.11.2026, 18:00",
    "portal_name": "Druckerei Süd",
}


class Inbox:
    """aiosmtpd handler that keeps what it receives; can hold a delivery open to simulate a
    slow server while another worker runs."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.refused_prefix = "abgelehnt"
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.release.set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.startswith(self.refused_prefix):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.arrived.set()
        await asyncio.to_thread(self.release.wait, 10)
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[misc]
            for envelope in self.envelopes
        ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _settings(port: int, **overrides: Any) -> Settings:
    smtp = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_user": "",
        "smtp_password": "",
        "smtp_starttls": False,
        "mail_from": "Druckerei Süd <portal@druckerei-sued.example>",
        "mail_max_attempts": 5,
    }
    return dataclasses.replace(get_settings(), **(smtp | overrides))


@pytest.fixture
def db_url(tmp_path: Any) -> str:
    url = f"sqlite:///{tmp_path / 't.db'}"
    schema.upgrade(url)
    return url


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def smtp_settings(inbox: Inbox) -> Iterator[Settings]:
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield _settings(port)
    finally:
        inbox.release.set()
        controller.stop()


def _queue(db_url: str, *, recipient: str = "kunde@example.com", locale: str = "de") -> int:
    with session_scope(db_url) as session:
        row = queue_mail(
            session, template="invitation", locale=locale, recipient=recipient, context=INVITATION
        )
        assert row.id is not None
        return row.id


def _rows(db_url: str) -> list[MailOutbox]:
    with session_scope(db_url) as session:
        return list(session.exec(select(MailOutbox).order_by(MailOutbox.id)))


def _row(db_url: str, mail_id: int) -> MailOutbox:
    with session_scope(db_url) as session:
        row = session.get(MailOutbox, mail_id)
        assert row is not None
        return row


def _send(db_url: str, settings: Settings, now: datetime | None = None) -> mail.SendReport:
    with session_scope(db_url) as session:
        return send_due(session, settings=settings, now=now)


# Rendering and queueing


def test_queue_renders_german_template_with_umlauts(db_url: str) -> None:
    row = _row(db_url, _queue(db_url, locale="de"))

    assert row.subject == "Einladung zu Druckerei Süd"
    assert row.body_text.startswith("Guten Tag Jürgen Müller,\n")
    assert "Eva Schäfer hat Sie eingeladen" in row.body_text
    assert "gültig bis 24.11.2026, 18:00" in row.body_text
    assert row.body_html is not None and "Jürgen Müller" in row.body_html
    assert (row.state, row.attempts, row.locale) == (MailState.QUEUED, 0, "de")
    assert row.next_attempt_at <= datetime.now(UTC)


def test_queue_renders_english_template(db_url: str) -> None:
    row = _row(db_url, _queue(db_url, locale="en"))

    assert row.subject == "Invitation to Druckerei Süd"
    assert row.body_text.startswith("Hello Jürgen Müller,\n")
    assert "Eva Schäfer has invited you" in row.body_text
    assert row.locale == "en"


@pytest.mark.parametrize(("requested", "used"), [("fr", "de"), ("en-GB", "en"), ("", "de")])
def test_queue_falls_back_to_german_when_language_is_missing(
    db_url: str, requested: str, used: str
) -> None:
    assert _row(db_url, _queue(db_url, locale=requested)).locale == used


def test_missing_placeholder_is_refused_and_nothing_is_queued(db_url: str) -> None:
    context = {key: value for key, value in INVITATION.items() if key != "link"}

    with pytest.raises(ValueError, match="link"), session_scope(db_url) as session:
        queue_mail(
            session, template="invitation", locale="de", recipient="a@example.com", context=context
        )
    assert _rows(db_url) == []


def test_unknown_template_is_refused(db_url: str) -> None:
    with pytest.raises(ValueError, match="Unknown mail template"), session_scope(db_url) as s:
        queue_mail(s, template="../config", locale="de", recipient="a@example.com", context={})


def test_html_part_escapes_markup_from_placeholders(db_url: str) -> None:
    hostile = INVITATION | {"name": "<script>alert(1)</script>"}
    with session_scope(db_url) as session:
        row = queue_mail(
            session, template="invitation", locale="de", recipient="a@example.com", context=hostile
        )

    assert row.body_html is not None
    assert "<script>" not in row.body_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row.body_html
    assert 'href="https://portal.example/einladung/abc?x=1&amp;y=2"' in row.body_html
    assert "Guten Tag <script>alert(1)</script>," in row.body_text  # plain text needs no escaping


def test_line_break_in_a_placeholder_cannot_leave_the_subject(db_url: str) -> None:
    context = INVITATION | {"portal_name": "Druckerei\nBcc: opfer@example.com"}
    with session_scope(db_url) as session:
        row = queue_mail(
            session, template="invitation", locale="de", recipient="a@example.com", context=context
        )

    assert row.subject == "Einladung zu Druckerei Bcc: opfer@example.com"


@pytest.mark.parametrize(
    "recipient",
    [
        "",
        "kein-at-zeichen",
        "kunde@localhost",
        "kunde@example.com\nBcc: opfer@example.com",
        "kunde@example.com, opfer@example.com",
        "Kunde <kunde@example.com>",
        "ku nde@example.com",
        "kun..de@example.com",
        "kunde@-example.com",
        "x" * 250 + "@example.com",
    ],
)
def test_invalid_recipient_is_refused(db_url: str, recipient: str) -> None:
    with pytest.raises(ValueError, match="Invalid recipient"), session_scope(db_url) as session:
        queue_mail(
            session, template="invitation", locale="de", recipient=recipient, context=INVITATION
        )
    assert _rows(db_url) == []


def test_umlaut_domain_is_stored_in_ascii_form(db_url: str) -> None:
    row = _row(db_url, _queue(db_url, recipient=" kunde@müller.de "))

    assert row.recipient == "kunde@xn--mller-kva.de"


def _placeholders_in(source: str) -> set[str]:
    return meta.find_undeclared_variables(Environment().parse(source))


@pytest.mark.parametrize("locale", ["de", "en"])
@pytest.mark.parametrize("template", sorted(TEMPLATE_PLACEHOLDERS))
def test_template_files_use_exactly_the_declared_placeholders(template: str, locale: str) -> None:
    text = (TEMPLATE_DIR / f"{template}.{locale}.txt").read_text(encoding="utf-8")
    html = (TEMPLATE_DIR / f"{template}.{locale}.html").read_text(encoding="utf-8")

    assert text.startswith("Subject: ")
    assert _placeholders_in(text) == TEMPLATE_PLACEHOLDERS[template]
    assert _placeholders_in(html) <= TEMPLATE_PLACEHOLDERS[template]


@pytest.mark.parametrize("layout", ["_layout.de.html", "_layout.en.html", "_macros.html"])
def test_shared_html_parts_need_only_what_every_template_has(layout: str) -> None:
    needed = _placeholders_in((TEMPLATE_DIR / layout).read_text(encoding="utf-8"))

    assert all(needed <= declared for declared in TEMPLATE_PLACEHOLDERS.values())


# Sending


def test_send_due_delivers_multipart_mail_to_smtp_server(
    db_url: str, inbox: Inbox, smtp_settings: Settings
) -> None:
    mail_id = _queue(db_url)

    report = _send(db_url, smtp_settings)

    assert report == mail.SendReport(smtp_configured=True, due=1, sent=1)
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["kunde@example.com"]
    assert envelope.mail_from == "portal@druckerei-sued.example"
    assert b"=?utf-8?" in envelope.content  # type: ignore[operator]
    [message] = inbox.messages()
    assert message["To"] == "kunde@example.com"
    assert message["From"] == "Druckerei Süd <portal@druckerei-sued.example>"
    assert message["Subject"] == "Einladung zu Druckerei Süd"
    assert message["Date"] and message["Message-ID"].endswith("@druckerei-sued.example>")
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert text.get_content().startswith("Guten Tag Jürgen Müller,")
    assert "Eva Schäfer hat Sie eingeladen" in html.get_content()
    row = _row(db_url, mail_id)
    assert (row.state, row.attempts, row.last_error) == (MailState.SENT, 1, "")
    assert row.sent_at is not None


def test_sent_mail_is_not_sent_again(db_url: str, inbox: Inbox, smtp_settings: Settings) -> None:
    _queue(db_url)
    _send(db_url, smtp_settings)

    report = _send(db_url, smtp_settings, now=datetime.now(UTC) + timedelta(days=1))

    assert report.due == 0
    assert len(inbox.envelopes) == 1


def test_without_smtp_host_nothing_is_sent_and_mails_stay_queued(
    db_url: str, inbox: Inbox, smtp_settings: Settings
) -> None:
    _queue(db_url)
    _queue(db_url, recipient="zweiter@example.com")

    report = _send(db_url, dataclasses.replace(smtp_settings, smtp_host=""))

    assert report == mail.SendReport(smtp_configured=False, due=2)
    assert inbox.envelopes == []
    assert [(row.state, row.attempts) for row in _rows(db_url)] == [(MailState.QUEUED, 0)] * 2


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_is_used_when_credentials_are_configured(db_url: str, inbox: Inbox) -> None:
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any):
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"geheim")

    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        _queue(db_url)
        report = _send(db_url, _settings(port, smtp_user="portal", smtp_password="geheim"))
    finally:
        controller.stop()

    assert report.sent == 1
    assert logins == [(b"portal", b"geheim")]


def test_failures_back_off_exponentially_then_mark_the_mail_failed(db_url: str) -> None:
    mail_id = _queue(db_url)
    closed_port = _settings(_free_port(), mail_max_attempts=8)
    now = datetime.now(UTC) + timedelta(seconds=1)

    for attempt, delay_minutes in enumerate([1, 2, 4, 8, 16, 32, 60], start=1):
        assert _send(db_url, closed_port, now=now).retrying == 1
        row = _row(db_url, mail_id)
        assert (row.state, row.attempts) == (MailState.QUEUED, attempt)
        assert row.next_attempt_at == now + timedelta(minutes=delay_minutes)
        assert "ConnectionRefusedError" in row.last_error
        assert _send(db_url, closed_port, now=row.next_attempt_at - timedelta(seconds=1)).due == 0
        now = row.next_attempt_at

    assert _send(db_url, closed_port, now=now).failed == 1
    row = _row(db_url, mail_id)
    assert (row.state, row.attempts, row.sent_at) == (MailState.FAILED, 8, None)
    assert _send(db_url, closed_port, now=now + timedelta(days=1)).due == 0


def test_mail_that_failed_once_goes_out_when_the_server_is_back(
    db_url: str, inbox: Inbox, smtp_settings: Settings
) -> None:
    mail_id = _queue(db_url)
    now = datetime.now(UTC) + timedelta(seconds=1)
    _send(db_url, _settings(_free_port()), now=now)

    report = _send(db_url, smtp_settings, now=now + timedelta(minutes=1))

    assert report.sent == 1
    row = _row(db_url, mail_id)
    assert (row.state, row.attempts, row.last_error) == (MailState.SENT, 2, "")
    assert len(inbox.envelopes) == 1


def test_unreachable_server_stops_the_pass_without_using_up_other_attempts(db_url: str) -> None:
    for number in range(3):
        _queue(db_url, recipient=f"kunde{number}@example.com")

    report = _send(db_url, _settings(_free_port()))

    assert (report.due, report.retrying, report.sent) == (3, 1, 0)
    assert [row.attempts for row in _rows(db_url)] == [1, 0, 0]


def test_refused_recipient_does_not_hold_up_the_other_mails(
    db_url: str, inbox: Inbox, smtp_settings: Settings
) -> None:
    refused_id = _queue(db_url, recipient="abgelehnt@example.com")
    _queue(db_url, recipient="kunde@example.com")

    report = _send(db_url, smtp_settings)

    assert (report.sent, report.retrying) == (1, 1)
    assert [envelope.rcpt_tos for envelope in inbox.envelopes] == [["kunde@example.com"]]
    assert "SMTPRecipientsRefused" in _row(db_url, refused_id).last_error


def test_mail_claimed_by_a_busy_worker_is_not_sent_by_another(
    db_url: str, inbox: Inbox, smtp_settings: Settings
) -> None:
    _queue(db_url)
    inbox.release.clear()
    first = threading.Thread(target=_send, args=(db_url, smtp_settings))
    first.start()
    assert inbox.arrived.wait(10), "first worker never reached the SMTP server"

    second = _send(db_url, smtp_settings)
    inbox.release.set()
    first.join(10)

    assert (second.due, second.sent) == (0, 0)
    assert len(inbox.envelopes) == 1
    assert _rows(db_url)[0].state == MailState.SENT


def test_concurrent_workers_deliver_every_mail_exactly_once(
    db_url: str, inbox: Inbox, smtp_settings: Settings
) -> None:
    for number in range(12):
        _queue(db_url, recipient=f"kunde{number}@example.com")
    start = threading.Barrier(4)
    reports: list[mail.SendReport] = []

    def worker() -> None:
        start.wait()
        reports.append(_send(db_url, smtp_settings))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    delivered = Counter(address for envelope in inbox.envelopes for address in envelope.rcpt_tos)
    assert len(delivered) == 12 and set(delivered.values()) == {1}
    assert sum(report.sent for report in reports) == 12
    assert {(row.state, row.attempts) for row in _rows(db_url)} == {(MailState.SENT, 1)}


# Background loop


def test_run_sender_logs_errors_and_keeps_sending(
    db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    passes: list[int] = []

    def flaky_send_due(session: Any) -> mail.SendReport:
        passes.append(1)
        if len(passes) == 1:
            raise RuntimeError("database went away")
        return mail.SendReport(smtp_configured=False)

    monkeypatch.setattr(mail, "send_due", flaky_send_due)
    monkeypatch.setattr(mail, "session_scope", lambda: session_scope(db_url))

    async def run_three_passes() -> None:
        sender = asyncio.create_task(mail.run_sender(interval_seconds=0.01))
        while len(passes) < 3:
            await asyncio.sleep(0.01)
        sender.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sender

    asyncio.run(asyncio.wait_for(run_three_passes(), 10))

    assert "database went away" in caplog.text
