"""Specification of the phone detector (``contact:phone``).

Every number here is fictional: Ofcom drama ranges (07700 900xxx, 0113/0114/0121/0161 496 0xxx,
020 7946 0xxx, 029 2018 0xxx) or well-known public services.
"""

from __future__ import annotations

import pytest

from safepost.detectors.phones import PhoneDetector
from safepost.models import Hit
from safepost.text import PostText

DETECTOR = PhoneDetector()


def phones(text: str) -> list[Hit]:
    return [h for h in DETECTOR.detect(PostText(text)) if h.label == "contact:phone"]


# (post, the exact text that must be flagged, E.164 value)
MUST_FIRE = [
    ("call me on 07700 900123 tonight", "07700 900123", "+447700900123"),
    ("Txt me 07700900555 x", "07700900555", "+447700900555"),
    ("whatsapp me 07700900123x", "07700900123", "+447700900123"),
    ("07700-900-123 is my new number", "07700-900-123", "+447700900123"),
    ("ring 07700.900.321 after 6", "07700.900.321", "+447700900321"),
    ("Mobile: 07700 900 456.", "07700 900 456", "+447700900456"),
    ("landline 0113 496 0733", "0113 496 0733", "+441134960733"),
    ("0114 496 0321 is the house phone", "0114 496 0321", "+441144960321"),
    ("call 0121 496 0555 any time", "0121 496 0555", "+441214960555"),
    ("ring 020 7946 0188 after 5", "020 7946 0188", "+442079460188"),
    ("tel (0161) 496 0912", "(0161) 496 0912", "+441614960912"),
    ("call 0161 4960912", "0161 4960912", "+441614960912"),
    ("ring me on 029 2018 0777", "029 2018 0777", "+442920180777"),
    ("ring +44 (0)161 496 0912", "+44 (0)161 496 0912", "+441614960912"),
    ("from abroad: +44 7700 900123", "+44 7700 900123", "+447700900123"),
    ("or 0044 7700 900123 from Spain", "0044 7700 900123", "+447700900123"),
    ("my Irish mobile +353 1 555 0143", "+353 1 555 0143", "+35315550143"),
    # split across a line or a sentence break
    ("ring me 07700 / 900 123", "07700 / 900 123", "+447700900123"),
    ("ring me 07700\n900123 x", "07700\n900123", "+447700900123"),
    ("text me 07700.\n900 123", "07700.\n900 123", "+447700900123"),
    ("my number is 07700,\n900 987", "07700,\n900 987", "+447700900987"),
    # disguised digits
    ("call 07700 9OO 123", "07700 9OO 123", "+447700900123"),
    ("0 7 7 0 0 9 0 0 1 2 3 text me", "0 7 7 0 0 9 0 0 1 2 3", "+447700900123"),
    # written in words
    (
        "ring oh seven seven double oh nine hundred one two three",
        "oh seven seven double oh nine hundred one two three",
        "+447700900123",
    ),
    (
        "text me on zero seven seven zero zero nine zero zero one two three x",
        "zero seven seven zero zero nine zero zero one two three",
        "+447700900123",
    ),
    (
        "Oh seven seven oh oh, nine oh oh, triple five",
        "Oh seven seven oh oh, nine oh oh, triple five",
        "+447700900555",
    ),
    ("call 07700 nine hundred one two three", "07700 nine hundred one two three", "+447700900123"),
    (
        "plus four four seven seven double oh nine hundred one two three",
        "plus four four seven seven double oh nine hundred one two three",
        "+447700900123",
    ),
    (
        "oh one six one four nine six oh nine one two",
        "oh one six one four nine six oh nine one two",
        "+441614960912",
    ),
    ("0113 four nine six, oh seven three three", "0113 four nine six, oh seven three three", "+441134960733"),
    # numbers next to ordinary numbers
    ("call 07700 900123 5 stars", "07700 900123", "+447700900123"),
    ("It was 10.30 07700 900123", "07700 900123", "+447700900123"),
    ("3 kids 0161 496 0912 ring us", "0161 496 0912", "+441614960912"),
]


@pytest.mark.parametrize(("post", "flagged", "value"), MUST_FIRE)
def test_fires_on_phone_numbers(post: str, flagged: str, value: str) -> None:
    hits = phones(post)
    assert [h.text for h in hits] == [flagged]
    hit = hits[0]
    assert post[hit.start : hit.end] == flagged
    assert hit.value == value
    assert hit.waived is None
    assert 0.0 < hit.score <= 1.0


def test_two_numbers_in_one_post() -> None:
    hits = phones("call 07700 900123, 07700 900124 or 0113 496 0999")
    assert [h.value for h in hits] == ["+447700900123", "+447700900124", "+441134960999"]


MUST_NOT_FIRE = [
    "order 07700900123 arrived",
    "Order number 123456789 has shipped",
    "tracking 1Z999AA10123456784",
    "parcel tracking JD0002212345678901",
    "Invoice 0113496073 attached",
    "booking ref 0161496091",
    "policy number 0121 496 0555",
    "Case no. 0113 496 0733",
    "Ticket 0161 496 0912 won the raffle",
    "Account 02079460188 closed",
    "receipt 07700900123",
    "See you on 07/11!",
    "Born 2024-05-01",
    "Born 01.05.2024 10lbs",
    "Party on 10/05/2024",
    "the 2019-2020 season",
    "open 0900-1700 Mon-Fri",
    "back at 10:30",
    "won 4-0, then 7-4",
    "My PB is 24:17 today",
    "It cost £1,234,567",
    "it cost £0161 4960912 apparently",
    "We raised £1,000,000!",
    "numbers tonight 07 12 23 34 45 49",
    "Lotto 05 12 23 34 45 bonus 09",
    "lucky numbers 01 07 13 22 36 48",
    "raffle tickets 0113 to 0160",
    "postcode BL9 0AA",
    "Sort code 04-00-04 acc 12345678",
    "ISBN 978-0-14-044913-6",
    "ISBN 0-14-044913-6",
    "978 0 14 044913 6",
    "I have one two three kids",
    "zero seven seven zero zero",
    "triple five",
    "I have 0 7 7 0 0 kids",
    "Year 6 scored 28 points in 3 games",
    "Room 101 was scary",
    "Page 111 of the book",
    "I ran 112 miles",
    "3.14159265358979",
    "1Z07700900123",
]


@pytest.mark.parametrize("post", MUST_NOT_FIRE)
def test_ignores_numbers_that_are_not_phones(post: str) -> None:
    assert phones(post) == []


# (post, flagged text, a phrase the waiver reason must contain)
WAIVED = [
    ("In an emergency call 999", "999", "999 is the emergency number"),
    ("999", "999", "emergency"),
    ("dial 112 abroad", "112", "European emergency number"),
    ("ring 101 to report it", "101", "police non-emergency"),
    ("call 111 first", "111", "NHS"),
    ("Samaritans 116 123, any time", "116 123", "Samaritans"),
    ("Samaritans on 116123", "116123", "Samaritans"),
    ("text SHOUT to 85258", "85258", "Shout"),
    ("Childline 0800 1111", "0800 1111", "Childline"),
    ("Worried about a child? 0808 800 5000", "0808 800 5000", "NSPCC"),
    ("Crimestoppers 0800 555 111", "0800 555 111", "Crimestoppers"),
    ("0808 2000 247 is open 24 hours", "0808 2000 247", "Domestic Abuse"),
    ("call our office on 0161 496 0912", "0161 496 0912", "our office"),
    ("Ring reception on 0113 496 0733", "0113 496 0733", "reception"),
    ("Reception: 0113 496 0001", "0113 496 0001", "reception"),
    ("the switchboard is 020 7946 0000", "020 7946 0000", "switchboard"),
    ("Our main line: 0114 496 0100", "0114 496 0100", "main line"),
    ("charity helpline 0800 123 4567", "0800 123 4567", "helpline"),
    ("Our helpline is 07700 900777", "07700 900777", "helpline"),
    ("Contact the council on 0300 123 4567", "0300 123 4567", "council"),
    ("freephone 0808 157 0000 for advice", "0808 157 0000", "free"),
]


@pytest.mark.parametrize(("post", "flagged", "reason"), WAIVED)
def test_public_and_office_numbers_are_waived_with_a_reason(post: str, flagged: str, reason: str) -> None:
    hits = phones(post)
    assert [h.text for h in hits] == [flagged]
    assert hits[0].waived is not None
    assert reason.lower() in hits[0].waived.lower()


NEVER_WAIVED = [
    "my mob is 07700 900 456, call the office on 0161 496 0912",
    "call me on 07700 900 123 or our helpline on 0800 123 4567",
    "text me 07700 900123",
    "07700 900123",
    "my new number 07700 900321, lost my old phone",
]


@pytest.mark.parametrize("post", NEVER_WAIVED)
def test_a_personal_mobile_is_never_waived(post: str) -> None:
    mobiles = [h for h in phones(post) if h.value and h.value.startswith("+447")]
    assert mobiles
    assert all(h.waived is None for h in mobiles)


def test_an_organisation_number_offered_personally_is_not_waived() -> None:
    assert [h.waived for h in phones("call me 0300 123 4567")] == [None]


def test_office_waiver_does_not_spill_onto_the_personal_mobile() -> None:
    mobile, office = phones("my mob is 07700 900 456, call the office on 0161 496 0912")
    assert mobile.waived is None
    assert office.waived is not None


def test_needs_context_short_codes_only_fire_with_phone_words() -> None:
    assert phones("page 101") == []
    assert phones("ring 101")[0].waived is not None


@pytest.mark.parametrize(
    ("post", "raised", "lowered"),
    [
        ("call me on 07700 900123", ("call",), ()),
        ("my mobile 07700 900123", ("mobile",), ()),
        ("ring me on 07700 900123 about the case", ("ring",), ("case",)),
        ("07700 900123", (), ()),
    ],
)
def test_context_words_are_reported(post: str, raised: tuple[str, ...], lowered: tuple[str, ...]) -> None:
    (hit,) = phones(post)
    assert hit.raised_by == raised
    assert hit.lowered_by == lowered


def test_context_moves_the_score() -> None:
    bare = phones("07700 900123")[0].score
    invited = phones("call or text me on 07700 900123")[0].score
    doubtful = phones("ring me on 07700 900123 about the case")[0].score
    assert doubtful < bare < invited


def test_mobiles_outscore_landlines() -> None:
    assert phones("07700 900123")[0].score > phones("0113 496 0733")[0].score


def test_patterns_name_the_kind_of_number() -> None:
    assert phones("07700 900123")[0].pattern == "uk-mobile"
    assert phones("0113 496 0733")[0].pattern == "uk-landline"
    assert phones("oh seven seven double oh nine hundred one two three")[0].pattern == "uk-mobile/spelled-out"
    assert phones("call 999")[0].pattern == "short-code"


def test_detector_shape() -> None:
    detector = PhoneDetector()
    assert detector.name
    assert detector.detect(PostText("")) == []
    assert all(h.label.startswith("contact:") for h in detector.detect(PostText("call 07700 900123")))


def test_a_landline_given_with_an_organisation_word_is_waived_but_a_personal_one_is_not() -> None:
    detector = PhoneDetector()
    (org,) = detector.detect(PostText("The Harbour Carers Service is open weekdays on 0113 496 0555, free"))
    assert org.waived and "organisation" in org.waived
    (home,) = detector.detect(PostText("call me at home on 0161 496 0111 about the service"))
    assert home.waived is None


def test_a_named_organisations_line_is_waived() -> None:
    (hit,) = phones("Fancy a Sunday stroll? Ring the Holly Bank Walkers line on 01632 960 412")
    assert hit.waived and "the Holly Bank Walkers line" in hit.waived


def test_a_community_group_named_early_in_the_sentence_waives_its_landline() -> None:
    post = "The church hall toddler group restarts with craft mornings next week, book on 0115 496 0833"
    (hit,) = phones(post)
    assert hit.waived is not None


def test_a_second_landline_given_with_an_organisations_line_is_waived_too() -> None:
    post = (
        "Worried about someone? The Moorside Carers Hub number is 0113 496 0777 (weekdays, nine till five,"
        " closed on bank holidays and over Christmas week), and at night and weekends it's 0113 496 0999."
    )
    day, night = phones(post)
    assert day.waived and night.waived and "0113 496 0777" in night.waived


def test_a_personal_landline_beside_an_organisations_line_stays_flagged() -> None:
    home, office = phones("Ring me at home on 0161 496 0555 or the office on 0161 496 0222")
    assert home.waived is None
    assert office.waived is not None


def test_a_mobile_beside_an_organisations_line_stays_flagged() -> None:
    office, mobile = phones("The school office is 0113 496 0100 or try 07700 900456")
    assert office.waived is not None
    assert mobile.waived is None


def test_a_notice_that_names_its_organisation_in_the_sentence_before_waives_the_landline() -> None:
    (hit,) = phones("Seed swap at the village hall this Sunday! Bring spares or ring 01632 960 118 to ask.")
    assert hit.waived is not None
    (home,) = phones("Seed swap at my house this Sunday! Bring spares or ring 01632 960 118 to ask.")
    assert home.waived is None


def test_a_personal_landline_is_not_waived_by_a_family_line_or_a_helpline_beside_it() -> None:
    assert phones("Ring the Grandma line on 0161 496 0555")[0].waived is None
    assert phones("Kids, the Patel house number is 0161 496 0555")[0].waived is None
    childline, auntie = phones("Call Childline on 0800 1111 or ring Auntie Sue on 0161 496 0555")
    assert childline.waived is not None
    assert auntie.waived is None


def test_an_earlier_sentence_names_the_organisation_only_in_a_notice() -> None:
    chat = "Had a lovely time at church this morning. Anyone fancy a brew later, ring 0161 496 0555"
    assert phones(chat)[0].waived is None
    notice = "Repair café at the community centre on Saturday. Bring toasters. Details: ring 029 2018 0473."
    assert phones(notice)[0].waived is not None


def test_opening_hours_do_not_hide_the_organisation_named_before_them() -> None:
    (hit,) = phones("The library is open 9.30 - 4.30 on weekdays, ring 0161 496 0555")
    assert hit.waived is not None


def test_many_numbers_in_one_long_post_stay_linear() -> None:
    post = "The office is 0161 496 0555.\n" * 2000 + "Gran 0161 496 0556.\n" * 2000
    hits = phones(post)
    assert len(hits) == 4000
    assert hits[-1].waived is None
