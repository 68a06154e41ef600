"""Back-office settings: branding, SMTP, mail templates, shop prices, password policy.
SQLite and PostgreSQL; the test mail goes to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from portal.config import get_settings
from portal.i18n import t
from portal.models import AuditEvent, Setting
from portal.services import branding, mail_templates, settings, settings_admin, smtp_settings
from portal.services.access import AccessDenied
from portal.services.mail import queue_mail, render_mail
from portal.services.uploads import UploadRefused
from tests.services import settings_world
from tests.services.test_mail import Inbox, _free_port

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ACCESS = {
    "name": "Erika",
    "login": "erika@example.com",
    "link": "https://portal.example/x",
    "expires_at": "morgen",
    "portal_name": "Portal",
}


@pytest.fixture
def world(
    db_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SimpleNamespace]:
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    monkeypatch.setenv("PORTAL_SMTP_HOST", "")
    get_settings.cache_clear()
    world = settings_world.build(db_session)
    world.session = db_session
    world.data_dir = tmp_path
    world.admin_p = world.principal(world.admin)
    world.clerk_p = world.principal(world.clerk)
    yield world
    get_settings.cache_clear()


def _audited(world: SimpleNamespace, action: str) -> list[AuditEvent]:
    return list(world.session.exec(select(AuditEvent).where(AuditEvent.action == action)))


# Branding


def test_branding_defaults_then_saved_values(world) -> None:
    assert branding.current(world.session) == branding.Branding("Portal", "#1f5fa8", None)

    saved = branding.save(
        world.session, world.admin_p, name="  Druckerei   Süd ", primary_color="#AA3300"
    )

    assert saved == branding.Branding("Druckerei Süd", "#aa3300", None)
    assert branding.portal_name(world.session) == "Druckerei Süd"
    assert _audited(world, "settings.branding")[0].actor_id == world.admin.id


@pytest.mark.parametrize(
    ("name", "color", "key"),
    [
        ("   ", "#112233", "settings.branding.error.name_empty"),
        ("x" * 61, "#112233", "settings.branding.error.name_long"),
        ("Portal", "red", "settings.branding.error.color"),
        ("Portal", "#12345", "settings.branding.error.color"),
        ("Portal", "#1234567", "settings.branding.error.color"),
    ],
)
def test_bad_branding_is_refused_and_nothing_saved(world, name: str, color: str, key: str) -> None:
    with pytest.raises(branding.BrandingInvalid) as refused:
        branding.save(world.session, world.admin_p, name=name, primary_color=color)

    assert refused.value.message_key == key
    assert world.session.get(Setting, branding.BRANDING_SETTING) is None


def test_legal_links_are_saved_and_shown_with_the_branding(world) -> None:
    saved = branding.save(
        world.session,
        world.admin_p,
        name="Portal",
        primary_color="#1f5fa8",
        imprint_url=" https://druckerei.example/impressum ",
        privacy_url="https://druckerei.example/datenschutz?lang=de",
    )

    assert (saved.imprint_url, saved.privacy_url) == (
        "https://druckerei.example/impressum",
        "https://druckerei.example/datenschutz?lang=de",
    )
    assert branding.current(world.session) == saved
    detail = _audited(world, "settings.branding")[0].detail
    assert detail["imprint_url"] == "https://druckerei.example/impressum"
    # empty: the link is not shown any more
    cleared = branding.save(world.session, world.admin_p, name="Portal", primary_color="#1f5fa8")
    assert (cleared.imprint_url, cleared.privacy_url) == ("", "")


@pytest.mark.parametrize(
    "url",
    [
        "http://druckerei.example/impressum",
        "javascript:alert(1)",
        "JavaScript://druckerei.example/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://",
        "https://user:secret@druckerei.example/",
        "https://druckerei.example/imp ressum",
        "druckerei.example/impressum",
        "https://druckerei.example/" + "x" * branding.URL_MAX,
    ],
)
@pytest.mark.parametrize("link", branding.LEGAL_LINKS)
def test_legal_links_must_be_https_and_nothing_is_saved(world, url: str, link: str) -> None:
    with pytest.raises(branding.BrandingInvalid) as refused:
        branding.save(
            world.session, world.admin_p, name="Portal", primary_color="#1f5fa8", **{link: url}
        )

    assert refused.value.message_key == "settings.branding.error.url"
    assert world.session.get(Setting, branding.BRANDING_SETTING) is None


def test_a_stored_bad_link_is_never_shown(world) -> None:
    settings.write(world.session, branding.BRANDING_SETTING, {"imprint_url": "javascript:alert(1)"})

    assert branding.current(world.session).imprint_url == ""


def test_branding_needs_the_settings_permission(world) -> None:
    with pytest.raises(AccessDenied):
        branding.save(world.session, world.clerk_p, name="X", primary_color="#000000")
    with pytest.raises(AccessDenied):
        branding.save_logo(world.session, world.clerk_p, PNG, "l.png", data_dir=world.data_dir)


def test_logo_is_stored_versioned_and_replaced(world) -> None:
    first = branding.save_logo(
        world.session, world.admin_p, PNG, "logo.png", data_dir=world.data_dir
    )
    old_path, mime = branding.logo_file(world.session, world.data_dir)  # type: ignore[misc]
    second = branding.save_logo(
        world.session,
        world.admin_p,
        b"\xff\xd8\xff" + b"\x00" * 10,
        "l.jpg",
        data_dir=world.data_dir,
    )
    new_path, new_mime = branding.logo_file(world.session, world.data_dir)  # type: ignore[misc]

    assert (first.logo_version, second.logo_version) == (1, 2)
    assert second.logo_url == "/files/branding/logo?v=2"
    assert (mime, new_mime) == ("image/png", "image/jpeg")
    assert not old_path.exists() and new_path.read_bytes().startswith(b"\xff\xd8\xff")
    assert new_path.parent == world.data_dir / "branding"

    branding.remove_logo(world.session, world.admin_p, data_dir=world.data_dir)
    assert branding.current(world.session).logo_version is None
    assert not new_path.exists()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (SVG, "upload.error.type"),
        (b"%PDF-1.7 not an image", "upload.error.type"),
        (b"", "upload.error.empty"),
        (PNG + b"\x00" * (1024 * 1024), "upload.error.too_large"),
    ],
)
def test_logo_that_is_no_small_raster_image_is_refused(world, data: bytes, key: str) -> None:
    with pytest.raises(UploadRefused) as refused:
        branding.save_logo(world.session, world.admin_p, data, "logo.png", data_dir=world.data_dir)

    assert refused.value.message_key == key
    assert branding.current(world.session).logo_version is None
    assert not (world.data_dir / "branding").exists()


# SMTP


def _save_smtp(world, **changes) -> smtp_settings.SmtpView:  # type: ignore[no-untyped-def]
    values = {
        "host": "mail.example.com",
        "port": "587",
        "user": "portal",
        "password": "geheim-123",
        "clear_password": False,
        "starttls": True,
        "mail_from": "Portal <portal@example.com>",
    } | changes
    return smtp_settings.save(world.session, world.admin_p, **values)


def test_stored_smtp_settings_override_the_environment(world) -> None:
    assert smtp_settings.effective(world.session).smtp_host == ""

    shown = _save_smtp(world)
    effective = smtp_settings.effective(world.session)

    assert (effective.smtp_host, effective.smtp_port, effective.smtp_user) == (
        "mail.example.com",
        587,
        "portal",
    )
    assert effective.smtp_password == "geheim-123"
    assert effective.smtp_starttls and effective.mail_from == "Portal <portal@example.com>"
    # the browser only learns that a password is set; the row holds it encrypted
    assert shown.password_set and "geheim" not in repr(shown)
    stored = world.session.get(Setting, "smtp")
    assert stored is not None and "geheim-123" not in str(stored.value)
    assert all("geheim" not in str(event.detail) for event in _audited(world, "settings.smtp"))


def test_empty_password_field_keeps_the_stored_one_clear_removes_it(world) -> None:
    _save_smtp(world)
    shown = _save_smtp(world, password="", starttls=False, mail_from="ops@example.com")
    assert shown.password_set and not shown.password_dropped
    assert smtp_settings.effective(world.session).smtp_password == "geheim-123"

    shown = _save_smtp(world, password="", clear_password=True)
    assert not shown.password_set
    assert smtp_settings.effective(world.session).smtp_password == ""


@pytest.mark.parametrize(
    "change", [{"host": "evil.example.net"}, {"port": "2525"}, {"user": "someone-else"}]
)
def test_a_new_target_drops_the_stored_password_unless_typed_again(world, change) -> None:  # type: ignore[no-untyped-def]
    _save_smtp(world)

    shown = _save_smtp(world, password="", **change)

    assert shown.password_dropped and not shown.password_set
    assert smtp_settings.effective(world.session).smtp_password == ""
    [_, event] = _audited(world, "settings.smtp")
    assert event.detail["password_changed"] is True
    shown = _save_smtp(world, password="neu-456", **change)
    assert shown.password_set and not shown.password_dropped
    assert smtp_settings.effective(world.session).smtp_password == "neu-456"


def test_a_new_target_never_gets_the_environments_password(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTAL_SMTP_HOST", "mail.example.com")
    monkeypatch.setenv("PORTAL_SMTP_PASSWORD", "aus-der-umgebung")
    get_settings.cache_clear()

    shown = _save_smtp(world, password="", host="evil.example.net")

    assert shown.password_dropped
    assert smtp_settings.effective(world.session).smtp_password == ""


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"host": "mail example"}, "settings.smtp.error.host"),
        ({"port": "0"}, "settings.smtp.error.port"),
        ({"port": "abc"}, "settings.smtp.error.port"),
        ({"mail_from": "not an address"}, "settings.smtp.error.from"),
        ({"mail_from": "a@example.com\nBcc: x@evil.example"}, "settings.smtp.error.from"),
    ],
)
def test_bad_smtp_settings_are_refused(world, changes: dict[str, str], key: str) -> None:
    with pytest.raises(smtp_settings.SmtpInvalid) as refused:
        _save_smtp(world, **changes)
    assert refused.value.message_key == key
    assert world.session.get(Setting, "smtp") is None


def test_test_mail_reaches_the_server_of_the_stored_settings(world) -> None:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        _save_smtp(world, host="127.0.0.1", port=str(port), user="", password="", starttls=False)
        prepared = smtp_settings.prepare_test_mail(world.session, world.admin_p, "ops@example.com")
        assert smtp_settings.send_test_mail(prepared) == ""
    finally:
        controller.stop()
    [message] = inbox.messages()
    assert message["To"] == "ops@example.com"
    assert message["From"] == "Portal <portal@example.com>"


def test_test_mail_reports_a_refused_connection(world) -> None:
    _save_smtp(world, host="127.0.0.1", port=str(_free_port()), starttls=False)
    prepared = smtp_settings.prepare_test_mail(world.session, world.admin_p, "ops@example.com")

    assert smtp_settings.send_test_mail(prepared) == "settings.smtp.test.refused"


def test_test_mail_failure_never_shows_the_servers_reply(world) -> None:
    """A server that refuses the login with its own words: the clerk learns the category only."""

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def refuse_once() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.sendall(b"554 secret-banner-text of the remote server\r\n")
            connection.recv(1024)

    server = threading.Thread(target=refuse_once, daemon=True)
    server.start()
    try:
        _save_smtp(world, host="127.0.0.1", port=str(port), starttls=False)
        prepared = smtp_settings.prepare_test_mail(world.session, world.admin_p, "ops@example.com")
        key = smtp_settings.send_test_mail(prepared)
    finally:
        server.join(5)
        listener.close()
    assert key == "settings.smtp.test.failed"
    for locale in ("de", "en"):
        assert "secret-banner" not in t(key, locale)


# Mail templates


def test_unknown_placeholder_is_refused_naming_it(world) -> None:
    with pytest.raises(mail_templates.TemplateInvalid) as refused:
        mail_templates.save(
            world.session,
            world.admin_p,
            "access_data",
            "de",
            subject="Zugang",
            text="Hallo {{ name }}, Ihr Passwort: {{ password }}",
            html="",
        )

    assert refused.value.message_key == "settings.templates.error.placeholder"
    assert refused.value.values["placeholder"] == "password"
    assert world.session.get(Setting, "mail_template.access_data.de") is None


def test_broken_syntax_is_refused_naming_the_line(world) -> None:
    with pytest.raises(mail_templates.TemplateInvalid) as refused:
        mail_templates.save(
            world.session,
            world.admin_p,
            "access_data",
            "de",
            subject="Zugang",
            text="Hallo\n\n{% if name %}offen",
            html="",
        )

    assert refused.value.message_key == "settings.templates.error.syntax"
    assert refused.value.values["part"] == "text"
    assert refused.value.values["line"] == 3
    assert world.session.get(Setting, "mail_template.access_data.de") is None


def test_sandbox_refusal_at_render_time_is_refused(world) -> None:
    with pytest.raises(mail_templates.TemplateInvalid) as refused:
        mail_templates.check("access_data", "Zugang", "{{ name.__class__.__mro__ }}", "")
    assert refused.value.message_key == "settings.templates.error.render"


def test_saved_template_is_used_by_render_mail_until_reset(world) -> None:
    preview = mail_templates.save(
        world.session,
        world.admin_p,
        "access_data",
        "de",
        subject="Ihr Zugang zu {{ portal_name }}",
        text="Hallo {{ name }}, hier: {{ link }}",
        html="<p>Hallo {{ name }}</p>",
    )
    assert preview.body_text == "Hallo Erika Mustermann, hier: https://portal.example/link"

    rendered = render_mail("access_data", "de", ACCESS, session=world.session)
    queued = queue_mail(
        world.session,
        template="access_data",
        locale="de",
        recipient="e@example.com",
        context=ACCESS,
    )
    other_language = render_mail("access_data", "en", ACCESS, session=world.session)

    assert rendered.subject == "Ihr Zugang zu Portal"
    assert rendered.body_text == "Hallo Erika, hier: https://portal.example/x"
    assert rendered.body_html == "<p>Hallo Erika</p>"
    assert queued.body_text == rendered.body_text
    assert "Hallo Erika, hier" not in other_language.body_text
    assert mail_templates.source(world.session, world.admin_p, "access_data", "de").customized

    mail_templates.reset(world.session, world.admin_p, "access_data", "de")

    default = render_mail("access_data", "de", ACCESS, session=world.session)
    assert default == render_mail("access_data", "de", ACCESS)
    assert not mail_templates.source(world.session, world.admin_p, "access_data", "de").customized
    assert len(_audited(world, "settings.mail_template_reset")) == 1


@pytest.mark.parametrize("template", mail_templates.templates())
@pytest.mark.parametrize("locale", ["de", "en"])
def test_every_default_template_passes_its_own_check(world, template: str, locale: str) -> None:
    source = mail_templates.source(world.session, world.admin_p, template, locale)
    preview = mail_templates.check(template, source.subject, source.text, source.html)
    assert preview.subject and preview.body_text


def test_templates_need_the_settings_permission(world) -> None:
    with pytest.raises(AccessDenied):
        mail_templates.source(world.session, world.clerk_p, "access_data", "de")
    with pytest.raises(AccessDenied):
        mail_templates.save(
            world.session, world.clerk_p, "access_data", "de", subject="x", text="y", html=""
        )


# Shop prices and password policy


def test_shop_prices_switch_and_customer_override(world) -> None:
    customer = world.customer
    settings_admin.set_shop_prices(world.session, world.admin_p, False)
    assert not settings.shows_prices(world.session, customer)

    settings_admin.set_customer_prices(world.session, world.admin_p, customer.id, "shown")
    assert settings.shows_prices(world.session, customer)
    assert settings_admin.price_choice(customer) == "shown"

    settings_admin.set_customer_prices(world.session, world.admin_p, customer.id, "inherit")
    assert customer.show_prices is None and not settings.shows_prices(world.session, customer)
    assert [c.id for c in settings_admin.find_customers(world.session, world.admin_p, "must")] == [
        customer.id
    ]
    with pytest.raises(settings_admin.SettingInvalid):
        settings_admin.set_customer_prices(world.session, world.admin_p, customer.id, "maybe")
    with pytest.raises(AccessDenied):
        settings_admin.set_customer_prices(world.session, world.clerk_p, customer.id, "shown")


def test_password_policy_never_below_eight(world) -> None:
    policy = settings_admin.set_password_policy(
        world.session, world.admin_p, min_length="12", check_common=False
    )
    assert dataclasses.astuple(policy) == (12, False)
    for bad in ("7", "x", "65"):
        with pytest.raises(settings_admin.SettingInvalid):
            settings_admin.set_password_policy(
                world.session, world.admin_p, min_length=bad, check_common=True
            )
    assert settings.password_policy(world.session).min_length == 12


# Bounded rendering of staff-edited templates


@pytest.mark.parametrize(
    "text",
    [
        "{{ 9**(9**9) }}",
        "{{ 2**100000 }}",
        "{{ 'x' * 10**9 }}",
        "{{ 10**9 * 'x' }}",
        "{{ [1] * 10**9 }}",
        "{{ name * 100000 }}",
        "{% for i in range(100000) %}{% endfor %}",
        "{% for i in range(1000) %}{% for j in range(1000) %}{{ i }}{% endfor %}{% endfor %}",
        "{% for a in range(9) %}{% for b in range(9) %}{% for c in range(9) %}"
        "{% endfor %}{% endfor %}{% endfor %}",
        "{% for c in 'x' * 1000 %}{% endfor %}",
        "{% set a = name %}{{ a }}",
        "{% macro m() %}x{% endmacro %}{{ m() }}",
        "{{ lipsum(1000) }}",
        "{{ name|center(10**8) }}",
        "{{ '%099999999d'|format(1) }}",
    ],
)
def test_unbounded_work_is_refused_at_save_time(world, text: str) -> None:
    with pytest.raises(mail_templates.TemplateInvalid) as refused:
        mail_templates.save(
            world.session, world.admin_p, "access_data", "de", subject="Zugang", text=text, html=""
        )
    assert refused.value.message_key in (
        "settings.templates.error.limit",
        "settings.templates.error.render",
        "settings.templates.error.placeholder",
        "settings.templates.error.syntax",
    )
    assert world.session.get(Setting, "mail_template.access_data.de") is None
    assert "{part}" not in t(refused.value.message_key, "de", **refused.value.values)


def test_reasonable_loops_and_arithmetic_still_render(world) -> None:
    rendered = mail_templates.check(
        "access_data",
        "Zugang {{ 2**10 }}",
        "{% for i in range(3) %}{{ i * 2 }}{% endfor %} {{ '-' * 10 }} {{ name|upper }}",
        "",
    )
    assert rendered.subject == "Zugang 1024"
    assert rendered.body_text == "024 ---------- ERIKA MUSTERMANN"


def test_a_stored_template_over_a_limit_falls_back_to_the_file(world) -> None:
    world.session.add(
        Setting(
            key="mail_template.access_data.de",
            value={"subject": "Zugang", "text": "{{ 'x' * 10**9 }}", "html": ""},
        )
    )
    world.session.flush()

    rendered = render_mail("access_data", "de", ACCESS, session=world.session)

    assert "https://portal.example/x" in rendered.body_text


def test_output_is_capped(world) -> None:
    from portal.services.mail_sandbox import OUTPUT_MAX

    text = (
        "{% for i in range(1000) %}{% for j in range(1000) %}"
        + "x" * 300
        + "{% endfor %}{% endfor %}"
    )
    with pytest.raises(mail_templates.TemplateInvalid) as refused:
        mail_templates.check("access_data", "Zugang", text, "")
    assert refused.value.message_key == "settings.templates.error.limit"
    assert str(OUTPUT_MAX) in refused.value.values["error"]


# The token-bearing link only where the recipient clicks it


@pytest.mark.parametrize(
    "html",
    [
        '<img src="{{ link }}">',
        '<p style="background:url({{ link }})">x</p>',
        "<style>p { background: url({{ link }}) }</style>",
        '<link rel="stylesheet" href="{{ link }}">',
        '<meta http-equiv="refresh" content="0;url={{ link }}">',
        '<a href="{{ link }}"><img src="{{ link }}"></a>',
        '<img src="{{ link|upper }}">',
        '<img src="{{ link ~ "" }}">',
        '<img src="{{ link[0:200] }}">',
    ],
)
def test_link_outside_an_anchor_is_refused(world, html: str) -> None:
    with pytest.raises(mail_templates.TemplateInvalid) as refused:
        mail_templates.save(
            world.session,
            world.admin_p,
            "password_reset",
            "de",
            subject="Passwort",
            text="{{ link }}",
            html=html,
        )
    assert refused.value.message_key == "settings.templates.error.link"
    assert world.session.get(Setting, "mail_template.password_reset.de") is None
    assert "{{ link }}" in t("settings.templates.error.link", "en")


def test_link_as_anchor_text_and_macro_button_are_fine(world) -> None:
    html = (
        '{% from "_macros.html" import button %}'
        '<p><a href="{{ link }}">{{ link }}</a></p>'
        '{% if link %}{{ button(link, "Los") }}{% endif %}'
    )
    rendered = mail_templates.check("invitation", "Einladung", "{{ link }}", html)
    assert rendered.body_html is not None and "https://portal.example/link" in rendered.body_html
