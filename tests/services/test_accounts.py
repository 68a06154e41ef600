"""Account administration by staff (SPEC §7): create, edit, passwords, deactivate, delete,
export. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.models import (
    AuditEvent,
    AuthSession,
    OneTimeToken,
    Ticket,
    User,
    UserPartnerCompany,
    UserTeam,
)
from portal.models.clock import utcnow
from portal.models.enums import (
    CustomerRole,
    PasswordStatus,
    StaffPermission,
    TokenPurpose,
    Visibility,
)
from portal.services import accounts, one_time_tokens, settings
from portal.services.access import AccessDenied, Principal, load_principal
from portal.services.accounts import AccountForm, AccountRefused, ExportOptions
from portal.services.auth import start_session
from portal.services.passwords import policy_errors, verify_password
from tests import factories as f

ADDRESS = "203.0.113.7"


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    s = db_session
    admin = f.staff(s, "admin@portal.example", [StaffPermission.MANAGE_ACCOUNTS])
    clerk = f.staff(s, "clerk@portal.example", [StaffPermission.INBOX])
    muster = f.company(s, "Muster GmbH")
    management = f.team(s, "Management", [])
    acme = f.customer(s, "Acme AG", muster)
    existing = f.customer_user(s, "old@acme.example", acme, CustomerRole.MAIN)
    s.commit()
    return SimpleNamespace(
        session=s,
        admin=admin,
        clerk=clerk,
        muster=muster,
        management=management,
        acme=acme,
        existing=existing,
    )


def principal(session: Session, user: User) -> Principal:
    loaded = load_principal(session, user.id)  # type: ignore[arg-type]
    assert loaded is not None
    return loaded


def customer_form(world: SimpleNamespace, **changes: object) -> AccountForm:
    values: dict[str, object] = {
        "kind": "customer",
        "login": "Nina.Neu@Acme.example",
        "email": "nina.neu@acme.example",
        "display_name": "  Nina   Neu ",
        "customer_number": world.acme.number,
        "role": "main",
        "notify_documents": True,
        "notify_tickets": False,
        "notify_orders": True,
    } | changes
    return AccountForm(**values)  # type: ignore[arg-type]


def create(world: SimpleNamespace, form: AccountForm) -> accounts.Created:
    s = world.session
    created = accounts.create(s, principal(s, world.admin), form, client_address=ADDRESS)
    s.commit()
    return created


def test_create_customer_account_shows_the_password_once_and_stores_only_its_hash(world):
    created = create(world, customer_form(world))
    s = world.session
    user = s.get(User, created.user_id)
    assert user.login == "nina.neu@acme.example"
    assert user.display_name == "Nina Neu"
    assert user.customer_id == world.acme.id and user.customer_role == CustomerRole.MAIN
    assert (user.notify_documents, user.notify_tickets, user.notify_orders) == (True, False, True)
    assert user.password_status == PasswordStatus.STAFF_SET
    assert len(created.password) == 8
    assert not set(created.password) & set("0O1lIio")
    assert policy_errors(created.password, policy=settings.password_policy(s)) == []
    assert user.password_hash != created.password and created.password not in user.password_hash
    assert verify_password(user.password_hash, created.password)
    event = s.exec(select(AuditEvent).where(AuditEvent.action == "account.created")).one()
    assert event.actor_id == world.admin.id and event.target_id == str(user.id)
    assert created.password not in str(event.detail)


def test_create_partner_account_with_locations_teams_and_visibility(world):
    form = AccountForm(
        kind="partner",
        login="p.neu@muster.example",
        email="p.neu@muster.example",
        display_name="Paul Neu",
        partner_company_ids=(world.muster.id,),
        team_ids=(world.management.id,),
        visibility="own",
    )
    created = create(world, form)
    s = world.session
    user = s.get(User, created.user_id)
    assert user.kind == "partner" and user.visibility == Visibility.OWN
    links = s.exec(select(UserPartnerCompany).where(UserPartnerCompany.user_id == user.id)).all()
    teams = s.exec(select(UserTeam).where(UserTeam.user_id == user.id)).all()
    assert [link.partner_company_id for link in links] == [world.muster.id]
    assert [team.team_id for team in teams] == [world.management.id]


def test_generated_passwords_follow_a_stricter_policy(world):
    s = world.session
    settings.write(s, settings.PASSWORD_POLICY_SETTING, {"min_length": 12})
    password = accounts.generate_password(s, login="x")
    assert len(password) == 12
    assert policy_errors(password, policy=settings.password_policy(s)) == []


@pytest.mark.parametrize(
    ("changes", "key", "field"),
    [
        ({"login": "OLD@acme.EXAMPLE"}, "accounts.login_taken", "login"),
        ({"login": "a b"}, "accounts.login_invalid", "login"),
        ({"email": "not-an-address"}, "accounts.email_invalid", "email"),
        ({"email": "a@b.example\nBcc: x@y.example"}, "accounts.email_invalid", "email"),
        ({"display_name": "   "}, "accounts.name_missing", "display_name"),
        ({"customer_number": "K-999999"}, "accounts.customer_unknown", "customer_number"),
        ({"role": "admin"}, "accounts.role_invalid", "role"),
        ({"kind": "staff"}, "accounts.kind_invalid", "kind"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_is_saved(world, changes, key, field):
    s = world.session
    before = len(s.exec(select(User)).all())
    with pytest.raises(AccountRefused) as refused:
        accounts.create(s, principal(s, world.admin), customer_form(world, **changes))
    s.rollback()
    assert (refused.value.message_key, refused.value.field) == (key, field)
    assert len(s.exec(select(User)).all()) == before


def test_partner_needs_a_location_and_only_existing_ones(world):
    s = world.session
    base = AccountForm(kind="partner", login="p@x.example", email="p@x.example", display_name="P")
    with pytest.raises(AccountRefused) as refused:
        accounts.create(s, principal(s, world.admin), base)
    assert refused.value.message_key == "accounts.company_missing"
    with pytest.raises(AccountRefused) as refused:
        accounts.create(
            s,
            principal(s, world.admin),
            AccountForm(
                **{**base.__dict__, "partner_company_ids": (world.muster.id,), "team_ids": (99999,)}
            ),
        )
    assert refused.value.message_key == "accounts.selection_invalid"


def test_without_manage_accounts_everything_is_refused(world):
    s = world.session
    clerk = principal(s, world.clerk)
    uid = world.existing.id
    for call in (
        lambda: accounts.create(s, clerk, customer_form(world)),
        lambda: accounts.get_account(s, clerk, uid),
        lambda: accounts.update_account(s, clerk, uid, customer_form(world)),
        lambda: accounts.set_password(s, clerk, uid, "Sommerwiese-42"),
        lambda: accounts.generate_new_password(s, clerk, uid),
        lambda: accounts.set_active(s, clerk, uid, False),
        lambda: accounts.delete(s, clerk, uid),
        lambda: accounts.export_csv(s, clerk, ExportOptions()),
        lambda: accounts.options(s, clerk),
    ):
        with pytest.raises(AccessDenied):
            call()
    customer = principal(s, world.existing)
    with pytest.raises(AccessDenied):
        accounts.get_account(s, customer, uid)


def test_staff_accounts_are_out_of_reach(world):
    s = world.session
    with pytest.raises(AccessDenied) as denied:
        accounts.set_active(s, principal(s, world.admin), world.clerk.id, False)
    assert denied.value.message_key == "error.not_found"


def test_edit_changes_login_email_group_and_notifications(world):
    s = world.session
    admin = principal(s, world.admin)
    uid = world.existing.id
    form = customer_form(
        world, login="Renamed@Acme.example", email="renamed@acme.example", role="normal"
    )
    accounts.update_account(s, admin, uid, form, client_address=ADDRESS)
    s.commit()
    user = s.get(User, uid)
    assert (user.login, user.customer_role, user.notify_tickets) == (
        "renamed@acme.example",
        "normal",
        False,
    )
    # its own login in other letter case is not a duplicate
    accounts.update_account(s, admin, uid, customer_form(world, login="RENAMED@acme.example"))
    with pytest.raises(AccountRefused) as refused:
        accounts.update_account(s, admin, uid, customer_form(world, kind="partner"))
    assert refused.value.message_key == "accounts.kind_fixed"
    detail = accounts.get_account(s, admin, uid)
    assert detail.form.customer_number == world.acme.number


def test_password_typed_by_staff_is_checked_and_set_as_staff_set(world):
    s = world.session
    admin = principal(s, world.admin)
    uid = world.existing.id
    with pytest.raises(AccountRefused) as refused:
        accounts.set_password(s, admin, uid, "passwort")
    assert refused.value.message_key in {"password.too_common", "password.too_short"}
    with pytest.raises(AccountRefused):
        accounts.set_password(s, admin, uid, "short")
    accounts.set_password(s, admin, uid, "Sommerwiese-42", client_address=ADDRESS)
    s.commit()
    user = s.get(User, uid)
    assert verify_password(user.password_hash, "Sommerwiese-42")
    assert user.password_status == PasswordStatus.STAFF_SET
    again = accounts.generate_new_password(s, admin, uid)
    s.commit()
    assert verify_password(s.get(User, uid).password_hash, again)
    actions = s.exec(select(AuditEvent.action).where(AuditEvent.target_id == str(uid))).all()
    assert actions.count("account.password_set") == 2


def _open_link(world: SimpleNamespace, purpose: str) -> str:
    row = OneTimeToken(purpose=purpose, token_hash="", user_id=world.existing.id)
    token = one_time_tokens.issue(world.session, row, now=utcnow(), lifetime=timedelta(days=1))
    world.session.commit()
    return token


def _still_open(world: SimpleNamespace, *tokens: str) -> list[bool]:
    purposes = [TokenPurpose.ACTIVATION, TokenPurpose.PASSWORD_RESET]
    return [
        one_time_tokens.usable(world.session, t, purposes, now=utcnow()) is not None for t in tokens
    ]


@pytest.mark.parametrize("generated", [False, True])
def test_staff_password_ends_sessions_and_retires_open_links(world, generated):
    s = world.session
    admin = principal(s, world.admin)
    uid = world.existing.id
    start_session(s, uid, client_address=ADDRESS)
    links = (
        _open_link(world, TokenPurpose.ACTIVATION),
        _open_link(world, TokenPurpose.PASSWORD_RESET),
    )
    assert _still_open(world, *links) == [True, True]
    if generated:
        accounts.generate_new_password(s, admin, uid, client_address=ADDRESS)
    else:
        accounts.set_password(s, admin, uid, "Sommerwiese-42", client_address=ADDRESS)
    s.commit()
    s.expire_all()
    live = s.exec(
        select(AuthSession).where(AuthSession.user_id == uid, AuthSession.ended_at.is_(None))
    ).all()
    assert live == []
    assert _still_open(world, *links) == [False, False]


def test_changing_login_or_email_retires_links_sent_to_the_old_address(world):
    s = world.session
    admin = principal(s, world.admin)
    uid = world.existing.id
    form = replace(
        accounts.get_account(s, admin, uid).form, email="old@acme.example", display_name="Olga"
    )
    accounts.update_account(s, admin, uid, form)
    s.commit()
    kept = _open_link(world, TokenPurpose.PASSWORD_RESET)
    accounts.update_account(s, admin, uid, replace(form, display_name="Olga Alt"))
    s.commit()
    assert _still_open(world, kept) == [True]
    accounts.update_account(s, admin, uid, replace(form, email="neu@acme.example"))
    s.commit()
    s.expire_all()
    assert _still_open(world, kept) == [False]
    moved = _open_link(world, TokenPurpose.ACTIVATION)
    form = accounts.get_account(s, admin, uid).form
    accounts.update_account(s, admin, uid, replace(form, login="olga@acme.example"))
    s.commit()
    s.expire_all()
    assert _still_open(world, moved) == [False]


def test_deactivate_ends_all_sessions_and_reactivate_restores_login(world):
    s = world.session
    admin = principal(s, world.admin)
    uid = world.existing.id
    start_session(s, uid, client_address=ADDRESS)
    start_session(s, uid, client_address=ADDRESS)
    s.commit()
    accounts.set_active(s, admin, uid, False, client_address=ADDRESS)
    s.commit()
    live = s.exec(
        select(AuthSession).where(AuthSession.user_id == uid, AuthSession.ended_at.is_(None))
    ).all()
    assert live == []
    assert load_principal(s, uid) is None
    accounts.set_active(s, admin, uid, True)
    s.commit()
    assert load_principal(s, uid) is not None
    actions = s.exec(select(AuditEvent.action).where(AuditEvent.target_id == str(uid))).all()
    assert {"account.deactivated", "account.reactivated"} <= set(actions)


def test_delete_removes_an_account_without_history(world):
    s = world.session
    admin = principal(s, world.admin)
    created = create(
        world,
        AccountForm(
            kind="partner",
            login="gone@muster.example",
            email="gone@muster.example",
            display_name="Gone",
            partner_company_ids=(world.muster.id,),
            team_ids=(world.management.id,),
        ),
    )
    start_session(s, created.user_id, client_address=ADDRESS)
    s.commit()
    accounts.delete(s, admin, created.user_id, client_address=ADDRESS)
    s.commit()
    assert s.get(User, created.user_id) is None
    event = s.exec(select(AuditEvent).where(AuditEvent.action == "account.deleted")).one()
    assert event.detail["login"] == "gone@muster.example"


def test_delete_refuses_an_account_with_records_and_keeps_it(world):
    s = world.session
    admin = principal(s, world.admin)
    uid = world.existing.id
    f.add(s, Ticket(customer_id=world.acme.id, creator_id=uid, subject="Drucker"))
    s.commit()
    with pytest.raises(AccountRefused) as refused:
        accounts.delete(s, admin, uid)
    assert refused.value.message_key == "accounts.delete_has_records"
    s.commit()
    s.expire_all()
    assert s.get(User, uid) is not None
    assert s.exec(select(AuditEvent).where(AuditEvent.action == "account.deleted")).all() == []


def _export(world: SimpleNamespace, **options: bool) -> list[dict[str, str]]:
    s = world.session
    data = accounts.export_csv(s, principal(s, world.admin), ExportOptions(**options))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def export_world(world):
    """One account of each kind the options are about, plus a plain one (`existing`)."""
    s = world.session
    acme = world.acme

    def user(login: str, **values: object) -> User:
        account = f.customer_user(s, login, acme, CustomerRole.NORMAL)
        for key, value in values.items():
            setattr(account, key, value)
        s.add(account)
        return account

    user("inactive@acme.example", active=False)
    user("userset@acme.example", password_status=PasswordStatus.USER_SET)
    user("notified@acme.example", access_sent_at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC))
    user("=cmd|calc@acme.example", display_name="=HYPERLINK(1)", password_hash="$argon2id$x")
    world.existing.password_hash = "$argon2id$secret-hash"
    s.add(world.existing)
    s.commit()
    return world


def test_export_options_each_filter_their_accounts(export_world):
    def logins(**options: bool) -> set[str]:
        return {row["Login"].lstrip("'") for row in _export(export_world, **options)}

    plain = {"old@acme.example", "=cmd|calc@acme.example"}
    assert logins() == plain
    assert logins(include_inactive=True) == plain | {"inactive@acme.example"}
    assert logins(include_user_set=True) == plain | {"userset@acme.example"}
    assert logins(include_notified=True) == plain | {"notified@acme.example"}
    assert len(logins(include_inactive=True, include_user_set=True, include_notified=True)) == 5


def test_export_never_contains_hashes_and_neutralises_formulas(export_world):
    s = export_world.session
    data = accounts.export_csv(
        s,
        principal(s, export_world.admin),
        ExportOptions(include_inactive=True, include_user_set=True, include_notified=True),
        client_address=ADDRESS,
    ).decode("utf-8-sig")
    assert "argon2" not in data and "secret-hash" not in data
    assert "admin@portal.example" not in data  # staff are not accounts here
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    evil = next(r for r in rows if "cmd" in r["Login"])
    assert evil["Login"].startswith("'=") and evil["Name"] == "'=HYPERLINK(1)"
    notified = next(r for r in rows if r["Login"] == "notified@acme.example")
    assert notified["Zugang gesendet"].startswith("01.03.2026")
    event = s.exec(select(AuditEvent).where(AuditEvent.action == "account.exported")).one()
    assert event.detail["rows"] == 5 and event.detail["include_inactive"] is True
    assert event.client_address == ADDRESS
