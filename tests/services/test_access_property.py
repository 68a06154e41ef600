"""Property: for random principals and random data, every scoped query returns exactly the rows
SPEC §3 allows. The oracle below is written from the SPEC in plain Python over the generated
rows, independent of the SQL in portal.services.access. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from portal.models import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    Claim,
    Customer,
    Document,
    DocumentKeyword,
    DocumentProfile,
    PartnerCompany,
    SalesDocument,
    ShopOrder,
    Subscription,
    Ticket,
    User,
    UserPartnerCompany,
)
from portal.models.enums import (
    ContractStatus,
    CustomerRole,
    DocumentDirection,
    GrantViewType,
    SalesDocumentKind,
    ShareStatus,
    ShopOrderKind,
    UserKind,
    Visibility,
)
from portal.services import access
from tests.conftest import clear_all_tables

COMPANIES = 3
PARTNERS = 4
CUSTOMERS = 6
CUSTOMER_USERS = 4
LINES = ("Gebäude", "Kfz")
KEYWORDS = ("Police", "Rechnung", "Intern")
DAY = date(2026, 1, 15)


@dataclass
class World:
    partner_visibility: list[Visibility]
    partner_companies: list[frozenset[int]]
    customer_company: list[int | None]
    customer_contact: list[int | None]  # index of partner user
    customer_user_of: list[int]
    customer_user_role: list[CustomerRole]
    contracts: list[dict]
    documents: list[dict]
    tickets: list[dict]
    claims: list[dict]
    orders: list[dict]
    sales: list[dict]
    grants: list[dict] = field(default_factory=list)


def optional_day() -> st.SearchStrategy[date | None]:
    return st.one_of(st.none(), st.just(DAY))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    customer_ids = st.integers(0, CUSTOMERS - 1)
    users = st.integers(0, CUSTOMER_USERS - 1)
    contracts = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "customer": customer_ids,
                    "status": st.sampled_from(list(ContractStatus)),
                    "line": st.sampled_from(LINES),
                    "offer_date": optional_day(),
                    "application_date": optional_day(),
                    "document_date": optional_day(),
                }
            ),
            max_size=14,
        )
    )
    n_contracts = len(contracts)
    contract_index = st.integers(0, max(n_contracts - 1, 0))
    grants = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "customers": st.frozensets(customer_ids, max_size=3),
                    "members": st.frozensets(users, max_size=3),
                    "statuses": st.frozensets(st.sampled_from(list(ShareStatus)), max_size=4),
                    "lines": st.frozensets(st.sampled_from(LINES), max_size=1),
                    "manual": st.frozensets(contract_index, max_size=2)
                    if n_contracts
                    else st.just(frozenset()),
                    "include_claims": st.booleans(),
                    "reference_addresses": st.booleans(),
                    "share_tickets": st.booleans(),
                    "view_type": st.sampled_from(list(GrantViewType)),
                    "keywords": st.frozensets(st.sampled_from(KEYWORDS), max_size=2),
                }
            ),
            min_size=1,
            max_size=2,
        )
    )
    return World(
        partner_visibility=draw(
            st.lists(st.sampled_from(list(Visibility)), min_size=PARTNERS, max_size=PARTNERS)
        ),
        partner_companies=draw(
            st.lists(
                st.frozensets(st.integers(0, COMPANIES - 1), max_size=2),
                min_size=PARTNERS,
                max_size=PARTNERS,
            )
        ),
        customer_company=draw(
            st.lists(
                st.one_of(st.none(), st.integers(0, COMPANIES - 1)),
                min_size=CUSTOMERS,
                max_size=CUSTOMERS,
            )
        ),
        customer_contact=draw(
            st.lists(
                st.one_of(st.none(), st.integers(0, PARTNERS - 1)),
                min_size=CUSTOMERS,
                max_size=CUSTOMERS,
            )
        ),
        customer_user_of=draw(
            st.lists(customer_ids, min_size=CUSTOMER_USERS, max_size=CUSTOMER_USERS)
        ),
        customer_user_role=draw(
            st.lists(
                st.sampled_from(list(CustomerRole)),
                min_size=CUSTOMER_USERS,
                max_size=CUSTOMER_USERS,
            )
        ),
        contracts=contracts,
        documents=draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "customer": customer_ids,
                        "contract": st.one_of(st.none(), contract_index)
                        if n_contracts
                        else st.none(),
                        "keywords": st.frozensets(st.sampled_from(KEYWORDS), max_size=2),
                    }
                ),
                max_size=8,
            )
        ),
        tickets=draw(
            st.lists(
                st.fixed_dictionaries({"customer": customer_ids, "creator": users}), max_size=6
            )
        ),
        claims=draw(
            st.lists(
                st.fixed_dictionaries({"contract": contract_index, "reporter": users}),
                max_size=6 if n_contracts else 0,
            )
        ),
        orders=draw(
            st.lists(st.fixed_dictionaries({"customer": customer_ids, "user": users}), max_size=5)
        ),
        sales=draw(
            st.lists(
                st.fixed_dictionaries(
                    {"customer": customer_ids, "kind": st.sampled_from(list(SalesDocumentKind))}
                ),
                max_size=5,
            )
        ),
        grants=grants,
    )


# ----------------------------------------------------------------------------- the oracle


def share_matches(token: ShareStatus, c: dict) -> bool:
    own, offer = ContractStatus.OWN, ContractStatus.OFFER
    if token == ShareStatus.APPLICATION:
        return c["status"] == own and c["application_date"] is not None
    if token == ShareStatus.POLICY:
        return c["status"] == own and c["document_date"] is not None
    if token == ShareStatus.OWN:
        plain_own = c["status"] == own and not c["application_date"] and not c["document_date"]
        return plain_own or (c["status"] == offer and c["offer_date"] is not None)
    return c["status"].value == token.value


def grant_shares(g: dict, index: int, c: dict) -> bool:
    if index in g["manual"]:
        return True
    if c["customer"] not in g["customers"]:
        return False
    if g["lines"] and c["line"] not in g["lines"]:
        return False
    return any(share_matches(t, c) for t in g["statuses"])


@dataclass(frozen=True)
class Who:
    kind: UserKind
    index: int  # partner index, customer-user index, or 0 for staff


def allowed(world: World, who: Who) -> dict[str, set[int]]:
    """Indexes of the rows of each kind that SPEC §3 lets `who` see."""
    everything = {
        "customers": set(range(CUSTOMERS)),
        "contracts": set(range(len(world.contracts))),
        "documents": set(range(len(world.documents))),
        "tickets": set(range(len(world.tickets))),
        "claims": set(range(len(world.claims))),
        "orders": set(range(len(world.orders))),
        "sales": set(range(len(world.sales))),
    }
    if who.kind == UserKind.STAFF:
        return everything | {"reference_addresses": everything["contracts"]}
    if who.kind == UserKind.PARTNER:
        visibility = world.partner_visibility[who.index]
        companies = world.partner_companies[who.index]

        def sees(customer: int) -> bool:
            in_company = world.customer_company[customer] in companies
            if visibility == Visibility.ALL:
                return in_company
            if visibility == Visibility.OWN:
                return in_company and world.customer_contact[customer] == who.index
            return False

        customers = {c for c in range(CUSTOMERS) if sees(c)}
        by_customer = {
            kind: {i for i, row in enumerate(rows) if row["customer"] in customers}
            for kind, rows in (
                ("documents", world.documents),
                ("tickets", world.tickets),
                ("orders", world.orders),
                ("sales", world.sales),
            )
        }
        contracts = {i for i, c in enumerate(world.contracts) if c["customer"] in customers}
        return {
            "customers": customers,
            "contracts": contracts,
            "reference_addresses": contracts,
            "claims": {
                i
                for i, cl in enumerate(world.claims)
                if world.contracts[cl["contract"]]["customer"] in customers
            },
            **by_customer,
        }
    own_customer = world.customer_user_of[who.index]
    main = world.customer_user_role[who.index] == CustomerRole.MAIN
    my_grants = [g for g in world.grants if who.index in g["members"]]
    contracts = {
        i
        for i, c in enumerate(world.contracts)
        if (main and c["customer"] == own_customer) or any(grant_shares(g, i, c) for g in my_grants)
    }
    documents = set()
    for i, d in enumerate(world.documents):
        if (
            (main and d["customer"] == own_customer)
            or d["contract"] in contracts
            or any(
                d["customer"] in g["customers"] and d["keywords"] & g["keywords"] for g in my_grants
            )
        ):
            documents.add(i)
    tickets = {
        i
        for i, t in enumerate(world.tickets)
        if t["creator"] == who.index
        or (main and t["customer"] == own_customer)
        or any(
            g["share_tickets"] and t["creator"] in g["members"] and t["customer"] in g["customers"]
            for g in my_grants
        )
    }
    claims = set()
    for i, cl in enumerate(world.claims):
        contract = world.contracts[cl["contract"]]
        if cl["reporter"] == who.index or (main and contract["customer"] == own_customer):
            claims.add(i)
        for g in my_grants:
            if not g["include_claims"] or not grant_shares(g, cl["contract"], contract):
                continue
            if g["view_type"] != GrantViewType.CLAIM_REPORTER or cl["reporter"] in g["members"]:
                claims.add(i)
    return {
        "customers": {own_customer} | {c for g in my_grants for c in g["customers"]},
        "contracts": contracts,
        "reference_addresses": {
            i
            for i, c in enumerate(world.contracts)
            if (main and c["customer"] == own_customer)
            or any(g["reference_addresses"] and grant_shares(g, i, c) for g in my_grants)
        },
        "documents": documents,
        "tickets": tickets,
        "claims": claims,
        "orders": {
            i
            for i, o in enumerate(world.orders)
            if (o["customer"] == own_customer if main else o["user"] == who.index)
        },
        "sales": {i for i, s in enumerate(world.sales) if main and s["customer"] == own_customer},
    }


# ----------------------------------------------------------------------------- storing a world


def store(session: Session, world: World) -> dict[str, list[int]]:
    """Insert the world; returns database ids per kind, in generation order."""

    def add(row):  # type: ignore[no-untyped-def]
        session.add(row)
        session.flush()
        return row.id

    companies = [add(PartnerCompany(name=f"P{i}")) for i in range(COMPANIES)]
    partners = []
    for i, visibility in enumerate(world.partner_visibility):
        uid = add(User(kind=UserKind.PARTNER, login=f"p{i}", visibility=visibility))
        for c in world.partner_companies[i]:
            session.add(UserPartnerCompany(user_id=uid, partner_company_id=companies[c]))
        partners.append(uid)
    customers = [
        add(
            Customer(
                number=f"K{i}",
                name=f"Kunde {i}",
                partner_company_id=None if company is None else companies[company],
                partner_contact_id=None if contact is None else partners[contact],
            )
        )
        for i, (company, contact) in enumerate(
            zip(world.customer_company, world.customer_contact, strict=True)
        )
    ]
    customer_users = [
        add(
            User(
                kind=UserKind.CUSTOMER,
                login=f"c{i}",
                customer_id=customers[of],
                customer_role=world.customer_user_role[i],
            )
        )
        for i, of in enumerate(world.customer_user_of)
    ]
    staff = add(User(kind=UserKind.STAFF, login="staff"))
    contracts = [
        add(
            Subscription(
                number=f"V{i}",
                customer_id=customers[c["customer"]],
                partner_company_id=(
                    None
                    if world.customer_company[c["customer"]] is None
                    else companies[world.customer_company[c["customer"]]]
                ),
                product="P",
                line_of_business=c["line"],
                status=c["status"],
                offer_date=c["offer_date"],
                application_date=c["application_date"],
                document_date=c["document_date"],
            )
        )
        for i, c in enumerate(world.contracts)
    ]
    documents = []
    for d in world.documents:
        doc_id = add(
            Document(
                customer_id=customers[d["customer"]],
                subscription_id=None if d["contract"] is None else contracts[d["contract"]],
                title="D",
                direction=DocumentDirection.IN,
            )
        )
        for keyword in d["keywords"]:
            session.add(DocumentKeyword(document_id=doc_id, keyword=keyword))
        documents.append(doc_id)
    tickets = [
        add(
            Ticket(
                customer_id=customers[t["customer"]],
                creator_id=customer_users[t["creator"]],
                subject="T",
            )
        )
        for t in world.tickets
    ]
    claims = [
        add(
            Claim(
                subscription_id=contracts[cl["contract"]],
                customer_id=customers[world.contracts[cl["contract"]]["customer"]],
                reporter_id=customer_users[cl["reporter"]],
                claim_date=DAY,
                description="C",
            )
        )
        for cl in world.claims
    ]
    orders = [
        add(
            ShopOrder(
                number=f"S{i}",
                customer_id=customers[o["customer"]],
                user_id=customer_users[o["user"]],
                kind=ShopOrderKind.ORDER,
            )
        )
        for i, o in enumerate(world.orders)
    ]
    sales = [
        add(
            SalesDocument(
                kind=s["kind"], customer_id=customers[s["customer"]], number=f"B{i}", doc_date=DAY
            )
        )
        for i, s in enumerate(world.sales)
    ]
    for g in world.grants:
        profile = add(DocumentProfile(name="Profil", keywords=sorted(g["keywords"])))
        grant_id = add(
            AccessGrant(
                name="G",
                view_type=g["view_type"],
                include_claims=g["include_claims"],
                show_reference_addresses=g["reference_addresses"],
                share_tickets=g["share_tickets"],
                auto_share_statuses=sorted(s.value for s in g["statuses"]),
                lines_of_business=sorted(g["lines"]),
                document_profile_id=profile,
            )
        )
        for c in g["customers"]:
            session.add(AccessGrantCustomer(grant_id=grant_id, customer_id=customers[c]))
        for m in g["members"]:
            session.add(AccessGrantMember(grant_id=grant_id, user_id=customer_users[m]))
        for k in g["manual"]:
            session.add(AccessGrantContract(grant_id=grant_id, subscription_id=contracts[k]))
    session.commit()
    return {
        "customers": customers,
        "contracts": contracts,
        "documents": documents,
        "tickets": tickets,
        "claims": claims,
        "orders": orders,
        "sales": sales,
        "partners": partners,
        "customer_users": customer_users,
        "staff": [staff],
    }


QUERIES = {
    "customers": access.scoped_customers,
    "contracts": access.scoped_subscriptions,
    "reference_addresses": lambda principal: select(Subscription).where(
        access.reference_address_condition(principal)
    ),
    "documents": access.scoped_documents,
    "tickets": access.scoped_tickets,
    "claims": access.scoped_claims,
    "orders": access.scoped_shop_orders,
    "sales": access.scoped_sales_documents,
}


# The rows a query returns, where its name is not the kind of row.
ROWS = {"reference_addresses": "contracts"}

# Customer users have the most rules, so they are drawn most often.
WHO_KINDS = [UserKind.STAFF, UserKind.PARTNER, UserKind.PARTNER, *[UserKind.CUSTOMER] * 4]


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds(), who_kind=st.sampled_from(WHO_KINDS), who_index=st.integers(0, 3))
def test_scoped_queries_return_exactly_what_the_rules_allow(
    any_db_url: str, world: World, who_kind: UserKind, who_index: int
) -> None:
    from portal.db import get_engine

    clear_all_tables(any_db_url)
    with Session(get_engine(any_db_url), expire_on_commit=False) as session:
        ids = store(session, world)
        who = Who(who_kind, 0 if who_kind == UserKind.STAFF else who_index)
        user_key = {
            UserKind.STAFF: "staff",
            UserKind.PARTNER: "partners",
            UserKind.CUSTOMER: "customer_users",
        }[who_kind]
        principal = access.load_principal(session, ids[user_key][who.index])
        assert principal is not None
        expected = allowed(world, who)
        for kind, scoped in QUERIES.items():
            got = {row.id for row in session.exec(scoped(principal)).all()}
            want = {ids[ROWS.get(kind, kind)][i] for i in expected[kind]}
            assert got == want, f"{kind} for {who}"
