"""Bluesky repository CAR files: posts with permalinks from the record keys, replies, alt text, profile."""

from __future__ import annotations

from pathlib import Path

from safepost.importers import Item, open_exports
from tests.importers.exports import write_bluesky_car


def _export_items(paths: list[Path]) -> tuple[list[Item], list[str]]:
    (export,) = open_exports(paths)
    return list(export.items()), export.problems


def test_posts_have_permalinks_built_from_did_and_record_key(tmp_path: Path) -> None:
    items, problems = _export_items(
        write_bluesky_car(tmp_path, ["First skeet\nwith two lines"], did="did:plc:abc")
    )
    post = next(i for i in items if i.kind == "post")
    assert post.text == "First skeet\nwith two lines"
    assert post.permalink == "https://bsky.app/profile/did:plc:abc/post/3k00000000000"
    assert post.item_id == "at://did:plc:abc/app.bsky.feed.post/3k00000000000"
    assert post.when == "2023-11-14T22:13:20Z"
    assert problems == []


def test_replies_alt_text_and_profile(tmp_path: Path) -> None:
    items, _ = _export_items(
        write_bluesky_car(
            tmp_path, ["post"], replies=["a reply"], alt_texts=["kids at the park"], description="Nurse"
        )
    )
    found = {(i.kind, i.text) for i in items}
    assert {("comment", "a reply"), ("caption", "kids at the park"), ("profile", "Nurse")} <= found


def test_a_truncated_car_keeps_what_came_before_and_names_the_position(tmp_path: Path) -> None:
    (full,) = write_bluesky_car(tmp_path / "full", [f"post {n}" for n in range(20)], description=None)
    size = full.stat().st_size
    items, problems = _export_items(
        write_bluesky_car(
            tmp_path / "cut", [f"post {n}" for n in range(20)], description=None, cut_at=size - 10
        )
    )
    assert 0 < len(items) < 20
    assert "repo.car" in problems[0] and "byte" in problems[0]
