"""Our fast scoring of alt-profanity-check's model gives the package's own probabilities."""

from pathlib import Path

import pytest

from safepost.detectors.profanity import ProfanityDetector
from safepost.text import PostText

SAMPLES = [
    "Lovely walk along the canal with the dog this morning",
    "you absolute bellend, get off my drive",
    "what a shitshow of a week, roll on Friday",
    "Some people are just vile and stupid",
    "",
    "Bake sale raised £212 for the hospice!!",
]


@pytest.mark.parametrize("text", [s for s in SAMPLES if s])
def test_scores_agree_with_the_package(text: str) -> None:
    from profanity_check import predict_prob

    expected = float(predict_prob([text])[0])
    (hit,) = ProfanityDetector().detect(PostText(text))
    assert hit.score == pytest.approx(expected, abs=1e-3)


def test_points_at_the_word_that_raised_the_score() -> None:
    (hit,) = ProfanityDetector().detect(PostText("honestly you stupid idiot"))
    assert hit.label == "profanity:score"
    assert hit.text.lower() in {"stupid", "idiot"}
    assert hit.raised_by


def test_empty_text_gives_no_hit() -> None:
    assert ProfanityDetector().detect(PostText("   ")) == []


def test_weights_are_cached_privately_and_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    from safepost.detectors.profanity import load_profanity_model

    first = load_profanity_model.__wrapped__(tmp_path)
    (cache,) = tmp_path.glob("profanity-*.json")
    assert oct(cache.stat().st_mode & 0o777) == "0o600"
    cached = load_profanity_model.__wrapped__(tmp_path)
    text = "you absolute bellend"
    assert cached.score(text)[0] == pytest.approx(first.score(text)[0])
    cache.write_text("{not json")
    rebuilt = load_profanity_model.__wrapped__(tmp_path)
    assert rebuilt.score(text)[0] == pytest.approx(first.score(text)[0])
