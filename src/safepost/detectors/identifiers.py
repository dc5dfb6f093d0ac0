"""UK personal identifiers: National Insurance, NHS and IMEI numbers, and vehicle registrations.

Any of these in a post can tie it to one real person, so they are found by format *and*
validated (HMRC prefix rules, the NHS mod-11 check digit, Luhn for IMEI, DVLA age identifiers)
to keep order numbers, dates and phone numbers quiet. Vehicle registrations only matter when
they point at someone ("her car", "parked outside"), so their score follows that context.
"""

from __future__ import annotations

import re
from typing import Final

from safepost.detectors.base import context_hits
from safepost.models import Hit
from safepost.text import PostText

__all__ = ["IdentifierDetector", "luhn_ok", "nhs_ok"]

# --- National Insurance -------------------------------------------------------------------------
# HMRC: first letter not D F I Q U V; second not D F I O Q U V; some pairs never issued.
_NI: Final = re.compile(
    r"\b([a-ceghj-pr-tw-z])([a-ceghj-npr-tw-z])[ -]?(\d{2})[ -]?(\d{2})[ -]?(\d{2})[ -]?([a-d])\b"
)  # scanned on the lower-cased text (same offsets): faster than IGNORECASE
_NI_BAD_PREFIX: Final = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NI_CONTEXT: Final = frozenset({"ni", "nino", "insurance", "national", "hmrc", "dwp"})

# --- Digit identifiers (one alternation; IMEI first so a 15-digit run is never read as NHS) -----
_DIGITS: Final = re.compile(
    r"\d(?<![\d+]\d)(?<!\d[ -]\d)"  # lookbehinds after the first digit keep the scan fast
    r"(?:(?P<imei>\d[ -]?\d{6}[ -]?\d{6}[ -]?\d)|(?P<nhs>\d{2}[ -]?\d{3}[ -]?\d{4}))"
    r"(?![ -]?\d)"
)
_NHS_STRONG: Final = frozenset({"nhs", "patient", "patients", "chi", "hospital", "gp", "nhs.uk"})
_NHS_WEAK: Final = frozenset({"number", "no", "num"})
_NHS_LOWER: Final = frozenset(
    {
        "order", "invoice", "tracking", "ref", "reference", "account", "acct", "booking", "parcel",
        "sort", "iban", "phone", "call", "tel", "mobile", "ring", "text", "whatsapp", "ticket",
        "policy", "customer", "membership", "imei", "serial", "isbn", "barcode", "transaction",
    }
)  # fmt: skip
_IMEI_CONTEXT: Final = frozenset(
    {"imei", "phone", "handset", "mobile", "device", "stolen", "iphone", "samsung", "serial", "sim"}
)
_IMEI_LOWER: Final = frozenset(
    {"card", "amex", "visa", "mastercard", "payment", "order", "tracking", "invoice", "account", "ref"}
)

# --- Vehicle registrations ----------------------------------------------------------------------
# Current (2001-): area letters, age identifier, three random letters (I and Q never used).
_AGE_IDS: Final = frozenset({f"{n:02d}" for n in range(2, 27)} | {str(n) for n in range(51, 77)})
_VRM: Final = re.compile(
    r"\b(?:"
    r"(?P<current>[a-hj-pr-y]{2}(\d{2}) ?[a-hj-pr-z]{3})"
    r"|(?P<prefix>[a-hj-npr-tv-y]\d{1,3} ?[a-hj-pr-y]{3})"
    r"|(?P<suffix>[a-hj-pr-y]{3} ?\d{1,3}[a-hj-npr-tv-y])"
    r")\b"
)  # on the lower-cased text
_VRM_NOT_SUFFIX: Final = frozenset({"BMW", "AMG", "GTI", "TDI", "HDI", "SUV", "MPV", "CRV", "HRV", "RAV"})
_VEHICLE_WORDS: Final = frozenset(
    {
        "car", "cars", "van", "vans", "reg", "plate", "plates", "parked", "parks", "parking", "vehicle",
        "registration", "motor", "motorbike", "bike", "taxi", "cab", "lorry", "truck", "pickup",
        "4x4", "jeep", "drives", "driving", "drove", "motorhome", "campervan", "minibus", "dvla",
    }
)  # fmt: skip
# Context that says the vehicle is somebody's: a possessive next to a vehicle word, or a
# phrase people use when pointing a vehicle (and so its owner) out.
_PERSON_VEHICLE: Final = re.compile(
    r"\b(?:my|his|her|their|our|your|\w+['\u2019]s)\s+(?:\w+\s+){0,2}?"
    r"(?:car|van|motor|motorbike|bike|taxi|cab|lorry|truck|4x4|jeep|vehicle|reg|plate|number plate)\b"
    r"|\bparked (?:outside|opposite|across|up|near|on|at|in)\b|\breg\b|\bnumber ?plate\b|\bregistration\b"
)


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by IMEIs (and payment cards)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def nhs_ok(digits: str) -> bool:
    """NHS number mod-11: weights 10..2 on the first nine digits; a check value of 10 is never issued."""
    total = sum((10 - i) * (ord(ch) - 48) for i, ch in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == ord(digits[9]) - 48


def _in_handle_or_link(text: str, start: int) -> bool:
    """Whether a match starting at ``start`` sits in an @handle, #hashtag or URL ("@TB12FAN")."""
    i = start
    floor = max(0, start - 64)  # handles and URL path parts are short; never walk back the whole post
    while i > floor and (text[i - 1].isalnum() or text[i - 1] in "_-."):
        i -= 1
    return i > 0 and text[i - 1] in "@#/=?&"


def _only_digits(text: str) -> str:
    return text.replace(" ", "").replace("-", "")


class IdentifierDetector:
    """National Insurance, NHS, IMEI numbers and vehicle registrations, validated and scored."""

    name = "ident"

    def detect(self, post: PostText) -> list[Hit]:
        text = post.text
        if not any(d in text for d in "0123456789"):
            return []  # every identifier has digits; substring checks are cheaper than a regex scan
        hits: list[Hit] = []
        self._ni(post, hits)
        self._digits(post, hits)
        self._vehicles(post, hits)
        hits.sort(key=lambda h: h.start)
        return hits

    # -- National Insurance --------------------------------------------------------------------
    @staticmethod
    def _ni(post: PostText, hits: list[Hit]) -> None:
        text = post.text
        for m in _NI.finditer(post.lower):
            if _in_handle_or_link(text, m.start()):
                continue
            raw = text[m.start() : m.end()]
            prefix = (m.group(1) + m.group(2)).upper()
            if prefix in _NI_BAD_PREFIX:
                continue
            before, after = post.words_near(m.start(), m.end())
            raised = context_hits(before, after, _NI_CONTEXT)
            letters = raw[:2] + raw[-1]
            if letters.isupper():
                score = 0.95 if raised else 0.85
            elif " " not in raw and "-" not in raw:
                score = 0.9 if raised else 0.7
            elif raised:
                score = 0.85
            else:
                continue  # spaced lower-case run like "on 12 34 56 a": too easily ordinary text
            value = prefix + m.group(3) + m.group(4) + m.group(5) + m.group(6).upper()
            hits.append(
                Hit("ident:ni-number", m.start(), m.end(), raw, score, "ni", raised_by=raised, value=value)
            )

    # -- NHS and IMEI ----------------------------------------------------------------------------
    @staticmethod
    def _digits(post: PostText, hits: list[Hit]) -> None:
        for m in _DIGITS.finditer(post.text):
            if _in_handle_or_link(post.text, m.start()):
                continue
            raw = m.group(0)
            digits = _only_digits(raw)
            before, after = post.words_near(m.start(), m.end())
            if m.lastgroup == "imei":
                if not luhn_ok(digits):
                    continue
                raised = context_hits(before, after, _IMEI_CONTEXT)
                lowered = context_hits(before, after, _IMEI_LOWER)
                if lowered and "imei" not in raised:
                    continue
                pattern = "imei-grouped" if len(raw) > 15 else "imei"
                score = 0.9 if raised else 0.5
                hits.append(
                    Hit("ident:imei", m.start(), m.end(), raw, score, pattern, raised_by=raised, value=digits)
                )
                continue
            if not nhs_ok(digits):
                continue
            strong = context_hits(before, after, _NHS_STRONG)
            weak = context_hits(before, after, _NHS_WEAK)
            lowered = context_hits(before, after, _NHS_LOWER)
            if lowered and not strong:
                continue  # an order, phone or account number that happens to pass mod 11
            if digits[0] == "0" and not strong:
                continue  # looks like a UK phone number
            grouped = len(raw) > 10
            if strong:
                score = 0.95
            elif weak:
                score = 0.75
            else:
                score = 0.6 if grouped else 0.45
            value = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
            hits.append(
                Hit(
                    "ident:nhs-number",
                    m.start(),
                    m.end(),
                    raw,
                    score,
                    "nhs-3-3-4" if grouped else "nhs-10",
                    raised_by=strong + weak,
                    value=value,
                )
            )

    # -- Vehicle registrations -------------------------------------------------------------------
    @staticmethod
    def _vehicles(post: PostText, hits: list[Hit]) -> None:
        text = post.text
        for m in _VRM.finditer(post.lower):
            if _in_handle_or_link(text, m.start()):
                continue
            raw = text[m.start() : m.end()]
            kind = m.lastgroup or ""
            compact = raw.replace(" ", "").upper()
            if kind == "current" and m.group(2) not in _AGE_IDS:
                continue
            if kind == "suffix" and compact[:3] in _VRM_NOT_SUFFIX:
                continue
            before, after = post.words_near(m.start(), m.end(), 50)
            vehicle = context_hits(before, after, _VEHICLE_WORDS)
            lo, hi = max(0, m.start() - 60), min(len(text), m.end() + 60)
            window = post.lower[lo : m.start()] + " " + post.lower[m.end() : hi]
            person = tuple(dict.fromkeys(p.group(0) for p in _PERSON_VEHICLE.finditer(window)))
            upper = raw.isupper()
            if kind == "current":
                if not upper and not (vehicle or person):
                    continue
                score = 0.9 if person else 0.7 if vehicle else 0.4
                value = f"{compact[:4]} {compact[4:]}"
            else:
                # Older formats collide with ordinary text (M62 AND, ABC 123D): need uppercase and context.
                if not upper or not (vehicle or person):
                    continue
                score = 0.85 if person else 0.6
                value = (
                    f"{compact[:-3]} {compact[-3:]}" if kind == "prefix" else f"{compact[:3]} {compact[3:]}"
                )
            raised = tuple(dict.fromkeys((*person, *vehicle)))
            hits.append(
                Hit("ident:vehicle-reg", m.start(), m.end(), raw, score, kind, raised_by=raised, value=value)
            )
