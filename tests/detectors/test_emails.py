"""Specification of the email detector (``contact:email``, ``contact:work-email``). Names are invented."""

from __future__ import annotations

import pytest

from safepost.detectors.emails import EmailDetector
from safepost.models import Hit
from safepost.text import PostText

DETECTOR = EmailDetector()


def emails(text: str) -> list[Hit]:
    return list(DETECTOR.detect(PostText(text)))


# (post, label, flagged text, normalised address)
MUST_FIRE = [
    ("email me jo.smith@gmail.com.", "contact:email", "jo.smith@gmail.com", "jo.smith@gmail.com"),
    ("Jo.Smith@Outlook.com", "contact:email", "Jo.Smith@Outlook.com", "jo.smith@outlook.com"),
    (
        "drop me a line: kayz_99@hotmail.co.uk",
        "contact:email",
        "kayz_99@hotmail.co.uk",
        "kayz_99@hotmail.co.uk",
    ),
    ("'lowri.b+kids@icloud.com'", "contact:email", "lowri.b+kids@icloud.com", "lowri.b+kids@icloud.com"),
    (
        "reach me at dai-jones@btinternet.com",
        "contact:email",
        "dai-jones@btinternet.com",
        "dai-jones@btinternet.com",
    ),
    ("mail me on tazz@yahoo.co.uk x", "contact:email", "tazz@yahoo.co.uk", "tazz@yahoo.co.uk"),
    ("my proton is benji@protonmail.com", "contact:email", "benji@protonmail.com", "benji@protonmail.com"),
    ("bookings: jo@joscakes.co.uk", "contact:email", "jo@joscakes.co.uk", "jo@joscakes.co.uk"),
    ("(hello@gmail.com)", "contact:email", "hello@gmail.com", "hello@gmail.com"),
    ("sam@mail.example.co.uk", "contact:email", "sam@mail.example.co.uk", "sam@mail.example.co.uk"),
    # disguised
    ("jo dot smith at gmail dot com", "contact:email", "jo dot smith at gmail dot com", "jo.smith@gmail.com"),
    ("jo.smith [at] gmail [dot] com", "contact:email", "jo.smith [at] gmail [dot] com", "jo.smith@gmail.com"),
    ("jo(at)hotmail.co.uk", "contact:email", "jo(at)hotmail.co.uk", "jo@hotmail.co.uk"),
    (
        "jo (at) hotmail (dot) co (dot) uk",
        "contact:email",
        "jo (at) hotmail (dot) co (dot) uk",
        "jo@hotmail.co.uk",
    ),
    ("email jo at gmail.com", "contact:email", "jo at gmail.com", "jo@gmail.com"),
    ("jo @ gmail.com", "contact:email", "jo @ gmail.com", "jo@gmail.com"),
    (
        "kayz_99 at yahoo dot co dot uk",
        "contact:email",
        "kayz_99 at yahoo dot co dot uk",
        "kayz_99@yahoo.co.uk",
    ),
    ("Mel{at}sky{dot}com", "contact:email", "Mel{at}sky{dot}com", "mel@sky.com"),
    # a person's address at a public body is their work address
    (
        "jane.smith@council.gov.uk",
        "contact:work-email",
        "jane.smith@council.gov.uk",
        "jane.smith@council.gov.uk",
    ),
    ("j.bloggs@nhs.net", "contact:work-email", "j.bloggs@nhs.net", "j.bloggs@nhs.net"),
    (
        "mr.evans@stmarys.bury.sch.uk",
        "contact:work-email",
        "mr.evans@stmarys.bury.sch.uk",
        "mr.evans@stmarys.bury.sch.uk",
    ),
    (
        "pc.rhys.hughes@gwent.police.uk",
        "contact:work-email",
        "pc.rhys.hughes@gwent.police.uk",
        "pc.rhys.hughes@gwent.police.uk",
    ),
    (
        "jo dot smith at council dot gov dot uk",
        "contact:work-email",
        "jo dot smith at council dot gov dot uk",
        "jo.smith@council.gov.uk",
    ),
]


@pytest.mark.parametrize(("post", "label", "flagged", "value"), MUST_FIRE)
def test_fires_on_addresses(post: str, label: str, flagged: str, value: str) -> None:
    (hit,) = emails(post)
    assert hit.label == label
    assert hit.text == flagged == post[hit.start : hit.end]
    assert hit.value == value
    assert hit.waived is None


MUST_NOT_FIRE = [
    "meet me at the park dot com",
    "lunch at wetherspoons dot com",
    "we're at tesco.com",
    "see you at 7",
    "look at me",
    "@lowri@mastodon.social is my mastodon",
    "follow @jo_b",
    "Price: 2 @ £5",
    "see jo@ the gym",
    "the site is bbc.co.uk/news",
    "a.b.c",
    "I'm at gmail",
    "at dot com",
]


@pytest.mark.parametrize("post", MUST_NOT_FIRE)
def test_ignores_things_that_are_not_addresses(post: str) -> None:
    assert emails(post) == []


# (post, normalised address, phrase in the reason)
WAIVED = [
    ("info@bury.gov.uk", "info@bury.gov.uk", "shared information mailbox"),
    ("safeguarding@council.gov.uk", "safeguarding@council.gov.uk", "safeguarding team"),
    ("email LADO@somewhere.gov.uk", "lado@somewhere.gov.uk", "Local Authority Designated Officer"),
    ("children.services@bury.gov.uk", "children.services@bury.gov.uk", "children's services"),
    ("enquiries@stmarys.sch.uk", "enquiries@stmarys.sch.uk", "school domain"),
    ("admin@ourtrust.nhs.uk", "admin@ourtrust.nhs.uk", "NHS"),
    ("office@littlestars-nursery.co.uk", "office@littlestars-nursery.co.uk", "organisation's own domain"),
    ("hello@joscakes.co.uk", "hello@joscakes.co.uk", "shared contact mailbox"),
    ("reception@greenfield-surgery.co.uk", "reception@greenfield-surgery.co.uk", "reception"),
    ("contact@footballclub.org.uk", "contact@footballclub.org.uk", "contact"),
    ("info (at) bury (dot) gov (dot) uk", "info@bury.gov.uk", "mailbox"),
]


@pytest.mark.parametrize(("post", "value", "reason"), WAIVED)
def test_generic_mailboxes_are_waived(post: str, value: str, reason: str) -> None:
    (hit,) = emails(post)
    assert hit.label == "contact:email"
    assert hit.value == value
    assert hit.waived is not None
    assert reason.lower() in hit.waived.lower()


def test_generic_local_part_on_webmail_is_still_personal() -> None:
    (hit,) = emails("info@gmail.com")
    assert hit.waived is None


def test_personal_provider_raises_the_score() -> None:
    personal = emails("jo@gmail.com")[0]
    unknown = emails("jo@joscakes.co.uk")[0]
    assert personal.score > unknown.score
    assert "gmail" in personal.raised_by
    assert personal.pattern == "personal-provider:gmail"


def test_disguise_is_noted_and_raises_the_score() -> None:
    plain = emails("jo@joscakes.co.uk")[0]
    hidden = emails("jo.b [at] joscakes [dot] co [dot] uk")[0]
    assert hidden.pattern.endswith("/disguised")
    assert hidden.score > plain.score


def test_several_addresses() -> None:
    hits = emails("jo@gmail.com or info@bury.gov.uk or j.bloggs@nhs.net")
    assert [(h.label, h.waived is None) for h in hits] == [
        ("contact:email", True),
        ("contact:email", False),
        ("contact:work-email", True),
    ]


def test_detector_shape() -> None:
    detector = EmailDetector()
    assert detector.name
    assert detector.detect(PostText("")) == []
