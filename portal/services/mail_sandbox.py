"""The Jinja environment every mail is rendered with, bounded in the work a template may cause.

Staff edit mail templates in the back office (portal.services.mail_templates), and a saved
template runs in every `queue_mail` of the business. Jinja's plain sandbox keeps a template away
from Python internals but not from unbounded work: ``{{ 9**9**9 }}``, ``{{ 'x' * 10**9 }}`` or
nested loops over a huge ``range`` would stall the process. So this environment
- checks ``**``, ``*`` and ``+`` before computing them (small exponents, bounded results),
- offers only a capped ``range`` and no other globals,
- offers only filters that cannot blow a value up (no ``center``, ``format``, ``indent``, ...),
- stops a render whose output grows past `OUTPUT_MAX` characters (`render_bounded`).
`check_structure` adds the static rules for staff-written sources (no ``set``/``macro``, loops
only over placeholders or ``range``), checked before a version is stored.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

from jinja2 import Template, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

EXPONENT_MAX = 100
VALUE_MAX = 100_000  # characters of a string or items of a list one operation may produce
RANGE_MAX = 1000
OUTPUT_MAX = 200_000
LOOP_DEPTH_MAX = 2

# Filters that only shrink, escape or look at a value; the others can multiply their input.
_SAFE_FILTERS = frozenset(
    {
        "abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float",
        "forceescape", "int", "join", "last", "length", "lower", "round", "safe", "string",
        "striptags", "title", "trim", "truncate", "upper", "urlencode",
    }
)  # fmt: skip
# Staff sources may not define or assign anything: that is how a value is doubled in a loop.
_REFUSED_NODES = (
    nodes.Assign,
    nodes.AssignBlock,
    nodes.Macro,
    nodes.CallBlock,
    nodes.FilterBlock,
    nodes.With,
)
_BINOPS = {"**": operator.pow, "*": operator.mul, "+": operator.add}


class RenderLimit(SecurityError):
    """A template asked for more work than a mail may take."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


def capped_range(*args: int) -> range:
    """`range`, refusing more than RANGE_MAX items."""
    result = range(*args)
    if len(result) > RANGE_MAX:
        raise RenderLimit(f"range of more than {RANGE_MAX} items")
    return result


class MailSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals = {"range": capped_range}
        self.filters = {name: self.filters[name] for name in _SAFE_FILTERS}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float):
            base_bits = left.bit_length() if isinstance(left, int) else 64
            if abs(right) > EXPONENT_MAX or base_bits * abs(right) > 4 * VALUE_MAX:
                raise RenderLimit(f"exponent above {EXPONENT_MAX} or number too large")
        if operator == "*":
            count = right if _size(left) else left if _size(right) else None
            if isinstance(count, int) and count * max(_size(left), _size(right)) > VALUE_MAX:
                raise RenderLimit(f"repeat of more than {VALUE_MAX} characters")
        if operator == "+" and _size(left) + _size(right) > VALUE_MAX:
            raise RenderLimit(f"value of more than {VALUE_MAX} characters")
        result = _BINOPS[operator](left, right)
        if isinstance(result, int) and result.bit_length() > 4 * VALUE_MAX:
            raise RenderLimit("number too large")
        return result


def render_bounded(template: Template, context: Mapping[str, Any]) -> str:
    """Render, stopping as soon as the output passes OUTPUT_MAX characters."""
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > OUTPUT_MAX:
            raise RenderLimit(f"output of more than {OUTPUT_MAX} characters")
        parts.append(chunk)
    return "".join(parts)


def check_structure(parsed: nodes.Template) -> None:
    """Static rules for a staff-written source: no definitions or assignments, and every loop
    runs over a placeholder (or its attribute) or a capped `range`, so the work grows only with
    the business data the mail is about."""
    for node in parsed.find_all(_REFUSED_NODES):
        raise RenderLimit(f"'{type(node).__name__}' is not allowed in mail templates")
    for loop in parsed.find_all(nodes.For):
        if _loop_depth(loop) > LOOP_DEPTH_MAX:
            raise RenderLimit(f"loops nested more than {LOOP_DEPTH_MAX} deep")
        source = loop.iter
        while isinstance(source, nodes.Getattr | nodes.Getitem):
            source = source.node
        is_range = (
            isinstance(loop.iter, nodes.Call)
            and isinstance(loop.iter.node, nodes.Name)
            and loop.iter.node.name == "range"
        )
        if not (is_range or isinstance(source, nodes.Name)):
            raise RenderLimit("a loop may only run over a placeholder or range()")


def _loop_depth(node: nodes.Node) -> int:
    """How many loops deep the deepest path below `node` (itself included) goes."""
    below = max((_loop_depth(child) for child in node.iter_child_nodes()), default=0)
    return below + 1 if isinstance(node, nodes.For) else below
