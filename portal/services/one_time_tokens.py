"""Single-use, expiring links (SPEC §8): invitations, activation (send access), password reset.

One place for the token mechanics every link flow shares. The link carries a random token, the
`one_time_token` table only its SHA-256 (`auth.hash_token`), so neither the database nor the
outbox copy of an old mail yields a usable link once a newer one was issued. A token is used up
by a conditional UPDATE (`claim`), so two tabs or two workers cannot both use it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from portal.models import OneTimeToken
from portal.services.auth import hash_token

TOKEN_MAX = 100  # token_urlsafe(32) is 43 characters; anything much longer is not ours


def issue(session: Session, row: OneTimeToken, *, now: datetime, lifetime: timedelta) -> str:
    """Give `row` a fresh token and expiry (a new or an existing row: the old link of an
    existing row stops working) and return the token for the link; flushes so the row has an id."""
    token = secrets.token_urlsafe(32)
    row.token_hash = hash_token(token)
    row.created_at = now
    row.expires_at = now + lifetime
    session.add(row)
    session.flush()
    return token


def usable(
    session: Session, token: str, purposes: Iterable[str], *, now: datetime
) -> OneTimeToken | None:
    """The unused, unexpired row of a link token of one of `purposes`, else None: unknown,
    used, expired and wrong-purpose tokens are all the same to the caller."""
    if not token or len(token) > TOKEN_MAX:
        return None
    row = session.exec(
        select(OneTimeToken).where(
            OneTimeToken.token_hash == hash_token(token),
            col(OneTimeToken.purpose).in_(list(purposes)),
        )
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def claim(session: Session, row_id: int | None, *, now: datetime) -> bool:
    """Use the token up, exactly once: True for the one caller whose UPDATE found it unused
    and unexpired."""
    claimed = session.exec(  # type: ignore[call-overload]
        update(OneTimeToken)
        .where(
            col(OneTimeToken.id) == row_id,
            col(OneTimeToken.used_at).is_(None),
            col(OneTimeToken.expires_at) > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def revoke(session: Session, row: OneTimeToken, *, now: datetime) -> None:
    """Staff withdraw a link (an open invitation): used up, and marked as revoked."""
    row.used_at = now
    row.data = {**row.data, "revoked": True}
    session.add(row)


def retire_open(session: Session, user_id: int, purpose: str, *, now: datetime) -> None:
    """End every unused link of one purpose for a user, so only the newest mail's link works."""
    session.exec(  # type: ignore[call-overload]
        update(OneTimeToken)
        .where(
            col(OneTimeToken.user_id) == user_id,
            col(OneTimeToken.purpose) == purpose,
            col(OneTimeToken.used_at).is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
