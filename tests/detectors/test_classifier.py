"""The learned layer: features keep their spans, scores are probabilities, the shipped model is current."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from safepost.detectors.classifier import ClassifierDetector, PostClassifier, featurise, load_classifier
from safepost.models import Hit
from safepost.text import PostText

ROOT = Path(__file__).resolve().parents[2]


def test_features_are_words_pairs_pieces_and_labels_with_spans() -> None:
    post = PostText("Safeguarding meeting at 10")
    features = featurise(post, [Hit("confidential:meeting", 13, 20, "meeting")])
    assert features["w=safeguarding"] == (0, 12)
    assert features["b=safeguarding_meeting"] == (0, 20)
    assert "c=<saf" in features
    assert features["w=00"] == (24, 26)  # digits are shapes, not values
    assert features["L=confidential:meeting"] == (13, 20)


def test_waived_hits_are_features_of_their_own() -> None:
    features = featurise(PostText("0800 1111"), [Hit("contact:phone", 0, 9, "0800 1111", waived="helpline")])
    assert not any(name.startswith("L=") for name in features)
    assert features["W=contact:phone"] == (0, 9)


def tiny_model() -> PostClassifier:
    return PostClassifier.from_json(
        {
            "categories": ["workplace", "risk"],
            "bias": [-2.0, -1.0],
            "weights": {"w=ward": [3.0, 1.0], "w=holiday": [-1.0, 0.0]},
        }
    )


def test_scores_are_probabilities_with_the_words_that_raised_them() -> None:
    scores = {s.name: s for s in tiny_model().scores(featurise(PostText("on the ward"), []))}
    assert 0.7 < scores["workplace"].probability < 0.75  # sigmoid(1.0)
    assert scores["workplace"].raised_by[0][0] == "w=ward"


def test_detector_emits_model_hits_above_its_floor() -> None:
    detector = ClassifierDetector(tiny_model(), floor=0.5)
    hits = detector.detect_with(PostText("night on the ward"), [])
    assert [(h.label, h.text) for h in hits] == [("model:workplace", "ward"), ("model:risk", "ward")]
    assert detector.detect_with(PostText("holiday"), []) == []


def test_the_model_ships_with_the_package() -> None:
    model = load_classifier()
    assert model is not None
    assert "service-user" in model.categories and "stop" in model.categories


def test_shipped_model_matches_its_training_data_and_word_lists() -> None:
    script = ROOT / "tools" / "train_classifier.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_real_posts_held_out_are_never_trained_on() -> None:
    train = read_jsonl(ROOT / "training" / "real" / "offensive-train.jsonl")
    held = read_jsonl(ROOT / "training" / "real" / "offensive-heldout.jsonl")
    assert len(train) > 1000 and len(held) > 500
    assert not {p["id"] for p in train} & {p["id"] for p in held}
    assert not {p["text"] for p in train} & {p["text"] for p in held}


def test_real_posts_are_labelled_for_offensive_language_only() -> None:
    for name in ("offensive-train.jsonl", "offensive-heldout.jsonl"):
        for post in read_jsonl(ROOT / "training" / "real" / name):
            assert (post["verdict"], post["categories"]) in (("stop", ["offensive"]), ("ok", [])), post["id"]
