"""`safepost clean PHOTO -o SAFE`: a copy without hidden data, plain messages, documented exit codes."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from safepost.images.metadata import read_metadata
from tests.cli.conftest import Invoke
from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, save, scenery


def test_clean_writes_a_copy_without_hidden_data_and_lists_what_it_removed(
    invoke: Invoke, tmp_path: Path
) -> None:
    source = save(tmp_path / "beach.jpg", jpeg_bytes(scenery(), exif_block(gps=BRISTOL, artist="Jane Doe")))
    out = tmp_path / "beach-safe.jpg"
    result = invoke("clean", str(source), "-o", str(out))
    assert result.code == 0, result.err
    assert "Saved a clean copy" in result.out
    assert "Artist (EXIF): Jane Doe" in result.out
    assert read_metadata(Image.open(out)) == []


def test_clean_refuses_to_replace_a_file_without_force(invoke: Invoke, tmp_path: Path) -> None:
    source = save(tmp_path / "a.jpg", jpeg_bytes(scenery()))
    out = save(tmp_path / "b.jpg", b"mine")
    result = invoke("clean", str(source), "-o", str(out))
    assert result.code == 3
    assert "already exists" in result.err and "Traceback" not in result.err
    assert invoke("clean", str(source), "-o", str(out), "--force").code == 0


def test_clean_of_a_file_that_is_not_a_photo_exits_4_with_a_plain_message(
    invoke: Invoke, tmp_path: Path
) -> None:
    source = save(tmp_path / "notes.jpg", b"")
    result = invoke("clean", str(source), "-o", str(tmp_path / "out.jpg"))
    assert result.code == 4
    assert "empty" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out.jpg").exists()


def test_clean_needs_an_output(invoke: Invoke, tmp_path: Path) -> None:
    source = save(tmp_path / "a.jpg", jpeg_bytes(scenery()))
    assert invoke("clean", str(source)).code == 3


def test_clean_says_when_the_copy_is_only_part_of_a_cut_short_photo(invoke: Invoke, tmp_path: Path) -> None:
    source = save(tmp_path / "cut.jpg", jpeg_bytes(scenery((800, 600)))[:6000])
    result = invoke("clean", str(source), "-o", str(tmp_path / "safe.jpg"))
    assert result.code == 0, result.err
    assert "Note: The original is cut short" in result.out
