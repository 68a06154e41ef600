"""Record ids that arrive as text (URL segments, event arguments): the browser can send
anything, so only plain decimal numbers in the range of the id columns are ids."""

from __future__ import annotations

_MAX_ID = 2**31 - 1  # INTEGER primary keys (PostgreSQL would refuse larger ones with an error)


def parse_record_id(raw: object) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= _MAX_ID else None
