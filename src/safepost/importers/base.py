"""What every platform reader shares: the :class:`Export` fields and how item ids are made."""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from safepost.errors import InputError
from safepost.importers.archive import Bundle
from safepost.importers.items import MAX_MEDIA_BYTES, PHOTO_ENDINGS, Item


def listed(value: object) -> list[Any]:
    """A JSON field that should hold a list; anything else (missing, null, a number, an object
    where a list belongs) is an empty list, so odd data is skipped rather than crashing the reader."""
    return value if isinstance(value, list) else []


class BaseExport:
    """An export read lazily from a :class:`Bundle`; subclasses say how to walk its files."""

    platform = "generic"
    name = "Export"

    def __init__(self, bundle: Bundle, layout: str = "", label: str | None = None) -> None:
        self.bundle = bundle
        self.layout = layout
        self.label = label or (f"{self.name} ({layout} layout)" if layout else self.name)
        self.problems: list[str] = list(bundle.problems)

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def estimate(self) -> int | None:
        """Unknown unless a reader can count cheaply (the progress bar then shows no ETA)."""
        return None

    def close(self) -> None:
        self.bundle.close()

    def photo_item(
        self,
        files: tuple[str, ...],
        when: str | None,
        where: str,
        details: tuple[tuple[str, str], ...] = (),
        item_id: str | None = None,
        permalink: str | None = None,
        kind: str = "media",
    ) -> Item:
        """An item for photos posted (or sent, ``kind="message"``) without words: only the pictures.

        Its identity comes from the file name: two such photos of one day have the same (empty) text.
        """
        if item_id is None:
            digest = hashlib.blake2b(f"{kind}\x00{when}\x00{files[0]}".encode(), digest_size=10).hexdigest()
            item_id = f"{self.platform}:{kind}:{digest}"
        return self.item(
            kind, "", when, where, item_id=item_id, permalink=permalink, details=details, media=files
        )

    def media_file(self, reference: object) -> str | None:
        """The export's name for a photo the JSON refers to, when the file is really in the export.

        ``reference`` is a path relative to the export's root (Meta's ``uri``) or a name already
        found; anything else (a video, a web address, a file left out of the download) is None.
        """
        if not isinstance(reference, str) or not reference.lower().endswith(PHOTO_ENDINGS):
            return None
        name = reference.lstrip("/")
        return name if self.bundle.has(name) else None

    def media_count(self) -> int:
        """How many photo files the export holds: the audit checks photos only when there are some."""
        return sum(1 for name in self.bundle.names() if name.lower().endswith(PHOTO_ENDINGS))

    def open_media(self, name: str, limit: int = MAX_MEDIA_BYTES) -> bytes:
        """A photo's bytes, streamed out of the zip or folder in place (nothing is extracted).

        Raises InputError (in plain words) when the file is not in the export, is larger than
        ``limit`` or cannot be unpacked; the zip-bomb limits were already applied when it was opened.
        """
        if not self.bundle.has(name):
            raise InputError(f"{name} is not in the export.")
        size = self.bundle.size(name)
        if size > limit:
            raise InputError(
                f"{name} is too large to be a photo ({size // 1_000_000:,} MB), so it was not checked."
            )
        try:
            with self.bundle.open(name) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise InputError(f"{name} is damaged inside the export and cannot be read ({exc}).") from None
        if len(data) > limit:
            raise InputError(f"{name} is too large to be a photo, so it was not checked.")
        return data

    def item(
        self,
        kind: str,
        text: str,
        when: str | None,
        where: str,
        *,
        item_id: str | None = None,
        permalink: str | None = None,
        details: tuple[tuple[str, str], ...] = (),
        media: tuple[str, ...] = (),
    ) -> Item:
        """An :class:`Item`; without a platform id, the id is a hash of kind, date and text.

        ``where`` is left out of the hash on purpose: Meta renumbers its part files between
        exports, and a re-audit must still recognise the same post.
        """
        if item_id is None:
            digest = hashlib.blake2b(f"{kind}\x00{when}\x00{text}".encode(), digest_size=10).hexdigest()
            item_id = f"{self.platform}:{kind}:{digest}"
        return Item(self.platform, kind, text, when, where, item_id, permalink, details, media)
