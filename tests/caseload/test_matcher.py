"""Matching: both the first name and the surname must agree; a shared surname or sound is not enough."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.caseload import Caseload, CheckStatus
from safepost.caseload.keys import Strength
from tests.caseload.sample import sample_caseload


@pytest.fixture
def caseload(tmp_path: Path) -> Caseload:
    return sample_caseload(tmp_path / "home")


def ref_for(caseload: Caseload, name: str) -> str | None:
    check = caseload.check_name(name)
    return check.match.ref if check.match else None


@pytest.mark.parametrize(
    "written",
    [
        "Kayleigh Smith",
        "KAYLEIGH SMITH",
        "kayley smyth",  # listed spelling variants in both parts
        "Kaylee Smith",
        "Kayliegh Smith",  # swapped letters
        "Kayleigh Smth",  # dropped letter
        "Kayleigh Smitth",  # doubled letter
        "Smith Kayleigh",  # surname first
        "Smith, Kayleigh",
        "Kay Smith",  # nickname given as an alias
        "Miss Kayleigh J. Smith",
    ],
)
def test_misspellings_and_orders_of_a_caseload_name_match_its_entry(caseload: Caseload, written: str) -> None:
    assert ref_for(caseload, written) == "C001"


def test_spelling_variants_and_aliases_match(caseload: Caseload) -> None:
    assert ref_for(caseload, "Jayden Okafor") == "C002"
    assert ref_for(caseload, "Seun Adeyemi") == "C003"
    assert ref_for(caseload, "Sian O'Brien-Jones") == "C004"
    assert ref_for(caseload, "Sian Obrien Jones") == "C004"
    assert ref_for(caseload, "Sian Jones") == "C004"  # one half of a double-barrelled surname
    assert ref_for(caseload, "Siân Evans") == "C004"  # an alias that is a whole other name


@pytest.mark.parametrize(
    "stranger",
    [
        "Karen Smith",  # same surname, another first name
        "Kayleigh Jones",  # same first name, another surname
        "Jayden Walker",
        "John Smith",
        "Kelly Smith",  # sounds a little like Kayleigh: short sound codes are not used
        "Seun Okafor",  # parts of two different entries
    ],
)
def test_people_who_only_share_a_surname_a_first_name_or_a_sound_do_not_match(
    caseload: Caseload, stranger: str
) -> None:
    assert caseload.check_name(stranger).status is CheckStatus.NO_MATCH


@pytest.mark.parametrize("partial", ["Smith", "Kayleigh", "Mrs Smith", "K Smith"])
def test_a_single_name_is_not_checked_and_says_so(caseload: Caseload, partial: str) -> None:
    check = caseload.check_name(partial)
    assert check.status is CheckStatus.UNCHECKED
    assert "full name" in check.reason


def test_a_match_reports_how_closely_each_part_agreed(caseload: Caseload) -> None:
    exact = caseload.check_name("Kayleigh Smith").match
    close = caseload.check_name("Kayleigh Smth").match
    assert exact is not None and exact.exact and exact.given is Strength.EXACT
    assert close is not None and not close.exact and close.surname is Strength.NEAR
    assert "C001" in close.describe() and "Kayleigh" not in close.describe()


def test_a_double_barrelled_name_matches_its_own_entry_before_one_with_half_of_it(tmp_path: Path) -> None:
    from safepost.caseload.manage import Mode, import_rows
    from safepost.caseload.sources import CaseloadRow

    home = tmp_path / "home"
    rows = [CaseloadRow("Ngozi Boateng", (), "", "A1"), CaseloadRow("Ngozi Boateng-Ansah", (), "", "A2")]
    import_rows(rows, Mode.REPLACE, home)
    caseload = Caseload.saved(home)
    assert caseload is not None
    assert ref_for(caseload, "ngozi boateng-ansah") == "A2"
    assert ref_for(caseload, "Ngozi Boateng") == "A1"


def test_a_long_pasted_name_is_checked_in_time_linear_in_its_length(caseload: Caseload) -> None:
    import time

    pasted = " ".join(["Kayleigh", "Smith", "Jaydon", "Okafor", "Tyler", "Brown"] * 700)  # 4,200 words
    started = time.perf_counter()
    check = caseload.check_name(pasted)
    assert time.perf_counter() - started < 3.0
    assert check.match is not None and check.match.ref in {"C001", "C002"}
    assert caseload.check_name("Ali Ali").status is CheckStatus.NO_MATCH


def test_a_name_whose_first_name_and_surname_are_the_same_word_still_matches(tmp_path: Path) -> None:
    from safepost.caseload.manage import Mode, import_rows
    from safepost.caseload.sources import CaseloadRow

    import_rows([CaseloadRow("Ali Ali", (), "child", "A1")], Mode.REPLACE, tmp_path)
    loaded = Caseload.saved(tmp_path)
    assert loaded is not None
    assert ref_for(loaded, "Ali Ali") == "A1"
    assert ref_for(loaded, "Ali Ali Ali Ali") == "A1"


@pytest.mark.parametrize("given", ["!!!", "Mr J.", "123"])
def test_something_with_no_name_in_it_does_not_claim_one_name_was_given(
    caseload: Caseload, given: str
) -> None:
    check = caseload.check_name(given)
    assert check.status is CheckStatus.UNCHECKED
    assert "Only one name" not in check.reason and "No name could be read" in check.reason
