"""Specification of the handle detector (``contact:handle``). Handles and sites are invented."""

from __future__ import annotations

import pytest

from safepost.detectors.handles import HandleDetector
from safepost.models import Hit
from safepost.text import PostText

DETECTOR = HandleDetector()


def handles(text: str) -> list[Hit]:
    return list(DETECTOR.detect(PostText(text)))


# (post, flagged text, pattern)
MUST_FIRE = [
    ("@jo_b", "@jo_b", "mention"),
    ("thanks @Kayleigh.Jones for the cake", "@Kayleigh.Jones", "mention"),
    ("my insta is jo_b", "insta is jo_b", "platform-handle"),
    ("My Insta: Jo_B", "Insta: Jo_B", "platform-handle"),
    ("add me on snap jo.b23", "snap jo.b23", "platform-handle"),
    ("add me on snap jobloggs", "snap jobloggs", "platform-handle"),
    ("snapchat - lowribee", "snapchat - lowribee", "platform-handle"),
    ("DM me on insta @jo.b", "insta @jo.b", "platform-handle"),
    ("my tiktok is dai_dances", "tiktok is dai_dances", "platform-handle"),
    ("my snap is jo_b23 x", "snap is jo_b23", "platform-handle"),
    ("Add me on Snapchat, I'm jess_b_93", "Snapchat, I'm jess_b_93", "platform-handle"),
    ("follow me on tiktok as dai.dances", "tiktok as dai.dances", "platform-handle"),
    ("find me at @lowri@mastodon.social", "@lowri@mastodon.social", "mastodon"),
    ("linktr.ee/jo_b", "linktr.ee/jo_b", "profile-url"),
    ("https://www.tiktok.com/@jo_b", "https://www.tiktok.com/@jo_b", "profile-url"),
    ("instagram.com/jo_b", "instagram.com/jo_b", "profile-url"),
    ("add me facebook.com/jo.bloggs.77", "facebook.com/jo.bloggs.77", "profile-url"),
    ("wa.me/447700900123", "wa.me/447700900123", "profile-url"),
    ("jo.wordpress.com", "jo.wordpress.com", "blog-host"),
    ("https://jobloggs.substack.com/p/hello", "https://jobloggs.substack.com/p/hello", "blog-host"),
    ("read lowriwrites.blogspot.com", "lowriwrites.blogspot.com", "blog-host"),
    ("check out my blog jo-writes.co.uk", "jo-writes.co.uk", "own-site"),
    ("my website is www.jo-bakes.com!", "www.jo-bakes.com", "own-site"),
    ("My site: https://daijones.me", "https://daijones.me", "own-site"),
    ("new post: rota-life dot wordpress dot com", "rota-life dot wordpress dot com", "spoken-blog"),
    ("blog is at lowri(dot)blogspot(dot)com", "lowri(dot)blogspot(dot)com", "spoken-blog"),
    ("Started a blog about my allotment fails! www.muddywellies.co.uk", "www.muddywellies.co.uk", "own-site"),
    ("I post my bakes on floursome.com now, have a nosy", "floursome.com", "own-site"),
    ("link in bio: www.annies-amblings.blog 🌸", "www.annies-amblings.blog", "own-site"),
    ("Started a blog! Have a nosy at www.muddywellies.co.uk.", "www.muddywellies.co.uk", "own-site"),
    ("new post: rota-life dot wordpress dot com.", "rota-life dot wordpress dot com", "spoken-blog"),
    ("my blog is jo (dot) com.", "jo (dot) com", "own-site"),
    ("my site is jo.com/blog.", "jo.com/blog", "own-site"),
]


@pytest.mark.parametrize(("post", "flagged", "pattern"), MUST_FIRE)
def test_fires_on_handles_and_personal_links(post: str, flagged: str, pattern: str) -> None:
    (hit,) = handles(post)
    assert hit.label == "contact:handle"
    assert hit.text == flagged == post[hit.start : hit.end]
    assert hit.pattern == pattern
    assert hit.waived is None


def test_a_mastodon_address_is_a_handle_with_its_server() -> None:
    (hit,) = handles("find me at @lowri@mastodon.social")
    assert hit.value == "@lowri@mastodon.social"


def test_platform_handle_value_is_the_handle() -> None:
    (hit,) = handles("my insta is jo_b")
    assert hit.value == "jo_b"


MUST_NOT_FIRE = [
    "email jo@gmail.com",
    "meet @ 7pm",
    "see you @7pm",
    "@home now",
    "my insta is private",
    "my insta is literally dead",
    "the school's insta is great",
    "oh snap that was close",
    "snap decision",
    "ig it's fine",
    "I love insta and tiktok",
    "on facebook later",
    "saw it on tiktok, it's hilarious",
    "on insta as usual",
    "my website is down",
    "Went to the park.com",
    "see the bbc.co.uk/news story",
    "my order from amazon.co.uk never came",
    "great page for parents on www.nspcc.org.uk, my go-to",
    "I started reading the new guidance on www.gov.uk, it's a good page",
    "have a look at the school's page at www.hollybank.sch.uk",
    "started a new job. Lovely team",
    "the site is down again, e.g. the portal. Anyway.",
    "the dog dot com is not a real thing",
    "Off to the shop with my son.Me and him are getting chips",
    "Love the polka dot design on my new mug from the shop",
    "Ordered my school shoes on clarks.co.uk, the site is so slow",
    "My go-to site for this is nhs.uk",
    "my favourite page is gov.uk, honestly",
    "prices @ 2 for £5",
    "sent on 07/11/2024",
]


@pytest.mark.parametrize("post", MUST_NOT_FIRE)
def test_ignores_things_that_are_not_handles(post: str) -> None:
    assert handles(post) == []


@pytest.mark.parametrize(
    ("post", "flagged", "reason"),
    [
        ("thanks @NSPCC for the training", "@NSPCC", "NSPCC"),
        ("@BBCNews reporting", "@BBCNews", "BBC News"),
        ("follow @childline", "@childline", "Childline"),
        ("follow us on facebook.com/NSPCC", "facebook.com/NSPCC", "NSPCC"),
        ("great advice from @samaritans", "@samaritans", "Samaritans"),
    ],
)
def test_big_organisations_are_waived(post: str, flagged: str, reason: str) -> None:
    (hit,) = handles(post)
    assert hit.text == flagged
    assert hit.waived is not None
    assert reason in hit.waived


def test_invitation_words_raise_the_score() -> None:
    bare = handles("@jo_b")[0]
    offered = handles("follow my insta @jo_b")[0]
    assert offered.score > bare.score
    assert "follow" in offered.raised_by


def test_several_handles() -> None:
    found = handles("follow @jo_b and @dai_j, or linktr.ee/jo_b")
    assert [h.text for h in found] == ["@jo_b", "@dai_j", "linktr.ee/jo_b"]


def test_detector_shape() -> None:
    detector = HandleDetector()
    assert detector.name
    assert detector.detect(PostText("")) == []


def test_many_addresses_in_one_long_post_stay_linear() -> None:
    assert len(handles("my blog x.com " * 3000)) == 3000
    assert handles("a.com " * 20000) == []
