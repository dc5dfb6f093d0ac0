"""Reading words in pictures with Tesseract; skipped (with the reason) where Tesseract is missing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image

from safepost.images import ocr
from safepost.images.ocr import OcrUnavailable, PictureText, Word, read_text, tesseract_available
from tests.images.photos import scenery, text_picture

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(),
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)


@needs_tesseract
def test_a_phone_number_and_a_name_are_read_from_a_rendered_picture() -> None:
    words = read_text(text_picture(["Call Kayleigh on 07700 900123", "Hillside Academy"]))
    assert "07700 900123" in words.text
    assert "Kayleigh" in words.text
    assert "\n" in words.text  # lines are kept apart


@needs_tesseract
def test_each_word_has_a_box_inside_the_picture() -> None:
    picture = text_picture(["Room 4 rota"], size=48)
    words = read_text(picture)
    start = words.text.index("rota")
    box = words.box_for(start, start + 4)
    assert box is not None
    left, top, right, bottom = box
    assert 0 <= left < right <= picture.width and 0 <= top < bottom <= picture.height


@needs_tesseract
def test_boxes_are_reported_in_the_original_photo_size() -> None:
    picture = text_picture(["Room 4 rota"], size=48)
    plain = read_text(picture).words[0].box
    scaled = read_text(picture, scale=2.0).words[0].box
    assert scaled == pytest.approx(tuple(2 * v for v in plain), abs=2)


@needs_tesseract
def test_dark_words_on_a_see_through_background_are_read() -> None:
    letters = text_picture(["Ring 07700 900123"]).convert("L").point(lambda v: 255 - v)
    picture = Image.new("RGBA", letters.size, (0, 0, 0, 0))  # black everywhere, only letters opaque
    picture.putalpha(letters)
    assert "07700 900123" in read_text(picture).text


@needs_tesseract
def test_a_picture_without_words_reads_as_empty() -> None:
    assert read_text(scenery()).text.strip() == ""


def test_a_missing_tesseract_is_reported_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailable, match="Tesseract is not installed"):
        read_text(scenery((100, 80)))
    assert "apt-get install tesseract-ocr" in ocr.MISSING


def test_box_for_joins_the_words_a_span_touches() -> None:
    words = PictureText("ab cd", (Word(0, 2, (0, 0, 10, 10)), Word(3, 5, (20, 5, 30, 15))))
    assert words.box_for(0, 5) == (0, 0, 30, 15)
    assert words.box_for(3, 4) == (20, 5, 30, 15)
    assert words.box_for(2, 3) is None


def test_tesseract_runs_on_one_thread_without_touching_this_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    import pytesseract

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    monkeypatch.setattr(pytesseract.pytesseract, "environ", os.environ)
    ocr._one_thread_per_tesseract(pytesseract)
    assert pytesseract.pytesseract.environ["OMP_THREAD_LIMIT"] == "1"
    assert "OMP_THREAD_LIMIT" not in os.environ


def test_a_thread_limit_the_user_set_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import pytesseract

    monkeypatch.setenv("OMP_THREAD_LIMIT", "4")
    monkeypatch.setattr(pytesseract.pytesseract, "environ", os.environ)
    ocr._one_thread_per_tesseract(pytesseract)
    assert pytesseract.pytesseract.environ["OMP_THREAD_LIMIT"] == "4"


def test_a_tesseract_failure_is_not_called_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    def fail(*args: object, **kwargs: object) -> object:
        raise pytesseract.TesseractError(1, "Failed loading language 'eng'")

    monkeypatch.setattr(pytesseract, "image_to_data", fail)
    with pytest.raises(OcrUnavailable) as caught:
        read_text(scenery((100, 80)))
    assert "Tesseract failed (Failed loading language 'eng')" in str(caught.value)
    assert "too long" not in str(caught.value)


def test_a_hung_tesseract_is_stopped_and_the_check_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pytesseract

    hung = tmp_path / "tesseract"
    hung.write_text("#!/bin/sh\nexec sleep 60\n")  # exec: the killed process is the sleep
    hung.chmod(0o755)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(hung))
    monkeypatch.setattr(ocr, "TIMEOUT_S", 1)
    started = time.monotonic()
    with pytest.raises(OcrUnavailable, match="took too long"):
        read_text(scenery((100, 80)))
    assert time.monotonic() - started < 10


def test_a_tesseract_that_cannot_be_started_is_a_note_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pytesseract

    def denied(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pytesseract, "image_to_data", denied)
    with pytest.raises(OcrUnavailable, match="could not be run"):
        read_text(scenery((100, 80)))
