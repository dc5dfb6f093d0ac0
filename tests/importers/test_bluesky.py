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


def test_a_header_claiming_a_huge_length_is_refused_before_it_is_read_into_memory(tmp_path: Path) -> None:
    car = tmp_path / "repo.car"
    car.write_bytes(b"\xff\xff\xff\xff\x0f" + b"roots version " + b"\0" * 1000)
    items, problems = _export_items([car])
    assert items == []
    assert "repo.car is not a complete Bluesky repository file: it has no CAR header" in problems[0]


def test_a_tree_node_with_an_odd_prefix_length_does_not_stop_the_reading(tmp_path: Path) -> None:
    from safepost.importers.bluesky import _read_tree_node

    keys: dict[bytes, str] = {}
    _read_tree_node({"e": [{"k": b"app.bsky.feed.post/3k1", "p": "x"}], "l": None}, keys)
    assert keys == {}


def test_a_record_key_is_let_go_once_its_record_is_read(tmp_path: Path) -> None:
    """Keys of every record in the repository used to be held to the end: memory grew with it."""
    (export,) = open_exports(write_bluesky_car(tmp_path, ["one"], description=None))
    keys = {b"cid-1": "app.bsky.feed.post/3kabc", b"cid-2": "app.bsky.feed.post/3kdef"}
    record = {"$type": "app.bsky.feed.post", "text": "hi", "createdAt": "2024-01-01T00:00:00Z"}
    (item,) = export._records("repo.car", [(b"cid-1", record, 1)], keys, "did:plc:x")  # type: ignore[attr-defined]
    assert item.permalink == "https://bsky.app/profile/did:plc:x/post/3kabc"
    assert keys == {b"cid-2": "app.bsky.feed.post/3kdef"}
