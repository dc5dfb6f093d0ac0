"""Mastodon archives: HTML to text, replies, direct posts, content warnings, alt text, profile fields."""

from __future__ import annotations

from pathlib import Path

from safepost.importers import Item, open_exports
from tests.importers.exports import ACTOR, mastodon_note, write_mastodon_archive


def _items(paths: list[Path]) -> list[Item]:
    (export,) = open_exports(paths)
    return list(export.items())


def test_html_becomes_text_with_line_breaks_and_a_status_permalink(tmp_path: Path) -> None:
    items = _items(
        write_mastodon_archive(tmp_path, ["<p>Fish &amp; chips<br />on the pier</p><p>Lovely</p>"])
    )
    post = next(i for i in items if i.kind == "post")
    assert post.text == "Fish & chips\non the pier\n\nLovely"
    assert post.permalink == "https://mastodon.example/@jobloggs/110000000000000000"


def test_boosts_are_not_the_owners_words(tmp_path: Path) -> None:
    items = _items(write_mastodon_archive(tmp_path, ["<p>mine</p>"], boosts=3))
    assert [i.text for i in items if i.kind == "post"] == ["mine"]


def test_replies_direct_posts_warnings_and_alt_text(tmp_path: Path) -> None:
    reply = mastodon_note("<p>@sam well done</p>", 0, inReplyTo="https://other.example/1")
    direct = mastodon_note("<p>private note</p>", 1, to=["https://other.example/users/sam"], cc=[])
    warned = mastodon_note(
        "<p>rant</p>",
        2,
        summary="work stuff",
        attachment=[{"type": "Document", "name": "Our office", "url": "x"}],
    )
    items = _items(write_mastodon_archive(tmp_path, [reply, direct, warned]))
    found = {(i.kind, i.text) for i in items}
    assert ("comment", "@sam well done") in found
    assert ("message", "private note") in found
    assert ("post", "work stuff\n\nrant") in found
    assert ("caption", "Our office") in found


def test_profile_bio_and_fields_are_profile_items(tmp_path: Path) -> None:
    items = _items(
        write_mastodon_archive(tmp_path, [], fields=[("Work", "<a href='x'>Bristol City Council</a>")])
    )
    assert ("profile", "Work: Bristol City Council") in {(i.kind, i.text) for i in items}
    assert ACTOR  # the fixture's actor id is what statuses hang off
