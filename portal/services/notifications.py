"""Partner notifications (SPEC §4): the partner contact of a customer hears by e-mail when a
subscription's cloud storage reaches 90 % of its quota or an on-premises update is due.

Each fact is mailed once. A `NotificationSent` row (unique kind + subscription + fact) is
inserted with ON CONFLICT DO NOTHING in the same transaction as the queued mail, so whichever
worker inserts the row first mails the fact, a second worker running at the same time gets
nothing to insert and mails nothing, and a crash rolls row and mail back together. The fact of
an update is its due date, so the next update mails again; the storage fact is "quota90".

One mail per contact and run lists all of that contact's new facts: a partner with fifty
customers whose quotas fill up in the same night gets one readable mail instead of fifty.

The contact is told only what the access policy lets him see (a contact with visibility NONE
sees nothing, SPEC §3.1) and only while his account is active; such facts stay unmailed, so
they go out once he may see them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, exists, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from portal.config import Settings, get_settings
from portal.db import session_scope
from portal.i18n import format_day, format_number
from portal.models import Customer, NotificationSent, Subscription, User
from portal.models.clock import utcnow
from portal.services.access import load_principal, subscription_condition
from portal.services.branding import portal_name
from portal.services.mail import queue_mail

logger = logging.getLogger(__name__)

STORAGE = "storage"
UPDATE = "update"
QUOTA_FACT = "quota90"
QUOTA_SHARE = Decimal("0.9")
SUBSCRIPTIONS_PATH = "/partner/subscriptions"


@dataclass(frozen=True)
class Fact:
    """One thing a partner contact should hear about one subscription."""

    kind: str
    subscription_id: int
    fact: str
    contact_id: int
    customer: str
    number: str
    product: str
    used_gb: Decimal
    quota_gb: Decimal
    due: date | None


@dataclass(frozen=True)
class NotifyReport:
    mails: int = 0
    facts: int = 0
    failed_contacts: int = 0


def due_facts(session: Session, *, today: date, settings: Settings) -> list[Fact]:
    """Facts not yet recorded as sent, for customers that have a partner contact."""
    quota_reached = and_(
        col(Subscription.storage_quota_gb) > 0,
        col(Subscription.storage_used_gb) >= col(Subscription.storage_quota_gb) * QUOTA_SHARE,
        ~exists().where(
            NotificationSent.kind == STORAGE,
            NotificationSent.subscription_id == Subscription.id,
            NotificationSent.fact == QUOTA_FACT,
        ),
    )
    horizon = today + timedelta(days=settings.notify_update_days)
    update_due = col(Subscription.update_due_date) <= horizon
    rows = session.exec(
        select(Subscription, Customer.name, Customer.partner_contact_id)
        .join(Customer, col(Customer.id) == Subscription.customer_id)
        .where(col(Customer.partner_contact_id).is_not(None), or_(quota_reached, update_due))
        .order_by(col(Customer.name), col(Subscription.number))
    ).all()
    facts = []
    for subscription, customer_name, contact_id in rows:
        base = {
            "subscription_id": subscription.id,
            "contact_id": contact_id,
            "customer": customer_name,
            "number": subscription.number,
            "product": subscription.product,
            "used_gb": subscription.storage_used_gb,
            "quota_gb": subscription.storage_quota_gb,
            "due": subscription.update_due_date,
        }
        quota = subscription.storage_quota_gb
        if quota > 0 and subscription.storage_used_gb >= quota * QUOTA_SHARE:
            facts.append(Fact(kind=STORAGE, fact=QUOTA_FACT, **base))
        if subscription.update_due_date is not None and subscription.update_due_date <= horizon:
            facts.append(Fact(kind=UPDATE, fact=subscription.update_due_date.isoformat(), **base))
    return _not_yet_sent(session, facts)


def notify_due(
    session: Session,
    *,
    today: date | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> NotifyReport:
    """Mail every partner contact his new facts; commits per contact, so one broken contact
    (say, an invalid address) neither blocks nor rolls back the others."""
    settings = settings or get_settings()
    today = today or date.today()
    now = now or utcnow()
    by_contact: dict[int, list[Fact]] = defaultdict(list)
    for fact in due_facts(session, today=today, settings=settings):
        by_contact[fact.contact_id].append(fact)
    session.commit()  # end the read; each contact below is its own transaction
    mails = facts = failed = 0
    for contact_id, contact_facts in sorted(by_contact.items()):
        try:
            sent = _notify_contact(session, contact_id, contact_facts, settings=settings, now=now)
            session.commit()
        except Exception:
            session.rollback()
            failed += 1
            logger.exception("Partner notification for user %s failed", contact_id)
            continue
        if sent:
            mails += 1
            facts += sent
    return NotifyReport(mails=mails, facts=facts, failed_contacts=failed)


async def run_notifier() -> None:
    """Notify forever, every PORTAL_NOTIFY_INTERVAL_MINUTES; errors are logged and the next
    round tries again, so a database hiccup never stops notifications for good."""
    while True:
        try:
            report = await asyncio.to_thread(_notify_in_new_session)
        except Exception:
            logger.exception("Partner notification pass failed")
        else:
            if report.mails or report.failed_contacts:
                logger.info("Partner notifications: %s", report)
        await asyncio.sleep(max(get_settings().notify_interval_minutes, 1) * 60)


def _notify_in_new_session() -> NotifyReport:
    with session_scope() as session:
        return notify_due(session)


def _not_yet_sent(session: Session, facts: list[Fact]) -> list[Fact]:
    """Drop facts already recorded (updates: the due date is compared in Python, because a
    date cast to text is not the same string on every database)."""
    ids = sorted({f.subscription_id for f in facts if f.kind == UPDATE})
    sent: set[tuple[str, int, str]] = set()
    for start in range(0, len(ids), 1000):
        sent.update(
            session.exec(
                select(
                    NotificationSent.kind, NotificationSent.subscription_id, NotificationSent.fact
                ).where(
                    NotificationSent.kind == UPDATE,
                    col(NotificationSent.subscription_id).in_(ids[start : start + 1000]),
                )
            ).all()
        )
    return [f for f in facts if (f.kind, f.subscription_id, f.fact) not in sent]


def _notify_contact(
    session: Session, contact_id: int, facts: list[Fact], *, settings: Settings, now: datetime
) -> int:
    """Claim and mail the facts this contact may see; returns how many were mailed."""
    principal = load_principal(session, contact_id)
    if principal is None or not principal.is_partner:
        return 0  # unknown, deactivated or no longer a partner user: nothing to tell
    visible = set(
        session.exec(
            select(Subscription.id).where(
                subscription_condition(principal),
                col(Subscription.id).in_(sorted({f.subscription_id for f in facts})),
            )
        ).all()
    )
    claimed = [
        f for f in facts if f.subscription_id in visible and _claim(session, f, contact_id, now)
    ]
    if not claimed:
        return 0
    user = session.get(User, contact_id)
    assert user is not None  # load_principal found it
    locale = principal.locale
    queue_mail(
        session,
        template="partner_notification",
        locale=locale,
        recipient=user.email or user.login,
        context={
            "name": principal.display_name,
            "storage": [
                {
                    "customer": f.customer,
                    "number": f.number,
                    "product": f.product,
                    "percent": format_number(_percent(f.used_gb, f.quota_gb), locale),
                    "used": format_number(f.used_gb, locale),
                    "quota": format_number(f.quota_gb, locale),
                }
                for f in claimed
                if f.kind == STORAGE
            ],
            "updates": [
                {
                    "customer": f.customer,
                    "number": f.number,
                    "product": f.product,
                    "due": format_day(f.due, locale),
                }
                for f in claimed
                if f.kind == UPDATE
            ],
            "link": f"{settings.public_url}{SUBSCRIPTIONS_PATH}" if settings.public_url else "",
            "portal_name": portal_name(session),
        },
    )
    return len(claimed)


def _claim(session: Session, fact: Fact, contact_id: int, now: datetime) -> bool:
    """Insert the fact's row unless it exists (also when another worker's transaction holds
    it: that insert waits for the other commit and then does nothing). RETURNING tells whether
    this insert made the row, on SQLite and PostgreSQL alike."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = NotificationSent.__table__  # Core, not the ORM bulk insert, so RETURNING is ours
    inserted = session.exec(  # type: ignore[call-overload]
        dialect.insert(table)
        .values(
            kind=fact.kind,
            subscription_id=fact.subscription_id,
            fact=fact.fact,
            recipient_id=contact_id,
            sent_at=now,
        )
        .on_conflict_do_nothing(index_elements=["kind", "subscription_id", "fact"])
        .returning(table.c.id)  # type: ignore[attr-defined]
    ).first()
    return inserted is not None


def _percent(used: Decimal, quota: Decimal) -> Decimal:
    return (used / quota * 100).quantize(Decimal("1"))
