"""Specification of the identifier detector (``ident:*``): NI, NHS, IMEI numbers and vehicle registrations.

Every number here is invented; valid ones were made to pass their check digits.
"""

from __future__ import annotations

import pytest

from safepost.detectors.identifiers import IdentifierDetector, luhn_ok, nhs_ok
from safepost.models import Hit
from safepost.text import PostText

DETECTOR = IdentifierDetector()


def hits(text: str) -> list[Hit]:
    return list(DETECTOR.detect(PostText(text)))


def only(text: str, label: str) -> Hit:
    found = [h for h in hits(text) if h.label == label]
    assert len(found) == 1, (text, found)
    return found[0]


# (post, label, flagged text, normalised value, pattern)
MUST_FIRE = [
    # National Insurance numbers
    ("my NI number is AB 12 34 56 C", "ident:ni-number", "AB 12 34 56 C", "AB123456C", "ni"),
    ("JG103759A", "ident:ni-number", "JG103759A", "JG103759A", "ni"),
    ("National Insurance: WP 876543 A", "ident:ni-number", "WP 876543 A", "WP876543A", "ni"),
    ("NI no. SN-12-34-56-B please", "ident:ni-number", "SN-12-34-56-B", "SN123456B", "ni"),
    ("her nino is ce123456d", "ident:ni-number", "ce123456d", "CE123456D", "ni"),
    ("ni: ce 12 34 56 d", "ident:ni-number", "ce 12 34 56 d", "CE123456D", "ni"),
    ("(HT 55 11 90 A)", "ident:ni-number", "HT 55 11 90 A", "HT551190A", "ni"),
    # NHS numbers (mod-11 valid)
    ("NHS number 943 476 5919", "ident:nhs-number", "943 476 5919", "943 476 5919", "nhs-3-3-4"),
    ("patient no 6091390996", "ident:nhs-number", "6091390996", "609 139 0996", "nhs-10"),
    ("her NHS no. is 740-718-8181", "ident:nhs-number", "740-718-8181", "740 718 8181", "nhs-3-3-4"),
    ("number: 452 984 1537", "ident:nhs-number", "452 984 1537", "452 984 1537", "nhs-3-3-4"),
    ("452 984 1537", "ident:nhs-number", "452 984 1537", "452 984 1537", "nhs-3-3-4"),
    ("CHI 640 206 7970 on the form", "ident:nhs-number", "640 206 7970", "640 206 7970", "nhs-3-3-4"),
    # IMEI (Luhn valid)
    ("IMEI 490154203237518", "ident:imei", "490154203237518", "490154203237518", "imei"),
    ("stolen imei 35-209900-176148-1", "ident:imei", "35-209900-176148-1", "352099001761481", "imei-grouped"),
    ("handset 35 693803 564380 9", "ident:imei", "35 693803 564380 9", "356938035643809", "imei-grouped"),
    ("864537030042374", "ident:imei", "864537030042374", "864537030042374", "imei"),
    # vehicle registrations, current format
    ("Her car AB12 CDE was outside again", "ident:vehicle-reg", "AB12 CDE", "AB12 CDE", "current"),
    ("his van is KX70 ZPL", "ident:vehicle-reg", "KX70 ZPL", "KX70 ZPL", "current"),
    ("parked outside again: MA19 XYZ", "ident:vehicle-reg", "MA19 XYZ", "MA19 XYZ", "current"),
    ("reg LR03HGT", "ident:vehicle-reg", "LR03HGT", "LR03 HGT", "current"),
    ("her car yk15 abc", "ident:vehicle-reg", "yk15 abc", "YK15 ABC", "current"),
    ("Saw BD51 SMR today", "ident:vehicle-reg", "BD51 SMR", "BD51 SMR", "current"),
    ("Mum's car (WR24 FGH) has gone", "ident:vehicle-reg", "WR24 FGH", "WR24 FGH", "current"),
    # older formats need vehicle context
    ("my old car P123 ABC", "ident:vehicle-reg", "P123 ABC", "P123 ABC", "prefix"),
    ("number plate is ABC 123D", "ident:vehicle-reg", "ABC 123D", "ABC 123D", "suffix"),
    ("parked outside, reg M4 KTR", "ident:vehicle-reg", "M4 KTR", "M4 KTR", "prefix"),
    ("Their van: HGF 77T", "ident:vehicle-reg", "HGF 77T", "HGF 77T", "suffix"),
]


@pytest.mark.parametrize(("post", "label", "text", "value", "pattern"), MUST_FIRE)
def test_must_fire(post: str, label: str, text: str, value: str, pattern: str) -> None:
    hit = only(post, label)
    assert (hit.text, hit.value, hit.pattern) == (text, value, pattern)
    assert post[hit.start : hit.end] == hit.text
    assert 0.0 < hit.score <= 1.0


# (post, label that must not appear)
MUST_NOT_FIRE = [
    # NI: forbidden prefixes and letters, wrong shapes
    ("BG123456A", "ident:ni-number"),
    ("GB123456A", "ident:ni-number"),
    ("ZZ123456A", "ident:ni-number"),
    ("TN123456C", "ident:ni-number"),
    ("NK 12 34 56 A", "ident:ni-number"),
    ("DA123456A", "ident:ni-number"),
    ("FQ 12 34 56 A", "ident:ni-number"),
    ("QQ123456C", "ident:ni-number"),
    ("AO123456A", "ident:ni-number"),
    ("AB123456E", "ident:ni-number"),
    ("AB12345C", "ident:ni-number"),
    ("AB1234567C", "ident:ni-number"),
    ("meet on 12 34 56 a street", "ident:ni-number"),
    # NHS: bad check digits, check value 10, other kinds of number
    ("NHS number 943 476 5918", "ident:nhs-number"),
    ("patient 7475661250", "ident:nhs-number"),
    ("NHS 4000087100", "ident:nhs-number"),
    ("1234567890", "ident:nhs-number"),
    ("order number 6402067970", "ident:nhs-number"),
    ("tracking 7872009773 via Royal Mail", "ident:nhs-number"),
    ("ref: 7381718146", "ident:nhs-number"),
    ("call 0161 496 0000", "ident:nhs-number"),
    ("ring 07700 900123", "ident:nhs-number"),
    ("+44 740 718 8181", "ident:nhs-number"),
    ("12345 6091390996", "ident:nhs-number"),
    ("IMEI 490154203237518", "ident:nhs-number"),
    ("dates 2024-03-12 and 12/03/2024", "ident:nhs-number"),
    # IMEI: bad Luhn, payment cards, orders, other lengths
    ("IMEI 490154203237519", "ident:imei"),
    ("phone 35-209900-176148-2", "ident:imei"),
    ("card 378282246310005", "ident:imei"),
    ("order 012345678901237", "ident:imei"),
    ("4111111111111111", "ident:imei"),
    ("49015420323751", "ident:imei"),
    # vehicle registrations: not a format, invalid age identifier, forbidden letters, no context
    ("LOVE 123", "ident:vehicle-reg"),
    ("my BMW 320D is parked outside", "ident:vehicle-reg"),
    ("AB99 CDE", "ident:vehicle-reg"),
    ("QA12 CDE", "ident:vehicle-reg"),
    ("AB12 CDI", "ident:vehicle-reg"),
    ("P123 ABC", "ident:vehicle-reg"),
    ("ABC 123D", "ident:vehicle-reg"),
    ("ab12 cde", "ident:vehicle-reg"),
    ("take the M62 AND then the A1 north", "ident:vehicle-reg"),
    ("my car was parked outside room 12", "ident:vehicle-reg"),
    ("GCSE 2024 results day", "ident:vehicle-reg"),
    ("COVID19 jab at 10:30", "ident:vehicle-reg"),
    ("her car is in for its mot b4 friday", "ident:vehicle-reg"),
    # inside handles, hashtags and links
    ("@TB12FAN thanks", "ident:vehicle-reg"),
    ("see example.com/AB123456C", "ident:ni-number"),
    ("#9434765919", "ident:nhs-number"),
]


@pytest.mark.parametrize(("post", "label"), MUST_NOT_FIRE)
def test_must_not_fire(post: str, label: str) -> None:
    assert [h for h in hits(post) if h.label == label] == []


@pytest.mark.parametrize(
    "post",
    [
        "",
        "Lovely day at the park with the kids, thank you all so much xx",
        "Year 6 SATs week: 5 days, 4 papers, 1 very tired teacher",
        "Open 9-5, Mon-Fri. Call 0800 1111 for Childline.",
    ],
)
def test_ordinary_posts_are_quiet(post: str) -> None:
    assert hits(post) == []


# Context moves scores: (with context, without context, label)
CONTEXT_RAISES = [
    ("NHS number 452 984 1537", "452 984 1537", "ident:nhs-number"),
    ("patient 4529841537", "4529841537", "ident:nhs-number"),
    ("imei 864537030042374", "864537030042374", "ident:imei"),
    ("ni AB 12 34 56 C", "AB 12 34 56 C", "ident:ni-number"),
    ("her car AB12 CDE", "AB12 CDE", "ident:vehicle-reg"),
    ("his van KX70 ZPL", "a van KX70 ZPL", "ident:vehicle-reg"),
    ("a van KX70 ZPL", "KX70 ZPL", "ident:vehicle-reg"),
]


@pytest.mark.parametrize(("raised", "plain", "label"), CONTEXT_RAISES)
def test_context_raises_score(raised: str, plain: str, label: str) -> None:
    high, low = only(raised, label), only(plain, label)
    assert high.score > low.score
    assert high.raised_by


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        ("Her car AB12 CDE was outside again", "her car"),
        ("parked outside again: MA19 XYZ", "parked outside"),
        ("reg LR03HGT", "reg"),
        ("my neighbour's van KX70 ZPL", "neighbour's van"),
    ],
)
def test_vehicle_person_context_is_recorded(post: str, expected: str) -> None:
    hit = only(post, "ident:vehicle-reg")
    assert expected in hit.raised_by
    assert hit.score >= 0.85


def test_bare_registration_scores_low() -> None:
    assert only("AB12 CDE", "ident:vehicle-reg").score < 0.5


def test_several_identifiers_in_one_post_come_back_in_order() -> None:
    post = "NHS 943 476 5919, NI AB123456C, her car AB12 CDE"
    labels = [h.label for h in hits(post)]
    assert labels == ["ident:nhs-number", "ident:ni-number", "ident:vehicle-reg"]


@pytest.mark.parametrize(
    ("digits", "ok"),
    [("9434765919", True), ("9434765918", False), ("4000087100", False), ("6091390996", True)],
)
def test_nhs_check_digit(digits: str, ok: bool) -> None:
    assert nhs_ok(digits) is ok


@pytest.mark.parametrize(
    ("digits", "ok"),
    [("490154203237518", True), ("490154203237519", False), ("79927398713", True), ("0", True)],
)
def test_luhn(digits: str, ok: bool) -> None:
    assert luhn_ok(digits) is ok


def test_detector_shape() -> None:
    assert IdentifierDetector().name == "ident"
    assert isinstance(IdentifierDetector().detect(PostText("nothing here")), list)
