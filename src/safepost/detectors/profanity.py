"""alt-profanity-check's shipped model, scored without scikit-learn's per-call overhead.

The package's ``predict_prob`` costs about 2 ms a call, mostly scikit-learn plumbing. Its model
is a TF-IDF vectoriser feeding five sigmoid-calibrated linear SVMs, which is a few dictionary
look-ups and a dot product: we read the same fitted weights once (and keep them in a private
cache, so later start-ups need not import scikit-learn) and do the arithmetic here.
``tests/detectors/test_profanity.py`` checks the scores agree with the package's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from safepost.errors import SafepostError
from safepost.home import data_home, read_json, write_private_json
from safepost.models import Hit
from safepost.text import PostText

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class ProfanityModel:
    """The fitted model rearranged for scoring: per word, its IDF and its weight in each SVM."""

    columns: dict[str, tuple[float, tuple[float, ...]]]
    stop_words: frozenset[str]
    intercepts: tuple[float, ...]
    sigmoids: tuple[tuple[float, float], ...]

    def score(self, lower_text: str) -> tuple[float, tuple[str, ...], tuple[int, int] | None]:
        """Probability the text is offensive, the words that pushed it up most, and where the top one is."""
        counts: Counter[str] = Counter()
        first_seen: dict[str, tuple[int, int]] = {}
        for match in _TOKEN.finditer(lower_text):
            token = match.group()
            if token not in self.stop_words:
                counts[token] += 1
                first_seen.setdefault(token, match.span())
        present: list[tuple[str, float, tuple[float, ...]]] = []
        for token, count in counts.items():
            column = self.columns.get(token)
            if column is not None:
                present.append((token, count * column[0], column[1]))
        norm = math.sqrt(sum(value * value for _, value, _ in present)) or 1.0
        decisions = list(self.intercepts)
        contributions: list[tuple[float, str]] = []
        for token, value, weights in present:
            contribution = 0.0
            for j, weight in enumerate(weights):
                decisions[j] += weight * value / norm
                contribution += weight * value
            contributions.append((contribution, token))
        total = sum(
            1.0 / (1.0 + math.exp(a * decision + b))
            for decision, (a, b) in zip(decisions, self.sigmoids, strict=True)
        )
        strongest = sorted(contributions, key=lambda pair: -pair[0])[:3]
        raised = tuple(token for c, token in strongest if c > 0)
        return total / len(decisions), raised, first_seen[raised[0]] if raised else None


def _package_files() -> list[Path]:
    """The fitted model files inside alt-profanity-check, found without importing it (slow)."""
    spec = importlib.util.find_spec("profanity_check")
    if spec is None or not spec.submodule_search_locations:
        raise SafepostError("alt-profanity-check is not installed: reinstall safepost (`pip install -e .`).")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return [folder / "vectorizer.joblib", folder / "model.joblib"]


def _extract() -> dict[str, Any]:
    """Read the fitted weights through the package itself (slow: imports scikit-learn)."""
    from profanity_check import profanity_check as package

    vectorizer, model = package.vectorizer, package.model
    classifiers = []
    for calibrated in model.calibrated_classifiers_:
        svm = calibrated.estimator
        coef = svm.coef_.ravel()
        sigmoid = calibrated.calibrators[0]
        classifiers.append(
            {
                "weights": {str(int(i)): float(coef[i]) for i in coef.nonzero()[0]},
                "intercept": float(svm.intercept_[0]),
                "a": float(sigmoid.a_),
                "b": float(sigmoid.b_),
            }
        )
    return {
        "vocabulary": {str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        "idf": [float(v) for v in vectorizer.idf_],
        "stop_words": sorted(vectorizer.get_stop_words() or ()),
        "classifiers": classifiers,
    }


@lru_cache(maxsize=1)
def load_profanity_model(cache_dir: Path | None = None) -> ProfanityModel:
    """The model's weights, from a private cache when one matches the installed package.

    Reading the weights through scikit-learn costs about a second of start-up; the cache (in the
    data folder, keyed by the SHA-256 of the package's model files) brings that to a few milliseconds.
    """
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in _package_files())).hexdigest()
    folder = cache_dir if cache_dir is not None else _cache_folder()
    cached = folder / f"profanity-{digest[:16]}.json" if folder else None
    try:
        data = read_json(cached) if cached is not None else None
    except SafepostError:
        data = None  # a damaged cache is rebuilt below
    if not isinstance(data, dict) or data.get("source") != digest:
        data = {"source": digest, **_extract()}
        if cached is not None:
            with contextlib.suppress(SafepostError):  # a read-only data folder only costs start-up time
                write_private_json(cached, data)
    classifiers = data["classifiers"]
    idf = data["idf"]
    columns = {
        word: (float(idf[index]), tuple(float(c["weights"].get(str(index), 0.0)) for c in classifiers))
        for word, index in data["vocabulary"].items()
    }
    return ProfanityModel(
        columns=columns,
        stop_words=frozenset(data["stop_words"]),
        intercepts=tuple(float(c["intercept"]) for c in classifiers),
        sigmoids=tuple((float(c["a"]), float(c["b"])) for c in classifiers),
    )


def _cache_folder() -> Path | None:
    try:
        folder = data_home() / "cache"
        folder.mkdir(exist_ok=True, mode=0o700)
    except (SafepostError, OSError):
        return None
    return folder


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
