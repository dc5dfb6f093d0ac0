"""Every photo rule in the rulebook fires on a photo built to match it and stays quiet on a clean one.

The rules' own examples describe photos in words; these tests are what runs them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from safepost.checker import Checker
from safepost.images import check_image
from safepost.images.faces import faces_available
from safepost.rulebook.loader import load_rulebook
from safepost.rulebook.schema import reads_photos
from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, people, scenery

PHOTOS: dict[str, Callable[[], bytes]] = {
    "IMG101": lambda: jpeg_bytes(scenery(), exif_block(gps=BRISTOL)),
    "IMG102": lambda: jpeg_bytes(scenery(), exif_block(owner="Jane Doe")),
    "IMG103": lambda: jpeg_bytes(scenery(), exif_block(serial="0423158891")),
    "IMG104": lambda: jpeg_bytes(people(3)),
}
PHOTO_RULES = [r.rule.id for r in load_rulebook().rules if reads_photos(r.rule)]


def test_every_photo_rule_has_a_photo_here() -> None:
    assert sorted(PHOTOS) == sorted(PHOTO_RULES)


@pytest.mark.parametrize("rule_id", sorted(PHOTOS))
def test_the_rule_fires_on_its_photo(checker: Checker, rule_id: str) -> None:
    if rule_id == "IMG104" and not faces_available():
        pytest.skip("opencv-python-headless (photos extra) not installed")
    fired = {f.rule for f in check_image(PHOTOS[rule_id](), checker, read_words=False).findings}
    assert rule_id in fired


def test_no_photo_rule_fires_on_a_clean_landscape(checker: Checker) -> None:
    fired = {f.rule for f in check_image(jpeg_bytes(scenery()), checker).findings}
    assert not fired & set(PHOTO_RULES)


def test_photo_rules_never_fire_on_text(checker: Checker) -> None:
    for loaded in load_rulebook().rules:
        if reads_photos(loaded.rule):
            for example in (*loaded.rule.examples.fire, *loaded.rule.examples.quiet):
                assert not [f for f in checker.check(example).findings if f.rule == loaded.rule.id]


def test_a_policy_selection_without_the_cited_documents_leaves_photo_rules_out() -> None:
    checker = Checker(policies=["bury"], use_model=False)
    fired = {f.rule for f in check_image(PHOTOS["IMG101"](), checker, read_words=False).findings}
    assert "IMG101" not in fired  # IMG101 cites Cwm Taf, GCC and NSSCB, not Bury
