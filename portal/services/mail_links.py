"""Where a staff-edited HTML mail may put the token-bearing `link` placeholder.

The link of an access, invitation or password-reset mail carries a secret token. In an
``<a href>`` or as text it is only opened when the recipient clicks it; in an ``<img src>``, a CSS
``url(...)``, a ``<link href>`` or a meta refresh the mail client fetches it by itself (and the
token lands in the logs of whatever serves it, or is used up before the recipient sees it).
So a template is checked twice: statically, the placeholder may only be written plainly
(``{{ link }}``, or passed to a macro such as ``button(link, ...)``), never filtered, sliced or
joined into something else; then, in the sample render, every place the sample link ended up
must be the href of an ``<a>`` or plain text outside ``<style>``/``<script>``.
"""

from __future__ import annotations

from html.parser import HTMLParser

from jinja2 import nodes

TOKEN_PLACEHOLDERS = frozenset({"link"})
_RAW_TEXT = frozenset({"style", "script"})


def plain_uses_only(parsed: nodes.Template) -> bool:
    """True when every use of a token placeholder is a whole expression: `{{ link }}`, a macro
    argument or an `if` test (a filter or `~` could hide the link from the render check)."""
    allowed: set[int] = set()
    for output in parsed.find_all(nodes.Output):
        allowed.update(id(node) for node in output.nodes)
    for call in parsed.find_all(nodes.Call):
        allowed.update(id(node) for node in call.args)
    for branch in parsed.find_all(nodes.If):
        allowed.add(id(branch.test))
    return all(
        id(name) in allowed
        for name in parsed.find_all(nodes.Name)
        if name.name in TOKEN_PLACEHOLDERS and name.ctx == "load"
    )


def link_only_in_anchors(html: str, sample_link: str) -> bool:
    """True when `sample_link` occurs in the rendered HTML only as an `<a href>` or as text."""
    finder = _LinkPlaces(sample_link)
    finder.feed(html)
    finder.close()
    return not finder.misplaced


class _LinkPlaces(HTMLParser):
    def __init__(self, sample_link: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sample_link = sample_link
        self.misplaced = False
        self.raw_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if self.sample_link in (value or "") and (tag, name) != ("a", "href"):
                self.misplaced = True
        if tag in _RAW_TEXT:
            self.raw_text += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _RAW_TEXT and self.raw_text:
            self.raw_text -= 1

    def handle_data(self, data: str) -> None:
        if self.raw_text and self.sample_link in data:
            self.misplaced = True
