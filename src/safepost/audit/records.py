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


def item_record(item: Item, findings: list[dict[str, Any]]) -> Record:
    """The record for ``item``; its verdict is the worst severity among ``findings``."""
    verdict = max((Verdict.parse(f["severity"]) for f in findings), default=Verdict.OK)
    seen = {f["category"] for f in findings}
    return {
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


def fingerprint_findings(item: Item, findings: list[dict[str, Any]], fingerprint: Fingerprinter) -> None:
    for finding in findings:
        finding["fingerprint"] = fingerprint(finding["rule"], item.platform, item.item_id, finding["text"])


def without_baseline(findings: list[dict[str, Any]], baseline: Baseline | None) -> list[dict[str, Any]]:
    """The findings a person has not yet marked as dealt with."""
    if baseline is None or not baseline.marks:
        return findings
    return [f for f in findings if f["fingerprint"] not in baseline]
