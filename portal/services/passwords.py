"""Password hashing (argon2id via argon2-cffi) and the password policy of SPEC §8."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# A short list of the passwords every attacker tries first; long lists belong in a file later.
COMMON_PASSWORDS = frozenset(
    {
        "123456", "12345678", "123456789", "1234567890", "password", "passwort", "password1",
        "qwertz", "qwertz123", "qwerty", "qwerty123", "hallo123", "hallo1234", "11111111",
        "00000000", "iloveyou", "letmein1", "sommer2026", "winter2026", "passwort1",
        "passwort123", "geheim123", "willkommen", "willkommen1", "abc12345", "admin123",
        "administrator", "12341234", "87654321", "asdfghjk", "fussball", "schalke04",
    }
)  # fmt: skip


MIN_PASSWORD_LENGTH = 8  # SPEC §8: never below 8, whatever staff configure
MAX_PASSWORD_LENGTH = 64


@dataclass(frozen=True)
class PasswordPolicy:
    """What staff configure under settings (`portal.services.settings.password_policy`)."""

    min_length: int = MIN_PASSWORD_LENGTH
    check_common: bool = True


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def policy_errors(
    password: str, *, login: str = "", policy: PasswordPolicy = PasswordPolicy()
) -> list[str]:
    """Message keys (see portal.i18n) for every rule the password breaks; empty means fine."""
    errors: list[str] = []
    if len(password) < policy.min_length:
        errors.append("password.too_short")
    if policy.check_common and password.lower() in COMMON_PASSWORDS:
        errors.append("password.too_common")
    if login and password.lower() == login.lower():
        errors.append("password.equals_login")
    return errors
