"""Staff-edited mail templates: per template and language a subject, a text and an HTML body.

The files in portal/templates/mail are the defaults; a saved version is a `setting` row that
`portal.services.mail.render_mail` prefers. A version is only stored when it parses, uses no
placeholder the template does not receive (`TEMPLATE_PLACEHOLDERS`) and renders with sample
values, so a typo of the clerk can never break the mails the business sends. Rendering uses the
bounded sandbox of portal.services.mail_sandbox, and a version is refused when its source breaks
the sandbox's static rules or its sample render hits a limit (huge numbers, strings, loops or
output): such a template would otherwise stall every mail the business queues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, meta
from sqlmodel import Session

from portal.i18n import LOCALES
from portal.models import Setting
from portal.models.enums import StaffPermission
from portal.services import access, audit
from portal.services.access import Principal
from portal.services.mail import (
    _HTML_ENV,
    _TEXT_ENV,
    TEMPLATE_DIR,
    TEMPLATE_PLACEHOLDERS,
    RenderedMail,
    template_override,
    template_setting_key,
)
from portal.services.mail_links import TOKEN_PLACEHOLDERS, link_only_in_anchors, plain_uses_only
from portal.services.mail_sandbox import RenderLimit, check_structure, render_bounded

# Placeholders that are flags or lists get typed samples; every other one is text.
_BOOLEAN_SAMPLES = {"approved": True, "is_quote_request": False}
_LIST_SAMPLES: dict[str, list[dict[str, str]]] = {
    "storage": [
        {
            "customer": "Muster GmbH",
            "number": "V-1001",
            "product": "Cloud Backup",
            "percent": "92",
            "used": "460",
            "quota": "500",
        }
    ],
    "updates": [
        {"customer": "Muster GmbH", "number": "V-1002", "product": "Server", "due": "01.12.2026"}
    ],
    "lines": [
        {
            "quantity": "2",
            "name": "Toner schwarz",
            "article_number": "T-100",
            "printer": "Laser 5000",
            "amount": "119,00 €",
        }
    ],
    "totals": [{"label": "Summe", "amount": "119,00 €"}],
}
_TEXT_SAMPLES = {
    "name": "Erika Mustermann",
    "link": "https://portal.example/link",
    "portal_name": "Portal",
    "login": "erika@example.com",
    "expires_at": "24.11.2026, 18:00",
    "order_number": "A-2026-0001",
    "customer_name": "Muster GmbH",
    "comment": "Bitte Logo größer.",
    "inviter_name": "Max Mitarbeiter",
    "staff_name": "Max Mitarbeiter",
    "at": "22.11.2026, 18:00",
}
_SOURCE_MAX = 50_000


class TemplateInvalid(ValueError):
    """A refused version: the i18n message key and its values (part, line, placeholder)."""

    def __init__(self, message_key: str, **values: object) -> None:
        super().__init__(message_key, values)
        self.message_key = message_key
        self.values = values


@dataclass(frozen=True)
class TemplateSource:
    subject: str
    text: str
    html: str
    customized: bool


def templates() -> list[str]:
    """Every template staff may edit (all that exist as files)."""
    return sorted(TEMPLATE_PLACEHOLDERS)


def placeholders(template: str) -> list[str]:
    _known_template(template)
    return sorted(TEMPLATE_PLACEHOLDERS[template])


def sample_context(template: str) -> dict[str, Any]:
    """Made-up values of the template's placeholders, for the preview and the render check."""
    return {
        key: _BOOLEAN_SAMPLES.get(key, _LIST_SAMPLES.get(key, _TEXT_SAMPLES.get(key, key)))
        for key in placeholders(template)
    }


def source(session: Session, principal: Principal, template: str, locale: str) -> TemplateSource:
    """The version in use: the stored one, else the file's."""
    access.ensure(principal, StaffPermission.SETTINGS)
    _known_template(template)
    _known_locale(locale)
    override = template_override(session, template, locale)
    if override is not None:
        return TemplateSource(**override, customized=True)
    first_line, _, rest = _file(template, locale, "txt").partition("\n")
    return TemplateSource(
        subject=first_line.partition(":")[2].strip(),
        text=rest[1:] if rest.startswith("\n") else rest,
        html=_file(template, locale, "html"),
        customized=False,
    )


def check(template: str, subject: str, text: str, html: str) -> RenderedMail:
    """Refuse broken syntax, unknown placeholders, unbounded work and an HTML link placed where
    the mail client would load it by itself (portal.services.mail_links); returns the preview
    with sample values. CPU-bound: call it in a worker thread, never on the event loop."""
    _known_template(template)
    known = TEMPLATE_PLACEHOLDERS[template]
    parts = (("subject", subject, _TEXT_ENV), ("text", text, _TEXT_ENV), ("html", html, _HTML_ENV))
    for part, body, env in parts:
        if len(body) > _SOURCE_MAX:
            raise TemplateInvalid("settings.templates.error.too_long", part=part)
        if part != "html" and not body.strip():
            raise TemplateInvalid("settings.templates.error.empty", part=part)
        if part == "subject" and "\n" in body.strip():
            raise TemplateInvalid("settings.templates.error.subject_line")
        try:
            parsed = env.parse(body)
            undeclared = meta.find_undeclared_variables(parsed)  # also finds unknown filters
        except TemplateSyntaxError as error:
            raise TemplateInvalid(
                "settings.templates.error.syntax", part=part, line=error.lineno, error=error.message
            ) from None
        try:
            check_structure(parsed)
        except RenderLimit as error:
            raise TemplateInvalid(
                "settings.templates.error.limit", part=part, error=str(error)
            ) from None
        if part == "html" and (undeclared & TOKEN_PLACEHOLDERS) and not plain_uses_only(parsed):
            raise TemplateInvalid("settings.templates.error.link")
        unknown = sorted(undeclared - known)
        if unknown:
            raise TemplateInvalid(
                "settings.templates.error.placeholder",
                part=part,
                placeholder=", ".join(unknown),
                known=", ".join(sorted(known)),
            )
    rendered = _render(template, subject, text, html, sample_context(template))
    if rendered.body_html and not link_only_in_anchors(rendered.body_html, _TEXT_SAMPLES["link"]):
        raise TemplateInvalid("settings.templates.error.link")
    return rendered


def save(
    session: Session,
    principal: Principal,
    template: str,
    locale: str,
    *,
    subject: str,
    text: str,
    html: str,
) -> RenderedMail:
    """Store a checked version; nothing is stored when the check refuses it."""
    access.ensure(principal, StaffPermission.SETTINGS)
    _known_locale(locale)
    rendered = check(template, subject, text, html)
    key = template_setting_key(template, locale)
    row = session.get(Setting, key) or Setting(key=key, value={})
    row.value = {"subject": subject.strip(), "text": text, "html": html}
    session.add(row)
    audit.record_by(
        session, principal, "settings.mail_template", target_type="setting", target_id=key
    )
    session.flush()
    return rendered


def reset(session: Session, principal: Principal, template: str, locale: str) -> None:
    """Back to the file's version."""
    access.ensure(principal, StaffPermission.SETTINGS)
    _known_template(template)
    _known_locale(locale)
    key = template_setting_key(template, locale)
    row = session.get(Setting, key)
    if row is not None:
        session.delete(row)
        audit.record_by(
            session,
            principal,
            "settings.mail_template_reset",
            target_type="setting",
            target_id=key,
        )
        session.flush()


def _render(
    template: str, subject: str, text: str, html: str, context: dict[str, Any]
) -> RenderedMail:
    """Render like render_mail does; a runtime error (a sandbox refusal, an attribute of a
    text) is a refusal too, with the part it came from."""
    results: dict[str, str] = {}
    for part, body, env in (
        ("subject", subject, _TEXT_ENV),
        ("text", text, _TEXT_ENV),
        ("html", html, _HTML_ENV),
    ):
        if part == "html" and not body.strip():
            results[part] = ""
            continue
        try:
            results[part] = render_bounded(env.from_string(body), context)
        except RenderLimit as error:
            raise TemplateInvalid(
                "settings.templates.error.limit", part=part, error=str(error)
            ) from None
        except TemplateError as error:
            raise TemplateInvalid(
                "settings.templates.error.render", part=part, error=str(error)
            ) from None
    return RenderedMail(
        locale="",
        subject=" ".join(results["subject"].split()),
        body_text=results["text"],
        body_html=results["html"] or None,
    )


def _file(template: str, locale: str, extension: str) -> str:
    path = TEMPLATE_DIR / f"{template}.{locale}.{extension}"
    if not path.exists():
        path = TEMPLATE_DIR / f"{template}.de.{extension}"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _known_template(template: str) -> None:
    if template not in TEMPLATE_PLACEHOLDERS:
        raise TemplateInvalid("settings.templates.error.unknown_template")


def _known_locale(locale: str) -> None:
    if locale not in LOCALES:
        raise TemplateInvalid("settings.templates.error.unknown_template")
