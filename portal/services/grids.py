"""Server-side data grids: column specs, validated requests and scoped page queries.

The browser can send any sort, filter or column name, so everything it sends is parsed here into
a `GridRequest` against the grid's column spec first (the whitelist); only validated values ever
reach SQL. Rows always start from the access policy's scoped query (`access.scoped_customers` /
`access.scoped_subscriptions`), never from the tables. A column that needs a partner action
(retail price: see-retail-price) does not exist for anyone else: it is neither listed,
sortable, filterable nor selected. The grid UI and the Excel export share `grid_query`, which is
why it returns the full query without paging.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import product
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    String,
    and_,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union,
    union_all,
)
from sqlalchemy import Column as SAColumn
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import Select, operators
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BooleanClauseList
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Alias
from sqlalchemy.sql.util import ClauseAdapter
from sqlalchemy.sql.visitors import InternalTraversal, iterate
from sqlmodel import Session

from portal.models import (
    Customer,
    PartnerCompany,
    Subscription,
    Team,
    User,
    UserPartnerCompany,
    UserTeam,
)
from portal.models.enums import (
    ContractStatus,
    CustomerKind,
    CustomerRole,
    PartnerAction,
    PasswordStatus,
    StaffPermission,
    UserKind,
)
from portal.services import access
from portal.services.access import Principal
from portal.services.contracts import AlarmReason, alarm_condition, alarm_reason

MAX_SEARCH_LENGTH = 100
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_SET_VALUES = 100
MAX_FILTER_TEXT = 100
# Beyond any stored amount or count; keeps absurd numbers from the browser out of SQL.
MAX_ABS_NUMBER = Decimal("1e12")
ALARM_REASON = "alarm_reason"
LIKE_ESCAPE = "\\"


class ColumnType(StrEnum):
    """How a value is typed: the export writes cells and the UI formats them by this."""

    TEXT = "text"
    ENUM = "enum"
    DATE = "date"
    MONEY = "money"
    INT = "int"
    DECIMAL = "decimal"
    BOOL = "bool"


class FilterKind(StrEnum):
    TEXT = "text"  # contains, case-insensitive
    SET = "set"  # one of several values
    DATE_RANGE = "date_range"
    NUMBER_RANGE = "number_range"
    BOOL = "bool"
    NONE = "none"


class GridError(Exception):
    """A request the grid refuses; `message_key` is in portal/i18n/grids.py, `detail` names the
    offending part (a column key or request field), never data the caller may not see."""

    def __init__(self, message_key: str, detail: str = "") -> None:
        super().__init__(f"{message_key}: {detail}" if detail else message_key)
        self.message_key = message_key
        self.detail = detail


@dataclass(frozen=True)
class Context:
    """What a column expression may depend on: "active" and the alarm reason need the day, the
    active-contract count the caller's scope."""

    principal: Principal
    today: date


Expression = Callable[[Context], ColumnElement[Any]]


def _plain(expression: ColumnElement[Any] | InstrumentedAttribute[Any]) -> Expression:
    return lambda _context: expression  # type: ignore[return-value]


@dataclass(frozen=True)
class Column:
    """One grid column; the UI, the whitelist, the filters and the export all derive from it."""

    key: str
    label_de: str
    label_en: str
    sql: Expression
    type: ColumnType
    filter: FilterKind = FilterKind.TEXT
    sortable: bool = True
    visible: bool = True
    width: int = 140
    requires: PartnerAction | None = None
    # the allowed values of an enum column (set filter values are checked against them)
    values: tuple[str, ...] = ()
    # part of the global search (text columns only)
    searchable: bool = False

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_de


@dataclass(frozen=True)
class Grid:
    """One grid: its columns, where its rows start (the scope) and who may use it at all.

    `audiences` and `permission` are checked by `ensure_grid_access` before any column is
    listed or any row read, so one state mixin (`portal.state.grid.GridMixin`) can serve the
    partner grids and the staff grids without letting either audience open the other's.
    """

    key: str
    columns: tuple[Column, ...]
    scope: Callable[[Principal], Select]
    id_column: InstrumentedAttribute[Any]
    default_sort: tuple[tuple[str, Literal["asc", "desc"]], ...]
    # the partner location of a row (location filter, per-location index walks); None for
    # grids whose rows belong to no single location
    company_column: InstrumentedAttribute[Any] | None = None
    # only the subscriptions grid has the SPEC §4 alarm view, with its extra reason column
    alarm_column: Column | None = None
    # who may use the grid; the partner grids serve staff too (they see every record, §3.4)
    audiences: frozenset[UserKind] = frozenset({UserKind.PARTNER, UserKind.STAFF})
    permission: StaffPermission | None = None


# --------------------------------------------------------------------------- the two grids


def _active_subscription_count(context: Context) -> ColumnElement[int]:
    """Contracts with status own that have not ended, counted within the caller's scope so the
    number never reflects contracts the caller may not see."""
    s = Subscription
    return (
        select(func.count(s.id))
        .where(
            s.customer_id == Customer.id,
            s.status == ContractStatus.OWN,
            or_(s.end_date.is_(None), s.end_date >= context.today),
            access.subscription_condition(context.principal),
        )
        .scalar_subquery()
    )


def _company_name(company_column: InstrumentedAttribute[Any]) -> Expression:
    return _plain(
        select(PartnerCompany.name).where(PartnerCompany.id == company_column).scalar_subquery()
    )


_contact_name = select(func.coalesce(func.nullif(User.display_name, ""), User.login)).where(
    User.id == Customer.partner_contact_id
)

# fmt: off
CUSTOMERS = Grid(
    key="customers",
    scope=access.scoped_customers,
    id_column=Customer.id,  # type: ignore[arg-type]
    company_column=Customer.partner_company_id,  # type: ignore[arg-type]
    default_sort=(("name", "asc"),),
    columns=(
        Column(
            "number", "Kundennummer", "Customer no.", _plain(Customer.number),
            ColumnType.TEXT, width=120, searchable=True,
        ),
        Column(
            "name", "Name", "Name", _plain(Customer.name), ColumnType.TEXT, width=260,
            searchable=True,
        ),
        Column(
            "kind", "Art", "Kind", _plain(Customer.kind), ColumnType.ENUM, FilterKind.SET,
            width=120, values=tuple(CustomerKind),
        ),
        Column(
            "city", "Ort", "City", _plain(Customer.city), ColumnType.TEXT, width=160,
            searchable=True,
        ),
        Column(
            "postcode", "PLZ", "Postcode", _plain(Customer.postcode), ColumnType.TEXT, width=90,
            searchable=True,
        ),
        Column(
            "partner_company", "Partnerstandort", "Partner location",
            _company_name(Customer.partner_company_id),  # type: ignore[arg-type]
            ColumnType.TEXT, width=180,
        ),
        Column(
            "partner_contact", "Partnerbetreuer", "Partner contact",
            _plain(_contact_name.scalar_subquery()), ColumnType.TEXT, width=180,
        ),
        Column(
            "active_subscriptions", "Aktive Verträge", "Active contracts",
            _active_subscription_count, ColumnType.INT, FilterKind.NUMBER_RANGE, width=120,
        ),
    ),
)

SUBSCRIPTIONS = Grid(
    key="subscriptions",
    scope=access.scoped_subscriptions,
    id_column=Subscription.id,  # type: ignore[arg-type]
    company_column=Subscription.partner_company_id,  # type: ignore[arg-type]
    default_sort=(("number", "asc"),),
    columns=(
        Column(
            "number", "Vertragsnummer", "Contract no.", _plain(Subscription.number),
            ColumnType.TEXT, width=120, searchable=True,
        ),
        Column(
            "customer_number", "Kundennummer", "Customer no.",
            _plain(Subscription.customer_number),
            ColumnType.TEXT, width=120, searchable=True,
        ),
        Column(
            "customer_name", "Kunde", "Customer",
            _plain(Subscription.customer_name),
            ColumnType.TEXT, width=240, searchable=True,
        ),
        Column(
            "product", "Produkt", "Product", _plain(Subscription.product), ColumnType.TEXT,
            width=200, searchable=True,
        ),
        Column(
            "line_of_business", "Sparte", "Line of business",
            _plain(Subscription.line_of_business), ColumnType.TEXT, FilterKind.SET, width=140,
        ),
        Column(
            "status", "Status", "Status", _plain(Subscription.status), ColumnType.ENUM,
            FilterKind.SET, width=120, values=tuple(ContractStatus),
        ),
        Column(
            "start_date", "Beginn", "Start", _plain(Subscription.start_date), ColumnType.DATE,
            FilterKind.DATE_RANGE, width=110,
        ),
        Column(
            "end_date", "Ende", "End", _plain(Subscription.end_date), ColumnType.DATE,
            FilterKind.DATE_RANGE, width=110,
        ),
        Column(
            "cancelled_at", "Gekündigt am", "Cancelled on", _plain(Subscription.cancelled_at),
            ColumnType.DATE, FilterKind.DATE_RANGE, width=120,
        ),
        Column(
            "auto_renew", "Autom. Verlängerung", "Auto-renew", _plain(Subscription.auto_renew),
            ColumnType.BOOL, FilterKind.BOOL, width=110,
        ),
        Column(
            "monthly_price", "Monatspreis", "Monthly price", _plain(Subscription.monthly_price),
            ColumnType.MONEY, FilterKind.NUMBER_RANGE, width=120,
        ),
        Column(
            "retail_price", "Endkundenpreis", "Retail price", _plain(Subscription.retail_price),
            ColumnType.MONEY, FilterKind.NUMBER_RANGE, width=120,
            requires=PartnerAction.SEE_RETAIL_PRICE,
        ),
        Column(
            "seats", "Lizenzen", "Seats", _plain(Subscription.seats), ColumnType.INT,
            FilterKind.NUMBER_RANGE, width=90,
        ),
        Column(
            "storage_used_gb", "Speicher belegt (GB)", "Storage used (GB)",
            _plain(Subscription.storage_used_gb), ColumnType.DECIMAL, FilterKind.NUMBER_RANGE,
            visible=False, width=130,
        ),
        Column(
            "storage_quota_gb", "Speicherkontingent (GB)", "Storage quota (GB)",
            _plain(Subscription.storage_quota_gb), ColumnType.DECIMAL, FilterKind.NUMBER_RANGE,
            visible=False, width=130,
        ),
        Column(
            "partner_company", "Partnerstandort", "Partner location",
            _company_name(Subscription.partner_company_id),  # type: ignore[arg-type]
            ColumnType.TEXT, width=180,
        ),
    ),
    alarm_column=Column(
        ALARM_REASON, "Alarmgrund", "Alarm reason",
        lambda context: alarm_reason(context.today), ColumnType.ENUM, FilterKind.SET,
        width=160, values=tuple(AlarmReason),
    ),
)
# fmt: on


# --------------------------------------------------------------------------- staff: accounts


class _Joined(FunctionElement[str]):
    """The values of an aggregated column joined with ", " (partner locations, teams):
    `string_agg` on PostgreSQL, `group_concat` on SQLite."""

    name = "joined"
    type = String()
    inherit_cache = True


@compiles(_Joined)
def _compile_joined(element: _Joined, compiler: SQLCompiler, **kw: Any) -> str:
    (expression,) = element.clauses
    return f"string_agg({compiler.process(expression, **kw)}, ', ')"


@compiles(_Joined, "sqlite")
def _compile_joined_sqlite(element: _Joined, compiler: SQLCompiler, **kw: Any) -> str:
    (expression,) = element.clauses
    return f"group_concat({compiler.process(expression, **kw)}, ', ')"


def _day_of(column: InstrumentedAttribute[Any]) -> Expression:
    """The calendar day of a timestamp, as a date on both engines (date ranges compare days)."""
    return _plain(type_coerce(func.date(column), Date()))


_account_customer = (
    select(Customer.number + " " + Customer.name)
    .where(Customer.id == User.customer_id)
    .scalar_subquery()
)
_account_companies = (
    select(_Joined(PartnerCompany.name))
    .join(UserPartnerCompany, UserPartnerCompany.partner_company_id == PartnerCompany.id)
    .where(UserPartnerCompany.user_id == User.id)
    .scalar_subquery()
)
_account_teams = (
    select(_Joined(Team.name))
    .join(UserTeam, UserTeam.team_id == Team.id)
    .where(UserTeam.user_id == User.id)
    .scalar_subquery()
)

# fmt: off
ACCOUNTS = Grid(
    key="accounts",
    scope=access.scoped_accounts,
    id_column=User.id,  # type: ignore[arg-type]
    default_sort=(("login", "asc"),),
    audiences=frozenset({UserKind.STAFF}),
    permission=StaffPermission.MANAGE_ACCOUNTS,
    columns=(
        Column(
            "name", "Name", "Name", _plain(User.display_name), ColumnType.TEXT, width=170,
            searchable=True,
        ),
        Column(
            "login", "Login", "Login", _plain(User.login), ColumnType.TEXT, width=190,
            searchable=True,
        ),
        Column(
            "email", "E-Mail", "E-mail", _plain(User.email), ColumnType.TEXT, width=190,
            searchable=True,
        ),
        Column(
            "account_kind", "Art", "Kind", _plain(User.kind), ColumnType.ENUM, FilterKind.SET,
            width=90, values=(UserKind.CUSTOMER, UserKind.PARTNER),
        ),
        Column(
            "organisation", "Kunde / Partnerstandort", "Customer / partner location",
            _plain(func.coalesce(_account_customer, _account_companies)), ColumnType.TEXT,
            width=230, searchable=True,
        ),
        Column(
            "role", "Rolle", "Role", _plain(User.customer_role), ColumnType.ENUM,
            FilterKind.SET, width=120, values=tuple(CustomerRole),
        ),
        Column(
            "teams", "Teams", "Teams", _plain(_account_teams), ColumnType.TEXT, width=180,
        ),
        Column(
            "active", "Aktiv", "Active", _plain(User.active), ColumnType.BOOL, FilterKind.BOOL,
            width=90,
        ),
        Column(
            "password_status", "Passwortstatus", "Password status", _plain(User.password_status),
            ColumnType.ENUM, FilterKind.SET, width=150, values=tuple(PasswordStatus),
        ),
        Column(
            "last_login", "Letzte Anmeldung", "Last login", _day_of(User.last_login_at),  # type: ignore[arg-type]
            ColumnType.DATE, FilterKind.DATE_RANGE, width=140,
        ),
        Column(
            "access_sent", "Zugang gesendet", "Access sent", _day_of(User.access_sent_at),  # type: ignore[arg-type]
            ColumnType.DATE, FilterKind.DATE_RANGE, width=140,
        ),
    ),
)
# fmt: on

GRIDS: dict[str, Grid] = {grid.key: grid for grid in (CUSTOMERS, SUBSCRIPTIONS, ACCOUNTS)}


def get_grid(key: str) -> Grid:
    try:
        return GRIDS[key]
    except KeyError:
        raise GridError("grid.error.unknown_grid", key) from None


def ensure_grid_access(spec: Grid, principal: Principal) -> None:
    """Only the grid's audience (and, for staff grids, holders of its permission) may use it."""
    if principal.kind not in spec.audiences:
        raise access.AccessDenied()
    if spec.permission is not None:
        access.ensure(principal, spec.permission)


def visible_columns(grid: str, principal: Principal, *, alarm: bool = False) -> list[Column]:
    """The columns the principal may see at all (not the user's chosen view), in spec order;
    with the alarm view the reason column comes first. Raises `access.AccessDenied` for a
    principal outside the grid's audience: every request, page and export passes here."""
    spec = get_grid(grid)
    ensure_grid_access(spec, principal)
    permitted = [c for c in spec.columns if c.requires is None or access.can(principal, c.requires)]
    if alarm and spec.alarm_column is not None:
        return [spec.alarm_column, *permitted]
    return permitted


# --------------------------------------------------------------------------- filter models


def _iso_day(value: object) -> date:
    """A date only from an ISO string; AG Grid's date filter appends a zero time of day."""
    if not isinstance(value, str):
        raise ValueError("expected an ISO date string")
    day, _, time_of_day = value.partition(" ")
    if time_of_day not in ("", "00:00:00"):
        raise ValueError("expected a date without time")
    return date.fromisoformat(day)


def _number(value: object) -> Decimal:
    """Numbers as JSON numbers or strings, never booleans, NaN or absurd magnitudes."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("expected a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError("expected a number") from None
    if not number.is_finite() or abs(number) > MAX_ABS_NUMBER:
        raise ValueError("number out of range")
    return number


Day = Annotated[date, BeforeValidator(_iso_day)]
Number = Annotated[Decimal, BeforeValidator(_number)]


class _Model(BaseModel):
    """Unknown keys are errors; scalars use strict types (no "1" for 1, no 1 for true)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TextFilter(_Model):
    """`{"filterType": "text", "filter": "abc"}`: the column contains the text."""

    kind: ClassVar[FilterKind] = FilterKind.TEXT
    filter_type: Literal["text"] = Field(alias="filterType")
    type: Literal["contains"] = "contains"
    filter: Annotated[StrictStr, Field(min_length=1, max_length=MAX_FILTER_TEXT)]


class SetFilter(_Model):
    """`{"filterType": "set", "values": ["own", "offer"]}`: the column is one of the values."""

    kind: ClassVar[FilterKind] = FilterKind.SET
    filter_type: Literal["set"] = Field(alias="filterType")
    values: tuple[Annotated[StrictStr, Field(max_length=200)], ...] = Field(
        min_length=1, max_length=MAX_SET_VALUES
    )


class DateRangeFilter(_Model):
    """`{"filterType": "date", "dateFrom": "2026-01-01", "dateTo": null}`, both ends inclusive."""

    kind: ClassVar[FilterKind] = FilterKind.DATE_RANGE
    filter_type: Literal["date"] = Field(alias="filterType")
    date_from: Day | None = Field(default=None, alias="dateFrom")
    date_to: Day | None = Field(default=None, alias="dateTo")

    @model_validator(mode="after")
    def _a_range(self) -> DateRangeFilter:
        if self.date_from is None and self.date_to is None:
            raise ValueError("a date range needs at least one end")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("the range ends before it starts")
        return self


class NumberRangeFilter(_Model):
    """`{"filterType": "number", "filter": 10, "filterTo": 20}`, both ends inclusive."""

    kind: ClassVar[FilterKind] = FilterKind.NUMBER_RANGE
    filter_type: Literal["number"] = Field(alias="filterType")
    low: Number | None = Field(default=None, alias="filter")
    high: Number | None = Field(default=None, alias="filterTo")

    @model_validator(mode="after")
    def _a_range(self) -> NumberRangeFilter:
        if self.low is None and self.high is None:
            raise ValueError("a number range needs at least one end")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("the range ends before it starts")
        return self


class BoolFilter(_Model):
    """`{"filterType": "bool", "value": true}`."""

    kind: ClassVar[FilterKind] = FilterKind.BOOL
    filter_type: Literal["bool"] = Field(alias="filterType")
    value: StrictBool


Filter = TextFilter | SetFilter | DateRangeFilter | NumberRangeFilter | BoolFilter
_FILTER_MODELS: dict[FilterKind, type[Filter]] = {
    model.kind: model
    for model in (TextFilter, SetFilter, DateRangeFilter, NumberRangeFilter, BoolFilter)
}


class _RawSort(_Model):
    col_id: StrictStr = Field(alias="colId")
    sort: Literal["asc", "desc"]


class _RawRequest(_Model):
    """The shape of what the browser sends, before any column is checked."""

    columns: tuple[StrictStr, ...] | None = None
    sort: tuple[_RawSort, ...] = ()
    filters: dict[StrictStr, object] = {}
    search: StrictStr | None = None
    partner_company_ids: tuple[StrictInt, ...] = ()
    alarm: StrictBool = False
    offset: StrictInt = Field(default=0, ge=0)
    limit: StrictInt = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


# --------------------------------------------------------------------------- the request


@dataclass(frozen=True)
class GridRequest:
    """A fully validated grid request: every key is a column the principal may see."""

    grid: str
    columns: tuple[str, ...]
    sort: tuple[tuple[str, Literal["asc", "desc"]], ...] = ()
    filters: Mapping[str, Filter] = field(default_factory=dict)
    search: str | None = None
    partner_company_ids: frozenset[int] = frozenset()
    alarm: bool = False
    offset: int = 0
    limit: int = DEFAULT_LIMIT


def _first_error(error: ValidationError) -> str:
    """Where the input was wrong, without echoing the input (it may be huge or hostile)."""
    first = error.errors(include_input=False)[0]
    return ".".join(str(part) for part in first["loc"]) or first["type"]


def parse_request(grid: str, principal: Principal, raw: Mapping[str, Any]) -> GridRequest:
    """Validate the browser's raw request against the grid's spec and the principal.

    Unknown columns and columns the principal may not see get the same error, so the error
    does not reveal that a hidden column exists.
    """
    spec = get_grid(grid)
    if not isinstance(raw, Mapping):
        raise GridError("grid.error.invalid_request", "")
    search = raw.get("search")
    if isinstance(search, str) and len(search) > MAX_SEARCH_LENGTH:
        raise GridError("grid.error.search_too_long", str(MAX_SEARCH_LENGTH))
    try:
        parsed = _RawRequest.model_validate(dict(raw))
    except ValidationError as error:
        raise GridError("grid.error.invalid_request", _first_error(error)) from None

    if parsed.alarm and spec.alarm_column is None:
        raise GridError("grid.error.no_alarm", grid)
    columns = {c.key: c for c in visible_columns(grid, principal, alarm=parsed.alarm)}

    def known(key: str) -> Column:
        if key not in columns:
            raise GridError("grid.error.unknown_column", key[:60])
        return columns[key]

    if parsed.columns is None:
        chosen = tuple(key for key, column in columns.items() if column.visible)
    else:
        chosen = tuple(known(key).key for key in parsed.columns)
        if len(set(chosen)) != len(chosen):
            raise GridError("grid.error.invalid_request", "columns")
        if parsed.alarm and ALARM_REASON not in chosen:
            chosen = (ALARM_REASON, *chosen)

    sort: list[tuple[str, Literal["asc", "desc"]]] = []
    for item in parsed.sort:
        column = known(item.col_id)
        if not column.sortable or any(key == column.key for key, _ in sort):
            raise GridError("grid.error.not_sortable", column.key)
        sort.append((column.key, item.sort))

    filters: dict[str, Filter] = {}
    for key, model in parsed.filters.items():
        column = known(key)
        filters[key] = _parse_filter(column, model)

    partner_company_ids = frozenset(parsed.partner_company_ids)
    if not partner_company_ids <= principal.partner_company_ids:
        raise GridError("grid.error.partner_company", "partner_company_ids")

    return GridRequest(
        grid=grid,
        columns=chosen,
        sort=tuple(sort),
        filters=filters,
        search=(parsed.search or "").strip() or None,
        partner_company_ids=partner_company_ids,
        alarm=parsed.alarm,
        offset=parsed.offset,
        limit=parsed.limit,
    )


def _parse_filter(column: Column, raw: object) -> Filter:
    model = _FILTER_MODELS.get(column.filter)
    if model is None:
        raise GridError("grid.error.not_filterable", column.key)
    try:
        parsed = model.model_validate(raw)
    except ValidationError as error:
        raise GridError(
            "grid.error.invalid_filter", f"{column.key}.{_first_error(error)}"
        ) from None
    if (
        isinstance(parsed, SetFilter)
        and column.values
        and not set(parsed.values) <= set(column.values)
    ):
        raise GridError("grid.error.invalid_filter", f"{column.key}.values")
    return parsed


# --------------------------------------------------------------------------- the query


class _Contains(FunctionElement[bool]):
    """`expression` matches the LIKE pattern ignoring case, as lower() on both sides would.

    One meaning, compiled per engine into the form its indexes serve: PostgreSQL
    `lower(x) LIKE lower(p)` (what ILIKE does in a UTF-8 database, and what the trigram indexes
    of migration 0005 are built on); SQLite `x LIKE p` (its LIKE ignores ASCII case and its
    lower() folds nothing else, so the rows are those of lower(x) LIKE lower(p), without two
    string copies per row); other engines ILIKE.
    """

    name = "contains"
    type = Boolean()
    inherit_cache = True


def _pattern_parts(element: _Contains) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    expression, pattern = element.clauses
    return expression, pattern


@compiles(_Contains)
def _compile_contains(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    expression, pattern = _pattern_parts(element)
    return compiler.process(expression.ilike(pattern, escape=LIKE_ESCAPE), **kw)


@compiles(_Contains, "sqlite")
def _compile_contains_sqlite(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    expression, pattern = _pattern_parts(element)
    return compiler.process(expression.like(pattern, escape=LIKE_ESCAPE), **kw)


@compiles(_Contains, "postgresql")
def _compile_contains_postgresql(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    expression, pattern = _pattern_parts(element)
    lowered = func.lower(expression).like(func.lower(pattern), escape=LIKE_ESCAPE)
    return compiler.process(lowered, **kw)


def contains(expression: ColumnElement[Any], text: str) -> ColumnElement[bool]:
    """Case-insensitive substring match with the user's `%`, `_` and `\\` taken literally."""
    escaped = (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return _Contains(expression, literal(f"%{escaped}%", String()))


def _filter_condition(expression: ColumnElement[Any], model: Filter) -> ColumnElement[bool]:
    if isinstance(model, TextFilter):
        return contains(expression, model.filter)
    if isinstance(model, SetFilter):
        return expression.in_(sorted(set(model.values)))
    if isinstance(model, BoolFilter):
        return expression == model.value
    low, high = (
        (model.date_from, model.date_to)
        if isinstance(model, DateRangeFilter)
        else (model.low, model.high)
    )
    parts = []
    if low is not None:
        parts.append(expression >= low)
    if high is not None:
        parts.append(expression <= high)
    return and_(*parts)


Direction = Literal["asc", "desc"]


def _ordered(expression: ColumnElement[Any], direction: Direction) -> ColumnElement[Any]:
    """NULLs last ascending and first descending on both engines (PostgreSQL's default, so its
    indexes stay usable)."""
    return expression.asc().nulls_last() if direction == "asc" else expression.desc().nulls_first()


def _alternatives(condition: ColumnElement[bool]) -> tuple[ColumnElement[bool], ...]:
    """The parts of a disjunction (one part for anything else)."""
    if isinstance(condition, BooleanClauseList) and condition.operator is operators.or_:
        return tuple(condition.clauses)
    return (condition,)


@dataclass(frozen=True)
class _Plan:
    """A request in SQL parts. `grid_query` puts them together plainly; `fetch_page` finds the
    page's ids through narrower queries of the same parts, then reads just those rows."""

    spec: Grid
    principal: Principal
    request: GridRequest
    columns: dict[str, Column]
    context: Context
    conditions: tuple[ColumnElement[bool], ...]
    # the alarm view's condition, split into its alternatives (empty without the alarm view)
    alarm: tuple[ColumnElement[bool], ...]
    # sort expressions, ending with the id so that the order is total
    order: tuple[tuple[ColumnElement[Any], Direction], ...]

    def matching(self, *, alarm: tuple[ColumnElement[bool], ...] | None = None) -> Select:
        """The scoped and filtered rows, selecting only the id; `alarm` narrows the alarm
        view to some of its alternatives."""
        alternatives = self.alarm if alarm is None else alarm
        query = self.spec.scope(self.principal).with_only_columns(
            self.spec.id_column, maintain_column_froms=False
        )
        query = query.where(*self.conditions)
        return query.where(or_(*alternatives)) if alternatives else query

    def sql(self, key: str) -> ColumnElement[Any]:
        return self.columns[key].sql(self.context)


def _plan(grid: str, principal: Principal, request: GridRequest, today: date) -> _Plan:
    """Check the request against the principal again and turn it into SQL parts."""
    spec = get_grid(grid)
    if request.grid != grid:
        raise GridError("grid.error.invalid_request", "grid")
    # Re-derived from the principal: a request built for someone else cannot widen the columns.
    columns = {c.key: c for c in visible_columns(grid, principal, alarm=request.alarm)}
    for key in (*request.columns, *request.filters, *(key for key, _ in request.sort)):
        if key not in columns:
            raise GridError("grid.error.unknown_column", key)
    if not request.partner_company_ids <= principal.partner_company_ids:
        raise GridError("grid.error.partner_company", "partner_company_ids")
    if request.alarm and spec.alarm_column is None:
        raise GridError("grid.error.no_alarm", grid)
    context = Context(principal=principal, today=today)

    def sql(key: str) -> ColumnElement[Any]:
        return columns[key].sql(context)

    conditions: list[ColumnElement[bool]] = []
    if request.partner_company_ids and spec.company_column is not None:
        conditions.append(spec.company_column.in_(sorted(request.partner_company_ids)))
    for key, model in request.filters.items():
        conditions.append(_filter_condition(sql(key), model))
    if request.search:
        searchable = [sql(c.key) for c in columns.values() if c.searchable]
        conditions.append(or_(*(contains(e, request.search) for e in searchable)))
    # `.expression`: the column behind a mapped attribute, so `_branches` can tell columns apart
    order = [
        (sql(key).expression, direction) for key, direction in request.sort or spec.default_sort
    ]
    return _Plan(
        spec=spec,
        principal=principal,
        request=request,
        columns=columns,
        context=context,
        conditions=tuple(conditions),
        alarm=_alternatives(alarm_condition(today)) if request.alarm else (),
        order=(*order, (spec.id_column.expression, "asc")),
    )


def _rows(plan: _Plan) -> Select:
    return (
        plan.matching()
        .with_only_columns(
            plan.spec.id_column.label("id"),
            *(plan.sql(key).label(key) for key in plan.request.columns),
            maintain_column_froms=False,
        )
        .order_by(*(_ordered(expression, direction) for expression, direction in plan.order))
    )


def grid_query(grid: str, principal: Principal, request: GridRequest, today: date) -> Select:
    """The scoped, filtered, searched and sorted rows of a request, without paging.

    Selects `id` (for opening the detail page) and the request's columns under their keys.
    Sorting ends with the id so pages never overlap or skip rows; NULLs sort last ascending and
    first descending on both engines.
    """
    return _rows(_plan(grid, principal, request, today))


# --------------------------------------------------------------------------- one page fast

# More locations than this and one plain query finds the page (the branches would not pay).
MAX_BRANCH_COMPANIES = 20
# A set filter with more values than this is not split into branches.
MAX_SPLIT_VALUES = 10
# More branches than this and one plain query finds the page (SQLite allows 500 per UNION).
MAX_BRANCHES = 64
# From this many matching rows on, walking the sort index and testing each row finds a page
# sooner than collecting the matches and sorting them (SQLite is told so, see `_IndexedBy`).
WALK_MIN_ROWS = 1000


def _nullable_column(expression: ColumnElement[Any]) -> bool | None:
    """Whether a sort expression is a table column that may be NULL; None for anything else."""
    if isinstance(expression, SAColumn):
        return bool(expression.nullable)
    return None


def _branch_companies(plan: _Plan) -> list[int | None]:
    """The locations to walk one by one. A partner's scope lies within their locations (access
    policy, SPEC §3.1), so restricting each branch to one of them loses no row."""
    companies = plan.request.partner_company_ids or plan.principal.partner_company_ids
    if plan.spec.company_column is None:
        return [None]
    if plan.principal.is_partner and 0 < len(companies) <= MAX_BRANCH_COMPANIES:
        return sorted(companies)
    return [None]


class _IndexedBy(Alias):
    """The table under its own name, walked through one index on SQLite (`INDEXED BY`).

    SQLite keeps one average row count per index prefix, so it cannot tell a location of 147k
    contracts from one of 600, and for an OWN scope it prefers collecting the user's customers'
    contracts and sorting them all to walking the location's sort index. PostgreSQL's statistics
    see the skew: there this is the plain table. SQLAlchemy renders no table hints for SQLite.
    """

    inherit_cache = True
    _traverse_internals = [
        *Alias._traverse_internals,
        ("index_name", InternalTraversal.dp_string),
    ]
    index_name: str


@compiles(_IndexedBy)
def _compile_indexed_by(element: _IndexedBy, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.visit_alias(element, **kw)


@compiles(_IndexedBy, "sqlite")
def _compile_indexed_by_sqlite(element: _IndexedBy, compiler: SQLCompiler, **kw: Any) -> str:
    rendered = compiler.visit_alias(element, **kw)
    return f"{rendered} INDEXED BY {element.index_name}" if kw.get("asfrom") else rendered


def _index_for(plan: _Plan, columns: list[str]) -> str | None:
    """The name of an index of the grid's table that starts with these columns."""
    for index in plan.spec.id_column.table.indexes:
        names = [getattr(column, "name", None) for column in index.expressions]
        if names[: len(columns)] == columns:
            return index.name
    return None


def _mentions(condition: ColumnElement[bool], column: SAColumn[Any]) -> bool:
    """Whether a condition reads the table column."""
    return any(
        isinstance(element, SAColumn)
        and (element.table, element.name) == (column.table, column.name)
        for element in iterate(condition)
    )


def _value_split(plan: _Plan, first: ColumnElement[Any]) -> tuple[SAColumn[Any], list[Any]]:
    """A set filter whose values each have an index (location, column, first sort key): one
    branch per value then walks that index in order (e.g. status = own by end date)."""
    if plan.spec.company_column is None:
        return first, [None]
    company = plan.spec.company_column.expression.name
    for key, model in plan.request.filters.items():
        column = plan.sql(key).expression
        if (
            isinstance(model, SetFilter)
            and len(model.values) <= MAX_SPLIT_VALUES
            and isinstance(column, SAColumn)
            and _index_for(plan, [company, column.name, first.name])
        ):
            return column, sorted(set(model.values))
    return first, [None]


def _branches(plan: _Plan, wanted: int, *, walk: bool) -> list[Select]:
    """Queries whose union holds the first `wanted` rows of the request in its order.

    Branches split the matching rows by location, by value of a set filter (`_value_split`),
    by alternative of the alarm view where that ranges over the first sort key, and into NULL
    and not NULL of the first sort key. Each branch is sorted and cut to `wanted` rows, and is
    one range of an index that starts (location, equal columns, first sort key): the database
    walks it in order and stops, instead of sorting the whole scope. The first key sorts
    without a NULLS clause there (it is NULL-free or all NULL in its branch), because SQLite
    cannot walk an index for ASC NULLS LAST. With `walk` (many matching rows), SQLite is told to
    walk that index (`_IndexedBy`) even where it would rather collect and sort.
    """
    keys = [expression.label(f"k{index}") for index, (expression, _) in enumerate(plan.order)]
    (first, direction), *rest = plan.order
    rest_order = [_ordered(expression, d) for expression, d in rest]
    nullable = _nullable_column(first)
    company_column = (
        plan.spec.company_column.expression if plan.spec.company_column is not None else None
    )
    split_column, split_values = (
        _value_split(plan, first) if nullable is not None else (first, [None])
    )
    alarm_split = nullable is not None and any(_mentions(a, first) for a in plan.alarm)
    alternatives = plan.alarm if alarm_split else (None,)
    branches = []
    for company, value, alternative, is_null in product(
        _branch_companies(plan), split_values, alternatives, [True, False] if nullable else [None]
    ):
        query = plan.matching(alarm=None if alternative is None else (alternative,))
        query = query.with_only_columns(*keys, maintain_column_froms=False)
        equal = []
        if company is not None and company_column is not None:
            query = query.where(company_column == company)
            equal.append(company_column.name)
        if value is not None:
            query = query.where(split_column == value)
            equal.append(split_column.name)
        if is_null is True:
            branches.append(query.where(first.is_(None)).order_by(*rest_order).limit(wanted))
            continue
        if nullable is None:
            branches.append(query.order_by(_ordered(first, direction), *rest_order).limit(wanted))
            continue
        if is_null is False:
            query = query.where(first.is_not(None))
        plain = first.asc() if direction == "asc" else first.desc()
        query = query.order_by(plain, *rest_order).limit(wanted)
        index = _index_for(plan, [*equal, first.name]) if company is not None else None
        if walk and index and (alternative is None or _mentions(alternative, first)):
            hinted = _IndexedBy._construct(first.table, name=first.table.name)
            hinted.index_name = index
            query = ClauseAdapter(hinted).traverse(query)
        branches.append(query)
    return branches


def _page_rows(plan: _Plan, ids: Sequence[int]) -> Select:
    """The page's rows by id, in order. Still within the scope, but without the filters: the
    ids passed them, and with them in the query SQLite would rather walk a filter's index than
    fetch 50 rows by id."""
    unfiltered = replace(plan, conditions=(), alarm=())
    return _rows(unfiltered).where(plan.spec.id_column.in_(ids))


def _page_ids(plan: _Plan, *, walk: bool) -> Select:
    """The ids of the request's page, in order."""
    request = plan.request
    branches = _branches(plan, request.offset + request.limit, walk=walk)
    if len(branches) > MAX_BRANCHES:
        ordered = plan.matching().order_by(*(_ordered(e, d) for e, d in plan.order))
        return ordered.offset(request.offset).limit(request.limit)
    if len(branches) == 1:
        combined = branches[0].subquery()
    else:
        # each branch as a subquery: SQLite takes no ORDER BY/LIMIT inside a compound SELECT
        wrapped = [select(branch.subquery()) for branch in branches]
        compound = union(*wrapped) if len(plan.alarm) > 1 else union_all(*wrapped)
        combined = compound.subquery()
    keys = list(combined.c)
    order = [_ordered(key, direction) for key, (_, direction) in zip(keys, plan.order, strict=True)]
    return select(keys[-1]).order_by(*order).offset(request.offset).limit(request.limit)


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, object]]
    total: int


def fetch_page(
    session: Session, grid: str, principal: Principal, request: GridRequest, today: date
) -> Page:
    """One page of rows (only `id` and the permitted, requested columns) and the total count.

    The same rows, order and total as paging `grid_query`, in three cheap steps: the count over
    the filtered ids alone, the page's ids (walking indexes, see `_branches`), then only those
    rows with their computed columns.
    """
    plan = _plan(grid, principal, request, today)
    # The session's connection: plain rows with labelled columns, in the session's transaction.
    connection = session.connection()
    # count(*), not count(id): the id is in no location index, and reading it would cost the
    # index-only scan on PostgreSQL
    count = plan.matching().with_only_columns(func.count(), maintain_column_froms=True)
    total = connection.execute(count).scalar_one()
    ids = connection.execute(_page_ids(plan, walk=total >= WALK_MIN_ROWS)).scalars().all()
    rows = connection.execute(_page_rows(plan, ids)).mappings().all() if ids else []
    return Page(rows=[dict(row) for row in rows], total=total)
