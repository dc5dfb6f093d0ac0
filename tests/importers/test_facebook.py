"""Facebook exports: posts, photos with their JSON location, check-ins, tags, comments, messages, profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.importers import Item, open_exports
from tests.importers.exports import facebook_photo_post, facebook_post, meta_json, write_facebook_export


def _items(paths: list[Path]) -> list[Item]:
    (export,) = open_exports(paths)
    try:
        return list(export.items())
    finally:
        export.close()


@pytest.mark.parametrize("layout", ["older", "2022", "2024"])
def test_posts_comments_and_messages_are_read_in_every_layout(tmp_path: Path, layout: str) -> None:
    items = _items(
        write_facebook_export(
            tmp_path,
            ["Long shift at the hospital, home now"],
            layout=layout,
            comments=["Congratulations to you both!"],
            messages=[("Jo Bloggs", "See you at contact on Tuesday"), ("Kayleigh Smith", "ok thanks")],
        )
    )
    kinds = {(i.kind, i.text) for i in items}
    assert ("post", "Long shift at the hospital, home now") in kinds
    assert ("comment", "Congratulations to you both!") in kinds
    assert ("message", "See you at contact on Tuesday") in kinds


def test_only_messages_the_owner_sent_are_items(tmp_path: Path) -> None:
    items = _items(
        write_facebook_export(tmp_path, [], messages=[("Jo Bloggs", "mine"), ("Kayleigh Smith", "not mine")])
    )
    assert [i.text for i in items if i.kind == "message"] == ["mine"]


def test_without_a_profile_the_owner_is_the_person_in_every_thread(tmp_path: Path) -> None:
    items = _items(
        write_facebook_export(
            tmp_path, [], owner=None, messages=[("Jo Bloggs", "mine"), ("Kayleigh Smith", "hers")]
        )
    )
    assert [i.text for i in items if i.kind == "message"] == ["mine"]


def test_mojibake_is_undone_and_line_breaks_kept(tmp_path: Path) -> None:
    items = _items(write_facebook_export(tmp_path, ["Caf\u00e9 with Zo\u00eb \U0001f600\nSecond line"]))
    assert "Caf\u00e9 with Zo\u00eb \U0001f600\nSecond line" in [i.text for i in items]


def test_workplace_in_the_profile_reads_as_facebook_shows_it(tmp_path: Path) -> None:
    items = _items(write_facebook_export(tmp_path, [], employer=("Bristol City Council", "Social Worker")))
    assert ("profile", "Works at Bristol City Council as Social Worker") in {(i.kind, i.text) for i in items}


def test_photo_location_and_camera_from_the_json_are_details(tmp_path: Path) -> None:
    items = _items(write_facebook_export(tmp_path, [facebook_photo_post("Team away day", 0)]))
    media = next(i for i in items if i.kind == "media")
    details = dict(media.details)
    assert details["latitude"] == "51.4545" and details["camera_model"] == "iPhone 12"
    assert "taken" not in details  # Facebook's negative taken_timestamp is nonsense, not a date
    assert "location" in media.text
    assert ("caption", "Team away day") in {(i.kind, i.text) for i in items}


def test_a_single_check_in_object_and_a_list_both_read(tmp_path: Path) -> None:
    one = _items(write_facebook_export(tmp_path / "one", [], check_ins=["Cribbs Causeway"]))
    two = _items(write_facebook_export(tmp_path / "two", [], check_ins=["Cribbs Causeway", "Ashton Court"]))
    assert [i.text for i in one if i.kind == "check-in"] == ["Checked in at Cribbs Causeway, Bristol"]
    assert len([i for i in two if i.kind == "check-in"]) == 2


def test_tags_of_people_are_items(tmp_path: Path) -> None:
    post = facebook_post("Great night out", 0)
    post["tags"] = [{"name": "Kayleigh Smith"}, {"name": "Dan Jones"}]
    items = _items(write_facebook_export(tmp_path, [post]))
    assert ("tag", "Tagged: Kayleigh Smith, Dan Jones") in {(i.kind, i.text) for i in items}


def test_empty_data_arrays_and_missing_keys_are_tolerated(tmp_path: Path) -> None:
    items = _items(
        write_facebook_export(tmp_path, [{"timestamp": 1_700_000_000, "data": []}, {}, {"data": [{}]}])
    )
    assert [i for i in items if i.kind == "post"] == []


def test_dates_are_utc_iso_and_ids_are_stable_across_reexports(tmp_path: Path) -> None:
    first = _items(write_facebook_export(tmp_path / "a", ["same post"], posts_per_file=1))
    again = _items(write_facebook_export(tmp_path / "b", ["other", "same post"], posts_per_file=1))
    post = next(i for i in first if i.text == "same post")
    assert post.when == "2023-11-14T22:13:20Z"
    assert post.permalink is None and post.where.endswith("#1")
    moved = next(i for i in again if i.text == "same post")
    assert moved.where != post.where
    assert moved.item_id != post.item_id or moved.when == post.when  # same day and text -> same id
    assert len({i.item_id for i in again}) == len(again)


def test_posts_and_comments_in_groups_are_items(tmp_path: Path) -> None:
    (folder,) = write_facebook_export(tmp_path, [], as_zip=False)
    groups = folder / "your_facebook_activity" / "groups"
    groups.mkdir(parents=True)
    (groups / "your_posts_in_groups.json").write_text(
        meta_json({"group_posts_v2": [facebook_post("Selling a buggy, collection from BS5", 0)]})
    )
    (groups / "your_comments_in_groups.json").write_text(
        meta_json(
            {
                "group_comments_v2": [
                    {"timestamp": 1_700_000_000, "data": [{"comment": {"comment": "Me too!"}}]}
                ]
            }
        )
    )
    found = {(i.kind, i.text) for i in _items([folder])}
    assert {("post", "Selling a buggy, collection from BS5"), ("comment", "Me too!")} <= found
