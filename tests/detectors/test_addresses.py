"""Specification of the address detector: ``contact:postcode``, ``contact:street-address`` and
``contact:street-name``. Streets are invented or generic; postcodes use real area codes."""

from __future__ import annotations

import pytest

from safepost.detectors.addresses import AddressDetector
from safepost.models import Hit
from safepost.text import PostText

DETECTOR = AddressDetector()


def hits(text: str, label: str) -> list[Hit]:
    return [h for h in DETECTOR.detect(PostText(text)) if h.label == label]


# (post, flagged text, normalised postcode)
POSTCODES = [
    ("I live at BL9 0AA", "BL9 0AA", "BL9 0AA"),
    ("bl9 0aa", "bl9 0aa", "BL9 0AA"),
    ("BL90AA", "BL90AA", "BL9 0AA"),
    ("bl90aa", "bl90aa", "BL9 0AA"),
    ("M1 1AE.", "M1 1AE", "M1 1AE"),
    ("near sw1a 1aa", "sw1a 1aa", "SW1A 1AA"),
    ("W1A 1AA", "W1A 1AA", "W1A 1AA"),
    ("EC1A 1BB", "EC1A 1BB", "EC1A 1BB"),
    ("CF10 1EP (Cardiff)", "CF10 1EP", "CF10 1EP"),
    ("postcode: LS1 4AP,", "LS1 4AP", "LS1 4AP"),
    ("it's G2 3BZ", "G2 3BZ", "G2 3BZ"),
    ("M1 1ST", "M1 1ST", "M1 1ST"),
]


@pytest.mark.parametrize(("post", "flagged", "value"), POSTCODES)
def test_postcodes(post: str, flagged: str, value: str) -> None:
    (hit,) = hits(post, "contact:postcode")
    assert hit.text == flagged == post[hit.start : hit.end]
    assert hit.value == value


NOT_POSTCODES = [
    "BL9",
    "I'm in BL9 now",
    "at 5pm",
    "M6 3AM",  # the inward code never uses M
    "A1 2BB",  # no such area
    "XY1 2AB",
    "QQ12 3AB",
    "on the m1 2nd time",
    "COVID19",
    "Year 6 class",
    "B12 6PM",
    "ABL9 0AA",
    "BL9 0AAA",
]


@pytest.mark.parametrize("post", NOT_POSTCODES)
def test_not_postcodes(post: str) -> None:
    assert hits(post, "contact:postcode") == []


def test_lower_case_or_unspaced_postcodes_score_lower() -> None:
    proper = hits("BL9 0AA", "contact:postcode")[0].score
    assert hits("bl9 0aa", "contact:postcode")[0].score < proper
    assert hits("BL90AA", "contact:postcode")[0].score < proper


# (post, flagged text, value)
STREET_ADDRESSES = [
    ("I live at 7 Chapel Street, BL9 0AA", "7 Chapel Street", "7 Chapel Street"),
    ("31 Beech Avenue", "31 Beech Avenue", "31 Beech Avenue"),
    ("Flat 2, 14 Mill Lane", "Flat 2, 14 Mill Lane", "14 Mill Lane"),
    ("flat 3b 22 Hollins Road", "flat 3b 22 Hollins Road", "22 Hollins Road"),
    ("17 Larchfield Close", "17 Larchfield Close", "17 Larchfield Close"),
    ("5 Cherry Tree Court", "5 Cherry Tree Court", "5 Cherry Tree Court"),
    ("12 Old Road", "12 Old Road", "12 Old Road"),
    ("we're at 3a, Moorside Drive", "3a, Moorside Drive", "3a Moorside Drive"),
    ("7 chapel st", "7 chapel st", "7 chapel st"),
    ("31 beech avenue", "31 beech avenue", "31 beech avenue"),
    ("3 kids at 7 Chapel Street", "7 Chapel Street", "7 Chapel Street"),
    ("number 42 Wellington Terrace", "42 Wellington Terrace", "42 Wellington Terrace"),
    ("9 Larkspur Gardens", "9 Larkspur Gardens", "9 Larkspur Gardens"),
    ("8 Brookfield Way", "8 Brookfield Way", "8 Brookfield Way"),
    ("2 Rowan Grove", "2 Rowan Grove", "2 Rowan Grove"),
    ("11 St John's Road", "11 St John's Road", "11 St John's Road"),
    ("14-16 Market Place", "14-16 Market Place", "14 Market Place"),
    ("6 Chapel Hill Road", "6 Chapel Hill Road", "6 Chapel Hill Road"),
]


@pytest.mark.parametrize(("post", "flagged", "value"), STREET_ADDRESSES)
def test_street_addresses(post: str, flagged: str, value: str) -> None:
    (hit,) = hits(post, "contact:street-address")
    assert hit.text == flagged == post[hit.start : hit.end]
    assert hit.value == value
    assert hit.waived is None


NOT_ADDRESSES = [
    "3 miles down the road",
    "2 kids in the park",
    "a 10 minute walk",
    "10 year old park",
    "I was 2 very close",
    "had 3 good days out",
    "3 new road signs",
    "we won 4 of the last 5 on the green",
    "5 more days in the park",
    "took 2 hours up the hill",
    "£5 on the way",
    "12:30 at the park",
    "2 Dr Patel",
]


@pytest.mark.parametrize("post", NOT_ADDRESSES)
def test_not_street_addresses(post: str) -> None:
    assert hits(post, "contact:street-address") == []


def test_lower_case_addresses_score_lower() -> None:
    assert (
        hits("7 chapel street", "contact:street-address")[0].score
        < hits("7 Chapel Street", "contact:street-address")[0].score
    )


def test_a_famous_address_is_waived() -> None:
    (hit,) = hits("Outside 10 Downing Street today", "contact:street-address")
    assert hit.waived is not None
    assert "famous" in hit.waived


# (post, flagged street name)
STREET_NAMES = [
    ("top of Moorside Lane", "Moorside Lane"),
    ("the Mill Lane sign", "Mill Lane"),
    ("walking up Station Road", "Station Road"),
    ("Moorside Lane is shut", "Moorside Lane"),
    ("Chapel Hill Road is shut", "Chapel Hill Road"),
    ("off Green Lane", "Green Lane"),
    ("outside the Old Mill Court flats", "Old Mill Court"),
    ("by the shop on Larchfield Close", "Larchfield Close"),
    ("near Beech avenue", "Beech avenue"),
    ("We went to Hyde Park", "Hyde Park"),
]


@pytest.mark.parametrize(("post", "flagged"), STREET_NAMES)
def test_bare_street_names(post: str, flagged: str) -> None:
    (hit,) = hits(post, "contact:street-name")
    assert hit.text == flagged == post[hit.start : hit.end]
    assert hits(post, "contact:street-address") == []


NOT_STREET_NAMES = [
    "Lovely Park today!",
    "the park was lovely",
    "Watching Coronation Street tonight",
    "Going to St Helens",
    "off to see Dr Patel",
    "a long walk on the green",
    "Great View from here",
    "we had a close game",
    "down the road",
    "the street party",
    "Penny Lane is a song",
]


@pytest.mark.parametrize("post", NOT_STREET_NAMES)
def test_not_street_names(post: str) -> None:
    assert hits(post, "contact:street-name") == []


def test_street_names_score_below_addresses() -> None:
    name = hits("top of Moorside Lane", "contact:street-name")[0]
    address = hits("7 Moorside Lane", "contact:street-address")[0]
    assert name.score < address.score


def test_one_hit_per_street() -> None:
    found = DETECTOR.detect(PostText("7 Chapel Hill Road, BL9 0AA"))
    assert [h.label for h in found] == ["contact:street-address", "contact:postcode"]


def test_detector_shape() -> None:
    detector = AddressDetector()
    assert detector.name
    assert detector.detect(PostText("")) == []
