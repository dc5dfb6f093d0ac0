"""The shared vocabulary of safepost: verdicts, categories, detector hits, findings, results.

Plain frozen dataclasses: cheap to build on the hot path, hashable, and easy to turn into
JSON with :func:`dataclasses.asdict`-like helpers in the reporters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Literal

CATEGORIES: tuple[str, ...] = (
    "contact-details",
    "service-user",
    "colleague",
    "workplace",
    "confidential",
    "offensive",
    "reputation",
    "boundaries",
    "location",
)
Category = Literal[
    "contact-details",
    "service-user",
    "colleague",
    "workplace",
    "confidential",
    "offensive",
    "reputation",
    "boundaries",
    "location",
]


class Verdict(IntEnum):
    """Ordered so that ``max()`` over findings gives the post's verdict."""

    OK = 0
    CAUTION = 1
    STOP = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Verdict:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown verdict {value!r}: use ok, caution or stop") from None


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause of a policy document, e.g. ``nsscb-2017`` ``2.3.6``."""

    document: str
    clause: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing a detector saw, with enough detail to explain itself.

    ``label`` is ``"detector:kind"`` (e.g. ``"contact:phone"``); rules match on it.
    ``raised_by`` / ``lowered_by`` name the context words that moved the score.
    A hit with ``waived`` set was recognised but judged harmless (e.g. Childline's number);
    rules never fire on it, but the reason is shown to the user.
    """

    label: str
    start: int
    end: int
    text: str
    score: float = 1.0
    pattern: str = ""
    raised_by: tuple[str, ...] = ()
    lowered_by: tuple[str, ...] = ()
    waived: str | None = None
    value: str | None = None

    @property
    def detector(self) -> str:
        return self.label.split(":", 1)[0]


Box = tuple[int, int, int, int]
"""A region of a photo: left, top, right, bottom in pixels of the upright picture."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that fired on a post: what, where, why, and what to do about it."""

    rule: str
    slug: str
    title: str
    category: str
    severity: Verdict
    start: int
    end: int
    text: str
    citations: tuple[Citation, ...]
    advice: str
    explanation: str
    evidence: tuple[Hit, ...] = ()
    fix: str | None = None
    # Findings about a photo: which photo, what part of it ("GPS position", "text in the picture"),
    # and where (left, top, right, bottom in the photo's pixels). Caption findings leave them unset,
    # and their start/end then index the post; for words in a photo they index the photo's read-out
    # text (ImageSummary.text), and for hidden data and faces they are 0.
    source: str | None = None
    part: str | None = None
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class ImageSummary:
    """What was read from one photo, and what could not be checked (said plainly in ``notes``)."""

    source: str
    format: str
    width: int
    height: int
    metadata: tuple[tuple[str, str], ...] = ()
    text: str = ""
    faces: tuple[Box, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The checker's answer for one post."""

    text: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    safer_text: str | None
    waived: tuple[Hit, ...] = field(default=())
    images: tuple[ImageSummary, ...] = field(default=())

    @property
    def categories(self) -> tuple[str, ...]:
        seen = {f.category for f in self.findings}
        return tuple(c for c in CATEGORIES if c in seen)
