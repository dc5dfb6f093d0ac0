"""Email addresses, plain or disguised ("jo dot smith at gmail dot com", "jo(at)hotmail.co.uk").

The address is classified because the policies care about *personal* contact details: a webmail
address is personal; a person's address at a council, NHS, school or police domain is their work
address (``contact:work-email``); a role mailbox (info@, safeguarding@ ...) is published on
purpose and comes back waived.
"""

from __future__ import annotations

import re

from safepost.detectors.base import context_hits, word_set
from safepost.detectors.phones import load_public_data
from safepost.models import Hit
from safepost.text import PostText

_DATA = load_public_data()
_GENERIC: dict[str, str] = {str(k): str(v) for k, v in _DATA["generic_mailboxes"].items()}
_PUBLIC_SECTOR: dict[str, str] = {str(k): str(v) for k, v in _DATA["public_sector_domains"].items()}
_PROVIDERS = frozenset(str(p) for p in _DATA["personal_email_providers"])

# Written-out TLDs we accept when the address is disguised with words ("at", "dot").
_KNOWN_TLDS = word_set(
    "com uk net org io me info biz co ie eu de fr es it nl scot wales cymru london online site xyz app dev "
    "email life blog tech social"
)
_SECOND_LEVEL = word_set("co org ac gov nhs sch police me ltd plc net mod")

_AT = r"(?:[ \t]?@[ \t]?|[ \t]*[\[({<][ \t]*at[ \t]*[\])}>][ \t]*|[ \t]+at[ \t]+)"
_DOT = r"(?:\.|[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+)"
# Repetitions are bounded so that a long "a dot a dot a ..." cannot make matching quadratic.
_LOCAL = rf"[a-z0-9_+\-]+(?:{_DOT}[a-z0-9_+\-]+){{0,5}}"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_DOMAIN = rf"{_LABEL}(?:{_DOT}{_LABEL}){{0,4}}{_DOT}[a-z]{{2,24}}"
_EMAIL = re.compile(
    rf"(?<![\w.@+\-])(?P<local>{_LOCAL})(?P<at>{_AT})(?P<domain>{_DOMAIN})(?![\w@]|\.[a-z0-9])"
)
_HINT = re.compile(rf"@|\bdot\b|[\[({{<]\s*at\s*[\])}}>]|\bat\s+(?:{'|'.join(sorted(_PROVIDERS))})\b")
_DOT_SPLIT = re.compile(_DOT)
_ADDRESS_LIKE_LOCAL = re.compile(r"[._\d]|\bdot\b")

# Generic words that also occur inside people's addresses ("jo.head@", "sam.post@"): whole-local only.
_NAME_LIKE_PARTS = word_set("head post mail team duty jobs help hello")
_RAISE = word_set("email e-mail mail emails contact message reach drop write inbox dm")


class EmailDetector:
    """Finds email addresses: ``contact:email`` (personal or unknown) and ``contact:work-email``."""

    name = "contact"

    def detect(self, post: PostText) -> list[Hit]:
        lower = post.lower
        if not _HINT.search(lower):
            return []
        hits: list[Hit] = []
        for m in _EMAIL.finditer(lower):
            hit = _classify(post, m)
            if hit is not None:
                hits.append(hit)
        return hits


def _clean(part: str) -> str:
    return ".".join(_DOT_SPLIT.split(part))


def _classify(post: PostText, m: re.Match[str]) -> Hit | None:
    local, domain = _clean(m.group("local")), _clean(m.group("domain"))
    disguised = "@" not in m.group("at") or "." not in m.group("domain") or " " in m.group("at")
    labels = domain.split(".")
    if disguised and labels[-1] not in _KNOWN_TLDS:
        return None
    if local.startswith((".", "-")) or ".." in local:
        return None
    address = f"{local}@{domain}"
    plain_at = m.group("at").strip() == "at"
    provider = labels[0] if labels[0] in _PROVIDERS and _is_registrable(labels) else None
    sector = next((s for s in _PUBLIC_SECTOR if domain == s or domain.endswith("." + s)), None)
    generic = _generic_reason(local)
    if plain_at and not provider and not _ADDRESS_LIKE_LOCAL.search(m.group("local")):
        return None  # "lunch at wetherspoons dot com" is a place, not an address

    before, after = post.words_near(m.start(), m.end(), 40)
    raised = context_hits(before, after, _RAISE)
    label, score, pattern, waived = "contact:email", 0.7, "email", None
    if provider:
        score, pattern, raised = 0.9, f"personal-provider:{provider}", (*raised, provider)
    elif generic:
        where = _PUBLIC_SECTOR[sector] if sector else "an organisation's own domain"
        waived = f"{address} is {generic} on {where} — an organisation's address, not a personal one"
        pattern = "generic-mailbox"
        score = 0.4
    elif sector:
        label, pattern = "contact:work-email", f"work-domain:{sector}"
    if disguised:
        pattern += "/disguised"
        score += 0.05
    score += 0.05 * min(2, len([w for w in raised if w != provider]))
    return Hit(
        label=label,
        start=m.start(),
        end=m.end(),
        text=post.text[m.start() : m.end()],
        score=round(min(1.0, score), 2),
        pattern=pattern,
        raised_by=raised,
        waived=waived,
        value=address,
    )


def _is_registrable(labels: list[str]) -> bool:
    """``gmail.com`` / ``yahoo.co.uk`` yes; ``mail.example.co.uk`` (a company subdomain) no."""
    rest = labels[1:]
    return len(rest) == 1 or (len(rest) == 2 and rest[0] in _SECOND_LEVEL)


def _generic_reason(local: str) -> str | None:
    """Why a local part names a role rather than a person, or None if it may be a person."""
    if local in _GENERIC:
        return _GENERIC[local]
    for part in re.split(r"[._\-+]", local):
        if part in _GENERIC and len(part) >= 4 and part not in _NAME_LIKE_PARTS:
            return _GENERIC[part]
    return None
