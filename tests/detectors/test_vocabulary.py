"""The curated vocabularies: every label's own examples, the file format, and organisation overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.detectors.vocabulary import (
    VocabularyDetector,
    load_lexicon,
    packaged_lexicon_paths,
    vocabulary_detectors,
)
from safepost.errors import RulebookError
from safepost.text import PostText

LEXICONS = [load_lexicon(p) for p in packaged_lexicon_paths()]
DETECTORS = {lex.family: VocabularyDetector(lex) for lex in LEXICONS}
CASES = [
    pytest.param(lex.family, name, text, should, id=f"{lex.family}:{name}-{'match' if should else 'no'}-{i}")
    for lex in LEXICONS
    for name, label in lex.labels.items()
    for should, texts in ((True, label.examples.match), (False, label.examples.no_match))
    for i, text in enumerate(texts)
]


def labels_in(family: str, text: str) -> set[str]:
    return {hit.label for hit in DETECTORS[family].detect(PostText(text))}


@pytest.mark.parametrize(("family", "label", "text", "should"), CASES)
def test_label_examples(family: str, label: str, text: str, should: bool) -> None:
    assert (f"{family}:{label}" in labels_in(family, text)) == should


def test_every_label_has_examples_both_ways() -> None:
    for lex in LEXICONS:
        for name, label in lex.labels.items():
            assert len(label.examples.match) >= 2, f"{lex.family}:{name}"
            assert len(label.examples.no_match) >= 2, f"{lex.family}:{name}"


def test_hits_point_at_the_words_and_name_the_term() -> None:
    text = "Honestly my TA is the best"
    for hit in DETECTORS["colleague"].detect(PostText(text)):
        assert text[hit.start : hit.end] == hit.text
        assert hit.pattern


def test_an_organisation_lexicon_replaces_a_family(tmp_path: Path) -> None:
    (tmp_path / "work.yaml").write_text(
        "family: work\ndescription: ours\nlabels:\n  employer-name:\n    description: our sites\n"
        "    terms: [Larkhill House]\n",
        encoding="utf-8",
    )
    detectors = {d.name: d for d in vocabulary_detectors((tmp_path / "work.yaml",))}
    hits = list(detectors["work"].detect(PostText("back at larkhill house tomorrow")))
    assert [h.label for h in hits] == ["work:employer-name"]


def test_lexicon_errors_name_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "work.yaml"
    path.write_text("family: work\ndescription: x\nlabels:\n  thing:\n    description: y\n    termz: [a]\n")
    with pytest.raises(RulebookError, match=r"work.yaml: labels.thing.termz"):
        load_lexicon(path)
    path.write_text(
        "family: work\ndescription: x\nlabels:\n  thing:\n    description: y\n    patterns: ['(']\n"
    )
    with pytest.raises(RulebookError, match=r"labels.thing.patterns"):
        load_lexicon(path)


def test_a_label_can_be_silenced_only_where_another_covers_it() -> None:
    detectors = {d.name: d for d in vocabulary_detectors()}
    labels = [h.label for h in detectors["offensive"].detect(PostText("what a muppet I am"))]
    assert "offensive:insult" not in labels and "offensive:self-mockery" in labels
    laundered = "Call me an idiot but the new neighbour is a total moron"
    hits = detectors["offensive"].detect(PostText(laundered))
    insults = [h.text for h in hits if h.label == "offensive:insult"]
    assert insults == ["moron"]


def test_quiet_inside_must_name_a_label_of_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "work.yaml"
    path.write_text(
        "family: work\ndescription: d\nlabels:\n  thing:\n    description: d\n    terms: [x]\n"
        "    quiet_inside: [nothing]\n"
    )
    with pytest.raises(RulebookError, match=r"work.yaml: labels.thing.quiet_inside: no label 'nothing'"):
        load_lexicon(path)


def test_silencing_stays_linear_on_a_long_post() -> None:
    offensive = {d.name: d for d in vocabulary_detectors()}["offensive"]
    hits = offensive.detect(PostText("what an idiot I am, the man is a moron. " * 8000))
    assert [h.text for h in hits if h.label == "offensive:insult"] == ["moron"] * 8000
