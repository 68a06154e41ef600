"""Every action the code audits has a readable German and English name in /staff/audit.

The action strings are found in the source, not in a hand-kept list, so a new
`audit.record(...)` / `audit.record_by(...)` (directly or through a module's own audit helper
such as `_audit(session, principal, "x.y", ...)`) without a label fails here."""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Iterator
from pathlib import Path

from portal.i18n import catalog
from portal.models.enums import ApprovalDecision, ShopOrderKind
from portal.services import grant_admin
from portal.state.audit import action_label

PORTAL = Path(__file__).resolve().parent.parent / "portal"

# Actions built at run time from an f-string: every value the placeholder can take. A new
# f-string action must be added here (the test says which), so its labels are checked too.
_LINK_ACTIONS = [
    value.action for value in vars(grant_admin).values() if isinstance(value, grant_admin._LinkKind)
]
DYNAMIC: dict[str, list[str]] = {
    "grant.{flag}": [f"grant.{flag}" for flag in grant_admin.FLAGS],
    "grant.{kind.action}_add": [f"grant.{kind}_add" for kind in _LINK_ACTIONS],
    "grant.{kind.action}_remove": [f"grant.{kind}_remove" for kind in _LINK_ACTIONS],
    "shop.{kind.value}": [f"shop.{kind.value}" for kind in ShopOrderKind],
    "approval.{choice.value}": [f"approval.{choice.value}" for choice in ApprovalDecision],
}


@dataclasses.dataclass(frozen=True)
class _Helper:
    """A function that audits the action passed as its parameter `action` (at `index`),
    written as `prefix + action`."""

    index: int
    prefix: str = ""


@dataclasses.dataclass
class _Module:
    name: str
    tree: ast.Module
    constants: dict[str, str]


def _modules() -> list[_Module]:
    found = []
    for path in sorted(PORTAL.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            node.targets[0].id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        }
        found.append(_Module(path.stem, tree, constants))
    return found


def _callee(call: ast.Call) -> tuple[str | None, str]:
    """(module alias or None, function name) of `audit.record_by(...)` or `_audit(...)`."""
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        return owner, func.attr
    return None, func.id if isinstance(func, ast.Name) else ""


def _action_arg(call: ast.Call, helper: _Helper) -> ast.expr | None:
    if len(call.args) > helper.index:
        return call.args[helper.index]
    return next((k.value for k in call.keywords if k.arg == "action"), None)


def _functions(module: _Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _lookup(
    helpers: dict[tuple[str, str], _Helper], module: _Module, call: ast.Call
) -> _Helper | None:
    owner, name = _callee(call)
    if owner is None and (module.name, name) in helpers:
        return helpers[(module.name, name)]
    if owner is not None:
        return helpers.get((owner, name))
    # A helper imported by its bare name (`from portal.services.audit import record_by`).
    candidates = {helper for (_, helper_name), helper in helpers.items() if helper_name == name}
    return candidates.pop() if len(candidates) == 1 else None


def _helpers(modules: list[_Module]) -> dict[tuple[str, str], _Helper]:
    """audit.record / audit.record_by, then every function passing its `action` on to one."""
    helpers = {("audit", "record"): _Helper(1), ("audit", "record_by"): _Helper(2)}
    changed = True
    while changed:
        changed = False
        for module in modules:
            for function in _functions(module):
                params = [arg.arg for arg in function.args.args]
                key = (module.name, function.name)
                if "action" not in params or key in helpers:
                    continue
                for call in ast.walk(function):
                    if not isinstance(call, ast.Call):
                        continue
                    helper = _lookup(helpers, module, call)
                    arg = _action_arg(call, helper) if helper else None
                    prefix = _passes_on(arg)
                    if helper is not None and prefix is not None:
                        helpers[key] = _Helper(params.index("action"), helper.prefix + prefix)
                        changed = True
                        break
    return helpers


def _passes_on(arg: ast.expr | None) -> str | None:
    """The prefix when `arg` is the function's own `action` (`action` or f"inbox.{action}")."""
    if isinstance(arg, ast.Name) and arg.id == "action":
        return ""
    if (
        isinstance(arg, ast.JoinedStr)
        and len(arg.values) == 2
        and isinstance(arg.values[0], ast.Constant)
        and isinstance(arg.values[1], ast.FormattedValue)
        and isinstance(arg.values[1].value, ast.Name)
        and arg.values[1].value.id == "action"
    ):
        return str(arg.values[0].value)
    return None


def _is_helper(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
    return function is not None and "action" in [arg.arg for arg in function.args.args]


def _values(
    expr: ast.expr,
    module: _Module,
    modules: dict[str, _Module],
    function: ast.FunctionDef | ast.AsyncFunctionDef | None,
) -> Iterator[str]:
    """Every string `expr` can be; AssertionError for one this test cannot work out."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        yield expr.value
    elif isinstance(expr, ast.IfExp):
        yield from _values(expr.body, module, modules, function)
        yield from _values(expr.orelse, module, modules, function)
    elif isinstance(expr, ast.Name) and expr.id in module.constants:
        yield module.constants[expr.id]
    elif isinstance(expr, ast.Name) and function is not None:
        assigned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
        ]
        assert assigned, f"{module.name}: cannot tell what {expr.id} is"
        for value in assigned:
            yield from _values(value, module, modules, function)
    elif (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Name)
        and expr.value.id in modules
        and expr.attr in modules[expr.value.id].constants
    ):
        yield modules[expr.value.id].constants[expr.attr]
    elif isinstance(expr, ast.JoinedStr):
        template = "".join(
            str(part.value)
            if isinstance(part, ast.Constant)
            else "{" + ast.unparse(part.value) + "}"
            for part in expr.values
        )
        assert template in DYNAMIC, (
            f"{module.name}: audited action {template!r} is built at run time; "
            "add every value it can take to DYNAMIC in this test"
        )
        yield from DYNAMIC[template]
    else:
        raise AssertionError(f"{module.name}: cannot read audited action {ast.unparse(expr)}")


@functools.cache
def recorded_actions() -> frozenset[str]:
    modules = _modules()
    by_name = {module.name: module for module in modules}
    helpers = _helpers(modules)
    actions: set[str] = set()
    for module in modules:
        enclosing = {
            id(node): function for function in _functions(module) for node in ast.walk(function)
        }
        for call in ast.walk(module.tree):
            if not isinstance(call, ast.Call):
                continue
            helper = _lookup(helpers, module, call)
            arg = _action_arg(call, helper) if helper else None
            function = enclosing.get(id(call))
            if arg is None or (_is_helper(function) and _passes_on(arg) is not None):
                continue  # not an audit call, or a helper handing its own `action` on
            actions.update(
                helper.prefix + value for value in _values(arg, module, by_name, function)
            )
    return frozenset(actions)


def test_the_scan_finds_the_audited_actions() -> None:
    """The scan sees direct calls, module helpers, constants, conditionals and f-strings."""
    actions = recorded_actions()
    for expected in (
        "login.success",  # audit.record literal
        "catalog.item_deactivated",  # conditional
        "inventory.printer_added",  # through inventory._audit
        "inbox.assigned",  # through staff_inbox._audit, which adds "inbox."
        "customer.invited",  # through invitations.audit_invitation
        "act_as.request",  # constant of another module, through act_as.record_event
        "account.deactivated",  # local variable
        "grant.member_add",  # f-string
        "shop.quote_request",
        "sso.login",
    ):
        assert expected in actions, expected
    assert len(actions) > 100


def test_every_audited_action_has_a_label_in_both_languages() -> None:
    missing = sorted(
        f"{locale}: {action}"
        for action in recorded_actions()
        for locale in ("de", "en")
        if f"audit.action.{action}" not in catalog(locale) or action_label(action, locale) == action
    )
    assert not missing, "audited actions without a label in portal/i18n/audit.py: " + ", ".join(
        missing
    )
