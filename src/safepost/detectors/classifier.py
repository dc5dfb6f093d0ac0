"""A small learned layer: one logistic regression per category over words and detector labels.

Word lists catch what they name; people write around them. This layer, trained on posts we
wrote ourselves (``training/*.jsonl``, see ``tools/train_classifier.py``), scores each category
from the post's words and pairs of words *and* from what the other detectors found (``L=work:profession``),
so it generalises from few examples. Inference is pure Python over a sparse weight table, and
every hit names the features that raised it, so the finding stays explainable.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from safepost.models import CATEGORIES, Hit
from safepost.text import PostText

MODEL_FILE = "post_classifier.json"
# Besides one output per category, the model scores the post as a whole: "risk" (anything but
# ok) and "stop". Rules use them to accept a weaker category signal when the post as a whole looks risky.
WHOLE_POST_OUTPUTS = ("risk", "stop")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_DIGITS = re.compile(r"[0-9]")
# Labels whose presence says little on its own; they would teach the model shortcuts.
_SKIPPED_DETECTORS = frozenset({"model", "profile"})


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    start: int
    end: int


def featurise(post: PostText, hits: Iterable[Hit]) -> list[Feature]:
    """Unigrams, bigrams and detector labels, each with the span it came from."""
    features: list[Feature] = []
    previous: tuple[str, int] | None = None
    for match in _TOKEN.finditer(post.lower):
        token = _DIGITS.sub("0", match.group().replace("’", "'"))
        features.append(Feature("w=" + token, match.start(), match.end()))
        if len(token) >= 5:
            padded = f"<{token}>"
            for i in range(len(padded) - 3):
                features.append(Feature("c=" + padded[i : i + 4], match.start(), match.end()))
        if previous is not None:
            features.append(Feature(f"b={previous[0]}_{token}", previous[1], match.end()))
        previous = (token, match.start())
    for hit in hits:
        if hit.waived is None and hit.detector not in _SKIPPED_DETECTORS:
            features.append(Feature("L=" + hit.label, hit.start, hit.end))
    return features


@dataclass(frozen=True)
class PostClassifier:
    categories: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    fingerprint: str

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PostClassifier:
        categories = tuple(data["categories"])  # type: ignore[call-overload]
        if set(categories) - set(CATEGORIES) - set(WHOLE_POST_OUTPUTS):
            raise ValueError(f"model names unknown categories: {categories}")
        weights = {str(k): tuple(v) for k, v in data["weights"].items()}  # type: ignore[attr-defined]
        return cls(categories, tuple(data["bias"]), weights, str(data.get("fingerprint", "")))  # type: ignore[call-overload]

    def scores(self, features: Sequence[Feature]) -> list[tuple[str, float, list[tuple[float, Feature]]]]:
        """Per category: probability and the features that raised it, strongest first."""
        totals = list(self.bias)
        raised: list[list[tuple[float, Feature]]] = [[] for _ in self.categories]
        seen: set[str] = set()
        for feature in features:
            if feature.name in seen:
                continue
            seen.add(feature.name)
            row = self.weights.get(feature.name)
            if row is None:
                continue
            for i, weight in enumerate(row):
                totals[i] += weight
                if weight > 0:
                    raised[i].append((weight, feature))
        out = []
        for i, category in enumerate(self.categories):
            probability = 1.0 / (1.0 + math.exp(-totals[i]))
            raised[i].sort(key=lambda pair: -pair[0])
            out.append((category, probability, raised[i]))
        return out


@lru_cache(maxsize=4)
def load_classifier(path: str | None = None) -> PostClassifier | None:
    """The shipped model, or None when it has not been trained yet."""
    source = Path(path) if path else Path(str(resources.files("safepost.detectors.data") / MODEL_FILE))
    if not source.is_file():
        return None
    return PostClassifier.from_json(json.loads(source.read_text(encoding="utf-8")))


class ClassifierDetector:
    """Emits ``model:<category>`` hits scored by the learned layer, spanning the strongest evidence."""

    name = "model"

    def __init__(self, model: PostClassifier, floor: float = 0.2) -> None:
        self._model = model
        self._floor = floor

    def detect_with(self, post: PostText, hits: Sequence[Hit]) -> list[Hit]:
        if not post.text.strip():
            return []
        features = featurise(post, hits)
        found = []
        for category, probability, raised in self._model.scores(features):
            if probability < self._floor:
                continue
            if raised:
                top = raised[0][1]
                start, end = top.start, top.end
            else:
                start, end = 0, len(post.text)
            found.append(
                Hit(
                    f"model:{category}",
                    start,
                    end,
                    post.text[start:end],
                    round(probability, 4),
                    "learned classifier",
                    raised_by=tuple(dict.fromkeys(f.name.split("=", 1)[1] for _, f in raised[:4])),
                )
            )
        return found
