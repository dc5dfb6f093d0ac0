"""Generic CSV, JSONL and JSON files: the column rules, permalinks, and bad lines."""

from __future__ import annotations

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
