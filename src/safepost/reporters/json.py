"""Results as plain JSON-ready dictionaries: the same shape for the CLI, batch files and the API."""

from __future__ import annotations

from typing import Any

from safepost.models import CheckResult, Finding, Hit, ImageSummary
from safepost.rulebook.loader import Rulebook


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    data: dict[str, Any] = {
        "label": hit.label,
        "start": hit.start,
        "end": hit.end,
        "text": hit.text,
        "score": hit.score,
        "pattern": hit.pattern,
    }
    if hit.raised_by:
        data["raised_by"] = list(hit.raised_by)
    if hit.lowered_by:
        data["lowered_by"] = list(hit.lowered_by)
    if hit.waived:
        data["waived"] = hit.waived
    if hit.value:
        data["value"] = hit.value
    return data


def finding_to_dict(finding: Finding, rulebook: Rulebook | None = None) -> dict[str, Any]:
    return {
        "category": finding.category,
        "rule": finding.rule,
        "slug": finding.slug,
        "title": finding.title,
        "severity": finding.severity.label,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "citations": [
            {
                "document": c.document,
                "clause": c.clause,
                "label": rulebook.cite(c.document, c.clause) if rulebook else f"{c.document} {c.clause}",
            }
            for c in finding.citations
        ],
        "advice": finding.advice,
        "explanation": finding.explanation,
        "fix": finding.fix,
        "evidence": [hit_to_dict(h) for h in finding.evidence],
        **_photo_part(finding),
    }


def _photo_part(finding: Finding) -> dict[str, Any]:
    """Only for a photo's findings: which photo, what in it, and where (left, top, right, bottom)."""
    if finding.source is None:
        return {}
    return {"source": finding.source, "part": finding.part, "box": list(finding.box) if finding.box else None}


def image_to_dict(image: ImageSummary) -> dict[str, Any]:
    return {
        "source": image.source,
        "format": image.format,
        "width": image.width,
        "height": image.height,
        "metadata": [{"part": part, "value": value} for part, value in image.metadata],
        "text": image.text,
        "faces": [list(box) for box in image.faces],
        "notes": list(image.notes),
    }


def result_to_dict(result: CheckResult, rulebook: Rulebook | None = None, **extra: Any) -> dict[str, Any]:
    return {
        **extra,
        "verdict": result.verdict.label,
        "categories": list(result.categories),
        "findings": [finding_to_dict(f, rulebook) for f in result.findings],
        "safer_text": result.safer_text,
        "not_flagged": [hit_to_dict(h) for h in result.waived],
        **({"images": [image_to_dict(i) for i in result.images]} if result.images else {}),
    }
