"""alt-profanity-check's shipped model, scored without scikit-learn's per-call overhead.

The package's ``predict_prob`` costs about 2 ms a call, mostly scikit-learn plumbing. Its model
is a TF-IDF vectoriser feeding five sigmoid-calibrated linear SVMs, which is a few dictionary
look-ups and a dot product: we read the same fitted weights once and do the arithmetic here.
``tests/detectors/test_profanity.py`` checks the scores agree with the package's own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from safepost.models import Hit
from safepost.text import PostText

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class _Calibrated:
    weights: dict[int, float]
    intercept: float
    a: float
    b: float


@dataclass(frozen=True)
class ProfanityModel:
    vocabulary: dict[str, int]
    idf: dict[int, float]
    stop_words: frozenset[str]
    classifiers: tuple[_Calibrated, ...]

    def score(self, lower_text: str) -> tuple[float, tuple[str, ...], tuple[int, int] | None]:
        """Probability the text is offensive, the words that pushed it up most, and where the top one is."""
        counts: Counter[str] = Counter()
        first_seen: dict[str, tuple[int, int]] = {}
        for match in _TOKEN.finditer(lower_text):
            token = match.group()
            if token not in self.stop_words:
                counts[token] += 1
                first_seen.setdefault(token, match.span())
        features: dict[int, float] = {}
        words: dict[int, str] = {}
        for token, count in counts.items():
            index = self.vocabulary.get(token)
            if index is not None:
                features[index] = count * self.idf[index]
                words[index] = token
        norm = math.sqrt(sum(v * v for v in features.values())) or 1.0
        total = 0.0
        contributions: dict[int, float] = dict.fromkeys(features, 0.0)
        for clf in self.classifiers:
            decision = clf.intercept
            for index, value in features.items():
                weight = clf.weights.get(index, 0.0)
                decision += weight * value / norm
                contributions[index] += weight * value
            total += 1.0 / (1.0 + math.exp(clf.a * decision + clf.b))
        strongest = sorted(contributions.items(), key=lambda pair: -pair[1])[:3]
        raised = tuple(words[i] for i, c in strongest if c > 0)
        return total / len(self.classifiers), raised, first_seen[raised[0]] if raised else None


@lru_cache(maxsize=1)
def load_profanity_model() -> ProfanityModel:
    """Read the fitted weights from the alt-profanity-check package (once per process)."""
    from profanity_check import profanity_check as package

    vectorizer, model = package.vectorizer, package.model
    classifiers = []
    for calibrated in model.calibrated_classifiers_:
        svm = calibrated.estimator
        coef = svm.coef_.ravel()
        nonzero = coef.nonzero()[0]
        sigmoid = calibrated.calibrators[0]
        classifiers.append(
            _Calibrated(
                weights={int(i): float(coef[i]) for i in nonzero},
                intercept=float(svm.intercept_[0]),
                a=float(sigmoid.a_),
                b=float(sigmoid.b_),
            )
        )
    return ProfanityModel(
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf={i: float(v) for i, v in enumerate(vectorizer.idf_)},
        stop_words=frozenset(vectorizer.get_stop_words() or ()),
        classifiers=tuple(classifiers),
    )


class ProfanityDetector:
    """One ``profanity:score`` hit per post: the model's probability, pointing at its strongest word."""

    name = "profanity"

    def __init__(self, model: ProfanityModel | None = None) -> None:
        self._model = model or load_profanity_model()

    def detect(self, post: PostText) -> list[Hit]:
        if not post.text.strip():
            return []
        probability, raised, span = self._model.score(post.lower)
        start, end = span or (0, len(post.text))
        return [
            Hit(
                "profanity:score",
                start,
                end,
                post.text[start:end],
                round(probability, 4),
                "alt-profanity-check model",
                raised_by=raised,
            )
        ]
