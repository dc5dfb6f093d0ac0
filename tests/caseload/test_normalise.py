"""Names reach the same parts however they are typed: accents, apostrophes, hyphens, case, order."""

from __future__ import annotations

from safepost.caseload.normalise import fold, split_name, to_part


def joined(name: str) -> list[str]:
    return [p.joined for p in split_name(name)]


def test_accents_apostrophes_and_case_fold_to_plain_letters() -> None:
    assert fold("Siân") == fold("SIAN") == "sian"
    assert fold("Łukasz") == "lukasz"
    assert fold("O'Brien") == fold("O’Brien") == "obrien"


def test_titles_and_lone_initials_are_dropped() -> None:
    assert joined("Mrs K. J. Smith") == ["smith"]
    assert joined("Dr Oluwaseun A Adeyemi") == ["oluwaseun", "adeyemi"]


def test_surname_first_with_a_comma_is_turned_round() -> None:
    assert joined("Smith, Kayleigh") == ["kayleigh", "smith"]


def test_particles_join_the_next_word() -> None:
    assert joined("Sean O Brien") == ["sean", "obrien"]
    assert joined("Hamish Mac Donald") == ["hamish", "macdonald"]


def test_hyphenated_names_keep_both_the_whole_and_the_halves() -> None:
    part = to_part("Boateng-Ansah")
    assert part is not None
    assert part.joined == "boatengansah"
    assert part.pieces == ("boateng", "ansah")


def test_possessive_s_is_not_part_of_the_name() -> None:
    part = to_part("Smith's")
    assert part is not None and part.joined == "smith"
