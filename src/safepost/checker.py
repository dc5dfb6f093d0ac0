"""The public entry point: ``Checker().check(text)`` -> verdict, findings and a safer version.

A Checker is built once (rules compiled, word lists and models loaded) and reused for every
post; checking holds no state between calls, so one Checker serves many threads or an audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from safepost.detectors.registry import FIXED_DETECTORS, build_classifier, build_detectors
from safepost.engine import RuleEngine
from safepost.models import CheckResult, Finding, Hit, Verdict
from safepost.profile import Profile
from safepost.redact import safer_text
from safepost.rulebook.loader import Rulebook, check_trigger_labels, load_rulebook
from safepost.text import PostText

if TYPE_CHECKING:
    from safepost.caseload import Caseload


class Checker:
    """Judges posts against the selected policies.

    ``policies``: policy ids to apply (default: the five built in, plus any organisation policy
    loaded from ``rules_dirs``). ``profile``: the user's own details, for certain findings.
    ``use_model``: include the learned layer (on by default when a trained model ships).
    ``caseload``: the user's hashed caseload, so names of people they work with are found.
    """

    def __init__(
        self,
        policies: Sequence[str] | None = None,
        rules_dirs: Sequence[Path | str] = (),
        profile: Profile | None = None,
        use_model: bool = True,
        rulebook: Rulebook | None = None,
        caseload: Caseload | None = None,
    ) -> None:
        book = rulebook or load_rulebook([Path(d) for d in rules_dirs])
        self.rulebook = book.select(list(policies) if policies else None)
        self.detectors = build_detectors(profile, tuple(book.lexicon_files), caseload)
        self.classifier = build_classifier() if use_model else None
        check_trigger_labels(self.rulebook, [*FIXED_DETECTORS, *(d.name for d in self.detectors)])
        self.engine = RuleEngine(self.rulebook, model_in_use=self.classifier is not None)

    def hits(self, text: str) -> list[Hit]:
        """Everything the detectors saw, before rules: for explanations and debugging."""
        return self._hits(PostText(text))

    def _hits(self, post: PostText) -> list[Hit]:
        hits: list[Hit] = []
        for detector in self.detectors:
            hits.extend(detector.detect(post))
        if self.classifier is not None:
            hits.extend(self.classifier.detect_with(post, hits))
        return hits

    def check(self, text: str, images: Sequence[Path | str | bytes] = ()) -> CheckResult:
        """Judge one post and its photos (paths or file bytes); empty text alone is ``ok``.

        Photo findings carry ``source`` (which photo) and ``part``; an unreadable photo is an InputError.
        """
        if images:
            from safepost.images import add_images  # loaded only when a photo comes: text stays fast

            return add_images(self, self.check(text), images)
        if not text.strip():
            return CheckResult(text, Verdict.OK, (), None)
        post = PostText(text)
        hits = self._hits(post)
        findings: list[Finding] = self.engine.apply(post, hits)
        verdict = max((f.severity for f in findings), default=Verdict.OK)
        waived = tuple(h for h in hits if h.waived is not None)
        return CheckResult(
            text, verdict, tuple(findings), safer_text(text, findings) if findings else None, waived
        )
