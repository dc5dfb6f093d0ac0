"""X archives: tweets in every file generation, part files, deleted and note tweets, DMs, permalinks."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.importers import Item, open_exports
from tests.importers.exports import TWEET_ID_BASE, write_x_archive, x_tweet


def _items(paths: list[Path]) -> list[Item]:
    (export,) = open_exports(paths)
    return list(export.items())


@pytest.mark.parametrize("layout", ["tweets", "tweet"])
def test_tweets_and_part_files_are_read_in_order(tmp_path: Path, layout: str) -> None:
    texts = [f"tweet {n}" for n in range(5)]
    items = _items(write_x_archive(tmp_path, texts, layout=layout, parts=3))
    assert [i.text for i in items if i.kind == "post"] == texts


def test_html_entities_are_unescaped_and_links_expanded(tmp_path: Path) -> None:
    tweet = x_tweet("Fish & chips <3 https://t.co/abc", 0)
    tweet["tweet"]["entities"]["urls"] = [
        {"url": "https://t.co/abc", "expanded_url": "https://example.org/chips"}
    ]
    items = _items(write_x_archive(tmp_path, [tweet]))
    assert items[-1].text == "Fish & chips <3 https://example.org/chips"


def test_permalink_comes_from_the_id_and_the_username(tmp_path: Path) -> None:
    items = _items(write_x_archive(tmp_path, ["hello"], username="jobloggs"))
    post = next(i for i in items if i.kind == "post")
    assert post.permalink == f"https://x.com/jobloggs/status/{TWEET_ID_BASE}"
    assert post.item_id == f"x:{TWEET_ID_BASE}"
    assert post.when == "2023-11-14T22:13:20Z"


def test_deleted_and_note_tweets_are_items(tmp_path: Path) -> None:
    items = _items(write_x_archive(tmp_path, [], deleted=["I deleted this"], notes=["A very long post"]))
    deleted = next(i for i in items if i.text == "I deleted this")
    assert dict(deleted.details)["deleted"] and deleted.permalink is None
    assert any(i.text == "A very long post" for i in items)


def test_only_direct_messages_the_owner_sent_are_items(tmp_path: Path) -> None:
    items = _items(write_x_archive(tmp_path, [], messages=[(True, "from me"), (False, "to me")]))
    assert [i.text for i in items if i.kind == "message"] == ["from me"]


def test_replies_are_comments_and_places_are_check_ins(tmp_path: Path) -> None:
    reply = x_tweet("@sam congrats!", 0, in_reply_to_screen_name="sam", in_reply_to_status_id_str="1")
    placed = x_tweet("Lunch", 1, place={"full_name": "Clifton, Bristol"})
    items = _items(write_x_archive(tmp_path, [reply, placed]))
    found = {(i.kind, i.text) for i in items}
    assert ("comment", "@sam congrats!") in found
    assert ("check-in", "Tweeted from Clifton, Bristol") in found


def test_estimate_comes_from_the_manifest(tmp_path: Path) -> None:
    (export,) = open_exports(write_x_archive(tmp_path, ["a", "b", "c"]))
    assert export.estimate() == 3


def test_large_generated_archive_streams_every_item(tmp_path: Path) -> None:
    (export,) = open_exports(write_x_archive(tmp_path, n_items=20_000))
    assert export.estimate() == 20_000
    assert sum(1 for _ in export.items()) == 20_000
    assert export.problems == []


def test_a_long_post_gets_its_whole_text_from_the_note_and_is_not_counted_twice(tmp_path: Path) -> None:
    whole = "This is a long post about our team's work this year. " * 8
    start = x_tweet(whole[:270] + "… https://t.co/more", 0)
    items = _items(write_x_archive(tmp_path, [start, "short one"], notes=[whole, "an unmatched note"]))
    posts = [i for i in items if i.kind == "post"]
    assert [p.text for p in posts] == [whole.strip(), "short one", "an unmatched note"]
    assert posts[0].permalink == f"https://x.com/jobloggs/status/{TWEET_ID_BASE}"
