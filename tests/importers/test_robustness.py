"""Broken, huge, empty and oddly encoded files: items before a break are kept, the break is named."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path

import pytest

from safepost.errors import InputError
from safepost.importers import open_exports
from tests.importers.exports import write_facebook_export, write_generic_csv, write_x_archive

FACEBOOK_POSTS = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"


def test_a_truncated_json_file_keeps_the_items_before_the_break_and_names_file_and_byte(
    tmp_path: Path,
) -> None:
    (folder,) = write_facebook_export(tmp_path, [f"post number {n}" for n in range(10)], as_zip=False)
    posts = folder / FACEBOOK_POSTS
    data = posts.read_bytes()
    cut = data.index(b"post number 7")
    posts.write_bytes(data[:cut])
    (export,) = open_exports([folder])
    texts = [i.text for i in export.items() if i.kind == "post"]
    assert texts == [f"post number {n}" for n in range(7)]
    (problem,) = export.problems
    assert FACEBOOK_POSTS in problem and f"byte {cut:,}" in problem and "ends too early" in problem


def test_a_file_that_is_not_json_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    (folder,) = write_facebook_export(tmp_path, ["fine"], comments=["kept comment"], as_zip=False)
    (folder / FACEBOOK_POSTS).write_text("<html><body>Sorry, something went wrong</body></html>")
    (export,) = open_exports([folder])
    items = list(export.items())
    assert "kept comment" in [i.text for i in items]
    assert any(FACEBOOK_POSTS in p and "not valid JSON near byte" in p for p in export.problems)


def test_a_truncated_tweets_file_in_a_zip_keeps_earlier_tweets(tmp_path: Path) -> None:
    texts = [f"tweet {n}" for n in range(5)]
    (folder,) = write_x_archive(tmp_path / "whole", texts, as_zip=False)
    cut = (folder / "data" / "tweets.js").read_bytes().index(b"tweet 3")
    (export,) = open_exports(write_x_archive(tmp_path / "cut", texts, cut_tweets_at=cut))
    assert [i.text for i in export.items() if i.kind == "post"] == ["tweet 0", "tweet 1", "tweet 2"]
    assert "data/tweets.js" in export.problems[0] and f"byte {cut:,}" in export.problems[0]


def test_a_50_mb_single_post_is_read_whole(tmp_path: Path) -> None:
    (folder,) = write_x_archive(tmp_path, [], as_zip=False)
    big = ("All work and no play makes a long post. " * 1_300_000)[: 50 * 1024 * 1024]
    element = {"tweet": {"id_str": "1", "full_text": big, "created_at": "Fri Feb 24 06:58:32 +0000 2023"}}
    (folder / "data" / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps([element]))
    (export,) = open_exports([folder])
    (post,) = [i for i in export.items() if i.kind == "post"]
    assert len(post.text) == len(big.strip())


def test_memory_does_not_grow_with_the_number_of_items(tmp_path: Path) -> None:
    def peak_while_reading(n: int) -> int:
        (archive,) = write_x_archive(tmp_path / str(n), n_items=n)
        (export,) = open_exports([archive])
        tracemalloc.start()
        count = sum(1 for _ in export.items())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        export.close()
        assert count == n
        return peak

    small, large = peak_while_reading(2_000), peak_while_reading(40_000)
    assert large < small * 2 + 512 * 1024


def test_empty_exports_give_no_items_and_no_problems(tmp_path: Path) -> None:
    for paths in (
        write_facebook_export(tmp_path / "fb", [], owner=None),
        write_x_archive(tmp_path / "x", []),
    ):
        (export,) = open_exports(paths)
        assert [i for i in export.items() if i.kind != "profile"] == []
        assert export.problems == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
def test_csv_in_odd_encodings_reads_the_same_text(tmp_path: Path, encoding: str) -> None:
    text = "Caf\u00e9 na\u00efve \u00a35" if encoding != "cp1252" else "Caf\u00e9 \u2013 \u00a35"
    (export,) = open_exports(write_generic_csv(tmp_path, [text, "second\nline"], encoding=encoding))
    assert [i.text for i in export.items()] == [text, "second\nline"]


def test_a_csv_without_a_text_column_names_the_columns_it_found(tmp_path: Path) -> None:
    path = tmp_path / "stuff.csv"
    path.write_text("name,age\nJo,40\n")
    with pytest.raises(InputError, match=r"no text column.*name, age"):
        open_exports([path])


def test_the_byte_where_a_garbled_file_breaks_is_named(tmp_path: Path) -> None:
    (folder,) = write_facebook_export(tmp_path, ["fine", "also fine"], as_zip=False)
    posts = folder / FACEBOOK_POSTS
    data = posts.read_bytes()
    broken = data.replace(b'"also fine"', b"also fine")
    posts.write_bytes(broken)
    (export,) = open_exports([folder])
    assert [i.text for i in export.items() if i.kind == "post"] == ["fine"]
    position = broken.index(b"also fine")
    (problem,) = export.problems
    reported = int(re.search(r"near byte ([\d,]+)", problem).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert position <= reported <= position + 10


def test_a_json_file_saved_with_a_byte_order_mark_still_reads(tmp_path: Path) -> None:
    (folder,) = write_facebook_export(tmp_path, ["with a BOM"], as_zip=False)
    posts = folder / FACEBOOK_POSTS
    posts.write_bytes(b"\xef\xbb\xbf" + posts.read_bytes())
    (export,) = open_exports([folder])
    assert "with a BOM" in [i.text for i in export.items()]
    assert export.problems == []


def test_data_of_an_odd_shape_is_skipped_and_the_rest_still_read(tmp_path: Path) -> None:
    """A number or an object where a list belongs used to end the audit with a TypeError."""
    facebook = tmp_path / "fb" / "your_facebook_activity" / "posts"
    facebook.mkdir(parents=True)
    (facebook / "your_posts_1.json").write_text(
        json.dumps(
            [
                {"timestamp": 1_700_000_000, "data": 5, "attachments": 7, "tags": 3},
                {"timestamp": 1_700_000_000, "data": [{"post": "still read"}], "attachments": [{"data": 1}]},
            ]
        )
    )
    (export,) = open_exports([facebook.parent.parent.parent])
    assert [i.text for i in export.items()] == ["still read"]

    mastodon = tmp_path / "mastodon"
    mastodon.mkdir()
    note = {"type": "Create", "to": 5, "object": {"content": "<p>toot</p>", "to": {"x": 1}, "attachment": 3}}
    (mastodon / "outbox.json").write_text(json.dumps({"orderedItems": [note]}))
    (export,) = open_exports([mastodon])
    assert [i.text for i in export.items()] == ["toot"]

    (folder,) = write_x_archive(tmp_path / "x", ["tweet"], as_zip=False)
    (folder / "data" / "manifest.js").write_text(
        'window.__THAR_CONFIG = {"dataTypes": {"tweets": {"files": ["tweets.js", 3]}}}'
    )
    (export,) = open_exports([folder])
    assert export.estimate() is None
    assert [i.text for i in export.items() if i.kind == "post"] == ["tweet"]


def test_a_small_file_nested_too_deeply_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "mastodon"
    folder.mkdir()
    (folder / "actor.json").write_text('{"summary": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (folder / "outbox.json").write_text('{"orderedItems": []}')
    (export,) = open_exports([folder])
    assert list(export.items()) == []
    assert any("actor.json is nested too deeply" in p for p in export.problems)
