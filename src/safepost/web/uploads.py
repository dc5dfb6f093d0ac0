"""Small uploads read into memory: size and type checks in plain words; nothing is written to disk.

Starlette keeps an uploaded part in memory up to 1 MB, so files under the limits used here never
touch the disk (above that it spills to an anonymous temporary file that has no name and vanishes
when closed, which these helpers always do). Large archives for the audit stream to disk instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from fastapi import HTTPException, Request, UploadFile

from safepost.web.csrf import require_api_request

CHUNK = 64 * 1024
MULTIPART_OVERHEAD = 16 * 1024  # the other form fields and part headers around the file


def size_words(size: int) -> str:
    """1536 → "1.5 KB"; 3_500_000 → "3.3 MB"; 4 * 1024**3 → "4 GB"."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(f".0 {unit}", f" {unit}")
    return f"{size / 1024:.1f} KB".replace(".0 KB", " KB")


def shown_name(filename: str) -> str:
    """The file's own name without any folder part, cut short and with control characters removed."""
    name = PurePath(filename.replace("\\", "/")).name
    return "".join(c for c in name if c.isprintable())[:120] or "upload"


def suffix_of(upload: UploadFile) -> str:
    return PurePath(upload.filename or "").suffix.lower()


def check_suffix(upload: UploadFile, allowed: Iterable[str], what: str) -> None:
    """Refuse a file whose name does not end in one of ``allowed`` (".csv", ".json"...)."""
    allowed = tuple(allowed)
    if not upload.filename:
        raise HTTPException(400, f"Choose {what} to upload.")
    if suffix_of(upload) not in allowed:
        kinds = ", ".join(a.lstrip(".").upper() for a in allowed)
        raise HTTPException(400, f"That file is not {what}. Choose a file ending in {kinds}.")


async def read_limited(upload: UploadFile, limit: int, what: str) -> bytes:
    """The whole upload, refusing it in words once it passes ``limit`` bytes. Always closes it."""
    parts: list[bytes] = []
    size = 0
    try:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise HTTPException(
                    413, f"That file is too big for {what} (the limit is {size_words(limit)})."
                )
            parts.append(chunk)
    finally:
        await upload.close()
    if not size:
        raise HTTPException(400, f"That file is empty: choose {what}.")
    return b"".join(parts)


def require_api_upload(request: Request) -> None:
    """FastAPI dependency for API uploads: multipart, our header, and no foreign Origin.

    A form on another site could post multipart, but it cannot add the header without a CORS
    preflight, which this app never grants.
    """
    require_api_request(
        request,
        "multipart/form-data",
        "Send the file as multipart/form-data (for example curl -F file=@FILE).",
    )
