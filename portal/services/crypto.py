"""Encryption of small secrets at rest (TOTP seeds) with the installation key (Fernet)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from portal.config import secret_key


def _fernet() -> Fernet:
    # Fernet wants 32 url-safe base64 bytes; derive them from the key of any length.
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret_key()).digest()))


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str | None:
    """None when the token was made with another key or tampered with."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None
