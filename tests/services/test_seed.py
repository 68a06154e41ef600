"""Demo seed: the SPEC §3.1 worked example, exactly. Large seed: its invariants, at small scale."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from portal.db import get_engine, session_scope
from portal.models import (
    AccessGrant,
    AccessGrantCustomer,
    AccessGrantMember,
    Customer,
    PartnerCompany,
    PermissionGroup,
    SalesDocument,
    SalesDocumentLine,
    Setting,
    Subscription,
    Team,
    User,
    UserPartnerCompany,
    UserPermissionGroup,
    UserTeam,
)
from portal.models.enums import (
    CustomerRole,
    PartnerAction,
    PasswordStatus,
    StaffPermission,
    UserKind,
    Visibility,
)
from portal.services import schema
from portal.services.passwords import verify_password
from portal.services.seed import DEMO_PASSWORD, seed_demo, seed_large

DEMO_LOGINS = {
    "admin@portal.example": UserKind.STAFF,
    "berater@portal.example": UserKind.STAFF,
    "e1@muster-it.example": UserKind.PARTNER,
    "e2@muster-it.example": UserKind.PARTNER,
    "e3@muster-it.example": UserKind.PARTNER,
    "haupt@druckhaus-dietrich.example": UserKind.CUSTOMER,
    "mitarbeiter@druckhaus-dietrich.example": UserKind.CUSTOMER,
}


def _demo_database(directory: Path, rng_seed: int = 42) -> str:
    url = f"sqlite:///{directory / 'portal.db'}"
    schema.upgrade(url)
    with session_scope(url) as session:
        seed_demo(session, rng_seed=rng_seed)
    return url


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def session(demo_url: str):  # type: ignore[no-untyped-def]
    with Session(get_engine(demo_url)) as session:
        yield session


def _user(session: Session, login: str) -> User:
    return session.exec(select(User).where(User.login == login)).one()


def _company_names(session: Session, user: User) -> set[str]:
    return set(
        session.exec(
            select(PartnerCompany.name)
            .join(UserPartnerCompany)
            .where(UserPartnerCompany.user_id == user.id)
        )
    )


def _team_names(session: Session, user: User) -> set[str]:
    return set(session.exec(select(Team.name).join(UserTeam).where(UserTeam.user_id == user.id)))


def _contact_of(session: Session, user: User) -> set[str]:
    return set(session.exec(select(Customer.name).where(Customer.partner_contact_id == user.id)))


def _alarm_counts(session: Session, today: date) -> dict[str, int]:
    """The three reasons of SPEC §4, written out independently of the app's filter."""
    s = Subscription
    conditions = {
        "ended": (s.end_date >= today - timedelta(days=60)) & (s.end_date < today),
        "cancelled": (s.cancelled_at >= today - timedelta(days=60)) & (s.cancelled_at <= today),
        "ends_soon": (s.end_date >= today) & (s.end_date <= today + timedelta(days=120)),
    }
    return {
        reason: session.exec(select(func.count()).select_from(s).where(condition)).one()
        for reason, condition in conditions.items()
    }


def _mismatched_partner_companies(session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(Subscription)
        .join(Customer, Customer.id == Subscription.customer_id)
        .where(Subscription.partner_company_id != Customer.partner_company_id)
    ).one()


def test_worked_example_customers_and_contacts(session: Session) -> None:
    customers = {
        c.number: c for c in session.exec(select(Customer).where(Customer.number <= "K-10003"))
    }
    contacts = {
        number: session.get(User, c.partner_contact_id).login for number, c in customers.items()
    }
    assert {n: c.name for n, c in customers.items()} == {
        "K-10001": "Alpha Bau GmbH",
        "K-10002": "Bäckerei Brandt",
        "K-10003": "Café Central KG",
    }
    assert contacts == {
        "K-10001": "e2@muster-it.example",
        "K-10002": "e1@muster-it.example",
        "K-10003": "e3@muster-it.example",
    }
    muster = session.exec(
        select(PartnerCompany).where(PartnerCompany.name == "Muster IT GmbH")
    ).one()
    assert muster.city == "Berlin"
    assert {c.partner_company_id for c in customers.values()} == {muster.id}


def test_worked_example_partner_people(session: Session) -> None:
    e1, e2, e3 = (_user(session, f"e{i}@muster-it.example") for i in (1, 2, 3))
    assert (e1.display_name, e1.visibility) == ("Eva Engel", Visibility.ALL)
    assert (e2.display_name, e2.visibility) == ("Emil Ernst", Visibility.NONE)
    assert (e3.display_name, e3.visibility) == ("Erik Esser", Visibility.OWN)
    assert _team_names(session, e1) == {"Management"}
    assert _team_names(session, e2) == {"Administration"}
    assert _team_names(session, e3) == set()
    assert _company_names(session, e1) == {"Muster IT GmbH", "Nordlicht Systemhaus GmbH"}
    assert _company_names(session, e2) == _company_names(session, e3) == {"Muster IT GmbH"}
    # E3 (OWN) must see only C, and E2 switching to OWN would see only A.
    assert _contact_of(session, e3) == {"Café Central KG"}
    assert _contact_of(session, e2) == {"Alpha Bau GmbH"}
    assert {"Bäckerei Brandt", "Druckhaus Dietrich GmbH"} <= _contact_of(session, e1)


def test_teams_and_staff_permissions(session: Session) -> None:
    teams = {t.name: t for t in session.exec(select(Team))}
    assert set(teams["Management"].actions) == {
        PartnerAction.CHANGE_PARTNER_CONTACT,
        PartnerAction.MANAGE_PEOPLE,
        PartnerAction.EXPORT,
        PartnerAction.DOWNLOAD_LICENSE,
    }
    assert set(teams["Administration"].actions) == set(PartnerAction)
    assert all(team.builtin for team in teams.values())

    def groups(login: str) -> dict[str, set[str]]:
        rows = session.exec(
            select(PermissionGroup)
            .join(UserPermissionGroup)
            .where(UserPermissionGroup.user_id == _user(session, login).id)
        )
        return {group.name: set(group.permissions) for group in rows}

    assert groups("admin@portal.example") == {"Administratoren": set(StaffPermission)}
    assert groups("berater@portal.example") == {"Postkorb": {StaffPermission.INBOX}}
    admin = _user(session, "admin@portal.example")
    assert (admin.display_name, admin.password_status) == ("Sabine Schulz", PasswordStatus.USER_SET)
    assert admin.phone


def test_demo_accounts_log_in_with_the_demo_password(session: Session) -> None:
    users = {u.login: u for u in session.exec(select(User))}
    assert set(users) == set(DEMO_LOGINS)
    for login, kind in DEMO_LOGINS.items():
        assert users[login].kind == kind
        assert users[login].active
        assert verify_password(users[login].password_hash, DEMO_PASSWORD), login
    assert not verify_password(users["admin@portal.example"].password_hash, "Portal-Demo-2025")


def test_druckhaus_users_grant_and_advisor(session: Session) -> None:
    druckhaus = session.exec(
        select(Customer).where(Customer.name == "Druckhaus Dietrich GmbH")
    ).one()
    main = _user(session, "haupt@druckhaus-dietrich.example")
    normal = _user(session, "mitarbeiter@druckhaus-dietrich.example")
    assert (main.display_name, main.customer_id, main.customer_role) == (
        "Hanna Haupt",
        druckhaus.id,
        CustomerRole.MAIN,
    )
    assert (normal.display_name, normal.customer_id, normal.customer_role) == (
        "Max Mitarbeiter",
        druckhaus.id,
        CustomerRole.NORMAL,
    )
    assert session.get(User, druckhaus.advisor_id).display_name == "Thomas Berger"
    grant = session.exec(
        select(AccessGrant).where(AccessGrant.name == "Familie/Firma Dietrich")
    ).one()
    members = session.exec(
        select(AccessGrantMember.user_id).where(AccessGrantMember.grant_id == grant.id)
    ).all()
    grant_customers = session.exec(
        select(AccessGrantCustomer.customer_id).where(AccessGrantCustomer.grant_id == grant.id)
    ).all()
    assert members == [main.id]
    assert druckhaus.id in grant_customers
    assert grant.auto_share_statuses


def test_every_subscription_has_its_customers_partner_company(session: Session) -> None:
    assert session.exec(select(func.count()).select_from(Subscription)).one() >= 200
    assert _mismatched_partner_companies(session) == 0


def test_alarm_filter_has_hits_for_every_reason(session: Session) -> None:
    counts = _alarm_counts(session, date.today())
    assert all(count > 0 for count in counts.values()), counts


def test_sales_document_totals_add_up(session: Session) -> None:
    documents = session.exec(select(SalesDocument)).all()
    assert {d.kind for d in documents} == {"quote", "order", "invoice"}
    assert {"received", "in_progress", "proof", "production", "shipped", "invoiced"} >= {
        d.status for d in documents
    }
    for document in documents:
        lines = session.exec(
            select(SalesDocumentLine).where(SalesDocumentLine.sales_document_id == document.id)
        ).all()
        assert lines, document.number
        by_rate: dict[Decimal, Decimal] = {}
        for line in lines:
            expected = (line.quantity * line.unit_price).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert line.line_total == expected, document.number
            by_rate[line.tax_rate] = by_rate.get(line.tax_rate, Decimal("0")) + line.line_total
        tax = sum(
            (
                (net * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
                for rate, net in by_rate.items()
            ),
            Decimal("0"),
        )
        assert document.net_total == sum(by_rate.values()), document.number
        assert document.tax_total == tax, document.number
        assert document.gross_total == document.net_total + document.tax_total


def test_settings(session: Session) -> None:
    settings = {s.key: s.value for s in session.exec(select(Setting))}
    assert settings["branding"] == {"name": "Portal", "primary_color": "#1f5fa8"}
    assert settings["shop"] == {"show_prices": True}


def _snapshot(url: str) -> tuple[list, list]:
    with Session(get_engine(url)) as session:
        customers = session.exec(
            select(
                Customer.number,
                Customer.name,
                Customer.kind,
                Customer.is_private,
                Customer.postcode,
                Customer.city,
                Customer.partner_contact_id,
            ).order_by(Customer.id)
        ).all()
        subscriptions = [
            s.model_dump() for s in session.exec(select(Subscription).order_by(Subscription.id))
        ]
    return customers, subscriptions


def test_demo_is_deterministic_per_seed(demo_url: str, tmp_path: Path) -> None:
    (tmp_path / "same").mkdir()
    (tmp_path / "other").mkdir()
    same = _demo_database(tmp_path / "same", rng_seed=42)
    other = _demo_database(tmp_path / "other", rng_seed=7)
    assert _snapshot(same) == _snapshot(demo_url)
    assert _snapshot(other) != _snapshot(demo_url)

    # The worked example (numbers, names, partner contacts) does not depend on the seed.
    def example(url: str) -> list[tuple]:
        return [(row[0], row[1], row[6]) for row in _snapshot(url)[0][:3]]

    assert example(other) == example(demo_url)


def test_large_seed_small_scale(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'large.db'}"
    schema.upgrade(url)
    messages: list[str] = []
    seed_large(
        url, customers=2000, subscriptions=10_000, partner_companies=20, progress=messages.append
    )
    assert any(m.startswith("subscription 10000/10000") for m in messages)
    with Session(get_engine(url)) as session:
        demo_customers = session.exec(
            select(func.count()).where(Customer.number.like("K-1____"))
        ).one()
        assert (
            session.exec(select(func.count()).select_from(Customer)).one() == 2000 + demo_customers
        )
        assert session.exec(select(func.count()).select_from(PartnerCompany)).one() == 22
        assert _mismatched_partner_companies(session) == 0
        assert all(count > 0 for count in _alarm_counts(session, date.today()).values())
        # Partner contacts are people of the customer's own partner company.
        foreign_contacts = session.exec(
            select(func.count())
            .select_from(Customer)
            .where(Customer.partner_contact_id.is_not(None))
            .where(
                ~select(UserPartnerCompany)
                .where(UserPartnerCompany.user_id == Customer.partner_contact_id)
                .where(UserPartnerCompany.partner_company_id == Customer.partner_company_id)
                .exists()
            )
        ).one()
        assert foreign_contacts == 0
        people = session.exec(
            select(func.count())
            .select_from(UserPartnerCompany)
            .group_by(UserPartnerCompany.partner_company_id)
        ).all()
        assert len(people) == 22 and all(1 <= n <= 4 for n in people)
        sizes = sorted(
            session.exec(
                select(func.count())
                .select_from(Subscription)
                .group_by(Subscription.partner_company_id)
            ).all()
        )
        assert sizes[-1] > 5 * sizes[len(sizes) // 2]  # Zipf-skewed partner sizes
        large_user = session.exec(
            select(User).where(User.kind == UserKind.PARTNER).order_by(User.id.desc())
        ).first()
        assert verify_password(large_user.password_hash, DEMO_PASSWORD)
        assert verify_password(_user(session, "e1@muster-it.example").password_hash, DEMO_PASSWORD)
