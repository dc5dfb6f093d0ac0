"""Measure the checker on labelled posts: how often it misses, how often it cries wolf.

The numbers mirror the product's principles: a critical miss (labelled ``stop``, judged ``ok``)
is the worst outcome; a false alarm (labelled ``ok``, judged otherwise) is what makes people
stop listening. Per-category precision, recall and F1 show where the rules are weak.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safepost.checker import Checker
from safepost.errors import InputError
from safepost.models import CATEGORIES, Verdict


@dataclass(frozen=True)
class LabelledPost:
    id: str
    text: str
    verdict: Verdict
    categories: frozenset[str]


def read_labelled(path: Path) -> Iterator[LabelledPost]:
    """Posts with ``id``, ``text``, ``verdict`` and ``categories``; a bad line stops with its number."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"Cannot open {path}: {exc.strerror}.") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                unknown = set(row.get("categories", [])) - set(CATEGORIES)
                if unknown:
                    raise ValueError(f"unknown categories {sorted(unknown)}")
                yield LabelledPost(
                    str(row.get("id", number)),
                    str(row["text"]),
                    Verdict.parse(row["verdict"]),
                    frozenset(row.get("categories", [])),
                )
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"{path}, line {number}: not a labelled post ({exc}).") from None


@dataclass
class CategoryScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    total: int = 0
    correct: int = 0
    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {t.label: {p.label: 0 for p in Verdict} for t in Verdict}
    )
    categories: dict[str, CategoryScore] = field(
        default_factory=lambda: {c: CategoryScore() for c in CATEGORIES}
    )
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def add(self, post: LabelledPost, verdict: Verdict, categories: Iterable[str]) -> None:
        predicted = set(categories)
        self.total += 1
        self.correct += verdict == post.verdict
        self.confusion[post.verdict.label][verdict.label] += 1
        for name, score in self.categories.items():
            score.tp += name in predicted and name in post.categories
            score.fp += name in predicted and name not in post.categories
            score.fn += name not in predicted and name in post.categories
        if verdict != post.verdict or predicted != post.categories:
            self.mistakes.append(
                {
                    "id": post.id,
                    "expected": post.verdict.label,
                    "got": verdict.label,
                    "missing": sorted(post.categories - predicted),
                    "extra": sorted(predicted - post.categories),
                }
            )

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def _rate(self, truth: str, judged: Iterable[str]) -> float:
        row = self.confusion[truth]
        n = sum(row.values())
        return sum(row[j] for j in judged) / n if n else 0.0

    @property
    def critical_miss_rate(self) -> float:
        return self._rate("stop", ["ok"])

    @property
    def false_alarm_rate(self) -> float:
        return self._rate("ok", ["caution", "stop"])

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.categories.values()) / len(self.categories)

    def summary(self) -> dict[str, Any]:
        return {
            "posts": self.total,
            "verdict_accuracy": round(self.accuracy, 4),
            "critical_miss_rate": round(self.critical_miss_rate, 4),
            "false_alarm_rate": round(self.false_alarm_rate, 4),
            "macro_f1": round(self.macro_f1, 4),
            "confusion": self.confusion,
            "categories": {
                name: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.tp + s.fn,
                }
                for name, s in self.categories.items()
            },
        }


def evaluate(checker: Checker, posts: Iterable[LabelledPost]) -> Evaluation:
    result = Evaluation()
    for post in posts:
        judged = checker.check(post.text)
        result.add(post, judged.verdict, judged.categories)
    return result
