"""Access-grant administration (SPEC §3.3, §7): CRUD, validation of every id, the permission,
audit rows, and that a change is what the grants engine applies at once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    AuditEvent,
    Customer,
    Subscription,
)
from portal.models.enums import GrantViewType, ShareStatus
from portal.services import access, grant_admin
from portal.services.access import AccessDenied
from portal.services.grant_admin import GrantRefused
from tests.services import grant_world
from tests.services.grant_world import principal


@pytest.fixture
def gw(db_session: Session) -> SimpleNamespace:
    return grant_world.build(db_session)


def _audit(session: Session, action: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def _visible_contracts(session: Session, user) -> set[int]:  # type: ignore[no-untyped-def]
    member = principal(session, user)
    return {s.id for s in session.exec(access.scoped_subscriptions(member)).all()}


def test_create_rename_delete_with_audit(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    grant_id = grant_admin.create_grant(s, me, "  Hausverwaltung   Nord ")
    assert s.get(AccessGrant, grant_id).name == "Hausverwaltung Nord"
    with pytest.raises(GrantRefused) as taken:
        grant_admin.create_grant(s, me, "hausverwaltung nord")
    assert taken.value.message_key == "grants.error.name_taken"
    with pytest.raises(GrantRefused) as empty:
        grant_admin.rename_grant(s, me, grant_id, "   ")
    assert empty.value.message_key == "grants.error.name_required"
    grant_admin.rename_grant(s, me, grant_id, "Hausverwaltung Süd")
    grant_admin.add_member(s, me, grant_id, gw.main.id)
    grant_admin.add_customer(s, me, grant_id, gw.firm.id)
    grant_admin.add_contract(s, me, grant_id, gw.foreign.id)
    s.commit()
    rows = {r.name: r for r in grant_admin.list_grants(s, me)}
    assert (rows["Hausverwaltung Süd"].customers, rows["Hausverwaltung Süd"].members) == (1, 1)

    grant_admin.delete_grant(s, me, grant_id)
    s.commit()
    assert s.get(AccessGrant, grant_id) is None
    for link in (AccessGrantMember, AccessGrantCustomer, AccessGrantContract):
        assert not s.exec(select(link).where(link.grant_id == grant_id)).all()
    assert [e.detail["new"] for e in _audit(s, "grant.rename")] == ["Hausverwaltung Süd"]
    (deleted,) = _audit(s, "grant.delete")
    assert deleted.actor_id == gw.manager.id and deleted.target_id == str(grant_id)
    assert deleted.detail["members"] == [gw.main.id]
    assert deleted.detail["contracts"] == [gw.foreign.id]
    assert len(_audit(s, "grant.create")) == 1


def test_search_by_name_customer_and_member(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    other = grant_admin.create_grant(s, me, "Andere")
    grant_admin.add_customer(s, me, other, gw.other.id)
    s.commit()
    assert [r.name for r in grant_admin.list_grants(s, me, "nina")] == ["Familie Müller"]
    assert [r.name for r in grant_admin.list_grants(s, me, gw.other.number)] == ["Andere"]
    assert [r.name for r in grant_admin.list_grants(s, me, "ander")] == ["Andere"]
    assert [r.name for r in grant_admin.list_grants(s, me, "")] == ["Andere", "Familie Müller"]


def test_members_must_be_customer_users(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    for user, key in (
        (gw.partner, "grants.error.not_customer_user"),
        (gw.clerk, "grants.error.not_customer_user"),
    ):
        with pytest.raises(GrantRefused) as refused:
            grant_admin.add_member(s, me, gw.grant.id, user.id)
        assert refused.value.message_key == key
    hits = grant_admin.search_users(s, me, gw.grant.id, "müller")
    assert [h.id for h in hits] == [gw.main.id]  # customers only; Nina is a member already
    assert grant_admin.search_users(s, me, gw.grant.id, "partner") == []


@pytest.mark.parametrize(
    ("function", "argument", "key"),
    [
        ("add_member", lambda gw: (999_999,), "no_user"),
        ("add_member", lambda gw: ("1",), "no_user"),
        ("add_customer", lambda gw: (999_999,), "no_customer"),
        ("add_contract", lambda gw: (999_999,), "no_contract"),
        ("remove_member", lambda gw: (gw.main.id,), "no_user"),
        ("remove_customer", lambda gw: (gw.firm.id,), "no_customer"),
        ("remove_contract", lambda gw: (gw.foreign.id,), "no_contract"),
        ("set_document_profile", lambda gw: (999_999,), "no_profile"),
        ("set_share_status", lambda gw: ("own ", True), "bad_setting"),
        ("set_share_status", lambda gw: ("own", "yes"), "bad_setting"),
        ("set_flag", lambda gw: ("active", True), "bad_setting"),
        ("set_view_type", lambda gw: ("admin",), "bad_setting"),
        ("set_line_of_business", lambda gw: ("Leben", True), "bad_setting"),
    ],
)
def test_unknown_and_foreign_ids_are_refused(
    db_session: Session, gw: SimpleNamespace, function: str, argument, key: str
) -> None:  # type: ignore[no-untyped-def]
    me = principal(db_session, gw.manager)
    with pytest.raises(GrantRefused) as refused:
        getattr(grant_admin, function)(db_session, me, gw.grant.id, *argument(gw))
    assert refused.value.message_key == f"grants.error.{key}"
    for unknown_grant in (999_999, "1", None):
        with pytest.raises(GrantRefused) as refused:
            getattr(grant_admin, function)(db_session, me, unknown_grant, *argument(gw))
        assert refused.value.message_key == "grants.error.no_grant"
    db_session.rollback()
    assert not db_session.exec(select(AuditEvent)).all()


def test_without_manage_grants_nothing_is_allowed(db_session: Session, gw: SimpleNamespace) -> None:
    s = db_session
    for user in (gw.clerk, gw.main, gw.partner):
        who = principal(s, user)
        with pytest.raises(AccessDenied):
            grant_admin.list_grants(s, who)
        with pytest.raises(AccessDenied):
            grant_admin.create_grant(s, who, "X")
        with pytest.raises(AccessDenied):
            grant_admin.set_share_status(s, who, gw.grant.id, ShareStatus.OFFER, True)
        with pytest.raises(AccessDenied):
            grant_admin.customers_without_grant(s, who)
    assert s.get(AccessGrant, gw.grant.id).auto_share_statuses == []


def test_settings_apply_at_once_through_the_engine(
    db_session: Session, gw: SimpleNamespace
) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    assert _visible_contracts(s, gw.normal) == set()

    grant_admin.set_share_status(s, me, gw.grant.id, ShareStatus.OFFER, True)
    s.commit()
    assert _visible_contracts(s, gw.normal) == {gw.offer.id}

    grant_admin.set_share_status(s, me, gw.grant.id, ShareStatus.POLICY, True)
    grant_admin.set_line_of_business(s, me, gw.grant.id, "Hausrat", True)
    s.commit()
    assert _visible_contracts(s, gw.normal) == {gw.policy.id}

    grant_admin.add_contract(s, me, gw.grant.id, gw.foreign.id)  # of a customer outside
    s.commit()
    assert _visible_contracts(s, gw.normal) == {gw.policy.id, gw.foreign.id}

    grant_admin.remove_member(s, me, gw.grant.id, gw.normal.id)
    s.commit()
    assert _visible_contracts(s, gw.normal) == set()

    detail = grant_admin.grant_detail(s, me, gw.grant.id)
    assert detail.share_statuses == {ShareStatus.OFFER, ShareStatus.POLICY}
    assert detail.lines_of_business == ("Hausrat",)
    assert [c.id for c in detail.contracts] == [gw.foreign.id]
    statuses = _audit(s, "grant.share_status")
    assert [(e.detail["status"], e.detail["value"]) for e in statuses] == [
        ("offer", True),
        ("policy", True),
    ]
    assert all(e.actor_id == gw.manager.id for e in statuses)


def test_flags_view_type_and_document_profile(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    profile_id = grant_admin.save_profile(s, me, None, "Policen", "Police, Rechnung, Police,")
    grant_admin.set_document_profile(s, me, gw.grant.id, profile_id)
    grant_admin.set_flag(s, me, gw.grant.id, "share_tickets", True)
    grant_admin.set_flag(s, me, gw.grant.id, "share_tickets", True)  # unchanged: no audit row
    grant_admin.set_view_type(s, me, gw.grant.id, GrantViewType.CLAIM_REPORTER)
    s.commit()
    (scope,) = principal(s, gw.normal).grants
    assert scope.share_tickets and scope.view_type == GrantViewType.CLAIM_REPORTER
    assert scope.document_keywords == {"Police", "Rechnung"}
    assert len(_audit(s, "grant.share_tickets")) == 1
    assert _audit(s, "grant.view_type")[0].detail == {"old": "tiles", "new": "claim_reporter"}
    grant_admin.save_profile(s, me, profile_id, "Nur Policen", "Police")
    grant_admin.set_document_profile(s, me, gw.grant.id, None)
    s.commit()
    assert [p.name for p in grant_admin.document_profiles(s, me)] == ["Nur Policen"]
    assert principal(s, gw.normal).grants[0].document_keywords == frozenset()
    with pytest.raises(GrantRefused):
        grant_admin.save_profile(s, me, None, " ", "x")


def test_search_customers_and_contracts(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    assert [c.id for c in grant_admin.search_customers(s, me, gw.grant.id, "müller")] == [
        gw.firm.id  # the family is in the grant already
    ]
    foreign = s.get(Subscription, gw.foreign.id)
    hits = grant_admin.search_contracts(s, me, gw.grant.id, "andere")
    assert [h.id for h in hits] == [foreign.id]
    assert grant_admin.search_contracts(s, me, gw.grant.id, foreign.number)[0].label == (
        foreign.number
    )
    assert grant_admin.lines_of_business(s, me) == ["Hausrat", "Kfz"]


def test_links_are_added_once_and_removed_with_audit(
    db_session: Session, gw: SimpleNamespace
) -> None:
    s, me, grant_id = db_session, principal(db_session, gw.manager), gw.grant.id
    firm, foreign = s.get(Customer, gw.firm.id), s.get(Subscription, gw.foreign.id)
    for _ in range(2):  # linking again changes nothing and writes no second audit row
        grant_admin.add_member(s, me, grant_id, gw.main.id)
        grant_admin.add_customer(s, me, grant_id, firm.id)
        grant_admin.add_contract(s, me, grant_id, foreign.id)
    assert [e.detail for e in _audit(s, "grant.member_add")] == [
        {"user_id": gw.main.id, "login": "main@mueller.example"}
    ]
    assert [e.detail for e in _audit(s, "grant.customer_add")] == [
        {"customer_id": firm.id, "number": firm.number}
    ]
    assert [e.detail for e in _audit(s, "grant.contract_add")] == [
        {"subscription_id": foreign.id, "number": foreign.number}
    ]
    grant_admin.remove_member(s, me, grant_id, gw.main.id)
    grant_admin.remove_customer(s, me, grant_id, firm.id)
    grant_admin.remove_contract(s, me, grant_id, foreign.id)
    assert [e.detail for e in _audit(s, "grant.member_remove")] == [{"user_id": gw.main.id}]
    assert [e.detail for e in _audit(s, "grant.customer_remove")] == [{"customer_id": firm.id}]
    assert [e.detail for e in _audit(s, "grant.contract_remove")] == [
        {"subscription_id": foreign.id}
    ]
    detail = grant_admin.grant_detail(s, me, grant_id)
    assert gw.main.id not in [m.id for m in detail.members]
    assert firm.id not in [c.id for c in detail.customers]
    assert foreign.id not in [c.id for c in detail.contracts]


def test_customers_without_grant(db_session: Session, gw: SimpleNamespace) -> None:
    s, me = db_session, principal(db_session, gw.manager)
    rows, total = grant_admin.customers_without_grant(s, me)
    assert total == 2
    assert [(r.name, r.invite_path) for r in rows] == [
        ("Andere GmbH", f"/staff/customers/{gw.other.id}"),
        ("Firma Müller", f"/staff/customers/{gw.firm.id}"),
    ]
    rows, total = grant_admin.customers_without_grant(s, me, "firma", page=1)
    assert (total, [r.id for r in rows]) == (1, [gw.firm.id])
    assert grant_admin.customers_without_grant(s, me, "", page=2) == ([], 2)
