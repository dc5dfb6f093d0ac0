"""Opening photos: the real type from the bytes, clear errors for bad files, damaged files read in part."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from safepost.checker import Checker
from safepost.errors import InputError
from safepost.images.opening import open_image
from tests.images.photos import exif_block, jpeg_bytes, png_bomb, save, scenery, truncated

HEIC_SAMPLE = Path(__file__).parent / "data" / "garden.heic"


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_png_named_jpg_is_read_as_png_and_the_report_says_so(tmp_path: Path) -> None:
    path = save(tmp_path / "holiday.jpg", png_bytes(scenery()))
    opened = open_image(path)
    assert opened.format == "PNG"
    assert any("named .jpg but is really a PNG" in note for note in opened.notes)


def test_a_correctly_named_photo_has_no_notes(tmp_path: Path) -> None:
    opened = open_image(save(tmp_path / "holiday.jpg", jpeg_bytes(scenery())))
    assert opened.format == "JPEG"
    assert opened.notes == []


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF", "JPEG", "AVIF"])
def test_everyday_formats_open_from_bytes(fmt: str) -> None:
    buffer = io.BytesIO()
    scenery((120, 90)).save(buffer, format=fmt)
    opened = open_image(buffer.getvalue())
    assert opened.image.size == (120, 90)
    assert opened.image.mode in ("RGB", "RGBA")


def test_a_zero_byte_file_is_a_clear_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        open_image(save(tmp_path / "empty.jpg", b""))


def test_a_text_file_is_not_a_picture(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a picture safepost can read"):
        open_image(save(tmp_path / "notes.jpg", b"Shopping list: milk, eggs, bread\n" * 20))


def test_a_missing_file_and_a_folder_are_clear_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Cannot find"):
        open_image(tmp_path / "nowhere.jpg")
    with pytest.raises(InputError, match="folder"):
        open_image(tmp_path)


def test_a_decompression_bomb_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="too large to check safely"):
        open_image(save(tmp_path / "bomb.png", png_bomb()))


def test_a_png_over_the_full_decode_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="limit is 100 million"):
        open_image(save(tmp_path / "big.png", png_bomb(11_000, 10_000)))


def test_a_truncated_jpeg_is_judged_in_part_and_says_how_much_was_read(tmp_path: Path) -> None:
    data = jpeg_bytes(scenery((800, 600)), exif_block(artist="Jane Doe"))
    opened = open_image(save(tmp_path / "cut.jpg", truncated(data, 0.5)))
    note = next(n for n in opened.notes if "cut short" in n)
    share = int(note.split("about ")[1].split("%")[0])
    assert 5 <= share < 100
    assert opened.original.getexif()  # the hidden data, at the start of the file, is still read


def test_a_jpeg_cut_off_inside_its_header_is_a_clear_input_error(tmp_path: Path) -> None:
    data = jpeg_bytes(scenery())
    with pytest.raises(InputError):
        open_image(save(tmp_path / "stub.jpg", data[:40]))


def test_a_fake_heic_file_gets_a_message_about_heic(tmp_path: Path) -> None:
    fake = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(InputError, match="HEIC"):
        open_image(save(tmp_path / "IMG_0001.HEIC", fake))


def test_a_real_heic_photo_from_a_phone_is_read_with_its_hidden_data() -> None:
    # tests/images/data/garden.heic: 200×150, made once with pillow-heif (an encoder we do not
    # ship), with GPS near Bristol and an artist name in its EXIF.
    opened = open_image(HEIC_SAMPLE)
    assert opened.format == "HEIF"
    assert opened.image.size == (200, 150)
    result = Checker().check("", images=[HEIC_SAMPLE])
    assert {f.rule for f in result.findings} >= {"IMG101", "IMG102"}
    assert "Bristol" in next(f.text for f in result.findings if f.rule == "IMG101")


def test_exif_orientation_is_applied_to_the_pixels() -> None:
    data = jpeg_bytes(scenery((300, 100)), exif_block(orientation=6))  # 6: rotate 90° to view
    assert open_image(data).image.size == (100, 300)


def test_only_the_first_frame_of_an_animation_is_checked_and_that_is_said() -> None:
    buffer = io.BytesIO()
    frames = [scenery((60, 40)), Image.new("RGB", (60, 40), "red")]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    assert any("first frame" in note for note in open_image(buffer.getvalue()).notes)


def test_a_very_large_jpeg_is_decoded_smaller_and_remembers_its_real_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safepost.images import opening

    monkeypatch.setattr(opening, "DECODE_PIXELS", 100_000)  # as if this 0.5 MP photo were 200 MP
    opened = open_image(jpeg_bytes(scenery((800, 600))))
    assert opened.image.width * opened.image.height <= 4 * 100_000
    assert opened.scale > 1
    assert round(opened.image.width * opened.scale) == 800
