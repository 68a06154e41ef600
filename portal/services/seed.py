"""Demo data and the large benchmark data set.

`seed_demo` writes the small hand-made world of SPEC §3.1 through the ORM (readable logins, one
shared password). `seed_large` adds 200,000 customers and 1,000,000 subscriptions with bulk
writes (COPY on PostgreSQL, chunked executemany elsewhere), because the grid budgets of SPEC §9
are measured against it. Both are deterministic for a seed and date everything relative to
today, so the contract alarm (SPEC §4) always has hits whenever the data is created.

Timestamps are written explicitly as aware UTC: the datetime columns reject naive values.
"""

from __future__ import annotations

import random
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate, islice
from typing import Generic, NamedTuple, TypeVar

from psycopg import sql
from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from portal.config import get_settings
from portal.db import get_engine, session_scope
from portal.models import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    Approval,
    Asset,
    CatalogItem,
    Claim,
    Customer,
    Document,
    DocumentKeyword,
    DocumentProfile,
    InboxItem,
    PartnerCompany,
    PermissionGroup,
    PrinterCompatibility,
    SalesDocument,
    SalesDocumentLine,
    Setting,
    ShopOrder,
    ShopOrderLine,
    Subscription,
    SubscriptionStatusChange,
    Team,
    Ticket,
    TicketMessage,
    User,
    UserPartnerCompany,
    UserPermissionGroup,
    UserTeam,
)
from portal.models.enums import (
    ApprovalDecision,
    ContractStatus,
    CustomerKind,
    CustomerRole,
    DocumentDirection,
    GrantViewType,
    InboxKind,
    PartnerAction,
    PasswordStatus,
    SalesDocumentKind,
    ShareStatus,
    ShopOrderKind,
    StaffPermission,
    TicketStatus,
    UserKind,
    Visibility,
)
from portal.services.approvals import PROOF_FOLDER
from portal.services.documents import write_document_file
from portal.services.licenses import write_license_file
from portal.services.passwords import hash_password
from portal.services.pdf import proof_sample_pdf
from portal.services.sales import document_totals, line_amount
from portal.services.seed_shop import seed_shop

DEMO_PASSWORD = "Portal-Demo-2026"
T = TypeVar("T")

MANAGEMENT_ACTIONS = (
    PartnerAction.CHANGE_PARTNER_CONTACT,
    PartnerAction.MANAGE_PEOPLE,
    PartnerAction.EXPORT,
    PartnerAction.DOWNLOAD_LICENSE,
)

# --------------------------------------------------------------------------------------------
# Names, places and products
# --------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna", "Andreas", "Birgit", "Bernd", "Claudia", "Christian", "Daniela", "Dirk", "Elke",
    "Frank", "Franziska", "Gabriele", "Georg", "Heike", "Holger", "Ines", "Jan", "Julia",
    "Jürgen", "Katrin", "Klaus", "Laura", "Lukas", "Maria", "Markus", "Martina", "Michael",
    "Monika", "Nadine", "Nils", "Petra", "Peter", "Ralf", "Sandra", "Stefan", "Silke",
    "Tobias", "Ursula", "Uwe", "Vanessa", "Werner", "Wolfgang", "Yvonne", "Jörg", "Sören",
    "Björn", "Günther", "Lea", "Leonie", "Felix", "Paul", "Sophie", "Marie", "Hannah", "Jonas",
    "Tim", "Ute", "Karin", "Özlem", "Mehmet",
)  # fmt: skip

LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
    "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler",
    "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang",
    "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller",
    "Günther", "Frank", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht",
    "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer",
    "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Haas",
    "Schreiber", "Graf", "Schulte", "Ziegler", "Kuhn", "Kühn", "Pohl", "Horn", "Busch",
    "Bergmann", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Yilmaz", "Nowak",
)  # fmt: skip

BRANCHES = (
    "Bau", "Elektrotechnik", "Logistik", "Immobilien", "Metallbau", "Haustechnik",
    "Steuerberatung", "Maschinenbau", "Medien", "Gartenbau", "Spedition", "Consulting",
    "Dentaltechnik", "Möbelwerkstätten", "Sanitär", "Verpackung", "Kunststofftechnik",
)  # fmt: skip

TRADES = (
    "Bäckerei", "Autohaus", "Zahnarztpraxis Dr.", "Metzgerei", "Tischlerei", "Gasthaus",
    "Friseursalon", "Kanzlei", "Ingenieurbüro", "Architekturbüro", "Hotel", "Physiotherapie",
    "Malerbetrieb", "Blumenhaus", "Optik", "Reisebüro",
)  # fmt: skip

LEGAL_FORMS = ("GmbH", "GmbH", "GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.", "OHG", "UG")

STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Dorfstraße", "Bergstraße",
    "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße", "Industriestraße", "Am Markt",
    "Goethestraße", "Schillerstraße", "Mühlenweg", "Friedrichstraße", "Kantstraße",
    "Parkallee", "Hafenstraße", "Gewerbering", "Rosenweg", "Birkenweg", "Poststraße",
)  # fmt: skip

PARTNER_WORDS = (
    "Datawerk", "Bitfabrik", "Cloudhafen", "Archivum", "Papierlos", "Scanwerk", "Dokumentum",
    "Infoport", "Systemkontor", "Digitalwerk", "Ablagefrei", "Belegfix", "Logikum", "Nordsoft",
    "Südsoft", "Westlink", "Ostdata", "Netzkontor", "Aktenlos", "Formularwerk",
)  # fmt: skip

PARTNER_PATTERNS = (
    "{last} IT GmbH", "{last} Systemhaus GmbH", "Systemhaus {city} GmbH",
    "{last} & {last2} Software GmbH", "{word} Solutions GmbH", "IT-Service {last} e.K.",
    "{last} Bürotechnik GmbH & Co. KG", "{word} Consulting AG", "{word} IT-Systeme {city} GmbH",
    "{last} Datentechnik KG",
)  # fmt: skip


class _City(NamedTuple):
    name: str
    postcode_low: int
    postcode_high: int
    area_code: str
    weight: float


CITIES = (
    _City("Berlin", 10115, 14199, "30", 8),
    _City("Hamburg", 20095, 22769, "40", 5),
    _City("München", 80331, 81929, "89", 4.5),
    _City("Köln", 50667, 51149, "221", 3),
    _City("Frankfurt am Main", 60306, 60599, "69", 2.5),
    _City("Stuttgart", 70173, 70629, "711", 2.2),
    _City("Düsseldorf", 40210, 40629, "211", 2),
    _City("Leipzig", 4103, 4357, "341", 2),
    _City("Dortmund", 44135, 44388, "231", 2),
    _City("Essen", 45127, 45359, "201", 1.8),
    _City("Bremen", 28195, 28779, "421", 1.6),
    _City("Dresden", 1067, 1328, "351", 1.6),
    _City("Hannover", 30159, 30669, "511", 1.6),
    _City("Nürnberg", 90402, 90491, "911", 1.5),
    _City("Duisburg", 47051, 47279, "203", 1.2),
    _City("Bochum", 44787, 44894, "234", 1),
    _City("Wuppertal", 42103, 42399, "202", 1),
    _City("Bielefeld", 33602, 33739, "521", 1),
    _City("Bonn", 53111, 53229, "228", 1),
    _City("Münster", 48143, 48167, "251", 1),
    _City("Mannheim", 68159, 68309, "621", 1),
    _City("Karlsruhe", 76131, 76229, "721", 1),
    _City("Augsburg", 86150, 86199, "821", 0.9),
    _City("Wiesbaden", 65183, 65207, "611", 0.9),
    _City("Kiel", 24103, 24159, "431", 0.8),
    _City("Freiburg im Breisgau", 79098, 79117, "761", 0.8),
    _City("Lübeck", 23552, 23570, "451", 0.7),
    _City("Rostock", 18055, 18147, "381", 0.7),
    _City("Magdeburg", 39104, 39130, "391", 0.7),
    _City("Erfurt", 99084, 99099, "361", 0.7),
    _City("Mainz", 55116, 55131, "6131", 0.7),
    _City("Potsdam", 14467, 14482, "331", 0.6),
    _City("Regensburg", 93047, 93059, "941", 0.5),
    _City("Würzburg", 97070, 97084, "931", 0.5),
    _City("Osnabrück", 49074, 49090, "541", 0.5),
    _City("Saarbrücken", 66111, 66133, "681", 0.5),
    _City("Ulm", 89073, 89081, "731", 0.4),
    _City("Göttingen", 37073, 37085, "551", 0.4),
    _City("Heidelberg", 69115, 69126, "6221", 0.4),
    _City("Oldenburg", 26121, 26135, "441", 0.4),
    _City("Flensburg", 24937, 24944, "461", 0.3),
    _City("Passau", 94032, 94036, "851", 0.3),
)
_CITY_INDEX = {city.name: i for i, city in enumerate(CITIES)}


class _Product(NamedTuple):
    name: str
    line_of_business: str  # Sparte
    cents: int  # monthly price per seat, or flat when the product has no seats
    per_seat: bool
    cloud: bool  # has a cloud storage quota
    weight: float


PRODUCTS = (
    _Product("DocuWare Cloud Business", "Cloud", 3900, True, True, 22),
    _Product("DocuWare Cloud Professional", "Cloud", 5900, True, True, 14),
    _Product("DocuWare Cloud Enterprise", "Cloud", 8900, True, True, 5),
    _Product("DocuWare On-Premises Professional", "On-Premises", 4500, True, False, 10),
    _Product("DocuWare On-Premises Enterprise", "On-Premises", 7500, True, False, 4),
    _Product("Cloud Storage Add-on", "Cloud", 1990, False, True, 12),
    _Product("Intelligent Indexing Add-on", "Add-on", 990, True, False, 8),
    _Product("Forms Add-on", "Add-on", 490, True, False, 6),
    _Product("Workflow Manager Add-on", "Add-on", 790, True, False, 6),
    _Product("Softwarepflege Premium", "Service", 24900, False, False, 8),
    _Product("Schulungspaket Anwender", "Service", 9900, False, False, 5),
)
# Insurance-style contracts exist only in the demo: they carry a risk address for claims.
BUILDING_INSURANCE = _Product("Gebäudeversicherung Gewerbe", "Gebäude", 18900, False, False, 0)
CONTENTS_INSURANCE = _Product("Hausratversicherung", "Hausrat", 1290, False, False, 0)
LIABILITY_INSURANCE = _Product("Privathaftpflicht", "Haftpflicht", 690, False, False, 0)

_STATUS_WEIGHTS = {
    ContractStatus.OWN: 52,
    ContractStatus.CANCELLED: 12,
    ContractStatus.OFFER: 7,
    ContractStatus.REQUEST: 3,
    ContractStatus.DORMANT: 6,
    ContractStatus.FOREIGN: 6,
    ContractStatus.FOREIGN_PART: 4,
    ContractStatus.BLOCKED: 3,
    ContractStatus.INFO: 7,
}
_QUOTAS_GB = (10, 25, 50, 100, 250, 500)
_STORAGE_ADDON_GB = (100, 250, 500, 1000)
_TERMS_DAYS = (365, 730, 1095)
_PRODUCT = {p.name: p for p in PRODUCTS}
_PAST_DAYS = 2200  # the oldest offer date the contract factory can produce
_FUTURE_DAYS = 1300  # the latest end date
_CENT = Decimal("0.01")
_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip

KYOCERA = "Kyocera ECOSYS M2540dn"
HP = "HP LaserJet Pro M404dn"
BROTHER = "Brother HL-L5100DN"
# article number, name, category, unit, price, compatible printer models
CATALOG = (
    ("TK-1170", "Kyocera Toner-Kit TK-1170 schwarz", "Toner", "Stk", "89.90", (KYOCERA,)),
    ("DK-1150", "Kyocera Trommeleinheit DK-1150", "Trommel", "Stk", "129.00", (KYOCERA,)),
    ("MK-1150", "Kyocera Wartungskit MK-1150", "Wartung", "Stk", "189.00", (KYOCERA,)),
    ("CF259A", "HP 59A LaserJet Tonerkartusche schwarz", "Toner", "Stk", "119.90", (HP,)),
    ("CF259X", "HP 59X LaserJet Tonerkartusche schwarz, hohe Reichweite", "Toner", "Stk",
     "219.00", (HP,)),
    ("CF232A", "HP 32A LaserJet Bildtrommel", "Trommel", "Stk", "109.00", (HP,)),
    ("TN-3430", "Brother Toner TN-3430 schwarz", "Toner", "Stk", "69.90", (BROTHER,)),
    ("TN-3480", "Brother Toner TN-3480 schwarz, hohe Reichweite", "Toner", "Stk", "119.00",
     (BROTHER,)),
    ("DR-3400", "Brother Trommeleinheit DR-3400", "Trommel", "Stk", "99.00", (BROTHER,)),
    ("PAP-A4-80-500", "Kopierpapier DIN A4, 80 g/m², 500 Blatt", "Papier", "Pack", "5.49",
     (KYOCERA, HP, BROTHER)),
    ("PAP-A4-80-2500", "Kopierpapier DIN A4, 80 g/m², Karton mit 5 × 500 Blatt", "Papier",
     "Karton", "24.90", (KYOCERA, HP, BROTHER)),
    ("PAP-A3-80-500", "Kopierpapier DIN A3, 80 g/m², 500 Blatt", "Papier", "Pack", "11.90", ()),
    ("SRV-VOR-ORT", "Vor-Ort-Service Techniker (je Stunde)", "Service", "Std", "95.00", ()),
)  # fmt: skip
_TO_ASCII = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", " ": "-", "&": "und"}
)


def _slug(text: str) -> str:
    """An e-mail-safe lower-case form of a German name."""
    ascii_text = text.lower().translate(_TO_ASCII)
    return "".join(c for c in ascii_text if c.isascii() and (c.isalnum() or c == "-"))


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


class _Weighted(Generic[T]):
    """Weighted choice by bisecting cumulative weights (much faster than `rng.choices`)."""

    def __init__(self, items: Iterable[T], weights: Iterable[float]) -> None:
        self.items = tuple(items)
        self.cumulative = tuple(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


_CITY_CHOICE = _Weighted(range(len(CITIES)), (c.weight for c in CITIES))
_PRODUCT_CHOICE = _Weighted(PRODUCTS, (p.weight for p in PRODUCTS))
_STATUS_CHOICE = _Weighted(_STATUS_WEIGHTS.keys(), _STATUS_WEIGHTS.values())


class _Calendar:
    """Dates and timestamps as offsets from today, so demo and bench data never go stale."""

    def __init__(self, today: date) -> None:
        self.today = today
        self._midnight = datetime(today.year, today.month, today.day, tzinfo=UTC)
        self._days = [today + timedelta(days=k) for k in range(-_PAST_DAYS, _FUTURE_DAYS + 1)]

    def day(self, offset: int) -> date:
        return self._days[offset + _PAST_DAYS]

    def at(self, days_ago: int, hour: int = 9, minute: int = 0) -> datetime:
        """A moment `days_ago` days before today; at least one day back is always in the past."""
        return self._midnight - timedelta(days=days_ago) + timedelta(hours=hour, minutes=minute)


class _Address(NamedTuple):
    street: str
    postcode: str
    city: str
    phone: str


class _Names:
    """German people, companies and addresses drawn from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def company(self) -> str:
        rng = self.rng
        last = rng.choice(LAST_NAMES)
        pattern = rng.random()
        if pattern < 0.45:
            name = f"{last} {rng.choice(BRANCHES)} {rng.choice(LEGAL_FORMS)}"
        elif pattern < 0.8:
            name = f"{rng.choice(TRADES)} {last}"
        else:
            name = f"{last} & {rng.choice(LAST_NAMES)} {rng.choice(LEGAL_FORMS)}"
        return name

    def address(self, near: int | None = None) -> _Address:
        """An address in the city with index `near` (most of the time) or anywhere."""
        rng = self.rng
        index = near if near is not None and rng.random() < 0.6 else _CITY_CHOICE.pick(rng)
        city = CITIES[index]
        return _Address(
            street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            postcode=f"{rng.randint(city.postcode_low, city.postcode_high):05d}",
            city=city.name,
            phone=f"+49 {city.area_code} {rng.randint(200000, 9999999)}",
        )


class _Contract(NamedTuple):
    """The generated part of a subscription row, in `Subscription` column order."""

    product: str
    line_of_business: str
    status: str
    offer_date: date | None
    application_date: date | None
    document_date: date | None
    start_date: date | None
    end_date: date | None
    cancelled_at: date | None
    auto_renew: bool
    monthly_price: Decimal
    retail_price: Decimal
    currency: str
    seats: int
    storage_used_gb: Decimal
    storage_quota_gb: Decimal


class _ContractFactory:
    """Random but plausible contracts; about one in six lands in the alarm window (SPEC §4)."""

    def __init__(self, rng: random.Random, calendar: _Calendar) -> None:
        self.rng = rng
        self.cal = calendar

    def make(
        self, *, prospect: bool = False, product: _Product | None = None, status: str | None = None
    ) -> _Contract:
        rng = self.rng
        product = product or _PRODUCT_CHOICE.pick(rng)
        if status is None:
            status = (
                rng.choice((ContractStatus.REQUEST, ContractStatus.OFFER))
                if prospect
                else _STATUS_CHOICE.pick(rng)
            )
        if status in (ContractStatus.REQUEST, ContractStatus.OFFER):
            start = rng.randint(14, 90)
            offer = -rng.randint(1, 45) if status == ContractStatus.OFFER else None
            dates = self._dates(offer, None, None, start, start + rng.choice(_TERMS_DAYS), None)
            return self._priced(product, status, dates, True, running=False)
        cancelled = None
        if status == ContractStatus.CANCELLED:
            cancelled = -rng.randint(0, 59) if rng.random() < 0.2 else -rng.randint(60, 700)
            end = cancelled + rng.randint(30, 180)
        else:
            end = rng.randint(-60, 120) if rng.random() < 0.1 else rng.randint(-900, 1095)
        start = end - rng.choice(_TERMS_DAYS)
        application = document = None
        if status == ContractStatus.OWN:
            kind = rng.random()  # policy, application, or plain own (SPEC §3.3)
            if kind < 0.75:
                application = start - rng.randint(1, 9)
            if kind < 0.55:
                document = start
        dates = self._dates(
            start - rng.randint(10, 60), application, document, start, end, cancelled
        )
        auto_renew = status != ContractStatus.CANCELLED and rng.random() < 0.85
        return self._priced(product, status, dates, auto_renew, running=True)

    def _dates(self, *offsets: int | None) -> tuple[date | None, ...]:
        day = self.cal.day
        return tuple(None if offset is None else day(offset) for offset in offsets)

    def _priced(
        self,
        product: _Product,
        status: str,
        dates: tuple[date | None, ...],
        auto_renew: bool,
        *,
        running: bool,
    ) -> _Contract:
        rng = self.rng
        seats = min(500, int(2 * rng.paretovariate(1.2))) if product.per_seat else 0
        quota = 0
        if product.cloud:
            addon = not product.per_seat
            quota = rng.choice(_STORAGE_ADDON_GB if addon else _QUOTAS_GB)
        monthly = product.cents * (seats or (quota // 100 if quota else 1))
        retail = monthly * rng.randint(115, 135) // 100
        used = 0
        if quota and running:
            share = 0.9 + rng.random() * 0.1 if rng.random() < 0.1 else rng.random() * 0.9
            used = int(quota * 100 * share)
        return _Contract(
            product.name,
            product.line_of_business,
            status,
            *dates,
            auto_renew,
            _money(monthly),
            _money(retail),
            "EUR",
            seats,
            _money(used),
            _money(quota * 100),
        )


# --------------------------------------------------------------------------------------------
# Demo data (SPEC §3.1 worked example plus one of everything)
# --------------------------------------------------------------------------------------------


def seed_demo(session: Session, *, rng_seed: int = 42) -> None:
    """Write the demo world into an empty, migrated database (the caller commits)."""
    _DemoBuilder(session, rng_seed).build()


class _DemoBuilder:
    """Builds the demo step by step; later steps use the rows earlier ones created."""

    def __init__(self, session: Session, rng_seed: int) -> None:
        self.session = session
        self.rng = random.Random(rng_seed)
        self.cal = _Calendar(date.today())
        self.names = _Names(self.rng)
        self.contracts = _ContractFactory(self.rng, self.cal)
        self.password_hash = hash_password(DEMO_PASSWORD)
        self.users: dict[str, User] = {}
        self.teams: dict[str, Team] = {}
        self.partners: dict[str, PartnerCompany] = {}
        self.customers: dict[str, Customer] = {}  # by name
        self.subscriptions: list[Subscription] = []
        self.items: dict[str, CatalogItem] = {}
        self.assets: list[Asset] = []
        self.customer_count = 0
        self.subscription_count = 0
        self.sales_count = 0

    def build(self) -> None:
        self.settings()
        self.staff()
        self.partner_side()
        self.customer_base()
        self.customer_users()
        self.contract_base()
        self.license_files()
        self.documents()
        self.sales_documents()
        self.tickets_and_claim()
        self.catalog_and_assets()
        seed_shop(self.session, self.customers)
        self.shop_order()
        self.access_grant()

    def add(self, *rows: SQLModel) -> None:
        self.session.add_all(rows)
        self.session.flush()

    # -- identities -----------------------------------------------------------------------

    def user(self, login: str, display_name: str, kind: UserKind, **extra: object) -> User:
        user = User(
            kind=kind,
            login=login,
            email=login,
            display_name=display_name,
            password_hash=self.password_hash,
            password_status=PasswordStatus.USER_SET,
            created_at=self.cal.at(180),
            **extra,
        )
        self.add(user)
        self.users[login] = user
        return user

    def settings(self) -> None:
        at = self.cal.at(180)
        self.add(
            Setting(
                key="branding", value={"name": "Portal", "primary_color": "#1f5fa8"}, updated_at=at
            ),
            Setting(key="shop", value={"show_prices": True}, updated_at=at),
        )

    def staff(self) -> None:
        admins = PermissionGroup(name="Administratoren", permissions=list(StaffPermission))
        inbox = PermissionGroup(name="Postkorb", permissions=[StaffPermission.INBOX])
        self.add(admins, inbox)
        admin = self.user(
            "admin@portal.example", "Sabine Schulz", UserKind.STAFF, phone="+49 30 5550100"
        )
        advisor = self.user(
            "berater@portal.example", "Thomas Berger", UserKind.STAFF, phone="+49 30 5550142"
        )
        self.add(
            UserPermissionGroup(user_id=admin.id, group_id=admins.id),
            UserPermissionGroup(user_id=advisor.id, group_id=inbox.id),
        )

    def partner_side(self) -> None:
        self.teams = {
            "Management": Team(name="Management", actions=list(MANAGEMENT_ACTIONS), builtin=True),
            "Administration": Team(
                name="Administration", actions=list(PartnerAction), builtin=True
            ),
        }
        self.partners = {
            "Muster IT GmbH": PartnerCompany(name="Muster IT GmbH", city="Berlin"),
            "Nordlicht Systemhaus GmbH": PartnerCompany(
                name="Nordlicht Systemhaus GmbH", city="Hamburg"
            ),
        }
        self.add(*self.teams.values(), *self.partners.values())
        muster, nordlicht = self.partners.values()
        people = (
            (
                "e1@muster-it.example",
                "Eva Engel",
                Visibility.ALL,
                "Management",
                (muster, nordlicht),
            ),
            ("e2@muster-it.example", "Emil Ernst", Visibility.NONE, "Administration", (muster,)),
            ("e3@muster-it.example", "Erik Esser", Visibility.OWN, None, (muster,)),
        )
        for login, name, visibility, team, companies in people:
            user = self.user(login, name, UserKind.PARTNER, visibility=visibility)
            self.add(
                *(UserPartnerCompany(user_id=user.id, partner_company_id=c.id) for c in companies)
            )
            if team:
                self.add(UserTeam(user_id=user.id, team_id=self.teams[team].id))

    # -- customers ------------------------------------------------------------------------

    def customer(self, name: str, partner: str, **extra: object) -> Customer:
        self.customer_count += 1
        partner_company = self.partners[partner]
        address = self.names.address(_CITY_INDEX[partner_company.city])
        private = bool(extra.get("is_private"))
        values: dict[str, object] = {
            "street": address.street,
            "postcode": address.postcode,
            "city": address.city,
            "phone": address.phone,
            "email": _customer_email(name, private=private),
            "created_at": self.cal.at(400 - self.customer_count),
        } | extra
        customer = Customer(
            number=f"K-{10000 + self.customer_count}",
            name=name,
            partner_company_id=partner_company.id,
            **values,
        )
        self.add(customer)
        self.customers[name] = customer
        return customer

    def customer_base(self) -> None:
        e1, e2, e3 = (self.users[f"e{i}@muster-it.example"] for i in (1, 2, 3))
        advisor = self.users["berater@portal.example"]
        self.customer("Alpha Bau GmbH", "Muster IT GmbH", partner_contact_id=e2.id)
        self.customer("Bäckerei Brandt", "Muster IT GmbH", partner_contact_id=e1.id)
        self.customer("Café Central KG", "Muster IT GmbH", partner_contact_id=e3.id)
        self.customer(
            "Druckhaus Dietrich GmbH",
            "Muster IT GmbH",
            partner_contact_id=e1.id,
            advisor_id=advisor.id,
            street="Gutenbergstraße 7",
            postcode="10587",
            city="Berlin",
            email="info@druckhaus-dietrich.example",
        )
        self.customer(
            "Doris Dietrich",
            "Muster IT GmbH",
            is_private=True,
            advisor_id=advisor.id,
            street="Lindenallee 3",
            postcode="14052",
            city="Berlin",
            email="doris@dietrich-privat.example",
        )
        # Extra contacts are only E1 or nobody, so E2 and E3 keep exactly their one customer.
        self.more_customers("Muster IT GmbH", 24, private=4, contact=e1, advisor=advisor)
        self.more_customers("Nordlicht Systemhaus GmbH", 15, private=2, contact=e1, advisor=advisor)

    def more_customers(
        self, partner: str, count: int, *, private: int, contact: User, advisor: User
    ) -> None:
        rng = self.rng
        for index in range(count):
            is_private = index < private
            name = self.unused_name(is_private)
            self.customer(
                name,
                partner,
                kind=CustomerKind.PROSPECT if rng.random() < 0.3 else CustomerKind.CUSTOMER,
                is_private=is_private,
                partner_contact_id=contact.id if rng.random() < 0.5 else None,
                advisor_id=advisor.id if rng.random() < 0.4 else None,
            )

    def unused_name(self, private: bool) -> str:
        while True:
            name = " ".join(self.names.person()) if private else self.names.company()
            if name not in self.customers:
                return name

    def customer_users(self) -> None:
        druckhaus = self.customers["Druckhaus Dietrich GmbH"]
        self.user(
            "haupt@druckhaus-dietrich.example",
            "Hanna Haupt",
            UserKind.CUSTOMER,
            customer_id=druckhaus.id,
            customer_role=CustomerRole.MAIN,
        )
        self.user(
            "mitarbeiter@druckhaus-dietrich.example",
            "Max Mitarbeiter",
            UserKind.CUSTOMER,
            customer_id=druckhaus.id,
            customer_role=CustomerRole.NORMAL,
        )

    # -- contracts ------------------------------------------------------------------------

    def contract(self, customer: Customer, contract: _Contract, **extra: object) -> Subscription:
        self.subscription_count += 1
        subscription = Subscription(
            number=f"V-{100000 + self.subscription_count}",
            customer_id=customer.id,
            partner_company_id=customer.partner_company_id,
            **contract._asdict(),
            **extra,
        )
        self.add(subscription)
        self.subscriptions.append(subscription)
        return subscription

    def fixed(
        self,
        customer: str,
        product: _Product,
        status: str,
        *,
        start: int | None = None,
        end: int | None = None,
        cancelled: int | None = None,
        offer: int | None = None,
    ) -> Subscription:
        """A contract with a chosen status and dates given as days from today."""
        contract = self.contracts.make(product=product, status=status)
        day = self.cal.day
        changes: dict[str, object] = {}
        if start is not None:
            changes["start_date"] = day(start)
            changes["offer_date"] = day(start - 30)
            changes["application_date"] = day(start - 5) if contract.application_date else None
            changes["document_date"] = day(start) if contract.document_date else None
        if end is not None:
            changes["end_date"] = day(end)
        if cancelled is not None:
            changes["cancelled_at"] = day(cancelled)
            changes["auto_renew"] = False
        if offer is not None:
            changes["offer_date"] = day(offer)
        return self.contract(self.customers[customer], contract._replace(**changes))

    def contract_base(self) -> None:
        own, cancelled = ContractStatus.OWN, ContractStatus.CANCELLED
        # Each alarm reason of SPEC §4 occurs among the worked-example customers.
        self.fixed("Alpha Bau GmbH", _PRODUCT["DocuWare Cloud Business"], own, start=-320, end=45)
        storage = self.fixed("Alpha Bau GmbH", _PRODUCT["Cloud Storage Add-on"], own, start=-200)
        storage.storage_used_gb = (storage.storage_quota_gb * Decimal("0.93")).quantize(_CENT)
        self.fixed(
            "Alpha Bau GmbH",
            _PRODUCT["DocuWare On-Premises Professional"],
            cancelled,
            start=-650,
            end=80,
            cancelled=-10,
        )
        self.fixed(
            "Bäckerei Brandt", _PRODUCT["DocuWare Cloud Professional"], own, start=-750, end=-20
        )
        self.fixed("Bäckerei Brandt", _PRODUCT["Softwarepflege Premium"], own, start=-330, end=400)
        self.fixed(
            "Café Central KG", _PRODUCT["DocuWare Cloud Business"], ContractStatus.OFFER, offer=-5
        )
        self.fixed(
            "Café Central KG",
            _PRODUCT["Intelligent Indexing Add-on"],
            cancelled,
            start=-400,
            end=-30,
            cancelled=-50,
        )
        self.druckhaus_contracts()
        for customer in list(self.customers.values())[5:]:  # the five above are hand-made
            prospect = customer.kind == CustomerKind.PROSPECT
            count = self.rng.randint(1, 2) if prospect else self.rng.randint(4, 12)
            for _ in range(count):
                self.contract(customer, self.contracts.make(prospect=prospect))
        for subscription in self.subscriptions:
            self.history(subscription)
        self.session.flush()

    def druckhaus_contracts(self) -> None:
        druckhaus = self.customers["Druckhaus Dietrich GmbH"]
        make = self.contracts.make
        self.contract(
            druckhaus,
            make(product=BUILDING_INSURANCE, status=ContractStatus.OWN),
            risk_street=druckhaus.street,
            risk_postcode=druckhaus.postcode,
            risk_city=druckhaus.city,
        )
        for product, status in (
            ("DocuWare Cloud Enterprise", ContractStatus.OWN),
            ("Cloud Storage Add-on", ContractStatus.OWN),
            ("DocuWare On-Premises Enterprise", ContractStatus.OWN),
            ("Workflow Manager Add-on", ContractStatus.OFFER),
            ("Softwarepflege Premium", ContractStatus.CANCELLED),
            ("DocuWare Cloud Business", ContractStatus.FOREIGN),
        ):
            contract = self.contract(druckhaus, make(product=_PRODUCT[product], status=status))
            # Partner notifications have something to tell E1 (Alpha Bau's full storage above
            # goes to E2 only once he may see it).
            if product == "Cloud Storage Add-on":
                contract.storage_used_gb = (contract.storage_quota_gb * Decimal("0.95")).quantize(
                    _CENT
                )
            elif product == "DocuWare On-Premises Enterprise":
                contract.update_due_date = self.cal.day(10)
        self.fixed(
            "Druckhaus Dietrich GmbH",
            _PRODUCT["Forms Add-on"],
            ContractStatus.OWN,
            start=-300,
            end=60,
        )
        doris = self.customers["Doris Dietrich"]
        self.contract(
            doris,
            make(product=CONTENTS_INSURANCE, status=ContractStatus.OWN),
            risk_street=doris.street,
            risk_postcode=doris.postcode,
            risk_city=doris.city,
        )
        self.contract(doris, make(product=LIABILITY_INSURANCE, status=ContractStatus.FOREIGN))

    def history(self, subscription: Subscription) -> None:
        """Status changes leading to the contract's current status, never in the future."""
        steps: list[tuple[str, date | None]] = []
        if subscription.offer_date:
            steps.append((ContractStatus.OFFER, subscription.offer_date))
        if subscription.status == ContractStatus.CANCELLED:
            steps.append((ContractStatus.OWN, subscription.start_date))
            steps.append((ContractStatus.CANCELLED, subscription.cancelled_at))
        elif subscription.status != ContractStatus.OFFER:
            steps.append((subscription.status, subscription.start_date))
        yesterday = self.cal.day(-1)
        for status, day in steps:
            day = min(day or yesterday, yesterday)
            self.session.add(
                SubscriptionStatusChange(
                    subscription_id=subscription.id,
                    status=status,
                    changed_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
                    changed_by_id=self.users["admin@portal.example"].id,
                )
            )

    def license_files(self) -> None:
        """Licence files of the worked-example and Druckhaus on-premises contracts, written
        under the data dir, so the contract page has something to download."""
        data_dir = get_settings().data_dir
        hand_made = {c.id: c.name for c in list(self.customers.values())[:5]}
        for subscription in self.subscriptions:
            if (
                subscription.line_of_business == "On-Premises"
                and subscription.customer_id in hand_made
            ):
                subscription.license_file_path = write_license_file(
                    data_dir, subscription, hand_made[subscription.customer_id]
                )
        self.session.flush()

    # -- documents and sales documents ----------------------------------------------------

    def documents(self) -> None:
        admin = self.users["admin@portal.example"]
        for name in (
            "Alpha Bau GmbH",
            "Bäckerei Brandt",
            "Café Central KG",
            "Druckhaus Dietrich GmbH",
            "Doris Dietrich",
        ):
            customer = self.customers[name]
            contracts = [s for s in self.subscriptions if s.customer_id == customer.id]
            for subscription in contracts[:4]:
                insured = subscription.line_of_business in ("Gebäude", "Hausrat", "Haftpflicht")
                self.document(
                    customer,
                    f"{'Police' if insured else 'Vertragsbestätigung'} {subscription.product}",
                    ["Police" if insured else "Vertrag"],
                    DocumentDirection.OUT,
                    subscription_id=subscription.id,
                    created_by_id=admin.id,
                )
            for months_ago in (1, 2):
                day = self.cal.day(-30 * months_ago)
                self.document(
                    customer,
                    f"Rechnung {_MONTHS[day.month - 1]} {day.year}",
                    ["Rechnung"],
                    DocumentDirection.OUT,
                    created_by_id=admin.id,
                )
            self.document(
                customer,
                "Ihr Schreiben zur Vertragsanpassung",
                ["Korrespondenz"],
                DocumentDirection.IN,
            )
        druckhaus = self.customers["Druckhaus Dietrich GmbH"]
        self.document(
            druckhaus,
            "Auftragsverarbeitungsvertrag (unterschrieben)",
            ["Vertrag", "Datenschutz"],
            DocumentDirection.IN,
            created_by_id=self.users["haupt@druckhaus-dietrich.example"].id,
        )

    def document(
        self, customer: Customer, title: str, keywords: list[str], direction: str, **extra: object
    ) -> None:
        """A document with its keywords and a small real PDF under the data dir, so the
        customer's download works right after the run command."""
        document = Document(
            customer_id=customer.id,
            title=title,
            direction=direction,
            created_at=self.cal.at(self.rng.randint(2, 300), hour=self.rng.randint(7, 17)),
            **extra,
        )
        self.add(document)
        self.add(*(DocumentKeyword(document_id=document.id, keyword=k) for k in keywords))
        lines = (customer.name, f"Stichwörter: {', '.join(keywords)}", "Demo-Dokument des Portals")
        write_document_file(get_settings().data_dir, document, proof_sample_pdf(title, lines))

    def sales_documents(self) -> None:
        """Quotes, orders and invoices of Druckhaus Dietrich along the whole pipeline."""
        main = self.users["haupt@druckhaus-dietrich.example"]
        normal = self.users["mitarbeiter@druckhaus-dietrich.example"]
        clerk = self.users["berater@portal.example"]
        stationery = (("GA-BB-100", "Briefbogen DIN A4, 4/0-farbig, 100 g", "2000", "Stk", "0.19"),)
        # An accepted quote shares the pipeline step of the order it became.
        quote = self.sales_document(SalesDocumentKind.QUOTE, "invoiced", 70, stationery, clerk)
        order = self.sales_document(
            SalesDocumentKind.ORDER, "invoiced", 60, stationery, clerk, main, related=quote
        )
        self.sales_document(
            SalesDocumentKind.INVOICE,
            "invoiced",
            45,
            stationery,
            clerk,
            related=order,
            due=-31,
            paid=True,
        )
        flyer = (
            ("FLY-A5-44", "Flyer DIN A5, 4/4-farbig, 135 g Bilderdruck", "5000", "Stk", "0.09"),
            ("DAT-CHECK", "Datencheck und Druckvorstufe", "1", "pauschal", "45.00"),
        )
        flyer_order = self.sales_document(
            SalesDocumentKind.ORDER, "production", 9, flyer, clerk, main
        )
        report = (
            (
                "BRO-A4-32",
                "Broschüre Jahresbericht DIN A4, 32 Seiten, Klammerheftung",
                "500",
                "Stk",
                "3.85",
            ),
            ("VER-PAL", "Verpackung und Palettenversand", "1", "pauschal", "89.00"),
        )
        proof_order = self.sales_document(SalesDocumentKind.ORDER, "proof", 4, report, clerk, main)
        posters = (("PLA-A1", "Plakat DIN A1, 4/0-farbig, 150 g", "150", "Stk", "2.40"),)
        shipped = self.sales_document(SalesDocumentKind.ORDER, "shipped", 20, posters, clerk, main)
        self.sales_document(
            SalesDocumentKind.INVOICE, "invoiced", 6, posters, clerk, related=shipped, due=8
        )
        overdue = (("KUV-DL", "Kuverts DIN lang mit Fenster, bedruckt", "1000", "Stk", "0.14"),)
        self.sales_document(SalesDocumentKind.INVOICE, "invoiced", 40, overdue, clerk, due=-10)
        calendar = (("KAL-A3-13", "Wandkalender DIN A3, 13 Blatt, Wire-O", "250", "Stk", "6.90"),)
        self.sales_document(SalesDocumentKind.QUOTE, "received", 3, calendar, clerk, main)
        cards = (("VK-85-55", "Visitenkarten 85 × 55 mm, 4/4-farbig, 350 g", "250", "Stk", "0.12"),)
        self.sales_document(SalesDocumentKind.ORDER, "received", 2, cards, clerk, normal)
        labels = (("ETI-100", "Etiketten 100 × 50 mm, Rolle à 1.000 Stück", "4", "Rolle", "38.50"),)
        self.sales_document(SalesDocumentKind.ORDER, "in_progress", 5, labels, clerk, main)
        # The flyer proof was approved before production; the report's proof waits.
        self.add(
            Approval(
                order_id=flyer_order.id,
                proof_file_path=self.proof_file(flyer_order, "Flyer DIN A5, Vorder- und Rückseite"),
                requested_by_id=clerk.id,
                requested_at=self.cal.at(8, hour=10),
                decision=ApprovalDecision.APPROVED,
                comment="Passt so, bitte drucken.",
                decided_at=self.cal.at(7, hour=16),
                decided_by_id=main.id,
            ),
            Approval(
                order_id=proof_order.id,
                proof_file_path=self.proof_file(proof_order, "Jahresbericht, 32 Seiten"),
                requested_by_id=clerk.id,
                requested_at=self.cal.at(2, hour=11),
            ),
        )

    def proof_file(self, order: SalesDocument, title: str) -> str:
        """A small real PDF under the data dir, so the approval page shows a proof."""
        relative = f"{PROOF_FOLDER}/demo-{order.number}.pdf"
        path = get_settings().data_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            proof_sample_pdf(
                f"Freigabemuster {order.number}",
                (title, "Druckhaus Dietrich GmbH", "Bitte Texte, Farben und Beschnitt prüfen."),
            )
        )
        return relative

    def sales_document(
        self,
        kind: SalesDocumentKind,
        status: str,
        days_ago: int,
        lines: Sequence[tuple[str, str, str, str, str]],
        clerk: User,
        creator: User | None = None,
        *,
        related: SalesDocument | None = None,
        due: int | None = None,
        paid: bool = False,
    ) -> SalesDocument:
        self.sales_count += 1
        rows = [
            SalesDocumentLine(
                position=position,
                article_number=article,
                description=description,
                quantity=Decimal(quantity),
                unit=unit,
                unit_price=Decimal(price),
                tax_rate=Decimal("7") if article.startswith("BRO") else Decimal("19"),
                line_total=line_amount(Decimal(quantity), Decimal(price)),
            )
            for position, (article, description, quantity, unit, price) in enumerate(lines, 1)
        ]
        net, tax, gross = document_totals((r.line_total, r.tax_rate) for r in rows)
        prefix = {SalesDocumentKind.QUOTE: "AN", SalesDocumentKind.ORDER: "AU"}.get(kind, "RE")
        document = SalesDocument(
            kind=kind,
            customer_id=self.customers["Druckhaus Dietrich GmbH"].id,
            number=f"{prefix}-{self.cal.today.year}-{self.sales_count:04d}",
            doc_date=self.cal.day(-days_ago),
            due_date=None if due is None else self.cal.day(due),
            status=status,
            net_total=net,
            tax_total=tax,
            gross_total=gross,
            paid=paid,
            created_by_id=creator.id if creator else None,
            clerk_id=clerk.id,
            related_id=related.id if related else None,
        )
        self.add(document)
        for row in rows:
            row.sales_document_id = document.id
        self.add(*rows)
        return document

    # -- support, shop and grants ---------------------------------------------------------

    def tickets_and_claim(self) -> None:
        main = self.users["haupt@druckhaus-dietrich.example"]
        normal = self.users["mitarbeiter@druckhaus-dietrich.example"]
        staff = self.users["berater@portal.example"]
        open_ticket = self.ticket(
            main,
            "Lieferung Plakate unvollständig",
            TicketStatus.WAITING_FOR_STAFF,
            [
                (main, 5, "Bei der Lieferung der Messeplakate fehlen 20 Stück. Bitte nachliefern."),
                (staff, 4, "Danke für den Hinweis, wir prüfen das mit der Spedition."),
                (main, 1, "Gibt es schon einen Termin für die Nachlieferung?"),
            ],
        )
        self.ticket(
            normal,
            "Farbabweichung bei Visitenkarten",
            TicketStatus.WAITING_FOR_CUSTOMER,
            [
                (
                    normal,
                    3,
                    "Das Blau auf den Visitenkarten wirkt deutlich dunkler als im Entwurf.",
                ),
                (staff, 2, "Können Sie uns ein Foto im Tageslicht schicken?"),
            ],
        )
        self.ticket(
            main,
            "Rechnungsanschrift ändern",
            TicketStatus.CLOSED,
            [
                (main, 40, "Bitte künftig an die Buchhaltung, Gutenbergstraße 7, adressieren."),
                (staff, 39, "Erledigt, die Anschrift ist geändert."),
            ],
        )
        self.ticket(
            normal,
            "Zugang für neue Kollegin",
            TicketStatus.OPEN,
            [(normal, 1, "Unsere neue Kollegin Frau Lange braucht einen Zugang zum Portal.")],
        )
        building = next(s for s in self.subscriptions if s.line_of_business == "Gebäude")
        claim = Claim(
            subscription_id=building.id,
            customer_id=building.customer_id,
            reporter_id=main.id,
            claim_date=self.cal.day(-12),
            place=f"{building.risk_street}, {building.risk_postcode} {building.risk_city}",
            description="Rohrbruch im Papierlager: etwa 40 Paletten Papier sind durchnässt.",
            created_at=self.cal.at(11, hour=8, minute=30),
        )
        self.add(claim)
        self.inbox(InboxKind.TICKET, open_ticket.id, f"Ticket: {open_ticket.subject}", 1)
        self.inbox(InboxKind.CLAIM, claim.id, "Schadenmeldung Druckhaus Dietrich GmbH", 11)

    def ticket(
        self, creator: User, subject: str, status: str, messages: list[tuple[User, int, str]]
    ) -> Ticket:
        ticket = Ticket(
            customer_id=self.customers["Druckhaus Dietrich GmbH"].id,
            creator_id=creator.id,
            subject=subject,
            status=status,
            created_at=self.cal.at(messages[0][1], hour=9),
            updated_at=self.cal.at(messages[-1][1], hour=14),
        )
        self.add(ticket)
        for index, (author, days_ago, body) in enumerate(messages):
            hour = 9 if index == 0 else 14
            self.session.add(
                TicketMessage(
                    ticket_id=ticket.id,
                    author_id=author.id,
                    body=body,
                    created_at=self.cal.at(days_ago, hour=hour),
                )
            )
        return ticket

    def inbox(self, kind: InboxKind, ref_id: int | None, title: str, days_ago: int) -> None:
        assert ref_id is not None
        self.add(InboxItem(kind=kind, ref_id=ref_id, title=title, created_at=self.cal.at(days_ago)))

    def catalog_and_assets(self) -> None:
        for article, name, category, unit, price, models in CATALOG:
            item = CatalogItem(
                article_number=article,
                name=name,
                description=f"Original-Zubehör für {', '.join(models)}." if models else "",
                category=category,
                unit=unit,
                price=Decimal(price),
                stock_hint="sofort lieferbar" if category != "Service" else "",
                in_shop=category != "Service",
            )
            self.add(item)
            self.items[article] = item
            self.add(*(PrinterCompatibility(item_id=item.id, printer_model=m) for m in models))
        druckhaus = self.customers["Druckhaus Dietrich GmbH"]
        self.assets = [
            Asset(customer_id=druckhaus.id, model=model, serial_number=serial, location=location)
            for model, serial, location in (
                (KYOCERA, "VCF3Z04711", "Hauptsitz, Empfang"),
                (HP, "PHBKC12345", "Hauptsitz, Buchhaltung"),
                (BROTHER, "E78012H4N501234", "Halle 2, Versand"),
                (KYOCERA, "VCF3Z09815", "Halle 2, Druckvorstufe"),
            )
        ]
        self.add(*self.assets)

    def shop_order(self) -> None:
        druckhaus = self.customers["Druckhaus Dietrich GmbH"]
        toner, paper = self.items["TK-1170"], self.items["PAP-A4-80-2500"]
        lines = [(toner, 2, self.assets[3].id), (paper, 4, None)]
        net, tax, gross = document_totals(
            (item.price * quantity, item.tax_rate) for item, quantity, _ in lines
        )
        order = ShopOrder(
            number=f"SO-{self.cal.today.year}-0001",
            customer_id=druckhaus.id,
            user_id=self.users["mitarbeiter@druckhaus-dietrich.example"].id,
            kind=ShopOrderKind.ORDER,
            delivery_address="\n".join(
                (
                    druckhaus.name,
                    "Halle 2",
                    druckhaus.street,
                    f"{druckhaus.postcode} {druckhaus.city}",
                )
            ),
            reference="Toner Halle 2",
            net_total=net,
            tax_total=tax,
            gross_total=gross,
            created_at=self.cal.at(1, hour=10, minute=15),
        )
        self.add(order)
        self.add(
            *(
                ShopOrderLine(
                    shop_order_id=order.id,
                    item_id=item.id,
                    asset_id=asset_id,
                    quantity=quantity,
                    unit_price=item.price,
                    tax_rate=item.tax_rate,
                )
                for item, quantity, asset_id in lines
            )
        )
        self.inbox(InboxKind.ORDER, order.id, f"Bestellung {order.number}", 1)

    def access_grant(self) -> None:
        """The "Familie/Firma Dietrich" grant: Doris Dietrich as a private customer and her
        firm, for the firm's MAIN user (SPEC §3.3); a building-insurance grant for its NORMAL
        user."""
        profile = DocumentProfile(
            name="Vertrag und Rechnung", keywords=["Vertrag", "Rechnung", "Police"]
        )
        self.add(profile)
        grant = AccessGrant(
            name="Familie/Firma Dietrich",
            view_type=GrantViewType.TILES,
            include_claims=True,
            show_reference_addresses=True,
            share_tickets=True,
            auto_share_statuses=[
                ShareStatus.APPLICATION,
                ShareStatus.POLICY,
                ShareStatus.OWN,
                ShareStatus.CANCELLED,
            ],
            document_profile_id=profile.id,
        )
        self.add(grant)
        doris = self.customers["Doris Dietrich"]
        foreign = next(
            s
            for s in self.subscriptions
            if s.customer_id == doris.id and s.status == ContractStatus.FOREIGN
        )
        self.add(
            AccessGrantCustomer(
                grant_id=grant.id, customer_id=self.customers["Druckhaus Dietrich GmbH"].id
            ),
            AccessGrantCustomer(grant_id=grant.id, customer_id=doris.id),
            AccessGrantMember(
                grant_id=grant.id, user_id=self.users["haupt@druckhaus-dietrich.example"].id
            ),
            AccessGrantContract(grant_id=grant.id, subscription_id=foreign.id),
        )
        # Max Mitarbeiter (NORMAL) sees the firm's building insurance: auto-shared by status,
        # limited to that line of business, with its policies by keyword.
        policies = DocumentProfile(name="Policen", keywords=["Police"])
        self.add(policies)
        building = AccessGrant(
            name="Druckhaus Dietrich – Gebäude",
            view_type=GrantViewType.COMMERCIAL,
            show_reference_addresses=True,
            auto_share_statuses=[ShareStatus.APPLICATION, ShareStatus.POLICY, ShareStatus.OWN],
            lines_of_business=["Gebäude"],
            document_profile_id=policies.id,
        )
        self.add(building)
        self.add(
            AccessGrantCustomer(
                grant_id=building.id, customer_id=self.customers["Druckhaus Dietrich GmbH"].id
            ),
            AccessGrantMember(
                grant_id=building.id,
                user_id=self.users["mitarbeiter@druckhaus-dietrich.example"].id,
            ),
        )


def _customer_email(name: str, *, private: bool) -> str:
    slug = _slug(name)
    return f"{slug.replace('-', '.')}@mail.example" if private else f"info@{slug}.example"


# --------------------------------------------------------------------------------------------
# Large data set
# --------------------------------------------------------------------------------------------

_CHUNK = 50_000
_USER_COLUMNS = (
    "id", "kind", "login", "email", "display_name", "password_hash", "password_status",
    "active", "locale", "last_login_at", "login_count", "created_at", "visibility",
    "notify_documents", "notify_tickets", "notify_orders", "phone",
)  # fmt: skip
_CUSTOMER_COLUMNS = (
    "id", "number", "name", "kind", "is_private", "street", "postcode", "city", "country",
    "email", "phone", "partner_company_id", "partner_contact_id", "advisor_id", "created_at",
)  # fmt: skip
_SUBSCRIPTION_COLUMNS = (
    "id", "number", "customer_id", "partner_company_id", *_Contract._fields,
    "risk_street", "risk_postcode", "risk_city", "customer_name", "customer_number",
)  # fmt: skip
_VISIBILITY_CHOICE = _Weighted((Visibility.ALL, Visibility.OWN, Visibility.NONE), (50, 35, 15))
_PASSWORD_STATUS_CHOICE = _Weighted(
    (PasswordStatus.USER_SET, PasswordStatus.STAFF_SET, PasswordStatus.INITIAL), (85, 10, 5)
)


def seed_large(
    database_url: str,
    *,
    rng_seed: int = 42,
    progress: Callable[[str], None] = print,
    customers: int = 200_000,
    subscriptions: int = 1_000_000,
    partner_companies: int = 500,
) -> None:
    """The demo plus a large, skewed data set (Zipf-sized partners) for grid benchmarks.

    The schema must exist (`schema.upgrade`). Sizes are parameters so tests can run it small.
    """
    if not 0 < partner_companies <= min(customers, subscriptions):
        raise ValueError("need at least one customer and one subscription per partner company")
    started = time.perf_counter()
    with session_scope(database_url) as session:
        seed_demo(session, rng_seed=rng_seed)
    progress(f"demo done ({time.perf_counter() - started:.1f} s)")
    _LargeSeeder(get_engine(database_url), rng_seed, progress).run(
        partner_companies, customers, subscriptions
    )
    progress(f"large seed done ({time.perf_counter() - started:.1f} s)")


def _zipf_sizes(total: int, count: int) -> list[int]:
    """`total` split over `count` ranks with weight 1/rank, every rank getting at least one."""
    weights = [1 / rank for rank in range(1, count + 1)]
    scale = total / sum(weights)
    sizes = [max(1, int(weight * scale)) for weight in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def _large_customer_number(customer_id: int) -> str:
    return f"K-{200_000 + customer_id}"


def _chunks(rows: Iterable[tuple], size: int = _CHUNK) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class _PartnerPlan:
    id: int
    city: int  # index into CITIES
    user_ids: tuple[int, ...]


class _LargeSeeder:
    """Generates rows lazily and streams them into the bulk writer, table by table."""

    def __init__(self, engine: Engine, rng_seed: int, progress: Callable[[str], None]) -> None:
        self.engine = engine
        self.rng = random.Random(rng_seed)
        self.cal = _Calendar(date.today())
        self.names = _Names(self.rng)
        self.contracts = _ContractFactory(self.rng, self.cal)
        self.progress = progress
        self.writer = _BulkWriter(engine, progress)
        self.password_hash = hash_password(DEMO_PASSWORD)  # one hash: argon2 is slow on purpose
        with engine.connect() as connection:
            self.team_ids = dict(connection.execute(select(Team.name, Team.id)).all())
            self.advisor_id = connection.execute(
                select(User.id).where(User.login == "berater@portal.example")
            ).scalar_one()
            # Ids are assigned here, so child rows reference parents without a round trip.
            self.first_ids = {
                table.name: (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
                for table in (
                    PartnerCompany.__table__,
                    User.__table__,
                    Customer.__table__,
                    Subscription.__table__,
                )
            }
        self.plans: list[_PartnerPlan] = []
        self.members: list[list[int]] = []  # customer ids per partner, for their subscriptions
        self.prospects = bytearray()  # per customer offset: 1 for a prospect
        # per customer offset: the name, copied onto its subscriptions (the database's triggers
        # then only check the copy instead of writing each row twice)
        self.customer_names: list[str] = []

    def run(self, partner_companies: int, customers: int, subscriptions: int) -> None:
        self.partners(partner_companies)
        ranks = list(range(partner_companies))
        self.rng.shuffle(ranks)  # the biggest partner is not simply the first one
        self.members = [[] for _ in self.plans]
        self.prospects = bytearray(customers)
        owners = self.spread(_zipf_sizes(customers, partner_companies), ranks)
        self.writer.write(
            Customer.__table__, _CUSTOMER_COLUMNS, self.customer_rows(owners), customers
        )
        owners = self.spread(_zipf_sizes(subscriptions, partner_companies), ranks)
        self.writer.write(
            Subscription.__table__,
            _SUBSCRIPTION_COLUMNS,
            self.subscription_rows(owners),
            subscriptions,
        )
        self.finish()

    def spread(self, sizes: list[int], ranks: list[int]) -> list[int]:
        """Owner partner index per row, shuffled so that partners' rows interleave on disk."""
        owners = [index for index, rank in enumerate(ranks) for _ in range(sizes[rank])]
        self.rng.shuffle(owners)
        return owners

    # -- partners and their people --------------------------------------------------------

    def partners(self, count: int) -> None:
        companies, users, links, memberships = [], [], [], []
        names: set[str] = set()
        logins: set[str] = set()
        first_id, user_id = self.first_ids["partner_company"], self.first_ids["user_account"]
        for company_id in range(first_id, first_id + count):
            name, city = self.partner_name(names)
            companies.append((company_id, name, CITIES[city].name, "DE"))
            domain = _slug(name.replace(" GmbH & Co. KG", "").replace(" GmbH", "")) + ".example"
            user_ids = []
            for position in range(self.rng.randint(2, 4)):
                users.append(self.partner_user(user_id, domain, position, logins))
                links.append((user_id, company_id))
                team = self.partner_team(position)
                if team:
                    memberships.append((user_id, self.team_ids[team]))
                user_ids.append(user_id)
                user_id += 1
            self.plans.append(_PartnerPlan(company_id, city, tuple(user_ids)))
        self.writer.write(
            PartnerCompany.__table__, ("id", "name", "city", "country"), companies, count
        )
        self.writer.write(User.__table__, _USER_COLUMNS, users, len(users))
        self.writer.write(
            UserPartnerCompany.__table__, ("user_id", "partner_company_id"), links, len(links)
        )
        self.writer.write(UserTeam.__table__, ("user_id", "team_id"), memberships, len(memberships))

    def partner_name(self, taken: set[str]) -> tuple[str, int]:
        rng = self.rng
        while True:
            city = _CITY_CHOICE.pick(rng)
            name = rng.choice(PARTNER_PATTERNS).format(
                last=rng.choice(LAST_NAMES),
                last2=rng.choice(LAST_NAMES),
                word=rng.choice(PARTNER_WORDS),
                city=CITIES[city].name.split(" ")[0],
            )
            if name not in taken and name not in ("Muster IT GmbH", "Nordlicht Systemhaus GmbH"):
                taken.add(name)
                return name, city

    def partner_user(self, user_id: int, domain: str, position: int, logins: set[str]) -> tuple:
        """The first person of a partner sees everything; the others are mixed (SPEC §3.1)."""
        rng = self.rng
        first, last = self.names.person()
        login = f"{_slug(first)}.{_slug(last)}@{domain}"
        while login in logins:
            login = f"{_slug(first)}.{_slug(last)}{rng.randint(2, 99)}@{domain}"
        logins.add(login)
        visibility = Visibility.ALL if position == 0 else _VISIBILITY_CHOICE.pick(rng)
        logged_in = rng.random() < 0.7
        return (
            user_id,
            UserKind.PARTNER,
            login,
            login,
            f"{first} {last}",
            self.password_hash,
            _PASSWORD_STATUS_CHOICE.pick(rng),
            rng.random() < 0.95,
            "de" if rng.random() < 0.9 else "en",
            self.cal.at(rng.randint(1, 90), hour=rng.randint(7, 18)) if logged_in else None,
            rng.randint(1, 400) if logged_in else 0,
            self.cal.at(rng.randint(100, 1500)),
            visibility,
            True,
            True,
            True,
            f"+49 {rng.choice(CITIES).area_code} {rng.randint(200000, 9999999)}",
        )

    def partner_team(self, position: int) -> str | None:
        if position == 0:
            return "Administration"
        if position == 1 and self.rng.random() < 0.5:
            return "Management"
        return None

    # -- customers and subscriptions ------------------------------------------------------

    def customer_rows(self, owners: list[int]) -> Iterator[tuple]:
        rng, names, cal = self.rng, self.names, self.cal
        first_id = self.first_ids["customer"]
        for offset, owner in enumerate(owners):
            customer_id = first_id + offset
            plan = self.plans[owner]
            self.members[owner].append(customer_id)
            prospect = rng.random() < 0.12
            self.prospects[offset] = prospect
            private = rng.random() < 0.15
            name = " ".join(names.person()) if private else names.company()
            self.customer_names.append(name)
            address = names.address(plan.city)
            yield (
                customer_id,
                _large_customer_number(customer_id),
                name,
                CustomerKind.PROSPECT if prospect else CustomerKind.CUSTOMER,
                private,
                address.street,
                address.postcode,
                address.city,
                "DE",
                _customer_email(name, private=private),
                address.phone,
                plan.id,
                rng.choice(plan.user_ids) if rng.random() < 0.85 else None,
                self.advisor_id if rng.random() < 0.3 else None,
                cal.at(rng.randint(30, 2000), hour=rng.randint(7, 18)),
            )

    def subscription_rows(self, owners: list[int]) -> Iterator[tuple]:
        rng, make = self.rng, self.contracts.make
        first_id, first_customer = self.first_ids["subscription"], self.first_ids["customer"]
        for offset, owner in enumerate(owners):
            subscription_id = first_id + offset
            customer_id = rng.choice(self.members[owner])
            contract = make(prospect=bool(self.prospects[customer_id - first_customer]))
            risk_address = ("", "", "")  # only the demo's insurance contracts have one
            yield (
                subscription_id,
                f"V-{2_000_000 + subscription_id}",
                customer_id,
                self.plans[owner].id,
                *contract,
                *risk_address,
                self.customer_names[customer_id - first_customer],
                _large_customer_number(customer_id),
            )

    def finish(self) -> None:
        """Move PostgreSQL sequences past the explicit ids, and give planners fresh statistics."""
        started = time.perf_counter()
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                for table in ("partner_company", "user_account", "customer", "subscription"):
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
            connection.exec_driver_sql("ANALYZE")
        self.progress(f"analyze done ({time.perf_counter() - started:.1f} s)")


class _BulkWriter:
    """Appends row tuples to a table: COPY with psycopg, chunked executemany otherwise."""

    def __init__(self, engine: Engine, progress: Callable[[str], None]) -> None:
        self.engine = engine
        self.progress = progress
        dialect = engine.dialect
        self.use_copy = dialect.name == "postgresql" and dialect.driver == "psycopg"

    def write(
        self, table: Table, columns: Sequence[str], rows: Iterable[tuple], total: int
    ) -> None:
        started = time.perf_counter()

        def report(done: int) -> None:
            elapsed = time.perf_counter() - started
            self.progress(f"{table.name} {done}/{total} ({elapsed:.1f} s)")

        if self.use_copy:
            self.copy(table, columns, rows, report)
        else:
            self.executemany(table, columns, rows, report)

    def copy(
        self,
        table: Table,
        columns: Sequence[str],
        rows: Iterable[tuple],
        report: Callable[[int], None],
    ) -> None:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        raw = self.engine.raw_connection()
        try:
            connection = raw.driver_connection
            done = 0
            with connection.cursor() as cursor, cursor.copy(statement) as copy:
                for done, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if done % _CHUNK == 0:
                        report(done)
            connection.commit()
            if done % _CHUNK:
                report(done)
        finally:
            raw.close()

    def executemany(
        self,
        table: Table,
        columns: Sequence[str],
        rows: Iterable[tuple],
        report: Callable[[int], None],
    ) -> None:
        sqlite = self.engine.dialect.name == "sqlite"
        statement = insert(table)
        with self.engine.connect() as connection:
            if sqlite:  # the file is rebuilt from scratch after a crash anyway
                connection.exec_driver_sql("PRAGMA synchronous=OFF")
            try:
                done = 0
                for chunk in _chunks(rows):
                    connection.execute(
                        statement, [dict(zip(columns, row, strict=True)) for row in chunk]
                    )
                    connection.commit()
                    done += len(chunk)
                    report(done)
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
                    connection.commit()
