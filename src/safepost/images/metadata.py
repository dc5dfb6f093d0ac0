"""What a photo's hidden data says about who took it, with what, when and where.

Three places hold it: EXIF (cameras and phones), XMP (editing apps) and IPTC (news and stock
tools). Each item keeps the field it came from, so that a finding can say exactly what to remove.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from PIL import ExifTags, Image, ImageFile, IptcImagePlugin

from safepost.images.opening import pillow_quiet

Kind = Literal["gps", "place", "owner", "serial", "taken-at", "camera"]


@dataclass(frozen=True, slots=True)
class MetaItem:
    """One fact from the photo's hidden data, e.g. ``owner`` "Camera owner (EXIF)" "Jane Smith"."""

    kind: Kind
    part: str
    value: str
    position: tuple[float, float] | None = None  # latitude, longitude for ``gps``


_EXIF_TEXT: dict[int, tuple[Kind, str]] = {
    ExifTags.Base.Artist: ("owner", "Artist"),
    ExifTags.Base.Copyright: ("owner", "Copyright"),
    ExifTags.Base.CameraOwnerName: ("owner", "Camera owner"),
    ExifTags.Base.BodySerialNumber: ("serial", "Camera serial number"),
    ExifTags.Base.LensSerialNumber: ("serial", "Lens serial number"),
    ExifTags.Base.DateTimeOriginal: ("taken-at", "Date taken"),
    ExifTags.Base.DateTime: ("taken-at", "Date changed"),
}
_EXIF_UTF16: dict[int, tuple[Kind, str]] = {ExifTags.Base.XPAuthor: ("owner", "Author")}
# XMP keys (namespace dropped) -> kind and a readable field name.
_XMP_KEYS: dict[str, tuple[Kind, str]] = {
    "creator": ("owner", "Creator"),
    "Artist": ("owner", "Artist"),
    "Author": ("owner", "Author"),
    "OwnerName": ("owner", "Camera owner"),
    "CameraOwnerName": ("owner", "Camera owner"),
    "rights": ("owner", "Rights"),
    "SerialNumber": ("serial", "Camera serial number"),
    "BodySerialNumber": ("serial", "Camera serial number"),
    "LensSerialNumber": ("serial", "Lens serial number"),
    "DateTimeOriginal": ("taken-at", "Date taken"),
    "DateCreated": ("taken-at", "Date taken"),
    "CreateDate": ("taken-at", "Date taken"),
    "City": ("place", "City"),
    "Location": ("place", "Location"),
    "Sublocation": ("place", "Location"),
    "State": ("place", "Region"),
    "Country": ("place", "Country"),
}
# IPTC (record 2) dataset numbers.
_IPTC: dict[tuple[int, int], tuple[Kind, str]] = {
    (2, 80): ("owner", "By-line (photographer)"),
    (2, 116): ("owner", "Copyright notice"),
    (2, 122): ("owner", "Caption writer"),
    (2, 55): ("taken-at", "Date created"),
    (2, 90): ("place", "City"),
    (2, 92): ("place", "Location"),
    (2, 95): ("place", "Region"),
    (2, 101): ("place", "Country"),
}
_PNG_TEXT: dict[str, tuple[Kind, str]] = {
    "Author": ("owner", "Author"),
    "Artist": ("owner", "Artist"),
    "Copyright": ("owner", "Copyright"),
}
_MAX_VALUE = 200  # a metadata text longer than this is cut for display
# Control characters left after spacing is tidied: a photo's text is written by whoever made the
# file, and an escape sequence in it could retitle or repaint the terminal that shows the report.
_CONTROLS = {c: "\ufffd" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}


def read_metadata(image: Image.Image) -> list[MetaItem]:
    """Every owner name, serial number, timestamp, place and GPS position the file carries, once each."""
    seen: set[tuple[str, str]] = set()
    items: list[MetaItem] = []
    with pillow_quiet():
        found = (*_exif_items(image), *_xmp_items(image), *_iptc_items(image), *_png_items(image))
    for item in found:
        key = (item.kind, item.value.casefold())
        if item.value and key not in seen:
            seen.add(key)
            items.append(item)
    return items


def _clean(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = " ".join(str(value).replace("\x00", " ").split()).translate(_CONTROLS)
    return text[:_MAX_VALUE]


def _exif_items(image: Image.Image) -> Iterator[MetaItem]:
    try:
        exif = image.getexif()
        sub = {**exif, **exif.get_ifd(ExifTags.IFD.Exif)}
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # a damaged EXIF block must not stop the rest of the check
        return
    for tag, (kind, name) in _EXIF_TEXT.items():
        if tag in sub:
            yield MetaItem(kind, f"{name} (EXIF)", _clean(sub[tag]))
    for tag, (utf16_kind, name) in _EXIF_UTF16.items():
        raw = sub.get(tag)
        if isinstance(raw, bytes):
            yield MetaItem(utf16_kind, f"{name} (EXIF)", _clean(raw.decode("utf-16-le", "replace")))
    make, model = _clean(sub.get(ExifTags.Base.Make, "")), _clean(sub.get(ExifTags.Base.Model, ""))
    if make or model:
        yield MetaItem("camera", "Camera (EXIF)", " ".join(p for p in (make, model) if p))
    position = _exif_position(gps)
    if position is not None:
        yield MetaItem("gps", "GPS position (EXIF)", _format_position(position), position)


def position_item(latitude: object, longitude: object, part: str) -> MetaItem | None:
    """A GPS position known from outside the file (an export's JSON), checked like the file's own."""
    try:
        position = _valid(float(str(latitude)), float(str(longitude)))
    except ValueError:
        return None
    if position is None:
        return None
    return MetaItem("gps", part, _format_position(position), position)


def _exif_position(gps: dict[int, Any]) -> tuple[float, float] | None:
    try:
        lat = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef, "N"))
        lon = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    return _valid(lat, lon)


def _degrees(parts: Any, ref: Any) -> float:
    values = [float(p) for p in parts] if isinstance(parts, tuple | list) else [float(parts)]
    # A rational with a zero denominator reads as NaN or infinity. Some cameras write 0/0 for the
    # minutes or seconds they do not know: the degrees alone still say roughly where.
    values = [v if math.isfinite(v) or i == 0 else 0.0 for i, v in enumerate(values[:3])]
    total: float = sum(v / 60**i for i, v in enumerate(values))
    ref_text = ref.decode("ascii", "replace") if isinstance(ref, bytes) else str(ref)
    return -total if ref_text.strip().upper()[:1] in ("S", "W") else total


def _valid(lat: float, lon: float) -> tuple[float, float] | None:
    """A real position: in range, and not the 0,0 that some phones write when they have no fix."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (abs(lat) < 1e-6 and abs(lon) < 1e-6):
        return None
    if lat != lat or lon != lon:  # NaN
        return None
    return lat, lon


def _format_position(position: tuple[float, float]) -> str:
    return f"{position[0]:.5f}, {position[1]:.5f}"


def _xmp_items(image: Image.Image) -> Iterator[MetaItem]:
    try:
        xmp = image.getxmp()  # parsed with defusedxml, which refuses XML bombs
    except Exception:
        return
    lat = lon = None
    for key, value in _xmp_leaves(xmp, ""):
        if key == "GPSLatitude":
            lat = _xmp_degrees(value)
        elif key == "GPSLongitude":
            lon = _xmp_degrees(value)
        elif key in _XMP_KEYS:
            kind, name = _XMP_KEYS[key]
            yield MetaItem(kind, f"{name} (XMP)", _clean(value))
    if lat is not None and lon is not None:
        position = _valid(lat, lon)
        if position is not None:
            yield MetaItem("gps", "GPS position (XMP)", _format_position(position), position)


def _xmp_leaves(node: Any, key: str) -> Iterator[tuple[str, str]]:
    """(nearest meaningful key, text) for every text value; list items take their parent's key."""
    if isinstance(node, dict):
        for child_key, child in node.items():
            plain = child_key in ("Seq", "Bag", "Alt", "li", "text", "Description", "RDF", "xmpmeta")
            yield from _xmp_leaves(child, key if plain else child_key)
    elif isinstance(node, list):
        for child in node:
            yield from _xmp_leaves(child, key)
    elif isinstance(node, str) and node.strip():
        yield key, node


def _xmp_degrees(value: str) -> float | None:
    """XMP writes ``51,27.27N`` or ``51,27,16N``."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*", value)
    if match is None:
        return None
    degrees: float = sum(float(p) / 60**i for i, p in enumerate(match.groups()[:3]) if p is not None)
    return -degrees if match.group(4) in "SW" else degrees


def _iptc_items(image: Image.Image) -> Iterator[MetaItem]:
    if not isinstance(image, ImageFile.ImageFile):
        return
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:
        return
    for dataset, (kind, name) in _IPTC.items():
        raw = info.get(dataset)
        values = raw if isinstance(raw, list) else [raw] if raw is not None else []
        for value in values:
            yield MetaItem(kind, f"{name} (IPTC)", _clean(value))


def _png_items(image: Image.Image) -> Iterator[MetaItem]:
    if image.format != "PNG":
        return
    for key, (kind, name) in _PNG_TEXT.items():
        value = image.info.get(key)
        if isinstance(value, str):
            yield MetaItem(kind, f"{name} (PNG text)", _clean(value))
