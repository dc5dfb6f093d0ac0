"""Opening photos: the real type from the bytes, clear errors for bad files, damaged files read in part."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image, features

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


def test_a_png_bomb_over_pillows_own_limit_is_told_the_png_limit(tmp_path: Path) -> None:
    # 400 MP: Pillow refuses it while opening. The limit for a PNG is 100 MP, not the JPEG's 178.
    with pytest.raises(InputError, match="limit is 100 million"):
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


def _noise(fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 80).convert("RGB").save(buffer, format=fmt, **options)
    return buffer.getvalue()


def test_a_cut_short_interlaced_gif_is_not_said_to_be_nearly_all_read() -> None:
    # Interlaced rows arrive in four passes, so what is missing is spread through the picture.
    opened = open_image(truncated(_noise("GIF", interlace=True), 0.3))
    note = next(n for n in opened.notes if "cut short" in n)
    share = int(note.split("about ")[1].split("%")[0])
    assert 15 <= share <= 50


def test_a_cut_short_progressive_jpeg_never_claims_all_of_it_was_read() -> None:
    opened = open_image(truncated(_noise("JPEG", progressive=True), 0.05))
    note = next(n for n in opened.notes if "cut short" in n)
    assert "100%" not in note
    assert "lower quality" in note


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


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [
        ("CMYK", "JPEG"),
        ("CMYK", "TIFF"),
        ("I;16", "PNG"),
        ("I", "TIFF"),
        ("F", "TIFF"),
        ("LA", "PNG"),
        ("1", "PNG"),
        ("LAB", "TIFF"),
    ],
)
def test_unusual_colour_modes_are_decoded_to_rgb(mode: str, fmt: str) -> None:
    buffer = io.BytesIO()
    Image.new(mode, (40, 30)).save(buffer, format=fmt)
    opened = open_image(buffer.getvalue())
    assert opened.image.mode in ("RGB", "RGBA") and opened.image.size == (40, 30)


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_a_palette_picture_with_a_see_through_colour_keeps_its_transparency(fmt: str) -> None:
    picture = Image.new("P", (40, 30))
    picture.putpalette([0, 0, 0, 255, 255, 255] * 128)
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, transparency=0)
    assert open_image(buffer.getvalue()).image.mode == "RGBA"


@pytest.mark.parametrize("orientation", [9, 99, 65535])
def test_an_orientation_tag_out_of_range_leaves_the_picture_as_it_is(orientation: int) -> None:
    opened = open_image(jpeg_bytes(scenery((300, 100)), exif_block(orientation=orientation)))
    assert opened.image.size == (300, 100)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_file_that_never_ends_is_read_no_further_than_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # /dev/zero says it holds 0 bytes yet never ends: reading it all would fill the memory.
    from safepost.images import opening

    monkeypatch.setattr(opening, "MAX_FILE_BYTES", 1_000)
    with pytest.raises(InputError, match="too large to be a photo"):
        open_image(Path("/dev/zero"))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safepost.images import opening

    monkeypatch.setattr(opening, "MAX_FILE_BYTES", 1_000)
    with pytest.raises(InputError, match="too large to be a photo"):
        open_image(save(tmp_path / "big.jpg", jpeg_bytes(scenery())))


def _two_page_tiff_with_a_broken_second_page() -> bytes:
    buffer = io.BytesIO()
    scenery((60, 40)).save(buffer, format="TIFF", save_all=True, append_images=[scenery((60, 40))])
    data = bytearray(buffer.getvalue())
    assert data[:2] == b"II"  # little-endian: IFD offsets and tags read with "<"
    first = struct.unpack_from("<I", data, 4)[0]
    count = struct.unpack_from("<H", data, first)[0]
    second = struct.unpack_from("<I", data, first + 2 + 12 * count)[0]
    for entry in range(struct.unpack_from("<H", data, second)[0]):
        at = second + 2 + 12 * entry
        if struct.unpack_from("<H", data, at)[0] == 256:  # ImageWidth: the page loses its size
            struct.pack_into("<H", data, at, 65000)
    return bytes(data)


def test_a_damaged_second_page_does_not_stop_the_first_from_being_checked(tmp_path: Path) -> None:
    # Counting the pages reads every page's header; a page without a size raised TypeError.
    opened = open_image(_two_page_tiff_with_a_broken_second_page())
    assert opened.image.size == (60, 40)
    assert any("first frame" in note for note in opened.notes)
    from safepost.images import clean_image

    report = clean_image(
        save(tmp_path / "pages.tif", _two_page_tiff_with_a_broken_second_page()), tmp_path / "a.png"
    )
    assert any("only the first" in note for note in report.notes)


def test_exif_that_pillow_cannot_write_back_while_turning_the_picture_is_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Turning a picture upright rewrites its EXIF; a damaged tag (found by fuzzing a TIFF) made
    # Pillow raise struct.error "required argument is not an integer" from exif_transpose.
    from PIL import ImageOps

    def broken(image: Image.Image) -> Image.Image:
        raise struct.error("required argument is not an integer")

    monkeypatch.setattr(ImageOps, "exif_transpose", broken)
    opened = open_image(jpeg_bytes(scenery((300, 100)), exif_block(orientation=6)))
    assert opened.image.size == (300, 100)


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow has no AVIF support")
@pytest.mark.parametrize("damage", ["pixels", "item list"])
def test_a_damaged_avif_is_a_clear_input_error(damage: str) -> None:
    # Pillow's AVIF decoder raises RuntimeError, which escaped as a traceback.
    buffer = io.BytesIO()
    scenery((64, 48)).save(buffer, format="AVIF")
    data = buffer.getvalue()
    if damage == "pixels":
        start = data.find(b"mdat") + 4
        data = data[:start] + bytes(len(data) - start)
    else:
        data = data.replace(b"iloc", b"xxxx")
    with pytest.raises(InputError, match="damaged"):
        open_image(data)


def test_a_heic_that_crashes_the_heic_library_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    # data/damaged-crashes-libheif.heic: garden.heic with two bytes changed, found by fuzzing;
    # decoding it in-process ends Python with a segmentation fault inside libheif.
    with pytest.raises(InputError, match="HEIC/HEIF photo but it is damaged"):
        open_image(HEIC_SAMPLE.with_name("damaged-crashes-libheif.heic"))
    assert open_image(HEIC_SAMPLE).format == "HEIF"  # this process is still alive and reading
