"""A safe copy of a photo: pixels only, no hidden data, faces blurred on request.

The copy is rebuilt from the decoded pixels (so no EXIF, XMP, IPTC, text chunk or colour profile
can ride along), after turning the picture upright, because without its EXIF a sideways phone
photo would otherwise show sideways. The copy is read back to prove it carries nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter

from safepost.errors import StoreError, UsageError
from safepost.images.metadata import read_metadata
from safepost.images.opening import CUT_SHORT, OpenedImage, open_image
from safepost.models import Box

SAVE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_MAX_SIDE = {"JPEG": 65_500, "WEBP": 16_383}  # the encoders' own limits (libjpeg, libwebp)
# What Pillow reports for any file it writes itself (JFIF header and pixel density, WebP's
# animation fields): nothing about the photo. Anything else found in the copy fails the check.
_FORMAT_HOUSEKEEPING = {
    *("jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"),
    *("loop", "background", "timestamp", "duration"),
}


@dataclass(frozen=True, slots=True)
class CleanReport:
    """What the copy left behind, for telling the person."""

    output: Path
    removed: tuple[tuple[str, str], ...]
    faces_blurred: int
    width: int
    height: int
    notes: tuple[str, ...] = ()  # how the copy differs from the original beyond its hidden data


def clean_image(
    source: Path, output: Path, *, blur_faces: bool = False, overwrite: bool = False
) -> CleanReport:
    """Write a metadata-free upright copy of ``source`` to ``output`` and verify it by reading it back."""
    fmt = SAVE_FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"Save the clean copy as .jpg, .png or .webp (not {output.suffix or 'no extension'})."
        )
    if output.exists() and output.resolve() == Path(source).resolve():
        raise UsageError("The clean copy must be a new file: the original photo is never changed.")
    if output.exists() and not overwrite:
        raise UsageError(f"{output} already exists. Choose another name, or add --force to replace it.")
    opened = open_image(source)
    _check_fits(opened.image.size, fmt, output)
    removed = tuple((item.part, item.value) for item in read_metadata(opened.original))
    upright = _to_srgb(opened.image, opened.original.info.get("icc_profile"))
    pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())  # pixels only, no info
    faces: list[Box] = []
    if blur_faces:
        from safepost.images.faces import find_faces

        faces = find_faces(pixels)
        pixels = _blur(pixels, faces)
    if fmt == "JPEG" and pixels.mode != "RGB":
        pixels = _flatten(pixels)
    _save_atomically(pixels, output, fmt)
    _verify(output, pixels.size)
    return CleanReport(output, removed, len(faces), pixels.width, pixels.height, _differences(opened))


def _check_fits(size: tuple[int, int], fmt: str, output: Path) -> None:
    """JPEG and WebP files have a largest size; a PNG can hold any picture safepost reads."""
    limit = _MAX_SIDE.get(fmt)
    if limit is not None and max(size) > limit:
        raise UsageError(
            f"The picture is {size[0]}×{size[1]} pixels, and a {output.suffix} file can be at most "
            f"{limit:,} pixels on each side. Save the clean copy as .png instead."
        )


def _differences(opened: OpenedImage) -> tuple[str, ...]:
    """What the person should know before posting the copy instead of the original."""
    notes = []
    if any(note.startswith(CUT_SHORT) for note in opened.notes):
        notes.append("The original is cut short: the copy holds only the part that could be read.")
    if opened.frames > 1:
        notes.append(
            "The original holds several pictures (an animation, or a phone's multi-picture photo): "
            "the copy holds only the first."
        )
    if opened.scale != 1.0:
        width, height = (round(side * opened.scale) for side in opened.image.size)
        notes.append(f"The original is very large ({width}×{height}): the copy is a smaller version.")
    return tuple(notes)


def _blur(image: Image.Image, boxes: list[Box]) -> Image.Image:
    """Blur each face past recognition: shrink it to a few blocks, then smooth it out."""
    for left, top, right, bottom in boxes:
        pad = (right - left) // 6
        region = (
            max(0, left - pad),
            max(0, top - pad),
            min(image.width, right + pad),
            min(image.height, bottom + pad),
        )
        patch = image.crop(region)
        blocks = patch.resize((6, 6), Image.Resampling.BOX)
        patch = blocks.resize(patch.size, Image.Resampling.BILINEAR)
        image.paste(patch.filter(ImageFilter.GaussianBlur(max(2, (right - left) // 10))), region[:2])
    return image


def _to_srgb(image: Image.Image, icc: object) -> Image.Image:
    """Convert wide-colour photos (an iPhone's Display P3) to sRGB, since the copy has no profile.

    Without this, dropping the profile would leave colours dull or shifted. A profile that cannot
    be read is ignored: the pixels are kept as they are.
    """
    if not isinstance(icc, bytes) or not icc or image.mode != "RGB":
        return image
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if isinstance(converted, Image.Image) else image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _save_atomically(image: Image.Image, output: Path, fmt: str) -> None:
    """Write beside the target, flush to disk, then rename: a crash never leaves half a photo."""
    folder = output.parent if str(output.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".safepost-", suffix=output.suffix, dir=folder)
    except OSError as exc:
        raise StoreError(f"Cannot write the clean copy in {folder}: {exc.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            options: dict[str, object] = {"quality": 92} if fmt in ("JPEG", "WEBP") else {}
            image.save(stream, format=fmt, **options)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, output)
    except BaseException as exc:  # whatever stopped the write, no half-written copy is left behind
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError | ValueError):  # disk full, or an encoder refusing the picture
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise StoreError(f"Cannot write the clean copy {output}: {message}.") from None
        raise


def _verify(output: Path, size: tuple[int, int]) -> None:
    """Read the copy back: it must open, have the same size, and carry no hidden data at all."""
    copy = open_image(output)
    left = read_metadata(copy.original)
    exif = copy.original.getexif()
    extra = set(copy.original.info) - _FORMAT_HOUSEKEEPING  # comments, text chunks, profiles, ...
    if copy.original.size != size or left or len(exif) or extra:
        output.unlink(missing_ok=True)
        raise StoreError(
            f"The clean copy {output} still carried hidden data when read back, so it was deleted. "
            "Please report this as a bug."
        )
