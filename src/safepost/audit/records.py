"""One audited item as a JSON-ready record: the shape every audit report is written from.

``platform``, ``kind``, ``when``, ``where``, ``text``, ``verdict`` and ``findings`` (as
``safepost check --format json`` writes them, each with its ``fingerprint``), plus the item's
identity, permalink and extra details.
"""

from __future__ import annotations

from typing import Any

from safepost.audit.baseline import Baseline
from safepost.audit.fingerprints import Fingerprinter
from safepost.importers.items import Item
from safepost.models import CATEGORIES, Verdict

Record = dict[str, Any]
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "generic": "file",
}


def platform_name(platform: str) -> str:
    """How people write the platform's name ('X', 'LinkedIn'); unknown ones as given."""
    return PLATFORM_NAMES.get(platform, platform)


def item_record(
    item: Item, findings: list[dict[str, Any]], photos: list[dict[str, Any]] | None = None
) -> Record:
    """The record for ``item``; its verdict is the worst severity among ``findings``.

    An item that carries photos (``Item.media``) or a photo's position also has ``media`` (the
    photo files' names in the export) and, when they were checked, ``photos``: for each, ``file``,
    ``checked``, what was read (``format``, ``width``, ``height``, ``faces``, ``text``) and
    ``notes`` (what could not be checked, in words). Its photo findings carry ``source`` (the
    file), ``part`` and ``box``. Records of other items are exactly as before.
    """
    verdict = max((Verdict.parse(f["severity"]) for f in findings), default=Verdict.OK)
    seen = {f["category"] for f in findings}
    record: Record = {
        "platform": item.platform,
        "kind": item.kind,
        "when": item.when,
        "where": item.where,
        "item_id": item.item_id,
        "permalink": item.permalink,
        "details": dict(item.details),
        "text": item.text,
        "verdict": verdict.label,
        "categories": [c for c in CATEGORIES if c in seen] + sorted(seen.difference(CATEGORIES)),
        "findings": findings,
    }
    if item.media:
        record["media"] = list(item.media)
    if photos is not None:
        record["photos"] = photos
    return record


def fingerprint_findings(item: Item, findings: list[dict[str, Any]], fingerprint: Fingerprinter) -> None:
    for finding in findings:
        # A photo's finding is told apart by its file, so the same fact in two photos of one post
        # has two fingerprints; findings on the text are hashed exactly as before.
        matched = f"{finding['source']}\x1e{finding['text']}" if finding.get("source") else finding["text"]
        finding["fingerprint"] = fingerprint(finding["rule"], item.platform, item.item_id, matched)


def without_baseline(findings: list[dict[str, Any]], baseline: Baseline | None) -> list[dict[str, Any]]:
    """The findings a person has not yet marked as dealt with."""
    if baseline is None or not baseline.marks:
        return findings
    return [f for f in findings if f["fingerprint"] not in baseline]


def where_in_photo(finding: dict[str, Any]) -> str | None:
    """For a photo's finding, which photo and what in it, in words; None for a finding on the text.

    E.g. "photo data/tweets_media/1-a.jpg: text in the picture, region 10,20 to 300,60 (pixels)".
    """
    if not finding.get("source"):
        return None
    said = f"photo {finding['source']}"
    if finding.get("part"):
        said += f": {finding['part']}"
    box = finding.get("box")
    if box:
        said += f", region {box[0]},{box[1]} to {box[2]},{box[3]} (pixels)"
    return said


def text_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings whose start and end index the item's own text (a photo's index its read-out)."""
    return [f for f in findings if not f.get("source")]
