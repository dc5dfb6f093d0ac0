"""Generic CSV, JSONL and JSON files: the column rules, permalinks, and bad lines."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from safepost.importers import open_exports
from tests.importers.exports import write_generic_csv, write_generic_jsonl


def test_csv_text_column_date_and_url_are_used(tmp_path: Path) -> None:
    (export,) = open_exports(write_generic_csv(tmp_path, ["Blog post text"], column="Content"))
    (item,) = export.items()
    assert (item.platform, item.kind, item.text) == ("generic", "post", "Blog post text")
    assert item.when == "2023-11-14T22:13:20Z"
    assert item.permalink == "https://blog.example/posts/0"


def test_jsonl_reads_objects_and_bare_strings_and_reports_bad_lines(tmp_path: Path) -> None:
    (path,) = write_generic_jsonl(tmp_path, ["first"])
    with path.open("a", encoding="utf-8") as out:
        out.write('"a bare string"\n{not json}\n\n{"body": "from body", "type": "comment"}\n')
    (export,) = open_exports([path])
    found = [(i.kind, i.text) for i in export.items()]
    assert found == [("post", "first"), ("post", "a bare string"), ("comment", "from body")]
    assert export.problems == [f"{path.name} line 3 is not valid JSON and was skipped."]


def test_a_json_array_file_streams_like_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_text('[{"text": "one"}, {"message": "two"}, ')
    (export,) = open_exports([path])
    assert [i.text for i in export.items()] == ["one", "two"]
    assert "posts.json" in export.problems[0]


def test_a_csv_cell_far_beyond_the_csv_modules_default_limit_is_read(tmp_path: Path) -> None:
    long_post = "word " * 100_000
    (export,) = open_exports(write_generic_csv(tmp_path, [long_post]))
    assert [len(i.text) for i in export.items()] == [len(long_post.strip())]


def test_a_json_file_without_a_list_says_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}')
    (export,) = open_exports([path])
    assert list(export.items()) == []
    assert "holds no list of posts" in export.problems[0]


def test_records_without_a_text_field_are_not_skipped_silently(tmp_path: Path) -> None:
    """A platform's file given on its own (Facebook's your_posts_1.json) used to read as 0 items, no note."""
    path = tmp_path / "your_posts_1.json"
    path.write_text('[{"timestamp": 1700000000, "data": [{"post": "hi"}]}, {"text": "kept"}]')
    (export,) = open_exports([path])
    assert [i.text for i in export.items()] == ["kept"]
    (problem,) = export.problems
    assert "your_posts_1.json: 1 record(s) had no text field and were skipped" in problem


def test_a_json_file_saved_as_utf16_reads_the_same(tmp_path: Path) -> None:
    """Windows' PowerShell saves UTF-16: it used to be "not valid JSON near byte 0"."""
    path = tmp_path / "posts.json"
    posts = [{"text": f"Caf\u00e9 post {n} \U0001f600"} for n in range(3000)]
    for encoding in ("utf-16", "utf-16-be"):
        data = json.dumps(posts, ensure_ascii=False).encode(encoding)
        path.write_bytes(data if encoding == "utf-16" else codecs.BOM_UTF16_BE + data)
        (export,) = open_exports([path])
        assert [i.text for i in export.items()] == [p["text"] for p in posts]
        assert export.problems == []
