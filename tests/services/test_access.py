"""SPEC §3 as tables: the worked example, team/visibility rules, customer roles, grants.
Runs on SQLite and PostgreSQL (fixture `db_session`)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import Customer, Document, DocumentKeyword, DocumentProfile, Subscription
from portal.models.enums import (
    ContractStatus,
    CustomerRole,
    DocumentDirection,
    PartnerAction,
    ShareStatus,
    StaffPermission,
    Visibility,
)
from portal.services import access, people
from portal.services.access import AccessDenied, load_principal
from tests import factories as f

MANAGEMENT = [
    PartnerAction.CHANGE_PARTNER_CONTACT,
    PartnerAction.MANAGE_PEOPLE,
    PartnerAction.EXPORT,
    PartnerAction.DOWNLOAD_LICENSE,
]
ADMINISTRATION = [a.value for a in PartnerAction]


def names(session: Session, principal: access.Principal) -> set[str]:
    return {c.name for c in session.exec(access.scoped_customers(principal)).all()}


@pytest.fixture
def worked_example(db_session: Session) -> SimpleNamespace:
    """SPEC §3.1: customers A, B, C with partner contacts A→E2, B→E1, C→E3."""
    s = db_session
    muster = f.company(s, "Muster IT GmbH")
    nord = f.company(s, "Nordlicht Systemhaus GmbH")
    other = f.company(s, "Fremdfirma AG")
    management = f.team(s, "Management", MANAGEMENT)
    administration = f.team(s, "Administration", ADMINISTRATION)
    e1 = f.partner(s, "e1", Visibility.ALL, [muster, nord], [management])
    e2 = f.partner(s, "e2", Visibility.NONE, [muster], [administration])
    e3 = f.partner(s, "e3", Visibility.OWN, [muster])
    a = f.customer(s, "A", muster, e2)
    b = f.customer(s, "B", muster, e1)
    c = f.customer(s, "C", muster, e3)
    n = f.customer(s, "N", nord)
    x = f.customer(s, "X", other)
    for cust in (a, b, c, n, x):
        f.subscription(s, cust)
    s.commit()
    return SimpleNamespace(e1=e1, e2=e2, e3=e3, a=a, b=b, c=c, n=n, x=x, session=s)


def principal_of(session: Session, user) -> access.Principal:  # type: ignore[no-untyped-def]
    principal = load_principal(session, user.id)
    assert principal is not None
    return principal


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("e1", {"A", "B", "C", "N"}),  # ALL over both locations
        ("e2", set()),  # NONE although partner contact of A and in Administration
        ("e3", {"C"}),  # OWN: only where partner contact
    ],
)
def test_worked_example_customer_visibility(worked_example, who: str, expected: set[str]) -> None:
    s = worked_example.session
    assert names(s, principal_of(s, getattr(worked_example, who))) == expected


@pytest.mark.parametrize(("who", "expected"), [("e1", 4), ("e2", 0), ("e3", 1)])
def test_worked_example_subscription_visibility(worked_example, who: str, expected: int) -> None:
    s = worked_example.session
    rows = s.exec(access.scoped_subscriptions(principal_of(s, getattr(worked_example, who)))).all()
    assert len(rows) == expected


def test_administration_member_may_lift_own_visibility_and_then_sees_all(worked_example) -> None:
    s, e2 = worked_example.session, worked_example.e2
    people.set_visibility(s, principal_of(s, e2), e2.id, Visibility.ALL)
    s.commit()
    assert names(s, principal_of(s, e2)) == {"A", "B", "C"}


def test_management_member_may_not_change_own_visibility(worked_example) -> None:
    s, e1 = worked_example.session, worked_example.e1
    with pytest.raises(AccessDenied):
        people.set_visibility(s, principal_of(s, e1), e1.id, Visibility.NONE)


def test_management_member_may_change_a_colleagues_visibility(worked_example) -> None:
    s = worked_example.session
    people.set_visibility(s, principal_of(s, worked_example.e1), worked_example.e3.id, "all")
    s.commit()
    assert names(s, principal_of(s, worked_example.e3)) == {"A", "B", "C"}


def test_member_without_team_may_not_change_anyones_visibility(worked_example) -> None:
    s = worked_example.session
    e3 = principal_of(s, worked_example.e3)
    for target in (worked_example.e3, worked_example.e1):
        with pytest.raises(AccessDenied):
            people.set_visibility(s, e3, target.id, Visibility.ALL)


def test_management_may_not_manage_people_of_other_partner_companies(db_session) -> None:
    s = db_session
    mine, theirs = f.company(s, "Mine"), f.company(s, "Theirs")
    boss = f.partner(s, "boss", Visibility.ALL, [mine], [f.team(s, "Management", MANAGEMENT)])
    stranger = f.partner(s, "stranger", Visibility.NONE, [theirs])
    with pytest.raises(AccessDenied):
        people.set_visibility(s, principal_of(s, boss), stranger.id, Visibility.ALL)


def test_teams_never_change_visibility(worked_example) -> None:
    s = worked_example.session
    e2 = principal_of(s, worked_example.e2)
    assert PartnerAction.SEE_RETAIL_PRICE in e2.partner_actions
    assert names(s, e2) == set()


@pytest.mark.parametrize(
    ("who", "action", "allowed"),
    [
        ("e1", PartnerAction.CHANGE_PARTNER_CONTACT, True),
        ("e1", PartnerAction.SEE_RETAIL_PRICE, False),
        ("e2", PartnerAction.SEE_RETAIL_PRICE, True),
        ("e2", PartnerAction.CHANGE_OWN_VISIBILITY, True),
        ("e3", PartnerAction.CHANGE_PARTNER_CONTACT, False),
        ("e3", PartnerAction.DOWNLOAD_LICENSE, False),
        ("e1", StaffPermission.SETTINGS, False),
    ],
)
def test_partner_actions_come_from_teams(worked_example, who, action, allowed: bool) -> None:
    s = worked_example.session
    assert access.can(principal_of(s, getattr(worked_example, who)), action) is allowed


def test_staff_sees_everything_and_is_gated_by_permission_groups(worked_example) -> None:
    s = worked_example.session
    clerk = principal_of(s, f.staff(s, "clerk", [StaffPermission.INBOX]))
    assert names(s, clerk) == {"A", "B", "C", "N", "X"}
    assert access.can(clerk, StaffPermission.INBOX)
    assert not access.can(clerk, StaffPermission.ACT_AS)
    assert not access.can(clerk, PartnerAction.EXPORT)


def test_deactivated_user_has_no_principal(worked_example) -> None:
    s = worked_example.session
    worked_example.e1.active = False
    s.add(worked_example.e1)
    s.commit()
    assert load_principal(s, worked_example.e1.id) is None


def test_get_visible_refuses_ids_outside_scope(worked_example) -> None:
    s = worked_example.session
    e3 = principal_of(s, worked_example.e3)
    assert access.get_visible(s, e3, access.scoped_customers(e3), Customer, worked_example.c.id)
    with pytest.raises(AccessDenied):
        access.get_visible(s, e3, access.scoped_customers(e3), Customer, worked_example.a.id)


# ----------------------------------------------------------------------------- customer users

TODAY = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("status", "dates", "matches"),
    [
        (ContractStatus.OWN, {"application_date": TODAY}, {ShareStatus.APPLICATION}),
        (ContractStatus.OWN, {"document_date": TODAY}, {ShareStatus.POLICY}),
        (
            ContractStatus.OWN,
            {"application_date": TODAY, "document_date": TODAY},
            {ShareStatus.APPLICATION, ShareStatus.POLICY},
        ),
        (ContractStatus.OWN, {}, {ShareStatus.OWN}),
        (ContractStatus.OFFER, {"offer_date": TODAY}, {ShareStatus.OWN, ShareStatus.OFFER}),
        (ContractStatus.OFFER, {}, {ShareStatus.OFFER}),
        (ContractStatus.OWN, {"offer_date": TODAY}, {ShareStatus.OWN}),  # only the two dates count
        (ContractStatus.REQUEST, {"offer_date": TODAY}, {ShareStatus.REQUEST}),
        (ContractStatus.FOREIGN, {"application_date": TODAY}, {ShareStatus.FOREIGN}),
        (ContractStatus.FOREIGN_PART, {}, {ShareStatus.FOREIGN_PART}),
        (ContractStatus.BLOCKED, {}, {ShareStatus.BLOCKED}),
        (ContractStatus.INFO, {}, {ShareStatus.INFO}),
        (ContractStatus.DORMANT, {"document_date": TODAY}, {ShareStatus.DORMANT}),
        (ContractStatus.CANCELLED, {"document_date": TODAY}, {ShareStatus.CANCELLED}),
    ],
)
def test_share_status_rules(db_session, status, dates, matches) -> None:
    s = db_session
    contract = f.subscription(s, f.customer(s, "K"), status, **dates)
    s.commit()
    found = {
        share
        for share in ShareStatus
        if s.exec(
            select(Subscription.id).where(
                Subscription.id == contract.id, access.share_status_condition(share)
            )
        ).first()
    }
    assert found == matches


@pytest.fixture
def family(db_session: Session) -> SimpleNamespace:
    s = db_session
    firm, private, stranger = (f.customer(s, n) for n in ("Firma", "Privat", "Fremd"))
    main = f.customer_user(s, "main", firm, CustomerRole.MAIN)
    normal = f.customer_user(s, "normal", firm, CustomerRole.NORMAL)
    firm_contract = f.subscription(s, firm, ContractStatus.OWN, line_of_business="Gebäude")
    private_house = f.subscription(s, private, ContractStatus.OWN, line_of_business="Gebäude")
    private_car = f.subscription(s, private, ContractStatus.OWN, line_of_business="Kfz")
    private_offer = f.subscription(s, private, ContractStatus.OFFER, line_of_business="Gebäude")
    foreign_manual = f.subscription(s, stranger, ContractStatus.BLOCKED)
    s.commit()
    return SimpleNamespace(**locals())


def visible_contracts(s: Session, user) -> set[int]:  # type: ignore[no-untyped-def]
    return {row.id for row in s.exec(access.scoped_subscriptions(principal_of(s, user))).all()}


def test_main_user_sees_own_company_contracts_normal_user_none_without_grant(family) -> None:
    s = family.s
    assert visible_contracts(s, family.main) == {family.firm_contract.id}
    assert visible_contracts(s, family.normal) == set()


def test_grant_auto_shares_by_status_and_line_of_business_and_manual(family) -> None:
    s = family.s
    f.grant(
        s,
        [family.normal],
        [family.private],
        [family.foreign_manual],
        auto_share_statuses=[ShareStatus.OWN.value],
        lines_of_business=["Gebäude"],
    )
    s.commit()
    assert visible_contracts(s, family.normal) == {
        family.private_house.id,
        family.foreign_manual.id,
    }


def test_tickets_main_sees_company_normal_own_and_shared_among_grant_members(family) -> None:
    s = family.s
    from portal.models import Ticket

    def ticket(creator):  # type: ignore[no-untyped-def]
        return f.add(s, Ticket(customer_id=family.firm.id, creator_id=creator.id, subject="T"))

    colleague = f.customer_user(s, "colleague", family.firm, CustomerRole.NORMAL)
    mine, theirs = ticket(family.normal), ticket(colleague)
    s.commit()

    def ids(user) -> set[int]:  # type: ignore[no-untyped-def]
        return {t.id for t in s.exec(access.scoped_tickets(principal_of(s, user))).all()}

    assert ids(family.main) == {mine.id, theirs.id}
    assert ids(family.normal) == {mine.id}
    f.grant(s, [family.normal, colleague], [], share_tickets=False)
    s.commit()
    assert ids(family.normal) == {mine.id}
    f.grant(s, [family.normal, colleague], [family.private], share_tickets=True)
    s.commit()
    assert ids(family.normal) == {mine.id}  # the colleague's ticket is about another customer
    f.grant(s, [family.normal, colleague], [family.firm], share_tickets=True)
    s.commit()
    assert ids(family.normal) == {mine.id, theirs.id}


def test_claim_reporter_view_shows_only_claims_of_grant_members(family) -> None:
    s = family.s
    from portal.models import Claim
    from portal.models.enums import GrantViewType

    outsider = f.customer_user(s, "outsider", family.private, CustomerRole.MAIN)

    def claim(reporter):  # type: ignore[no-untyped-def]
        return f.add(
            s,
            Claim(
                subscription_id=family.private_house.id,
                customer_id=family.private.id,
                reporter_id=reporter.id,
                claim_date=TODAY,
                description="Wasserschaden",
            ),
        )

    by_member, by_outsider = claim(family.normal), claim(outsider)
    shared = {"auto_share_statuses": [ShareStatus.OWN.value], "include_claims": True}
    f.grant(s, [family.main], [family.private], view_type=GrantViewType.CLAIM_REPORTER, **shared)
    s.commit()

    def ids(user) -> set[int]:  # type: ignore[no-untyped-def]
        return {c.id for c in s.exec(access.scoped_claims(principal_of(s, user))).all()}

    assert ids(family.main) == set()  # the reporter is no member of that grant
    f.grant(s, [family.main], [family.private], view_type=GrantViewType.PRIVATE, **shared)
    s.commit()
    assert ids(family.main) == {by_member.id, by_outsider.id}
    assert ids(family.normal) == {by_member.id}  # own report, no grant


# Each derived status through a whole grant: which of the family's contracts a member sees.
DERIVED = {
    "application": (ContractStatus.OWN, {"application_date": TODAY}),
    "policy": (ContractStatus.OWN, {"application_date": TODAY, "document_date": TODAY}),
    "own": (ContractStatus.OWN, {}),
    "offer_dated": (ContractStatus.OFFER, {"offer_date": TODAY}),
    "offer": (ContractStatus.OFFER, {}),
    "dormant": (ContractStatus.DORMANT, {}),
}


@pytest.mark.parametrize(
    ("shares", "lines", "expected"),
    [
        ([ShareStatus.APPLICATION], [], {"application", "policy"}),
        ([ShareStatus.POLICY], [], {"policy"}),
        ([ShareStatus.OWN], [], {"own", "offer_dated"}),
        ([ShareStatus.OFFER], [], {"offer_dated", "offer"}),
        ([ShareStatus.OWN], ["Kfz"], {"offer_dated"}),
        ([ShareStatus.POLICY, ShareStatus.DORMANT], ["Gebäude"], {"policy", "dormant"}),
        ([], [], set()),
    ],
)
def test_grant_shares_derived_statuses_within_lines_of_business(
    db_session: Session, shares: list[ShareStatus], lines: list[str], expected: set[str]
) -> None:
    s = db_session
    private, firm = f.customer(s, "Privat"), f.customer(s, "Firma")
    member = f.customer_user(s, "member", firm, CustomerRole.NORMAL)
    contracts = {
        name: f.subscription(
            s, private, status, line_of_business="Kfz" if name == "offer_dated" else "Gebäude", **d
        )
        for name, (status, d) in DERIVED.items()
    }
    f.subscription(s, firm, ContractStatus.OWN)  # the member's own company: not shared
    f.grant(
        s,
        [member],
        [private],
        auto_share_statuses=[x.value for x in shares],
        lines_of_business=lines,
    )
    s.commit()
    assert visible_contracts(s, member) == {contracts[name].id for name in expected}


def _document(s: Session, of: Customer, contract=None, keywords=()) -> Document:  # type: ignore[no-untyped-def]
    doc = f.add(
        s,
        Document(
            customer_id=of.id,
            subscription_id=contract.id if contract else None,
            title="Dok",
            direction=DocumentDirection.OUT,
        ),
    )
    for keyword in keywords:
        f.add(s, DocumentKeyword(document_id=doc.id, keyword=keyword))
    return doc


# (role, document of, linked contract, keywords, grant: profile keywords) → visible?
# "shared": the private customer's contract the grant auto-shares; "unshared": its car contract
# outside the grant's line of business; "manual": a stranger's contract shared by hand.
@pytest.mark.parametrize(
    ("role", "of", "contract", "keywords", "profile", "visible"),
    [
        (CustomerRole.NORMAL, "private", "shared", [], [], True),
        (CustomerRole.NORMAL, "private", "unshared", [], [], False),
        (CustomerRole.NORMAL, "private", "unshared", ["Police"], ["Police"], True),
        (CustomerRole.NORMAL, "private", None, ["Police"], ["Police"], True),
        (CustomerRole.NORMAL, "private", None, ["Intern"], ["Police"], False),
        (CustomerRole.NORMAL, "private", None, ["Police"], [], False),
        (CustomerRole.NORMAL, "stranger", "manual", [], [], True),
        (CustomerRole.NORMAL, "stranger", None, ["Police"], ["Police"], False),
        (CustomerRole.NORMAL, "firm", None, ["Police"], ["Police"], False),
        (CustomerRole.NORMAL, "firm", "firm", [], [], False),
        (CustomerRole.MAIN, "firm", None, [], [], True),
        (CustomerRole.MAIN, "stranger", "firm", [], [], True),  # its contract is visible
        (CustomerRole.MAIN, "stranger", None, ["Police"], ["Police"], False),
    ],
)
def test_document_rule(
    family, role: CustomerRole, of: str, contract: str | None, keywords, profile, visible: bool
) -> None:
    s = family.s
    contracts = {
        "shared": family.private_house,
        "unshared": family.private_car,
        "manual": family.foreign_manual,
        "firm": family.firm_contract,
    }
    owners = {"private": family.private, "firm": family.firm, "stranger": family.stranger}
    document = _document(s, owners[of], contracts.get(contract or ""), keywords)
    profile_row = f.add(s, DocumentProfile(name="Profil", keywords=profile))
    user = family.main if role == CustomerRole.MAIN else family.normal
    f.grant(
        s,
        [family.normal],
        [family.private],
        [family.foreign_manual],
        auto_share_statuses=[ShareStatus.OWN.value],
        lines_of_business=["Gebäude"],
        document_profile_id=profile_row.id,
    )
    s.commit()
    seen = {d.id for d in s.exec(access.scoped_documents(principal_of(s, user))).all()}
    assert (document.id in seen) is visible


@pytest.mark.parametrize(
    ("role", "show", "contract", "visible"),
    [
        (CustomerRole.MAIN, False, "firm_contract", True),
        (CustomerRole.MAIN, False, "private_house", False),
        (CustomerRole.NORMAL, False, "private_house", False),
        (CustomerRole.NORMAL, True, "private_house", True),
        (CustomerRole.NORMAL, True, "foreign_manual", True),
        (CustomerRole.NORMAL, True, "private_car", False),  # not shared at all
        (CustomerRole.NORMAL, True, "firm_contract", False),
    ],
)
def test_reference_addresses_only_where_shared(
    family, role: CustomerRole, show: bool, contract: str, visible: bool
) -> None:
    s = family.s
    f.grant(
        s,
        [family.main, family.normal],
        [family.private],
        [family.foreign_manual],
        auto_share_statuses=[ShareStatus.OWN.value],
        lines_of_business=["Gebäude"],
        show_reference_addresses=show,
    )
    s.commit()
    user = family.main if role == CustomerRole.MAIN else family.normal
    target = getattr(family, contract).id
    shown = s.exec(
        select(Subscription.id).where(
            Subscription.id == target,
            access.reference_address_condition(principal_of(s, user)),
        )
    ).first()
    assert (shown is not None) is visible


A = access.CustomerArea
PRIVATE_AREAS = {A.CONTRACTS, A.DOCUMENTS, A.POSTBOX}


@pytest.mark.parametrize(
    ("role", "view", "settings", "areas_all", "areas_private"),
    [
        (CustomerRole.MAIN, None, {}, set(A), None),
        (CustomerRole.NORMAL, None, {}, {A.TICKETS, A.CLAIMS, A.POSTBOX}, None),
        ("normal", "tiles", {}, {A.TICKETS, A.CLAIMS, *PRIVATE_AREAS}, PRIVATE_AREAS),
        (
            "normal",
            "tiles",
            {"share_tickets": True, "include_claims": True},
            {A.TICKETS, A.CLAIMS, *PRIVATE_AREAS},
            {A.TICKETS, A.CLAIMS, *PRIVATE_AREAS},
        ),
        ("normal", "private", {"include_claims": True}, None, {A.CLAIMS, *PRIVATE_AREAS}),
        ("normal", "claim_reporter", {}, None, {A.CLAIMS, A.POSTBOX}),
        ("main", "commercial", {"share_tickets": True}, set(A), {A.TICKETS, *PRIVATE_AREAS}),
    ],
)
def test_dashboard_areas_follow_role_and_view_type(
    family, role, view, settings, areas_all, areas_private
) -> None:
    s = family.s
    user = family.main if role == CustomerRole.MAIN else family.normal
    if view is not None:
        f.grant(s, [user], [family.private], view_type=view, **settings)
        s.commit()
    principal = principal_of(s, user)
    if areas_all is not None:
        assert access.customer_areas(principal) == areas_all
    expected_private = areas_private if areas_private is not None else set()
    assert access.customer_areas(principal, family.private.id) == expected_private
    assert access.customer_areas(principal, family.stranger.id) == set()
