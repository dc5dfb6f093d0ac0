"""LinkedIn exports: shares with their links, comments with backslash escapes, sent messages, profile."""

from __future__ import annotations

from pathlib import Path

from safepost.importers import Item, open_exports
from tests.importers.exports import write_linkedin_export


def _items(paths: list[Path]) -> list[Item]:
    (export,) = open_exports(paths)
    return list(export.items())


def test_shares_carry_their_share_link_as_permalink(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, ["Proud of our team\nat the awards"]))
    share = next(i for i in items if i.kind == "post")
    assert share.text == "Proud of our team\nat the awards"
    assert share.permalink and share.permalink.startswith("https://www.linkedin.com/feed/update/")
    assert share.when == "2023-11-14T22:13:20Z"


def test_comments_with_escaped_quotes_read_whole(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, [], comments=['She said "well done", and meant it']))
    assert ("comment", 'She said "well done", and meant it') in {(i.kind, i.text) for i in items}


def test_only_messages_the_owner_sent_are_items(tmp_path: Path) -> None:
    messages = [("Jo Bloggs", "I sent this"), ("Kayleigh Smith", "They sent this")]
    for owner in ("Jo Bloggs", None):  # with a profile, and guessed from the most frequent sender
        items = _items(
            write_linkedin_export(tmp_path / str(owner), [], messages=[*messages, messages[0]], owner=owner)
        )
        assert {i.text for i in items if i.kind == "message"} == {"I sent this"}


def test_position_reads_as_linkedin_shows_it(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, [], position=("Bristol City Council", "Social Worker")))
    assert ("profile", "Works at Bristol City Council as Social Worker") in {(i.kind, i.text) for i in items}


def test_a_windows_1252_shares_file_reads(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, ["Caf\u00e9 \u2013 na\u00efve"], encoding="cp1252"))
    assert "Caf\u00e9 \u2013 na\u00efve" in [i.text for i in items]
