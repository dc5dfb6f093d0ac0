"""What an importer yields: one thing the user wrote or shared, ready for the checker.

Importers stream these one at a time (memory must not grow with the export); the audit
judges ``text`` with the same ``Checker`` as ``safepost check`` and uses the rest to say
where the item is and how to find it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

# Kinds of item, as the report names them. Structured kinds (profile fields, check-ins,
# tags, media) carry ``text`` rendered the way the platform shows it, e.g.
# "Works at Bristol City Council as Social Worker" or "Checked in at Cribbs Causeway".
KINDS = (
    "post",
    "comment",
    "caption",
    "message",
    "profile",
    "check-in",
    "tag",
    "media",
)


@dataclass(frozen=True, slots=True)
class Item:
    """One item of an export.

    ``platform``: facebook, instagram, x, linkedin, mastodon, bluesky or generic.
    ``when``: UTC ISO 8601 (``2024-05-01T12:00:00Z``) or None when the export has no date.
    ``where``: the file inside the export and the position in it (``posts/your_posts_1.json#12``).
    ``item_id``: stable identity across re-exports where the platform gives one (tweet id,
    status URL), else derived from ``where`` and ``when``; used for baseline fingerprints.
    ``permalink``: a URL to the item online, when the export allows one.
    ``details``: extra fields shown in the report (e.g. ``{"latitude": "51.45"}`` for media).
    For a ``media`` item, ``latitude``/``longitude`` are where the platform's own data file says
    the photo was taken (Meta keeps them in its JSON and strips them from the picture).
    ``media``: the photos this item carries, as names inside the export (open them with
    ``Export.open_media``); only files that are really in the export are named. Empty for
    items without photos, whose handling is unchanged.
    """

    platform: str
    kind: str
    text: str
    when: str | None
    where: str
    item_id: str
    permalink: str | None = None
    details: tuple[tuple[str, str], ...] = field(default=())
    media: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Limits that stop a zip bomb; the audit's options can raise them."""

    max_total_bytes: int = 20 * 1024**3  # everything expanded
    max_entry_bytes: int = 4 * 1024**3  # one member expanded
    max_ratio: float = 200.0  # expanded / compressed, per member


class Export(Protocol):
    """One platform export (possibly several zips or a folder), read lazily.

    ``label`` is what the progress bar says, e.g. "Facebook export (2024 layout)".
    ``problems`` collects plain-language notes found while reading (a truncated file, with
    the file and the position where it broke); they are reported, never fatal.
    """

    platform: str
    layout: str
    label: str
    problems: list[str]

    def items(self) -> Iterator[Item]: ...

    def estimate(self) -> int | None:
        """How many items, when that is cheap to know (for the progress bar's ETA)."""
        ...

    def close(self) -> None: ...


# Photo files the audit can check, by name (the content decides how each is read). Videos are not
# checked: their location, where the platform's JSON keeps one, is still used.
PHOTO_ENDINGS = (
    ".jpg",
    ".jpeg",
    ".jfif",
    ".png",
    ".webp",
    ".gif",
    ".heic",
    ".heif",
    ".avif",
    ".tif",
    ".tiff",
    ".bmp",
)
MAX_MEDIA_BYTES = 100 * 1024 * 1024  # far more than any compressed photo; a bigger member is refused


@runtime_checkable
class MediaExport(Protocol):
    """An export that can hand over the photos its items name (``Item.media``)."""

    def media_count(self) -> int:
        """How many photo files the export holds (0: nothing for the photo check to open)."""
        ...

    def open_media(self, name: str) -> bytes:
        """The file's bytes, read in place (never extracted); InputError when missing, too large
        or damaged."""
        ...
