"""A small learned layer: one logistic regression per category over words and detector labels.

Word lists catch what they name; people write around them. This layer, trained on posts we
wrote ourselves (``training/*.jsonl``, see ``tools/train_classifier.py``), scores each category
from the post's words and pairs of words *and* from what the other detectors found (``L=work:profession``),
so it generalises from few examples. Inference is one NumPy gather-and-sum over the weight table, and
every hit names the features that raised it, so the finding stays explainable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

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


Span = tuple[int, int]


def featurise(post: PostText, hits: Iterable[Hit]) -> dict[str, Span]:
    """Words, word pairs, 4-letter pieces of longer words, and detector labels, each with its first span.

    The letter pieces let the model recognise spelling variants and word forms it never saw
    ("safeguarding", "safeguardin"); the labels let it learn from the word lists.
    """
    features: dict[str, Span] = {}
    previous = ""
    previous_start = 0
    for match in _TOKEN.finditer(post.lower):
        span = match.span()
        token, word_features = _word_features(match.group())
        for name in word_features:
            features.setdefault(name, span)
        if previous:
            features.setdefault(f"b={previous}_{token}", (previous_start, span[1]))
        previous, previous_start = token, span[0]
    for hit in hits:
        if hit.detector not in _SKIPPED_DETECTORS:
            # A waived hit (Childline's number, an office line) is a feature of its own: it teaches
            # the model that a number said to be an organisation's is no reason to worry.
            prefix = "L=" if hit.waived is None else "W="
            features.setdefault(prefix + hit.label, (hit.start, hit.end))
    return features


@lru_cache(maxsize=65536)
def _word_features(raw: str) -> tuple[str, tuple[str, ...]]:
    """A word's normal form and its own features; cached, since most words recur from post to post."""
    token = _DIGITS.sub("0", raw.replace("’", "'"))
    names = ["w=" + token]
    if len(token) >= 5:
        padded = f"<{token}>"
        names.extend("c=" + padded[i : i + 4] for i in range(len(padded) - 3))
    return token, tuple(names)


@dataclass(frozen=True)
class Score:
    """One output of the model for one post: its probability and the features that raised it most."""

    name: str
    probability: float
    raised_by: tuple[tuple[str, Span], ...]


@dataclass(frozen=True)
class PostClassifier:
    categories: tuple[str, ...]
    bias: np.ndarray
    rows: dict[str, int]
    weights: np.ndarray
    fingerprint: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PostClassifier:
        categories = tuple(str(c) for c in data["categories"])
        if set(categories) - set(CATEGORIES) - set(WHOLE_POST_OUTPUTS):
            raise ValueError(f"model names unknown outputs: {categories}")
        table: dict[str, list[float]] = data["weights"]
        rows = {name: i for i, name in enumerate(table)}
        weights = np.array(list(table.values()), dtype=np.float64).reshape(len(rows), len(categories))
        bias = np.array(data["bias"], dtype=np.float64)
        return cls(categories, bias, rows, weights, str(data.get("fingerprint", "")))

    def scores(self, features: dict[str, Span], explain: int = 4, floor: float = 0.0) -> list[Score]:
        """Outputs scoring at least ``floor``, each with up to ``explain`` features that raised it most."""
        rows = self.rows
        names = [name for name in features if name in rows]
        block = self.weights.take([rows[name] for name in names], axis=0)
        probabilities = 1.0 / (1.0 + np.exp(-(self.bias + block.sum(axis=0))))
        wanted = [j for j in range(len(self.categories)) if probabilities[j] >= floor]
        order = np.argsort(-block[:, wanted], axis=0)[:explain] if names and wanted else None
        out = []
        for k, j in enumerate(wanted):
            raised: tuple[tuple[str, Span], ...] = ()
            if order is not None:
                raised = tuple((names[i], features[names[i]]) for i in order[:, k] if block[i, j] > 0)
            out.append(Score(self.categories[j], float(probabilities[j]), raised))
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
        found = []
        for score in self._model.scores(featurise(post, hits), floor=self._floor):
            start, end = score.raised_by[0][1] if score.raised_by else (0, len(post.text))
            found.append(
                Hit(
                    f"model:{score.name}",
                    start,
                    end,
                    post.text[start:end],
                    round(score.probability, 4),
                    "learned classifier",
                    raised_by=tuple(dict.fromkeys(name.split("=", 1)[1] for name, _ in score.raised_by)),
                )
            )
        return found
