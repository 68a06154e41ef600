"""Partners create prospects (Interessenten), refused when the same name and postcode exist.

The duplicate check looks at every customer, not only the caller's: a prospect that another
partner (or a colleague out of the caller's visibility) already works must not be created twice.
What the caller learns differs: a duplicate within the caller's scope is named and linked; one
outside it only exists — no name, number or partner leaves this module, and the refusal is
audited with the existing record's id, so the vendor's staff can settle who owns the contact.
That existence check is the one read here that is not narrowed by the access policy; it returns
a boolean and nothing else.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from portal.models import Customer, PartnerCompany
from portal.models.enums import CustomerKind, Visibility
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal

FIELDS = ("name", "street", "postcode", "city", "email", "phone")
_MAX = {"name": 200, "street": 200, "postcode": 10, "city": 120, "email": 254, "phone": 60}
_REQUIRED = ("name", "postcode", "city")
_POSTCODE = re.compile(r"[0-9A-Z][0-9A-Z -]{2,9}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9 ()/.-]{3,60}")
_TRUE = {"on", "true", "1", "yes"}


def normalize_name(name: str) -> str:
    """Case- and whitespace-insensitive: "  café   central kg" equals "Café Central KG"."""
    return " ".join(name.split()).casefold()


def normalize_postcode(postcode: str) -> str:
    return "".join(postcode.split()).upper()


@dataclass(frozen=True)
class Duplicate:
    """A matching customer the caller may see (and so may be shown)."""

    id: int
    number: str
    name: str


@dataclass(frozen=True)
class ProspectOutcome:
    customer_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field ("" = form) -> message key
    duplicate: Duplicate | None = None
    duplicate_elsewhere: bool = False

    @property
    def ok(self) -> bool:
        return self.customer_id is not None


@dataclass(frozen=True)
class _Input:
    values: dict[str, str]
    is_private: bool
    partner_company_id: int | None


def creatable_companies(session: Session, principal: Principal) -> list[PartnerCompany]:
    """The partner companies the caller may create prospects for: their own, by name. None for
    visibility NONE, who would not see what they created."""
    if not principal.is_partner or principal.visibility == Visibility.NONE:
        return []
    return list(
        session.exec(
            select(PartnerCompany)
            .where(PartnerCompany.id.in_(sorted(principal.partner_company_ids)))
            .order_by(PartnerCompany.name)
        ).all()
    )


def _validate(raw: Mapping[str, object], company_ids: list[int]) -> tuple[_Input, dict[str, str]]:
    values = {name: " ".join(str(raw.get(name) or "").split()) for name in FIELDS}
    values["postcode"] = values["postcode"].upper()
    errors: dict[str, str] = {}
    for name in _REQUIRED:
        if not values[name]:
            errors[name] = f"prospect.error.{name}_required"
    for name, limit in _MAX.items():
        if name not in errors and len(values[name]) > limit:
            errors[name] = "prospect.error.too_long"
    if "postcode" not in errors and not _POSTCODE.fullmatch(values["postcode"]):
        errors["postcode"] = "prospect.error.postcode_invalid"
    if values["email"] and "email" not in errors and not _EMAIL.fullmatch(values["email"]):
        errors["email"] = "prospect.error.email_invalid"
    if values["phone"] and "phone" not in errors and not _PHONE.fullmatch(values["phone"]):
        errors["phone"] = "prospect.error.phone_invalid"
    company_id = _chosen_company(raw.get("partner_company_id"), company_ids, errors)
    is_private = str(raw.get("is_private") or "").strip().lower() in _TRUE
    return _Input(values, is_private, company_id), errors


def _chosen_company(raw: object, company_ids: list[int], errors: dict[str, str]) -> int | None:
    """One company: that one. Several: the caller picks one of theirs (checked here, since the
    browser can send any id)."""
    if len(company_ids) == 1 and not raw:
        return company_ids[0]
    try:
        chosen = int(str(raw))
    except ValueError:
        errors["partner_company_id"] = "prospect.error.company_required"
        return None
    if chosen not in company_ids:
        errors["partner_company_id"] = "prospect.error.company_invalid"
        return None
    return chosen


def _matches(session: Session, name: str, postcode: str) -> list[int]:
    """Ids of every customer with this normalised name and postcode (see the module doc)."""
    stored_postcode = func.upper(func.replace(Customer.postcode, " ", ""))
    rows = session.exec(
        select(Customer.id, Customer.name).where(stored_postcode == normalize_postcode(postcode))
    ).all()
    wanted = normalize_name(name)
    return [row_id for row_id, row_name in rows if normalize_name(row_name) == wanted]


def create_prospect(
    session: Session, principal: Principal, raw: Mapping[str, object]
) -> ProspectOutcome:
    """Validate the form, refuse duplicates, create the prospect owned by the chosen partner
    company with the caller as partner contact, and audit it."""
    companies = {c.id: c for c in creatable_companies(session, principal)}
    if not companies:
        raise AccessDenied("prospect.error.not_allowed")
    form, errors = _validate(raw, list(companies))
    # A duplicate is worth knowing before anything else is fixed, so it is checked as soon as
    # name and postcode are usable.
    matches = []
    if not {"name", "postcode"} & errors.keys():
        matches = _matches(session, form.values["name"], form.values["postcode"])
    if matches:
        visible = session.exec(
            access.scoped_customers(principal).where(Customer.id.in_(matches)).order_by(Customer.id)
        ).first()
        if visible is not None:
            found = Duplicate(visible.id, visible.number, visible.name)
            return ProspectOutcome(errors=errors, duplicate=found)
        audit.record_by(
            session,
            principal,
            "customer.prospect_duplicate_elsewhere",
            target_type="customer",
            target_id=matches[0],
        )
        return ProspectOutcome(errors=errors, duplicate_elsewhere=True)
    if errors:
        return ProspectOutcome(errors=errors)
    company = companies[form.partner_company_id]  # type: ignore[index]
    customer = Customer(
        number=f"tmp-{secrets.token_hex(8)}",  # unique until the id is known
        kind=CustomerKind.PROSPECT,
        is_private=form.is_private,
        country=company.country,
        partner_company_id=company.id,
        partner_contact_id=principal.user_id,
        **form.values,
    )
    session.add(customer)
    session.flush()
    customer.number = f"I-{customer.id:07d}"  # I = Interessent, made in the portal
    session.add(customer)
    audit.record_by(
        session,
        principal,
        "customer.prospect_created",
        target_type="customer",
        target_id=customer.id,
    )
    return ProspectOutcome(customer_id=customer.id)
