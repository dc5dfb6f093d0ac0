"""`safepost check --image PHOTO ["caption"]`: photo findings in every format, with check's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke
from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, png_bomb, save, scenery


def gps_photo(tmp_path: Path) -> Path:
    return save(tmp_path / "park.jpg", jpeg_bytes(scenery(), exif_block(gps=BRISTOL)))


def test_a_photo_with_gps_is_a_caution_and_says_where(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("check", "--image", str(gps_photo(tmp_path)), "Sunny afternoon")
    assert result.code == 1, result.err
    assert "CAUTION" in result.out
    assert "photo park.jpg: GPS position (EXIF)" in result.out
    assert "IMG101" in result.out


def test_a_photo_can_be_checked_without_a_caption(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("check", "--image", str(gps_photo(tmp_path))).code == 1


def test_json_gives_the_photo_part_and_a_summary_of_each_photo(invoke: Invoke, tmp_path: Path) -> None:
    clean = tmp_path / "hills.png"
    scenery().save(clean)
    result = invoke("check", "-f", "json", "--image", str(gps_photo(tmp_path)), "--image", str(clean), "Hi")
    data = json.loads(result.out)
    finding = next(f for f in data["findings"] if f["rule"] == "IMG101")
    assert finding["source"] == "park.jpg" and finding["part"] == "GPS position (EXIF)"
    assert [i["source"] for i in data["images"]] == ["park.jpg", "hills.png"]
    assert data["images"][0]["metadata"][0]["part"] == "GPS position (EXIF)"


def test_jsonl_gives_one_result_line_with_the_photo_findings(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("check", "-f", "jsonl", "--image", str(gps_photo(tmp_path)), "Hi")
    (line,) = result.out.splitlines()
    assert json.loads(line)["verdict"] == "caution"


def test_caption_only_json_has_no_photo_keys(invoke: Invoke) -> None:
    data = json.loads(invoke("check", "-f", "json", "Text me on 07700 900123").out)
    assert "images" not in data
    assert all("source" not in f for f in data["findings"])


def test_a_bad_photo_exits_4_with_a_plain_message(invoke: Invoke, tmp_path: Path) -> None:
    for data, words in ((b"", "empty"), (b"hello", "not a picture"), (png_bomb(), "too large")):
        path = save(tmp_path / "bad.jpg", data)
        result = invoke("check", "--image", str(path), "Hi")
        assert result.code == 4, result.err
        assert words in result.err and "Traceback" not in result.err


def test_image_cannot_be_combined_with_a_batch_file(invoke: Invoke, tmp_path: Path) -> None:
    batch = save(tmp_path / "posts.jsonl", b'{"text": "hi"}\n')
    result = invoke("check", "--image", str(gps_photo(tmp_path)), "--input", str(batch))
    assert result.code == 3


def test_the_text_report_says_what_each_photo_held_and_what_was_odd(invoke: Invoke, tmp_path: Path) -> None:
    lying = tmp_path / "really-a-png.jpg"
    scenery().save(lying, format="PNG")
    result = invoke("check", "--image", str(lying), "Hills")
    assert result.code == 0
    assert "Photo really-a-png.jpg: PNG, 640×480" in result.out
    assert "Note: The file is named .jpg but is really a PNG picture" in result.out


def test_escape_sequences_in_a_photo_never_reach_the_terminal(invoke: Invoke, tmp_path: Path) -> None:
    photo = save(tmp_path / "p.jpg", jpeg_bytes(scenery(), exif_block(artist="Jane \x1b]0;owned\x07\x1b[2J")))
    for command in (["check", "--image", str(photo)], ["clean", str(photo), "-o", str(tmp_path / "c.jpg")]):
        result = invoke(*command)
        assert "Jane" in result.out
        assert "\x1b" not in result.out and "\x07" not in result.out
