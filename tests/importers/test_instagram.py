"""Instagram exports: captions (single and multi-photo), stories, comments, messages, bio, locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.importers import Item, open_exports
from tests.importers.exports import instagram_post, meta_json, write_instagram_export


def _items(paths: list[Path]) -> list[Item]:
    (export,) = open_exports(paths)
    return list(export.items())


@pytest.mark.parametrize("layout", ["older", "2022", "2024"])
def test_captions_stories_comments_and_messages_in_every_layout(tmp_path: Path, layout: str) -> None:
    items = _items(
        write_instagram_export(
            tmp_path,
            ["Single photo caption", "Two photo caption"],
            layout=layout,
            stories=["Story text"],
            comments=["Lovely pic"],
            messages=[("Jo Bloggs", "sent by me"), ("Kayleigh Smith", "sent to me")],
        )
    )
    found = {(i.kind, i.text) for i in items}
    assert {
        ("caption", "Single photo caption"),
        ("caption", "Two photo caption"),
        ("caption", "Story text"),
        ("comment", "Lovely pic"),
        ("message", "sent by me"),
    } <= found
    assert ("message", "sent to me") not in found


def test_photo_location_is_a_media_item(tmp_path: Path) -> None:
    items = _items(write_instagram_export(tmp_path, [instagram_post("Beach", 0, location=(50.72, -1.88))]))
    media = next(i for i in items if i.kind == "media")
    assert dict(media.details)["latitude"] == "50.72"


def test_bio_is_a_profile_item_with_mojibake_fixed(tmp_path: Path) -> None:
    items = _items(write_instagram_export(tmp_path, [], bio="Teacher at St Mary\u2019s \u2764\ufe0f"))
    assert ("profile", "Teacher at St Mary\u2019s \u2764\ufe0f") in {(i.kind, i.text) for i in items}


def test_older_comments_wrapped_in_an_object_are_read(tmp_path: Path) -> None:
    (folder,) = write_instagram_export(tmp_path, [], layout="older", as_zip=False)
    comment = {
        "string_map_data": {"Comment": {"value": "So proud of you"}, "Time": {"timestamp": 1_700_000_000}}
    }
    (folder / "comments").mkdir()
    (folder / "comments" / "post_comments.json").write_text(meta_json({"comments_media_comments": [comment]}))
    assert ("comment", "So proud of you") in {(i.kind, i.text) for i in _items([folder])}


def test_comments_saved_again_with_a_byte_order_mark_are_still_read(tmp_path: Path) -> None:
    """The BOM hid the opening "[", so the list was looked for inside an object: no comments."""
    (folder,) = write_instagram_export(tmp_path, [], comments=["Lovely pic"], as_zip=False)
    (path,) = folder.rglob("post_comments*.json")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert ("comment", "Lovely pic") in {(i.kind, i.text) for i in _items([folder])}
