"""Checker().check(text, images=[...]): a photo's findings beside the caption's, one verdict for both."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from safepost.checker import Checker
from safepost.errors import InputError
from safepost.images import check_image, check_images
from safepost.images.faces import faces_available
from safepost.images.ocr import tesseract_available
from safepost.models import Verdict
from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, people, save, scenery, text_picture

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(),
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)
needs_opencv = pytest.mark.skipif(
    not faces_available(), reason="opencv-python-headless (photos extra) not installed"
)


def test_a_photo_with_gps_raises_an_ok_caption_to_caution(checker: Checker, tmp_path: Path) -> None:
    photo = save(tmp_path / "garden.jpg", jpeg_bytes(scenery(), exif_block(gps=BRISTOL)))
    result = checker.check("Lovely evening in the garden", images=[photo])
    assert result.verdict is Verdict.CAUTION
    (finding,) = result.findings
    assert finding.rule == "IMG101" and finding.category == "location"
    assert finding.source == "garden.jpg" and finding.part == "GPS position (EXIF)"
    assert finding.start == finding.end == 0
    assert result.images[0].source == "garden.jpg"


def test_without_images_the_result_is_what_it_always_was(checker: Checker) -> None:
    result = checker.check("Lovely evening in the garden")
    assert result.images == ()
    assert all(f.source is None and f.part is None and f.box is None for f in result.findings)


def test_a_clean_photo_and_a_clean_caption_are_ok(checker: Checker) -> None:
    result = checker.check("Hills today", images=[jpeg_bytes(scenery())])
    assert result.verdict is Verdict.OK
    assert result.images[0].source == "photo 1"  # bytes have no file name


def test_caption_findings_keep_their_spans_and_safer_text(checker: Checker) -> None:
    caption = "Text me on 07700 900123"
    result = checker.check(caption, images=[jpeg_bytes(scenery(), exif_block(artist="Jane Doe"))])
    phone = next(f for f in result.findings if f.rule == "CON101")
    assert phone.source is None
    assert caption[phone.start : phone.end] == "07700 900123"
    assert result.safer_text is not None and "07700" not in result.safer_text
    assert any(f.rule == "IMG102" for f in result.findings)


def test_a_photo_without_a_caption_is_still_checked(checker: Checker) -> None:
    result = checker.check("", images=[jpeg_bytes(scenery(), exif_block(serial="SN-1"))])
    assert [f.rule for f in result.findings] == ["IMG103"]


def test_a_single_photo_path_not_in_a_list_is_taken_as_one_photo(checker: Checker, tmp_path: Path) -> None:
    photo = save(tmp_path / "garden.jpg", jpeg_bytes(scenery(), exif_block(gps=BRISTOL)))
    result = checker.check("Hi", images=str(photo))
    assert [i.source for i in result.images] == ["garden.jpg"]


def test_an_unreadable_photo_is_an_input_error_not_a_traceback(checker: Checker) -> None:
    with pytest.raises(InputError, match="photo 2 is not a picture"):
        checker.check("Hi", images=[jpeg_bytes(scenery()), b"not a photo at all"])


@needs_tesseract
def test_words_in_the_picture_go_through_the_text_rules_and_point_at_their_box(checker: Checker) -> None:
    picture = text_picture(["Ring me on 07700 900123"])
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    result = checker.check("", images=[buffer.getvalue()])
    phone = next(f for f in result.findings if f.rule == "CON101")
    assert phone.source == "photo 1" and phone.part == "text in the picture"
    assert phone.box is not None and phone.box[2] <= picture.width
    assert result.verdict is Verdict.STOP
    assert "07700 900123" in result.images[0].text


@needs_opencv
def test_faces_give_one_caution_with_the_count(checker: Checker) -> None:
    result = checker.check("", images=[jpeg_bytes(people(2))])
    (finding,) = [f for f in result.findings if f.rule == "IMG104"]
    assert finding.text == "2 faces"
    assert finding.severity is Verdict.CAUTION and finding.category == "service-user"
    assert finding.box is not None
    assert len(result.images[0].faces) == 2


def test_missing_parts_are_named_in_the_notes(checker: Checker, monkeypatch: pytest.MonkeyPatch) -> None:
    from safepost.images import check as check_module
    from safepost.images.faces import FacesUnavailable
    from safepost.images.ocr import OcrUnavailable

    def no_faces(*_: object, **__: object) -> list[tuple[int, int, int, int]]:
        raise FacesUnavailable("Faces were not looked for: the face detector (OpenCV) is not installed.")

    def no_ocr(*_: object, **__: object) -> None:
        raise OcrUnavailable("Text in the picture was not read: the OCR program Tesseract is not installed.")

    monkeypatch.setattr("safepost.images.faces.find_faces", no_faces)
    monkeypatch.setattr("safepost.images.ocr.read_text", no_ocr)
    monkeypatch.setattr(check_module, "nearest_town", lambda *_: None)
    monkeypatch.setattr(check_module, "gazetteer_available", lambda: False)
    result = check_image(jpeg_bytes(scenery(), exif_block(gps=BRISTOL)), checker)
    notes = " ".join(result.summary.notes)
    assert "Tesseract is not installed" in notes
    assert "face detector" in notes
    assert "place list is not installed" in notes
    assert result.findings[0].rule == "IMG101"  # metadata is still checked


def test_check_image_can_skip_the_slow_parts_for_an_audit(checker: Checker) -> None:
    result = check_image(
        jpeg_bytes(people(1), exif_block(artist="A")), checker, read_words=False, look_for_faces=False
    )
    assert [f.rule for f in result.findings] == ["IMG102"]
    assert result.summary.faces == () and result.summary.text == ""
    assert result.verdict is Verdict.CAUTION


def test_check_images_keeps_the_order_and_returns_errors_instead_of_stopping(checker: Checker) -> None:
    sources = [jpeg_bytes(scenery(), exif_block(serial=f"SN-{i}")) for i in range(5)]
    sources.insert(2, b"not a photo")
    results = list(check_images(sources, checker, workers=2, read_words=False, look_for_faces=False))
    assert len(results) == 6
    assert isinstance(results[2], InputError)
    serials = [r.findings[0].text for r in results if not isinstance(r, InputError)]
    assert serials == [f"SN-{i}" for i in range(5)]
