"""Messages of the sso area (kept apart so areas can grow without editing one file)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {"de": {}, "en": {}}
