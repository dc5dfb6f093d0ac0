"""`safepost audit` and photos: on by default when an export holds photo files, `--no-images` turns
them off, and every report says which photo, what in it and where."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from safepost.images.ocr import tesseract_available
from safepost.reporters.audit_html import segments
from tests.cli.conftest import Invoke, invoke  # noqa: F401 (the fixture)
from tests.images.photos import BRISTOL
from tests.importers.exports import (
    facebook_photo_post,
    facebook_photo_uri,
    photo_jpeg,
    write_facebook_export,
    write_x_archive,
    x_photo_tweet,
)

needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")


def _export(tmp_path: Path) -> Path:
    posts = [
        facebook_photo_post("Day out", 0, latitude=None),
        facebook_photo_post("Broken", 1, latitude=None),
    ]
    media = {
        facebook_photo_uri(0): photo_jpeg(gps=BRISTOL),
        facebook_photo_uri(1): b"\xff\xd8\xff not a photo",
    }
    [path] = write_facebook_export(tmp_path, posts, media=media, employer=None)
    return path


def _records(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_photos_in_the_export_are_checked_by_default_and_a_broken_one_is_a_note(
    invoke: Invoke,  # noqa: F811
    tmp_path: Path,
) -> None:
    result = invoke("audit", str(_export(tmp_path)), "--format", "jsonl", "--no-ocr", "--no-faces")
    assert result.code == 1
    [record] = [r for r in _records(result.out) if r["findings"]]
    assert record["text"] == "Day out"
    [finding] = record["findings"]
    assert (finding["rule"], finding["source"], finding["part"]) == (
        "IMG101",
        facebook_photo_uri(0),
        "GPS position (EXIF)",
    )
    assert "1 photo checked" in result.err
    assert "note: A photo could not be checked" in result.err and facebook_photo_uri(1) in result.err
    assert "Traceback" not in result.err


def test_no_images_leaves_the_photo_files_closed(invoke: Invoke, tmp_path: Path) -> None:  # noqa: F811
    result = invoke("audit", str(_export(tmp_path)), "--format", "jsonl", "--no-images", "--jobs", "1")
    assert result.code == 0
    assert all(not r["findings"] for r in _records(result.out))
    assert "photo" not in result.err


def test_no_images_still_uses_the_location_facebook_kept_in_its_json(
    invoke: Invoke,  # noqa: F811
    tmp_path: Path,
) -> None:
    [path] = write_facebook_export(tmp_path, [facebook_photo_post("Day out", 0)], employer=None)
    result = invoke("audit", str(path), "--format", "jsonl", "--no-images", "--jobs", "1")
    assert result.code == 1
    [record] = [r for r in _records(result.out) if r["findings"]]
    assert [f["part"] for f in record["findings"]] == ["GPS position (Facebook export data)"]


def test_the_html_report_says_which_photo_and_what_in_it(invoke: Invoke, tmp_path: Path) -> None:  # noqa: F811
    report = tmp_path / "audit.html"
    result = invoke(
        "audit", str(_export(tmp_path)), "--report", str(report), "--no-ocr", "--no-faces", "-j", "1"
    )
    assert result.code == 1
    page = report.read_text(encoding="utf-8")
    assert f"In the photo {facebook_photo_uri(0)}: GPS position (EXIF)" in page
    assert "in or next to Bristol" in page
    assert "A photo could not be checked" in page  # the broken one, under the problems


@needs_tesseract
def test_csv_and_text_say_where_in_the_photo_the_words_are(invoke: Invoke, tmp_path: Path) -> None:  # noqa: F811
    tweet, file = x_photo_tweet("New job!", 0)
    [path] = write_x_archive(tmp_path, [tweet], media={file: photo_jpeg(words=["Call me on 07700 900123"])})
    table = invoke("audit", str(path), "--format", "csv", "--no-faces", "-j", "1")
    assert table.code == 2
    [row] = list(csv.DictReader(io.StringIO(table.out)))
    assert f"[in the photo {file}: text in the picture, region" in row["findings"]
    assert row["photos"] == file
    text = invoke("audit", str(path), "--no-faces", "-j", "1")
    assert f"(in the photo {file}: text in the picture, region" in text.out


def test_highlights_in_the_text_ignore_findings_about_a_photo() -> None:
    """A photo's findings index the words read from the photo, not the post's own text."""
    photo = {"start": 0, "end": 4, "severity": "stop", "source": "a.jpg"}
    own = {"start": 5, "end": 8, "severity": "caution"}
    assert segments("New job!", [photo, own]) == [("New j", None), ("ob!", "caution")]


def test_asking_for_images_when_there_are_none_says_so(invoke: Invoke, tmp_path: Path) -> None:  # noqa: F811
    [path] = write_x_archive(tmp_path, ["Lovely walk today"])
    result = invoke("audit", str(path), "--images", "-j", "1")
    assert result.code == 0
    assert "These exports hold no photo files" in result.err
