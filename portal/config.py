"""Settings from the environment, read once, in one typed object.

Every knob has a safe default so that `scripts/run.sh` works on a bare machine; the README
lists them all.
"""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _set(name: str, default: str) -> frozenset[str]:
    raw = os.environ.get(name, default)
    return frozenset(part.strip().lower() for part in raw.split(",") if part.strip())


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    session_hours: int
    session_idle_minutes: int
    cookie_secure: bool
    max_failures_per_account: int
    max_failures_per_address: int
    failure_window_minutes: int
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_starttls: bool
    mail_from: str
    mail_max_attempts: int
    default_locale: str
    timezone: str
    public_url: str
    password_audiences: frozenset[str]
    oidc_issuer: str
    oidc_client_id: str
    oidc_client_secret: str
    oidc_scopes: str
    oidc_button_label: str
    oidc_audiences: frozenset[str]
    oidc_jit_partner_company_id: int | None
    oidc_clock_skew_seconds: int
    require_two_factor: frozenset[str]
    trusted_proxies: frozenset[str]
    invitation_days: int
    access_link_days: int
    reset_link_minutes: int
    mail_interval_seconds: float
    notify_interval_minutes: int
    notify_update_days: int

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)


@functools.cache
def get_settings() -> Settings:
    data_dir = Path(os.environ.get("PORTAL_DATA_DIR", str(ROOT / "data"))).resolve()
    return Settings(
        data_dir=data_dir,
        database_url=os.environ.get("PORTAL_DATABASE_URL", f"sqlite:///{data_dir / 'portal.db'}"),
        session_hours=_int("PORTAL_SESSION_HOURS", 12),
        session_idle_minutes=_int("PORTAL_SESSION_IDLE_MINUTES", 120),
        cookie_secure=_bool("PORTAL_COOKIE_SECURE", False),
        max_failures_per_account=_int("PORTAL_LOGIN_MAX_FAILURES_ACCOUNT", 5),
        max_failures_per_address=_int("PORTAL_LOGIN_MAX_FAILURES_ADDRESS", 20),
        failure_window_minutes=_int("PORTAL_LOGIN_FAILURE_WINDOW_MINUTES", 15),
        smtp_host=os.environ.get("PORTAL_SMTP_HOST", ""),
        smtp_port=_int("PORTAL_SMTP_PORT", 25),
        smtp_user=os.environ.get("PORTAL_SMTP_USER", ""),
        smtp_password=os.environ.get("PORTAL_SMTP_PASSWORD", ""),
        smtp_starttls=_bool("PORTAL_SMTP_STARTTLS", False),
        mail_from=os.environ.get("PORTAL_MAIL_FROM", "portal@localhost"),
        mail_max_attempts=_int("PORTAL_MAIL_MAX_ATTEMPTS", 5),
        default_locale=os.environ.get("PORTAL_DEFAULT_LOCALE", "de"),
        timezone=os.environ.get("PORTAL_TIMEZONE", "Europe/Berlin"),
        public_url=os.environ.get("PORTAL_PUBLIC_URL", "").rstrip("/"),
        password_audiences=_set("PORTAL_PASSWORD_AUDIENCES", "staff,partner,customer"),
        oidc_issuer=os.environ.get("PORTAL_OIDC_ISSUER", "").rstrip("/"),
        oidc_client_id=os.environ.get("PORTAL_OIDC_CLIENT_ID", ""),
        oidc_client_secret=os.environ.get("PORTAL_OIDC_CLIENT_SECRET", ""),
        oidc_scopes=os.environ.get("PORTAL_OIDC_SCOPES", "openid email profile"),
        oidc_button_label=os.environ.get("PORTAL_OIDC_BUTTON_LABEL", ""),
        oidc_audiences=_set("PORTAL_OIDC_AUDIENCES", "staff,partner"),
        oidc_jit_partner_company_id=_int("PORTAL_OIDC_JIT_PARTNER_COMPANY_ID", 0) or None,
        oidc_clock_skew_seconds=_int("PORTAL_OIDC_CLOCK_SKEW_SECONDS", 60),
        require_two_factor=_set("PORTAL_REQUIRE_2FA", ""),
        trusted_proxies=_set("PORTAL_TRUSTED_PROXIES", ""),
        invitation_days=_int("PORTAL_INVITATION_DAYS", 7),
        access_link_days=_int("PORTAL_ACCESS_LINK_DAYS", 7),
        reset_link_minutes=_int("PORTAL_RESET_LINK_MINUTES", 60),
        mail_interval_seconds=float(_int("PORTAL_MAIL_INTERVAL_SECONDS", 10)),
        notify_interval_minutes=_int("PORTAL_NOTIFY_INTERVAL_MINUTES", 60),
        notify_update_days=_int("PORTAL_NOTIFY_UPDATE_DAYS", 14),
    )


def secret_key() -> bytes:
    """The installation key (encrypts TOTP secrets): PORTAL_SECRET_KEY, or a random key kept
    in the data directory (created on first use, readable by the owner only)."""
    configured = os.environ.get("PORTAL_SECRET_KEY", "")
    if configured:
        if len(configured) < 32:
            raise ValueError("PORTAL_SECRET_KEY must be at least 32 characters long")
        return configured.encode()
    path = get_settings().data_dir / "secret.key"
    if not path.exists():
        # Written aside and linked into place: a second worker never reads a half-written key,
        # and of two racing workers one key wins for both.
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".secret.key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip().encode()


def mail_link_base() -> str:
    """Where links in mails point: PORTAL_PUBLIC_URL, else this server's own address.

    Never the request's Origin or Host: a client chooses those, and a password-reset mail with
    a link to the client's site would hand over the token.
    """
    configured = get_settings().public_url
    if configured:
        return configured
    host = os.environ.get("PORTAL_HOST", "").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::"}:
        host = "localhost"
    return f"http://{host}:{_int('PORTAL_PORT', 3000)}"
