"""Who logs in: users, partner companies, teams, staff permission groups, sessions, tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.clock import utcnow
from portal.models.enums import PasswordStatus, Visibility


class PartnerCompany(SQLModel, table=True):
    """A reseller location; a partner user may be linked to several."""

    __tablename__ = "partner_company"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    city: str = Field(default="", max_length=120)
    country: str = Field(default="DE", max_length=2)


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String(16), index=True)  # UserKind
    login: str = Field(max_length=254, sa_column_kwargs={"unique": True})
    email: str = Field(default="", max_length=254)
    display_name: str = Field(default="", max_length=200)
    password_hash: str | None = Field(default=None, max_length=200)
    password_status: str = Field(default=PasswordStatus.INITIAL, sa_type=String(16))
    active: bool = Field(default=True)
    locale: str = Field(default="de", max_length=8)
    last_login_at: datetime | None = None
    login_count: int = 0
    # When staff last sent this account an access (activation) link (SPEC §7 export option).
    access_sent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # partner users
    visibility: str = Field(default=Visibility.NONE, sa_type=String(8))
    # customer users
    # use_alter breaks the user <-> customer foreign-key cycle when tables are created
    customer_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("customer.id", use_alter=True, name="fk_user_account_customer"),
            index=True,
        ),
    )
    customer_role: str | None = Field(default=None, sa_type=String(8))  # CustomerRole
    notify_documents: bool = True
    notify_tickets: bool = True
    notify_orders: bool = True
    # staff
    phone: str = Field(default="", max_length=60)
    photo_path: str | None = Field(default=None, max_length=300)
    # two-factor login (TOTP, RFC 6238); the secret is encrypted with the installation key
    totp_secret_encrypted: str | None = Field(default=None, max_length=300)
    totp_enabled_at: datetime | None = None
    totp_last_step: int | None = None  # the last accepted time step: a code works only once


class UserPartnerCompany(SQLModel, table=True):
    __tablename__ = "user_partner_company"
    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    partner_company_id: int = Field(foreign_key="partner_company.id", primary_key=True, index=True)


class Team(SQLModel, table=True):
    """A partner team; `actions` lists PartnerAction values it permits."""

    __tablename__ = "team"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, sa_column_kwargs={"unique": True})
    actions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    builtin: bool = False


class UserTeam(SQLModel, table=True):
    __tablename__ = "user_team"
    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    team_id: int = Field(foreign_key="team.id", primary_key=True)


class PermissionGroup(SQLModel, table=True):
    """A staff Berechtigungsgruppe; `permissions` lists StaffPermission values."""

    __tablename__ = "permission_group"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, sa_column_kwargs={"unique": True})
    permissions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class UserPermissionGroup(SQLModel, table=True):
    __tablename__ = "user_permission_group"
    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    group_id: int = Field(foreign_key="permission_group.id", primary_key=True)


class AuthSession(SQLModel, table=True):
    """A server-side login session; the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "auth_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    user_id: int = Field(foreign_key="user_account.id", index=True)
    acting_as_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    method: str = Field(default="password", max_length=16)  # password | sso: how it began
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    ended_at: datetime | None = None
    client_address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)


class LoginAttempt(SQLModel, table=True):
    """Failed and successful logins, the input of throttling and of login statistics."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_login_at", "login", "at"),
        Index("ix_login_attempt_address_at", "client_address", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=254)
    client_address: str = Field(default="", max_length=64)
    at: datetime = Field(default_factory=utcnow)
    success: bool = False
    user_id: int | None = Field(default=None, foreign_key="user_account.id")


class OneTimeToken(SQLModel, table=True):
    """Invitation, activation and password-reset links: single use, expiring, stored hashed."""

    __tablename__ = "one_time_token"
    __table_args__ = (UniqueConstraint("token_hash"),)
    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(sa_type=String(20))  # TokenPurpose
    token_hash: str = Field(max_length=64)
    user_id: int | None = Field(default=None, foreign_key="user_account.id")
    email: str = Field(default="", max_length=254)
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class UserIdentity(SQLModel, table=True):
    """An external (OpenID Connect) identity linked to a user: issuer + subject, never e-mail."""

    __tablename__ = "user_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=255)
    email: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class RecoveryCode(SQLModel, table=True):
    """A single-use TOTP recovery code, stored as SHA-256 (the codes are random, not chosen)."""

    __tablename__ = "recovery_code"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = None


class LoginChallenge(SQLModel, table=True):
    """Between a correct password and the second factor: short-lived, single use, by cookie."""

    __tablename__ = "login_challenge"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    user_id: int = Field(foreign_key="user_account.id", index=True)
    next_path: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None


class OidcFlow(SQLModel, table=True):
    """One OpenID Connect authorization request: state, nonce and PKCE verifier kept
    server-side (any worker can finish the callback), used once."""

    __tablename__ = "oidc_flow"
    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(max_length=100, sa_column_kwargs={"unique": True})
    nonce: str = Field(max_length=100)
    code_verifier: str = Field(max_length=200)
    next_path: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class Registration(SQLModel, table=True):
    """A self-registration from the login page, waiting in the Postkorb for staff approval."""

    __tablename__ = "registration"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    display_name: str = Field(max_length=200)
    company: str = Field(default="", max_length=200)
    customer_number: str = Field(default="", max_length=40)
    phone: str = Field(default="", max_length=60)
    message: str = Field(default="", max_length=2000)
    locale: str = Field(default="de", max_length=8)
    state: str = Field(default="open", max_length=12)  # open | approved | rejected
    client_address: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    user_id: int | None = Field(default=None, foreign_key="user_account.id")
