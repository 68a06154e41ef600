"""The app shell: header with branding, navigation of the audience, user menu (language, logout)."""

from __future__ import annotations

import reflex as rx

from portal.components.act_as import acting_banner
from portal.components.forms import post_form
from portal.services.navigation import SECURITY_PATH
from portal.services.profile import PROFILE_PATH
from portal.state.session import SessionState

T = SessionState.t
# The installation's primary colour (branding, set by staff), as a CSS variable of the shell.
PRIMARY = "var(--portal-brand, #1f5fa8)"


def brand_style() -> dict[str, rx.Var]:
    """CSS variables of the shell root: the brand colour, also as the Radix accent, so default
    buttons, links and focus rings take it (explicit colour schemes keep theirs)."""
    color = SessionState.brand_color
    return {"--portal-brand": color, "--accent-9": color, "--accent-10": color}


def brand() -> rx.Component:
    """Logo (if staff uploaded one) or a square of the brand colour, then the portal's name."""
    return rx.link(
        rx.hstack(
            rx.cond(
                SessionState.brand_logo != "",
                rx.image(
                    src=SessionState.brand_logo,
                    alt="",
                    height="28px",
                    max_width="160px",
                    object_fit="contain",
                    id="brand-logo",
                ),
                rx.box(
                    width="14px",
                    height="14px",
                    border_radius="3px",
                    background=PRIMARY,
                    flex_shrink="0",
                ),
            ),
            rx.text(
                SessionState.brand_name,
                weight="bold",
                size="5",
                white_space="nowrap",
                id="brand-name",
            ),
            align="center",
            spacing="2",
            flex_shrink="0",
        ),
        href="/",
        underline="none",
        color="inherit",
    )


def _is_current(item: rx.Var) -> rx.Var:
    """The entry of the page shown, or of its detail pages (not for the audience's home)."""
    current = SessionState.router.page.path
    path = item["path"].to(str)
    return (current == path) | ((item["nested"] == "1") & current.startswith(path + "/"))


def nav_link(item: rx.Var) -> rx.Component:
    """A menu entry under its section heading; an optional "count" (the Postkorb's open items)
    shows as a badge beside the link, so the link's own text stays the entry's name."""
    count = item["count"].to(str)
    heading = item["heading"].to(str)
    current = _is_current(item)
    return rx.fragment(
        rx.cond(
            heading != "",
            rx.text(
                T[heading],
                size="1",
                weight="bold",
                color_scheme="gray",
                text_transform="uppercase",
                letter_spacing="0.04em",
                padding_top="var(--space-4)",
                padding_bottom="var(--space-1)",
                padding_x="var(--space-3)",
                data_testid="nav-heading",
            ),
        ),
        rx.link(
            rx.hstack(
                rx.text(T[item["label_key"]], data_testid="nav-link"),
                rx.cond(
                    count != "",
                    rx.badge(count, color_scheme="red", radius="full", data_testid="nav-count"),
                ),
                justify="between",
                align="center",
                width="100%",
            ),
            href=item["path"],
            underline="none",
            weight=rx.cond(current, "bold", "medium"),
            color=rx.cond(current, "var(--accent-11)", "var(--gray-12)"),
            background=rx.cond(current, "var(--accent-3)", "transparent"),
            border_radius="var(--radius-2)",
            padding_x="var(--space-3)",
            padding_y="var(--space-1)",
            width="100%",
            aria_current=rx.cond(current, "page", "false"),
            _hover={"background": "var(--gray-3)"},
        ),
    )


def sidebar() -> rx.Component:
    """The audience's menu in sections, always visible: staff and customers have a dozen areas,
    which a top bar could only wrap or hide."""
    return rx.box(
        rx.vstack(
            rx.foreach(SessionState.nav_items, nav_link),
            spacing="0",
            width="100%",
            id="main-nav",
            data_audience=SessionState.audience,
            role="navigation",
            aria_label=T["nav.menu"],
            # The menu stays in view while a long page scrolls; its panel runs the full height.
            position="sticky",
            top="var(--space-3)",
        ),
        width="240px",
        flex_shrink="0",
        padding="var(--space-3)",
        border_right="1px solid var(--gray-5)",
        background="var(--color-panel-solid)",
    )


def language_switch(choose) -> rx.Component:  # type: ignore[no-untyped-def]
    """DE/EN buttons; `choose` is the handler taking the locale (login page or signed-in)."""
    return rx.hstack(
        *(
            rx.button(
                code.upper(),
                on_click=choose(code),
                size="1",
                variant=rx.cond(SessionState.locale == code, "solid", "soft"),
                aria_pressed=SessionState.locale == code,
                id=f"lang-{code}",
            )
            for code in ("de", "en")
        ),
        spacing="1",
        role="group",
        aria_label=T["menu.language"],
    )


def logout_form() -> rx.Component:
    # A real POST: only the server can remove the HttpOnly cookie and end the session.
    return post_form(
        rx.button(T["menu.logout"], type="submit", variant="soft", size="2", id="logout"),
        action="/auth/logout",
    )


def security_link() -> rx.Component:
    """The own security settings (two-factor login): every audience, so in the user menu."""
    return rx.link(
        rx.hstack(rx.icon("shield-check", size=16), T["totp.nav_security"], spacing="1"),
        href=SECURITY_PATH,
        size="2",
        underline="none",
        id="security-link",
    )


def profile_link() -> rx.Component:
    """The own profile (password, notifications, language): every audience."""
    return rx.link(
        rx.hstack(rx.icon("user", size=16), T["support.nav.profile"], spacing="1"),
        href=PROFILE_PATH,
        size="2",
        underline="none",
        id="profile-link",
    )


def user_menu() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(SessionState.user_name, size="2", weight="medium", id="user-name"),
            rx.text(T["audience." + SessionState.audience], size="1", color_scheme="gray"),
            spacing="0",
            align="end",
        ),
        profile_link(),
        security_link(),
        language_switch(SessionState.set_language),
        logout_form(),
        align="center",
        spacing="4",
    )


def header() -> rx.Component:
    return rx.box(
        rx.hstack(
            brand(),
            user_menu(),
            justify="between",
            align="center",
            width="100%",
        ),
        padding_x="var(--space-6)",
        padding_y="var(--space-3)",
        border_top=f"4px solid {PRIMARY}",
        border_bottom="1px solid var(--gray-5)",
        background="var(--color-panel-solid)",
        id="app-header",
    )


def app_shell(*content: rx.Component, wide: bool = False) -> rx.Component:
    """The signed-in frame; `wide` pages (data grids) use the whole window width."""
    return rx.box(
        acting_banner(),
        header(),
        rx.flex(
            sidebar(),
            rx.box(
                rx.box(
                    *content,
                    max_width="100%" if wide else "1200px",
                    margin_x="auto",
                ),
                padding="var(--space-6)",
                flex="1",
                min_width="0",
            ),
            width="100%",
            flex="1",
        ),
        rx.cond(
            _has_legal_links(),
            rx.box(
                legal_links(),
                padding_y="var(--space-2)",
                border_top="1px solid var(--gray-5)",
                background="var(--color-panel-solid)",
            ),
        ),
        # A column, so the menu's panel reaches the bottom of the window on short pages too.
        display="flex",
        flex_direction="column",
        min_height="100vh",
        background="var(--gray-2)",
        lang=SessionState.locale,
        style=brand_style(),
    )


def _legal_link(url: rx.Var, label_key: str, test_id: str) -> rx.Component:
    return rx.cond(
        url != "",
        rx.link(
            T[label_key],
            href=url,
            target="_blank",  # a new tab that cannot reach back into the portal's window
            rel="noopener noreferrer",
            size="1",
            color_scheme="gray",
            id=test_id,
        ),
    )


def _has_legal_links() -> rx.Var:
    return (SessionState.brand_imprint_url != "") | (SessionState.brand_privacy_url != "")


def legal_links() -> rx.Component:
    """Impressum and Datenschutzerklärung as staff linked them (branding); German law wants
    them reachable from every page, signed in or not. Nothing when neither is set."""
    return rx.cond(
        _has_legal_links(),
        rx.hstack(
            _legal_link(SessionState.brand_imprint_url, "identity.legal_imprint", "imprint-link"),
            _legal_link(SessionState.brand_privacy_url, "identity.legal_privacy", "privacy-link"),
            spacing="4",
            justify="center",
            width="100%",
            id="legal-links",
            role="contentinfo",
        ),
    )


def stat_tile(label: rx.Var | str, value: rx.Var | str, test_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(value, size="7", weight="bold", data_testid=test_id),
            spacing="1",
        ),
        min_width="180px",
    )


def auth_card(*content: rx.Component, choose_language, lang: rx.Var | str) -> rx.Component:  # type: ignore[no-untyped-def]
    """The narrow centred card of the signed-out pages (sign-in and its second step): brand and
    language switch on top, `choose_language` being the page's public handler."""
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(
                    brand(), language_switch(choose_language), justify="between", width="100%"
                ),
                *content,
                legal_links(),
                spacing="4",
                width="100%",
            ),
            width="420px",
            padding="var(--space-6)",
        ),
        min_height="100vh",
        background="var(--gray-2)",
        lang=lang,
        style=brand_style(),
    )


def message_page(title: rx.Var | str, text: rx.Var | str) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading(title, size="6"),
                rx.text(text),
                rx.link(T["page.back_home"], href="/"),
                spacing="3",
            ),
            padding="var(--space-6)",
        ),
        min_height="100vh",
        background="var(--gray-2)",
    )
