"""A real SMTP server for the browser tests: aiosmtpd in this process, on a free port.

The app server (a child process) is pointed at it through PORTAL_SMTP_HOST/PORTAL_SMTP_PORT,
so mails travel the production path (outbox → sender → SMTP) and a test reads what a person
would receive: `wait_for(recipient)` and `link_in(message, path)`.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

_LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class ReceivedMail:
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def text(self) -> str:
        """The plain-text body (every mail of Portal has one)."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def link(self, path: str) -> str:
        """The first link in the text body whose path starts with `path`."""
        for url in _LINK.findall(self.text):
            if re.match(r"https?://[^/]+" + re.escape(path), url):
                return url
        raise AssertionError(f"no link to {path} in mail {self.subject!r}:\n{self.text}")


class _Handler:
    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        recipients = tuple(address.lower() for address in envelope.rcpt_tos)
        with self.server.lock:
            self.server.mails.append(ReceivedMail(recipients, message))
        return "250 OK"


class SmtpTestServer:
    """Keeps every mail it receives; thread-safe, because aiosmtpd runs its own loop thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mails: list[ReceivedMail] = []
        self.host = "127.0.0.1"
        self.port = _free_port()
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def env(self) -> dict[str, str]:
        """What the app server needs to deliver here, quickly."""
        return {
            "PORTAL_SMTP_HOST": self.host,
            "PORTAL_SMTP_PORT": str(self.port),
            "PORTAL_SMTP_STARTTLS": "false",
            "PORTAL_MAIL_INTERVAL_SECONDS": "1",
        }

    def received_by(self, recipient: str) -> list[ReceivedMail]:
        with self.lock:
            return [mail for mail in self.mails if recipient.lower() in mail.recipients]

    def wait_for(
        self, recipient: str, *, subject_contains: str = "", after: int = 0, timeout_s: float = 30
    ) -> ReceivedMail:
        """The first mail to `recipient` beyond the first `after` ones (count them before the
        action that sends) whose subject contains `subject_contains`."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for mail in self.received_by(recipient)[after:]:
                if subject_contains in mail.subject:
                    return mail
            time.sleep(0.2)
        raise AssertionError(f"no mail to {recipient} within {timeout_s:.0f}s")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
