"""Caseload names in posts: found by their entry's ref, in any case or order, never a surname alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.caseload import Caseload
from safepost.checker import Checker
from safepost.detectors.caseload import CaseloadDetector
from safepost.models import Hit, Verdict
from safepost.text import PostText
from tests.caseload.sample import sample_caseload


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Caseload:
    return sample_caseload(tmp_path_factory.mktemp("home"))


def hits(caseload: Caseload, text: str) -> list[Hit]:
    return CaseloadDetector(caseload).detect(PostText(text))


@pytest.mark.parametrize(
    ("post", "span"),
    [
        ("Bumped into Kayleigh Smyth in Tesco", "Kayleigh Smyth"),
        ("bumped into kayleigh smith's mum in tesco", "kayleigh smith's"),
        ("Guess who: Kayleigh J. Smith, all grown up", "Kayleigh J. Smith"),
        ("Guess who: Kayleigh Louise Smith, all grown up", "Kayleigh Louise Smith"),
        ("Happy birthday Jayden Okafor!!", "Jayden Okafor"),
        ("SEUN ADEYEMI did brilliantly", "SEUN ADEYEMI"),
        ("Register: Smith Kayleigh, present", "Smith Kayleigh"),
    ],
)
def test_a_caseload_name_in_a_post_is_a_hit_valued_by_its_ref(
    caseload: Caseload, post: str, span: str
) -> None:
    (hit,) = hits(caseload, post)
    assert hit.label == "caseload:match"
    assert post[hit.start : hit.end] == span == hit.text
    assert hit.value in {"C001", "C002", "C003"}


@pytest.mark.parametrize(
    "post",
    [
        "Mrs Smith was lovely at parents evening",
        "Kayleigh Jones and Karen Smith came round",
        "Kayleigh. Smith said it would rain",  # a full stop between: not one name
        "Kayleigh and Smith went to the shops",
        "",
    ],
)
def test_surnames_first_names_and_names_split_by_punctuation_are_not_hits(
    caseload: Caseload, post: str
) -> None:
    assert hits(caseload, post) == []


def test_the_checker_stops_a_post_naming_someone_on_the_caseload_and_redacts_it(caseload: Caseload) -> None:
    checker = Checker(use_model=False, caseload=caseload)
    result = checker.check("Lovely to see Kayleigh Smith at the park today")
    finding = next(f for f in result.findings if f.rule == "SVC109")
    assert result.verdict is Verdict.STOP and finding.category == "service-user"
    assert finding.evidence[0].value == "C001"
    assert result.safer_text == "Lovely to see [name] at the park today"


def test_a_checker_without_a_caseload_has_no_caseload_detector(tmp_path: Path) -> None:
    assert all(d.name != "caseload" for d in Checker(use_model=False).detectors)
