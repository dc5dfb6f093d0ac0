"""Every date an export holds, as UTC ISO 8601 ending in Z, or None when it is missing or nonsense."""

from __future__ import annotations

import re
from datetime import UTC, datetime

# Before 2004 no platform here existed; Meta writes 0 or negative numbers for "unknown".
_EARLIEST = 1_000_000_000  # 2001-09-09
_LATEST = 4_102_444_800  # 2100-01-01


def from_unix(value: object) -> str | None:
    """Seconds (or milliseconds, when the number is that large) since 1970."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer too big for a float
        return None
    if seconds > _LATEST * 100:
        seconds /= 1000
    if not _EARLIEST <= seconds <= _LATEST:
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The fast path's parts must really be a clock, a day and a year, or strptime decides.
_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")
_DAY = re.compile(r"0?[1-9]|[12][0-9]|3[01]")
_YEAR = re.compile(r"[0-9]{4}")
_MONTHS = {
    m: f"{i:02d}"
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


def _fast_twitter(parts: list[str]) -> bool:
    """Whether X's date split at spaces is plainly ``Fri Feb 24 06:58:32 +0000 2023``."""
    return (
        len(parts) == 6
        and parts[4] == "+0000"
        and parts[1] in _MONTHS
        and bool(_CLOCK.fullmatch(parts[3]) and _DAY.fullmatch(parts[2]) and _YEAR.fullmatch(parts[5]))
    )


def from_twitter(value: object) -> str | None:
    """X's ``Fri Feb 24 06:58:32 +0000 2023``, falling back to ISO for newer files.

    X always writes +0000, so that case is plain string slicing: strptime would cost more
    than parsing the whole tweet.
    """
    if not isinstance(value, str):
        return None
    parts = value.split(" ")
    if _fast_twitter(parts):
        return f"{parts[5]}-{_MONTHS[parts[1]]}-{int(parts[2]):02d}T{parts[3]}Z"
    try:
        moment = datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return from_text(value)
    return _utc(moment)


def from_text(value: object) -> str | None:
    """ISO 8601 (``Z`` or an offset; no offset means UTC), ``2025-11-19 09:59:30``, or a number."""
    if isinstance(value, int | float):
        return from_unix(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.replace(".", "", 1).isdigit():
        return from_unix(text)
    try:
        moment = datetime.fromisoformat(text.replace(" UTC", "").replace("/", "-"))
    except ValueError:
        for pattern in _OTHER_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            return None
    return _utc(moment)


# LinkedIn's positions ("Mar 2019") and spreadsheets' day-first dates.
_OTHER_FORMATS = ("%b %Y", "%d %b %Y", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%m/%d/%y, %I:%M %p")


def _utc(moment: datetime) -> str | None:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset: not a real date
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment.year >= 1000 else None
