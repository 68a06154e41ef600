"""A compact, translated file chooser for native multipart forms.

The browser's own `<input type=file>` shows "Choose File / No file chosen" in the browser's
language and takes a lot of room in a table row. This keeps the real input (so the form posts
it natively and `required` still blocks an empty submit) but hides it visually behind a
button-styled `<label>` in the page's language and a span that shows the chosen file's name.
"""

from __future__ import annotations

import reflex as rx

from portal.components.shell import T

# Plain browser code (no server round trip): writes the chosen files' names next to the button.
_SHOW_NAME = rx.Var(
    "((e) => { const s = e.target.parentElement.querySelector('[data-file-name]');"
    " if (s) { s.textContent = e.target.files.length"
    " ? Array.from(e.target.files, (f) => f.name).join(', ') : s.dataset.empty; } })"
)

# Hidden but still focusable and validatable (display:none would hide the "required" bubble).
_VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "opacity": "0",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
}


def file_input(
    input_id: rx.Var | str,
    accept: str,
    aria_label: rx.Var | str,
    *,
    name: str = "file",
    multiple: bool = False,
    required: bool = True,
    label: rx.Var | str = T["file_input.choose"],
) -> rx.Component:
    """The input `name` (id `input_id`), a "Choose file" button (or `label`) that opens it and
    the chosen files' names ("No file chosen" until then)."""
    return rx.hstack(
        rx.el.input(
            type="file",
            name=name,
            id=input_id,
            required=required,
            multiple=multiple,
            accept=accept,
            aria_label=aria_label,
            style=_VISUALLY_HIDDEN,
            custom_attrs={"onChange": _SHOW_NAME},
        ),
        rx.el.label(
            rx.icon("paperclip", size=14),
            label,
            custom_attrs={"htmlFor": input_id},
            class_name="rt-reset rt-BaseButton rt-Button rt-r-size-1 rt-variant-outline",
            cursor="pointer",
            white_space="nowrap",
        ),
        rx.text(
            T["file_input.none"],
            size="1",
            color_scheme="gray",
            custom_attrs={"data-file-name": "", "data-empty": T["file_input.none"]},
            max_width="24em" if multiple else "14em",
            overflow="hidden",
            text_overflow="ellipsis",
            white_space="nowrap",
        ),
        position="relative",
        spacing="2",
        align="center",
    )
