"""Single sign-on with OpenID Connect (SPEC §8): flows, account linking, SSO sessions.

Plain Python, no Reflex; the HTTP side is `portal.services.oidc_provider`.

- A flow (state, nonce, PKCE verifier, where to go afterwards) lives in `oidc_flow`, not in a
  cookie, so any worker can finish it; it is claimed once by a conditional UPDATE and expires
  after ten minutes.
- An identity is issuer + subject, never an e-mail address. The first sign-on may link to an
  existing account by e-mail only when the provider says the address is verified, and only
  for an active account of an audience the installation lets in by SSO. An unknown person is
  refused, unless just-in-time creation is configured: then he becomes a partner user of the
  configured partner company with visibility NONE (SPEC §3.1), who sees nothing until
  Management or Administration raise it.
- Every check runs before anything is written, so a refused sign-on links and creates nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from portal.config import Settings
from portal.i18n import normalize_locale
from portal.models import (
    OidcFlow,
    PartnerCompany,
    User,
    UserIdentity,
    UserPartnerCompany,
)
from portal.models.clock import utcnow
from portal.models.enums import UserKind, Visibility
from portal.services import audit
from portal.services.auth import record_login_success, resolve_session, start_session
from portal.services.oidc_provider import Reason, SsoRefused

FLOW_LIFETIME = timedelta(minutes=10)
SIGN_IN_ACTION = "sso.login"
SSO_METHOD = "sso"


# --- flows -----------------------------------------------------------------------------------


def begin_flow(session: Session, next_path: str, *, now: datetime | None = None) -> OidcFlow:
    """A new authorization request; expired ones are dropped on the way (nothing needs them)."""
    now = now or utcnow()
    session.execute(delete(OidcFlow).where(OidcFlow.expires_at < now))
    flow = OidcFlow(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),  # 86 characters, RFC 7636 allows 43-128
        next_path=next_path[:500],
        created_at=now,
        expires_at=now + FLOW_LIFETIME,
    )
    session.add(flow)
    session.flush()
    return flow


def claim_flow(session: Session, state: str, *, now: datetime | None = None) -> OidcFlow:
    """The flow of a callback's `state`, marked used. One conditional UPDATE claims it, so two
    workers handed the same callback cannot both proceed."""
    now = now or utcnow()
    claimed = session.execute(
        update(OidcFlow)
        .where(OidcFlow.state == state, OidcFlow.used_at.is_(None), OidcFlow.expires_at > now)
        .values(used_at=now)
    )
    flow = session.exec(select(OidcFlow).where(OidcFlow.state == state)).first()
    if claimed.rowcount == 1 and flow is not None:
        return flow
    if flow is None:
        raise SsoRefused(Reason.STATE_INVALID, "unknown state")
    if flow.used_at is not None:
        raise SsoRefused(Reason.STATE_INVALID, "state already used")
    raise SsoRefused(Reason.STATE_EXPIRED, "state expired")


# --- linking ---------------------------------------------------------------------------------


def link_user(
    session: Session,
    issuer: str,
    claims: dict[str, Any],
    *,
    settings: Settings,
    now: datetime | None = None,
) -> User:
    """The Portal user of verified ID token claims, linking or creating as the rules allow."""
    now = now or utcnow()
    subject = str(claims["sub"])
    identity = session.exec(
        select(UserIdentity).where(UserIdentity.issuer == issuer, UserIdentity.subject == subject)
    ).first()
    if identity is not None:
        user = session.get(User, identity.user_id)
        if user is None:  # the foreign key makes this impossible; typed for the checker
            raise SsoRefused(Reason.UNKNOWN_USER, "identity without user")
        _check_may_sign_in(user, settings)
        identity.last_login_at = now
        session.add(identity)
        return user
    email = _verified_email(claims)
    user = _user_by_email(session, email)
    if user is None:
        return _create_partner(session, issuer, subject, email, claims, settings=settings, now=now)
    _check_may_sign_in(user, settings)
    _check_no_other_identity(session, user, issuer)
    _add_identity(session, user, issuer, subject, email, now)
    audit.record(
        session,
        "sso.linked",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        detail={"issuer": issuer, "subject": subject, "email": email},
    )
    return user


def _verified_email(claims: dict[str, Any]) -> str:
    """The e-mail address, if the provider vouches for it. Some providers send the flag as the
    string "true"; a missing flag counts as unverified."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise SsoRefused(Reason.UNKNOWN_USER, "no e-mail claim")
    email = email.strip().lower()
    if claims.get("email_verified") not in (True, "true"):
        raise SsoRefused(Reason.EMAIL_UNVERIFIED, email)
    return email


def _user_by_email(session: Session, email: str) -> User | None:
    """The account whose login is the address, else the one account with that e-mail; two
    accounts sharing an address are ambiguous and link to neither."""
    user = session.exec(select(User).where(User.login == email)).first()
    if user is not None:
        return user
    matches = session.exec(select(User).where(func.lower(User.email) == email)).all()
    if len(matches) > 1:
        raise SsoRefused(Reason.UNKNOWN_USER, f"{email}: several accounts have this address")
    return matches[0] if matches else None


def _check_may_sign_in(user: User, settings: Settings) -> None:
    if not user.active:
        raise SsoRefused(Reason.INACTIVE, user.login, user_id=user.id)
    if user.kind not in settings.oidc_audiences:
        raise SsoRefused(Reason.AUDIENCE_NOT_ALLOWED, user.kind, user_id=user.id)


def _check_no_other_identity(session: Session, user: User, issuer: str) -> None:
    """An account already linked to another person of the same provider is not relinked by
    e-mail: that would hand it to whoever holds the address at the provider now."""
    other = session.exec(
        select(UserIdentity).where(UserIdentity.user_id == user.id, UserIdentity.issuer == issuer)
    ).first()
    if other is not None:
        raise SsoRefused(Reason.IDENTITY_CONFLICT, f"linked to {other.subject}", user_id=user.id)


def _create_partner(
    session: Session,
    issuer: str,
    subject: str,
    email: str,
    claims: dict[str, Any],
    *,
    settings: Settings,
    now: datetime,
) -> User:
    """Just-in-time partner user (visibility NONE), or the refusal of an unknown person."""
    company_id = settings.oidc_jit_partner_company_id
    if company_id is None or UserKind.PARTNER not in settings.oidc_audiences:
        raise SsoRefused(Reason.UNKNOWN_USER, email)
    if session.get(PartnerCompany, company_id) is None:
        raise SsoRefused(Reason.UNKNOWN_USER, f"{email}: partner company {company_id} is missing")
    name = claims.get("name")
    user = User(
        kind=UserKind.PARTNER,
        login=email,
        email=email,
        display_name=name.strip()[:200] if isinstance(name, str) and name.strip() else email,
        password_hash=None,
        visibility=Visibility.NONE,
        locale=normalize_locale(str(claims.get("locale") or settings.default_locale)),
        created_at=now,
    )
    session.add(user)
    session.flush()
    session.add(UserPartnerCompany(user_id=user.id, partner_company_id=company_id))
    _add_identity(session, user, issuer, subject, email, now)
    audit.record(
        session,
        "sso.user_created",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        detail={"issuer": issuer, "subject": subject, "partner_company_id": company_id},
    )
    return user


def _add_identity(
    session: Session, user: User, issuer: str, subject: str, email: str, now: datetime
) -> None:
    session.add(
        UserIdentity(
            user_id=user.id,
            issuer=issuer,
            subject=subject,
            email=email,
            created_at=now,
            last_login_at=now,
        )
    )


# --- sessions --------------------------------------------------------------------------------


def start_sso_session(
    session: Session,
    user: User,
    *,
    client_address: str,
    user_agent: str,
    now: datetime | None = None,
) -> str:
    """The same server-side session as a password login, marked as opened by the provider so
    that logout also ends the provider's session."""
    now = now or utcnow()
    token = start_session(
        session,
        user.id,
        client_address=client_address,
        user_agent=user_agent,
        now=now,
        method=SSO_METHOD,
    )
    record_login_success(session, user, client_address=client_address, now=now)
    audit.record(session, SIGN_IN_ACTION, actor_id=user.id, client_address=client_address)
    return token


def is_sso_session(session: Session, token: str | None) -> bool:
    """Whether the live session of a cookie token was opened by single sign-on."""
    row = resolve_session(session, token)
    return row is not None and row.method == SSO_METHOD


def record_refusal(session: Session, refusal: SsoRefused, *, client_address: str) -> None:
    audit.record(
        session,
        "sso.refused",
        actor_id=refusal.user_id,
        client_address=client_address,
        detail={"reason": str(refusal.reason), "detail": refusal.detail[:300]},
    )
