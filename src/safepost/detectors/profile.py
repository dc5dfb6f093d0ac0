"""The user's own details (``safepost init``) found in a post: certain findings, not guesses."""

from __future__ import annotations

import re

from safepost.detectors.triematch import compile_terms, normalise_term
from safepost.models import Hit
from safepost.profile import Profile
from safepost.text import PostText

_DIGIT_RUN = re.compile(r"\+?\d[\d\s().-]{7,}\d")
_TERM_FIELDS = {
    "own_names": "own-name",
    "job_title": "job-title",
    "employers": "employer",
    "workplaces": "workplace",
    "colleagues": "colleague",
    "emails": "email",
    "addresses": "address",
}


def _phone_key(text: str) -> str:
    """Last ten digits: 07700 900123, +44 7700 900123 and 0044 7700900123 all agree."""
    digits = re.sub(r"\D", "", text)
    return digits[-10:]


class ProfileDetector:
    name = "profile"

    def __init__(self, profile: Profile) -> None:
        self._kinds: dict[str, str] = {}
        terms: list[str] = []
        for field, kind in _TERM_FIELDS.items():
            for term in getattr(profile, field):
                escaped = term.replace("*", " ").strip()
                if escaped:
                    self._kinds.setdefault(normalise_term(escaped), kind)
                    terms.append(escaped)
        self._terms = compile_terms(terms)
        self._phones = {_phone_key(p) for p in profile.phones if len(_phone_key(p)) >= 9}

    def detect(self, post: PostText) -> list[Hit]:
        hits: list[Hit] = []
        if self._terms is not None:
            for m in self._terms.finditer(post.lower):
                kind = self._kinds.get(normalise_term(m.group()), "workplace")
                hits.append(
                    Hit(
                        f"profile:{kind}",
                        m.start(),
                        m.end(),
                        post.text[m.start() : m.end()],
                        1.0,
                        "your profile",
                    )
                )
        if self._phones:
            for m in _DIGIT_RUN.finditer(post.text):
                if _phone_key(m.group()) in self._phones:
                    hits.append(Hit("profile:phone", m.start(), m.end(), m.group(), 1.0, "your profile"))
        return hits
