"""Photos sent to the check page: type checks, the check itself, and the cleaned copy.

An uploaded photo is read into memory, checked and dropped; it is never written anywhere. The
cleaned copy (no hidden data, faces blurred on request) is made in a private temporary folder
that is deleted at once, and held in memory only until it is downloaded, for at most
:data:`CLEAN_COPY_SECONDS`, tied to the browser that asked for it.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path, PurePath

from fastapi import HTTPException

from safepost.checker import Checker
from safepost.errors import InputError, UsageError
from safepost.models import CheckResult

MAX_PHOTO = 25 * 1024 * 1024  # phone photos are 2–12 MB; HEIC and big JPEGs a little more
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif")
WHAT = "a photo (JPEG, PNG, WebP, GIF or HEIC)"
CLEAN_COPY_SECONDS = 10 * 60
CLEAN_COPIES_KEPT = 8
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")
# The copy keeps a format a browser shows: JPEG for photos, PNG for pictures that may be transparent.
_CLEAN_AS = {"jpeg": ".jpg", "heic": ".jpg", "png": ".png", "gif": ".png", "webp": ".webp"}
_MEDIA = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def photo_kind(data: bytes) -> str | None:
    """What the first bytes say the file is: jpeg, png, gif, webp, heic, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "heic"
    return None


def require_photo(data: bytes) -> str:
    kind = photo_kind(data)
    if kind is None:
        raise HTTPException(
            400, "That file is not a photo safepost can read. Choose a JPEG, PNG, WebP, GIF or HEIC picture."
        )
    return kind


def check_with_photo(checker: Checker, text: str, data: bytes) -> CheckResult:
    """The caption and the photo, judged together; an unreadable photo is a 400 in plain words."""
    try:
        return checker.check(text, images=[data])
    except InputError as exc:
        raise HTTPException(400, str(exc).replace("photo 1", "The photo")) from None


@dataclass(frozen=True)
class CleanCopy:
    data: bytes
    filename: str
    media_type: str
    removed: tuple[tuple[str, str], ...]
    faces_blurred: int
    owner: str  # the browser's CSRF cookie: only the browser that asked can download it
    expires: float


def make_clean_copy(data: bytes, kind: str, blur_faces: bool, shown_name: str, owner: str) -> CleanCopy:
    """A metadata-free copy of the photo, made in a private temporary folder that is deleted at once."""
    from safepost.images.clean import clean_image
    from safepost.images.faces import UNAVAILABLE, faces_available

    if blur_faces and not faces_available():
        raise HTTPException(400, UNAVAILABLE.replace("Faces were not looked for", "Faces cannot be blurred"))
    suffix = _CLEAN_AS[kind]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePath(shown_name).stem)[:60].strip("-") or "photo"
    with tempfile.TemporaryDirectory(prefix="safepost-photo-") as folder:  # created 0700
        source = Path(folder) / f"upload.{kind}"
        source.write_bytes(data)
        source.chmod(0o600)
        output = Path(folder) / f"clean{suffix}"
        try:
            report = clean_image(source, output, blur_faces=blur_faces)
        except (InputError, UsageError) as exc:
            raise HTTPException(400, str(exc).replace(str(source), "The photo")) from None
        cleaned = output.read_bytes()
    return CleanCopy(
        cleaned,
        f"{stem}-clean{suffix}",
        _MEDIA[suffix],
        report.removed,
        report.faces_blurred,
        owner,
        time.monotonic() + CLEAN_COPY_SECONDS,
    )


class CleanCopies:
    """Cleaned copies waiting to be downloaded: in memory only, a few at most, each for ten minutes."""

    def __init__(self) -> None:
        self._copies: OrderedDict[str, CleanCopy] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, copy: CleanCopy) -> str:
        token = secrets.token_hex(16)
        with self._lock:
            self._drop_old()
            self._copies[token] = copy
            while len(self._copies) > CLEAN_COPIES_KEPT:
                self._copies.popitem(last=False)
        return token

    def take(self, token: str, owner: str | None) -> CleanCopy | None:
        """The copy, removed as it is handed over; None when gone, expired or asked for by another browser."""
        with self._lock:
            self._drop_old()
            copy = self._copies.get(token)
            if copy is None or not owner or not secrets.compare_digest(copy.owner, owner):
                return None
            del self._copies[token]
            return copy

    def _drop_old(self) -> None:
        now = time.monotonic()
        for token in [t for t, c in self._copies.items() if c.expires < now]:
            del self._copies[token]
