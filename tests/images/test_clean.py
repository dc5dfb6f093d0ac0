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
