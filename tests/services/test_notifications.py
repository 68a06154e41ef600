"""Partner notifications: each fact mailed once, the 90 % and due-date boundaries, only what the
contact may see, and two workers at once. SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from portal.config import get_settings
from portal.db import session_scope
from portal.models import MailOutbox, NotificationSent
from portal.models.enums import Visibility
from portal.services import notifications
from portal.services.notifications import notify_due
from tests import factories as f
from tests.services.people_world import build

TODAY = date(2026, 5, 4)
SETTINGS = dataclasses.replace(get_settings(), notify_update_days=14, public_url="")


@pytest.fixture
def world(db_session: Session) -> SimpleNamespace:
    w = build(db_session)
    s = w.session
    w.bakery = f.customer(s, "Bäckerei Brandt", w.muster, w.e1)
    w.alpha = f.customer(s, "Alpha Bau GmbH", w.muster, w.e2)  # E2 has visibility NONE
    s.commit()
    return w


def storage(world, customer=None, used: str = "90", quota: str = "100"):  # type: ignore[no-untyped-def]
    row = f.subscription(
        world.session,
        customer or world.bakery,
        storage_used_gb=Decimal(used),
        storage_quota_gb=Decimal(quota),
    )
    world.session.commit()
    return row


def update_due(world, due: date, customer=None):  # type: ignore[no-untyped-def]
    row = f.subscription(world.session, customer or world.bakery, update_due_date=due)
    world.session.commit()
    return row


def run(session: Session, today: date = TODAY) -> notifications.NotifyReport:
    return notify_due(session, today=today, settings=SETTINGS)


def mails(session: Session) -> list[MailOutbox]:
    return list(session.exec(select(MailOutbox).order_by(MailOutbox.id)))  # type: ignore[arg-type]


def test_full_storage_is_mailed_to_the_partner_contact_once(world) -> None:
    s = world.session
    storage(world, used="93.5")
    assert run(s).mails == 1
    assert run(s).mails == 0
    [mail] = mails(s)
    assert mail.recipient == "e1@muster.example" and mail.template == "partner_notification"
    assert "Bäckerei Brandt" in mail.body_text and "94 % belegt" in mail.body_text


@pytest.mark.parametrize(("used", "mailed"), [("89.99", 0), ("90", 1), ("100", 1)])
def test_the_90_percent_boundary(world, used: str, mailed: int) -> None:
    storage(world, used=used)
    assert run(world.session).mails == mailed


def test_no_quota_means_nothing_to_report(world) -> None:
    storage(world, used="5", quota="0")
    assert run(world.session).mails == 0


@pytest.mark.parametrize(("days", "mailed"), [(14, 1), (15, 0), (-3, 1)])
def test_the_update_due_boundary(world, days: int, mailed: int) -> None:
    update_due(world, TODAY + timedelta(days=days))
    assert run(world.session).mails == mailed


def test_a_new_due_date_mails_again(world) -> None:
    s = world.session
    subscription = update_due(world, TODAY + timedelta(days=5))
    assert run(s).mails == 1
    subscription.update_due_date = TODAY + timedelta(days=10)
    s.add(subscription)
    s.commit()
    assert run(s).mails == 1
    assert run(s).mails == 0
    facts = s.exec(select(NotificationSent.fact).order_by(NotificationSent.fact)).all()
    assert facts == [
        (TODAY + timedelta(days=5)).isoformat(),
        (TODAY + timedelta(days=10)).isoformat(),
    ]


def test_one_mail_per_contact_lists_all_new_facts(world) -> None:
    s = world.session
    storage(world)
    update_due(world, TODAY)
    report = run(s)
    assert (report.mails, report.facts) == (1, 2)
    body = mails(s)[0].body_text
    assert "Cloud-Speicher fast voll" in body and "Update der On-Premises-Installation" in body


def test_the_mail_is_in_the_contacts_language(world) -> None:
    s = world.session
    world.e1.locale = "en"
    s.add(world.e1)
    storage(world)
    run(s)
    assert mails(s)[0].subject == "Action needed for your customers"


def test_an_inactive_contact_is_skipped(world) -> None:
    s = world.session
    world.e1.active = False
    s.add(world.e1)
    storage(world)
    assert run(s).mails == 0
    assert s.exec(select(NotificationSent)).all() == []


def test_a_contact_who_may_not_see_the_customer_is_told_once_he_may(world) -> None:
    """SPEC §3.1: visibility NONE sees nothing, even as partner contact; the fact waits."""
    s = world.session
    storage(world, customer=world.alpha)
    assert run(s).mails == 0
    world.e2.visibility = Visibility.ALL
    s.add(world.e2)
    s.commit()
    assert run(s).mails == 1
    assert mails(s)[0].recipient == "e2@muster.example"


def test_customers_without_a_partner_contact_are_skipped(world) -> None:
    s = world.session
    storage(world, customer=f.customer(s, "Ohne Kontakt", world.muster))
    assert run(s).mails == 0


def test_two_workers_at_once_mail_each_fact_once(world, any_db_url: str) -> None:
    """Both read the same facts before either claims one; the unique row decides."""
    storage(world)
    update_due(world, TODAY)
    read = threading.Barrier(2, timeout=10)
    real_due_facts = notifications.due_facts
    errors: list[BaseException] = []

    def due_facts_then_wait(session, **kwargs):  # type: ignore[no-untyped-def]
        facts = real_due_facts(session, **kwargs)
        read.wait()
        return facts

    def worker() -> None:
        try:
            with session_scope(any_db_url) as session:
                run(session)
        except BaseException as error:
            errors.append(error)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(notifications, "due_facts", due_facts_then_wait)
        workers = [threading.Thread(target=worker) for _ in range(2)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(60)
    assert errors == []
    s = world.session
    s.expire_all()
    assert len(mails(s)) == 1
    assert len(s.exec(select(NotificationSent)).all()) == 2


def test_a_failing_contact_does_not_stop_the_others(world, monkeypatch) -> None:
    s = world.session
    storage(world)
    storage(world, customer=f.customer(s, "Fremdkunde", world.other, world.x1))
    real_queue = notifications.queue_mail

    def queue_or_fail(session, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs["recipient"].startswith("e1"):
            raise ValueError("broken address")
        return real_queue(session, **kwargs)

    monkeypatch.setattr(notifications, "queue_mail", queue_or_fail)
    report = run(s)
    assert (report.mails, report.failed_contacts) == (1, 1)
    # The failed contact's fact was rolled back with its mail, so it goes out next time.
    monkeypatch.setattr(notifications, "queue_mail", real_queue)
    assert run(s).mails == 1


def test_run_notifier_logs_errors_and_keeps_running(monkeypatch, caplog) -> None:
    import asyncio

    passes: list[int] = []

    def failing_pass() -> notifications.NotifyReport:
        passes.append(1)
        raise RuntimeError("database away")

    async def stop_after_two(_seconds: float) -> None:
        if len(passes) >= 2:
            raise asyncio.CancelledError

    monkeypatch.setattr(notifications, "_notify_in_new_session", failing_pass)
    monkeypatch.setattr(notifications.asyncio, "sleep", stop_after_two)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(notifications.run_notifier())
    assert len(passes) == 2
    assert "Partner notification pass failed" in caplog.text
