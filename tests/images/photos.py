"""Test photos made on the fly with Pillow: hidden data, rendered text, drawn faces, broken files.

Nothing is downloaded or shipped: the face is drawn (skin oval, hair, brows, eyes, nose, mouth),
which OpenCV's face model recognises, so the detector can be tested without real people's photos.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFilter, ImageFont

BRISTOL = (51.4545, -2.5879)


def exif_block(
    gps: tuple[float, float] | None = None,
    artist: str | None = None,
    owner: str | None = None,
    serial: str | None = None,
    taken: str | None = None,
    orientation: int | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    if artist:
        exif[ExifTags.Base.Artist] = artist
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    if owner:
        sub[ExifTags.Base.CameraOwnerName] = owner
    if serial:
        sub[ExifTags.Base.BodySerialNumber] = serial
    if taken:
        sub[ExifTags.Base.DateTimeOriginal] = taken
    if gps:
        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
        lat, lon = gps
        info[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
        info[ExifTags.GPS.GPSLatitude] = _dms(abs(lat))
        info[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        info[ExifTags.GPS.GPSLongitude] = _dms(abs(lon))
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4)


def scenery(size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A picture with no people and no words: sky, hills and a sun."""
    image = Image.new("RGB", size, (135, 190, 235))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.polygon([(0, h), (0, h * 0.6), (w * 0.4, h * 0.45), (w, h * 0.65), (w, h)], fill=(70, 130, 60))
    draw.ellipse((w * 0.75, h * 0.1, w * 0.85, h * 0.1 + w * 0.1), fill=(250, 220, 90))
    return image


def jpeg_bytes(image: Image.Image, exif: Image.Exif | None = None, **options: object) -> bytes:
    buffer = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    image.save(buffer, format="JPEG", quality=90, **options)
    return buffer.getvalue()


def save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def text_picture(lines: list[str], size: int = 40, width: int = 1200) -> Image.Image:
    """Dark words on white, in the TrueType font that Pillow ships."""
    font = ImageFont.load_default(size=size)
    height = int(size * 1.6) * len(lines) + size * 2
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size, size + i * int(size * 1.6)), line, fill="black", font=font)
    return image


def draw_face(image: Image.Image, centre: tuple[int, int], size: int) -> None:
    """A simple front-on face that OpenCV's frontal-face model detects."""
    draw = ImageDraw.Draw(image)
    cx, cy, s = centre[0], centre[1], size
    draw.ellipse((cx - 0.45 * s, cy - 0.6 * s, cx + 0.45 * s, cy + 0.6 * s), fill=(225, 185, 160))
    draw.chord((cx - 0.5 * s, cy - 0.75 * s, cx + 0.5 * s, cy - 0.05 * s), 180, 360, fill=(60, 40, 30))
    for ex in (-0.2, 0.2):
        draw.rectangle(
            (cx + (ex - 0.13) * s, cy - 0.2 * s, cx + (ex + 0.13) * s, cy - 0.16 * s), fill=(70, 50, 40)
        )
        draw.ellipse((cx + (ex - 0.1) * s, cy - 0.1 * s, cx + (ex + 0.1) * s, cy), fill=(245, 245, 245))
        draw.ellipse(
            (cx + (ex - 0.04) * s, cy - 0.09 * s, cx + (ex + 0.04) * s, cy - 0.01 * s), fill=(30, 30, 30)
        )
    draw.polygon(
        [(cx, cy), (cx - 0.07 * s, cy + 0.2 * s), (cx + 0.07 * s, cy + 0.2 * s)], fill=(200, 150, 130)
    )
    draw.ellipse((cx - 0.17 * s, cy + 0.3 * s, cx + 0.17 * s, cy + 0.38 * s), fill=(150, 60, 60))


def people(count: int, size: int = 160) -> Image.Image:
    """``count`` faces in a row on a plain background, slightly softened like a real photo."""
    image = Image.new("RGB", (int(size * 1.6) * max(count, 1) + size, size * 3), (90, 110, 130))
    for i in range(count):
        draw_face(image, (size + int(size * 1.6) * i, int(size * 1.5)), size)
    return image.filter(ImageFilter.GaussianBlur(size / 60))


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A tiny PNG whose header claims a huge picture (what a decompression bomb does)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF)
    return bytes(data)
