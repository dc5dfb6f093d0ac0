"""clean_image: a copy with no hidden data, upright, faces blurred on request, verified by reading back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from safepost.errors import UsageError
from safepost.images import clean_image
from safepost.images.faces import faces_available, find_faces
from safepost.images.metadata import read_metadata
from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, people, save, scenery
from tests.images.test_metadata import XMP


def leaky(tmp_path: Path, image: Image.Image | None = None, orientation: int | None = None) -> Path:
    exif = exif_block(
        gps=BRISTOL, artist="Jane Doe", serial="SN-9", taken="2024:01:02 03:04:05", orientation=orientation
    )
    return save(tmp_path / "leaky.jpg", jpeg_bytes(image or scenery(), exif, xmp=XMP))


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_the_copy_has_no_hidden_data_and_the_report_lists_what_went(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"safe{suffix}"
    report = clean_image(leaky(tmp_path), out)
    copy = Image.open(out)
    assert read_metadata(copy) == []
    assert not copy.getexif()
    assert "xmp" not in copy.info and "exif" not in copy.info
    removed = dict(report.removed)
    assert removed["Artist (EXIF)"] == "Jane Doe"
    assert "GPS position (EXIF)" in removed and "Creator (XMP)" in removed


def test_the_original_is_never_changed(tmp_path: Path) -> None:
    source = leaky(tmp_path)
    before = source.read_bytes()
    clean_image(source, tmp_path / "safe.jpg")
    assert source.read_bytes() == before


def test_a_sideways_phone_photo_is_turned_upright_in_the_copy(tmp_path: Path) -> None:
    out = tmp_path / "safe.png"
    clean_image(leaky(tmp_path, scenery((300, 100)), orientation=6), out)
    assert Image.open(out).size == (100, 300)


def test_the_pixels_are_kept(tmp_path: Path) -> None:
    source = save(tmp_path / "a.png", _png(scenery()))
    out = tmp_path / "b.png"
    clean_image(source, out)
    assert (
        ImageChops.difference(Image.open(source).convert("RGB"), Image.open(out).convert("RGB")).getbbox()
        is None
    )


def test_an_existing_output_is_kept_unless_forced(tmp_path: Path) -> None:
    out = save(tmp_path / "safe.jpg", b"keep me")
    with pytest.raises(UsageError, match="already exists"):
        clean_image(leaky(tmp_path), out)
    assert out.read_bytes() == b"keep me"
    clean_image(leaky(tmp_path), out, overwrite=True)
    assert Image.open(out).format == "JPEG"


def test_the_original_cannot_be_the_output(tmp_path: Path) -> None:
    source = leaky(tmp_path)
    with pytest.raises(UsageError, match="new file"):
        clean_image(source, source, overwrite=True)


def test_an_unsupported_output_type_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.jpg, \.png or \.webp"):
        clean_image(leaky(tmp_path), tmp_path / "safe.heic")


@pytest.mark.skipif(not faces_available(), reason="opencv-python-headless (photos extra) not installed")
def test_blurred_faces_are_no_longer_found(tmp_path: Path) -> None:
    source = save(tmp_path / "group.jpg", jpeg_bytes(people(2)))
    out = tmp_path / "safe.jpg"
    report = clean_image(source, out, blur_faces=True)
    assert report.faces_blurred == 2
    assert find_faces(Image.open(out)) == []


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_srgb_profile_is_not_copied_and_colours_stay_the_same(tmp_path: Path) -> None:
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = tmp_path / "profiled.png"
    scenery().save(source, icc_profile=srgb)
    out = tmp_path / "safe.png"
    clean_image(source, out)
    copy = Image.open(out)
    assert "icc_profile" not in copy.info
    difference = ImageChops.difference(Image.open(source).convert("RGB"), copy.convert("RGB"))
    assert max(high for _, high in difference.getextrema()) <= 2  # sRGB to sRGB: colours unchanged


def test_a_damaged_colour_profile_is_ignored(tmp_path: Path) -> None:
    source = tmp_path / "odd.png"
    scenery().save(source, icc_profile=b"not a profile")
    clean_image(source, tmp_path / "safe.png")
    assert "icc_profile" not in Image.open(tmp_path / "safe.png").info


def test_the_colour_conversion_is_what_gets_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageCms, ImageOps

    monkeypatch.setattr(ImageCms, "profileToProfile", lambda image, *_, **__: ImageOps.invert(image))
    source = tmp_path / "wide.png"
    scenery().save(source, icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    clean_image(source, tmp_path / "safe.png")
    expected = ImageOps.invert(scenery())
    assert ImageChops.difference(expected, Image.open(tmp_path / "safe.png").convert("RGB")).getbbox() is None


def test_a_full_copy_has_no_notes(tmp_path: Path) -> None:
    assert clean_image(leaky(tmp_path), tmp_path / "safe.png").notes == ()


def test_the_report_says_when_the_copy_is_only_part_of_a_cut_short_photo(tmp_path: Path) -> None:
    source = save(tmp_path / "cut.jpg", jpeg_bytes(scenery((800, 600)))[:6000])
    (note,) = clean_image(source, tmp_path / "safe.png").notes
    assert "cut short" in note and "only the part that could be read" in note


def test_the_report_says_when_only_the_first_frame_of_an_animation_is_copied(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    frames = [scenery((60, 40)), Image.new("RGB", (60, 40), "red")]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    (note,) = clean_image(save(tmp_path / "moving.gif", buffer.getvalue()), tmp_path / "safe.png").notes
    assert "only the first" in note


def test_the_report_says_when_a_very_large_photo_is_copied_smaller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safepost.images import opening

    monkeypatch.setattr(opening, "DECODE_PIXELS", 100_000)  # as if this 0.5 MP photo were 200 MP
    report = clean_image(save(tmp_path / "big.jpg", jpeg_bytes(scenery((800, 600)))), tmp_path / "safe.png")
    (note,) = report.notes
    assert "(800×600)" in note and "smaller" in note
    assert report.width < 800


@pytest.mark.parametrize(
    ("suffix", "leak"),
    [(".jpg", {"comment": b"Jane Doe"}), (".png", {"pnginfo": "Jane Doe"}), (".webp", {"xmp": b"<x/>"})],
)
def test_a_copy_that_somehow_carries_a_comment_or_text_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, leak: dict[str, object]
) -> None:
    from PIL import PngImagePlugin

    from safepost.errors import StoreError
    from safepost.images import clean

    if "pnginfo" in leak:
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", str(leak["pnginfo"]))
        leak = {"pnginfo": text}
    real_save = Image.Image.save

    def leaky_save(self: Image.Image, fp: object, format: str | None = None, **options: object) -> None:
        real_save(self, fp, format, **{**options, **leak})  # type: ignore[arg-type]

    monkeypatch.setattr(clean.Image.Image, "save", leaky_save)
    out = tmp_path / f"safe{suffix}"
    with pytest.raises(StoreError, match="still carried hidden data"):
        clean_image(leaky(tmp_path), out)
    assert not out.exists()


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_comments_text_chunks_and_profiles_are_all_gone(tmp_path: Path, suffix: str) -> None:
    from PIL import ImageCms, PngImagePlugin

    exif = exif_block(gps=BRISTOL, artist="Jane Doe")
    exif.get_ifd(0x8769)[0x9286] = "UserComment Jane Doe"  # Exif IFD: UserComment
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    text = PngImagePlugin.PngInfo()
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    text.add_text("Comment", "taken at Jane Doe's house")
    text.add_text("Description", "Jane Doe", zip=True)
    png, jpg = tmp_path / "leaky.png", tmp_path / "leaky.jpg"
    scenery().save(png, pnginfo=text, exif=exif, icc_profile=profile)
    scenery().save(jpg, exif=exif, icc_profile=profile, comment=b"Jane Doe", xmp=XMP)
    for source in (png, jpg):
        out = tmp_path / f"safe-{source.suffix[1:]}{suffix}"
        clean_image(source, out)
        data = out.read_bytes()
        assert b"Jane" not in data and b"Sam Carer" not in data and b"Exif" not in data
        assert not {"icc_profile", "comment", "exif", "xmp", "Comment", "Description"} & set(
            Image.open(out).info
        )


@pytest.mark.parametrize(("suffix", "side"), [(".webp", 16_384), (".jpg", 65_501)])
def test_a_picture_too_big_for_the_chosen_type_is_a_usage_error_and_leaves_no_file(
    tmp_path: Path, suffix: str, side: int
) -> None:
    # WebP holds at most 16,383 pixels a side (ValueError from the encoder), JPEG 65,500 ("broken
    # data stream"); a half-written temporary file was left behind.
    source = tmp_path / "strip.png"
    Image.new("RGB", (side, 4), "white").save(source)
    with pytest.raises(UsageError, match=r"Save the clean copy as \.png"):
        clean_image(source, tmp_path / f"safe{suffix}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["strip.png"]
    assert clean_image(source, tmp_path / "safe.png").width == side


def test_an_encoder_error_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from safepost.errors import StoreError
    from safepost.images import clean

    def refuse(*args: object, **kwargs: object) -> None:
        raise ValueError("encoding error 5")

    source = leaky(tmp_path)
    monkeypatch.setattr(clean.Image.Image, "save", refuse)
    with pytest.raises(StoreError, match="encoding error 5"):
        clean_image(source, tmp_path / "safe.webp")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leaky.jpg"]
