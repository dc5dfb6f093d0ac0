"""What every platform reader shares: the :class:`Export` fields and how item ids are made."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from safepost.importers.archive import Bundle
from safepost.importers.items import Item


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
    ) -> Item:
        """An :class:`Item`; without a platform id, the id is a hash of kind, date and text.

        ``where`` is left out of the hash on purpose: Meta renumbers its part files between
        exports, and a re-audit must still recognise the same post.
        """
        if item_id is None:
            digest = hashlib.blake2b(f"{kind}\x00{when}\x00{text}".encode(), digest_size=10).hexdigest()
            item_id = f"{self.platform}:{kind}:{digest}"
        return Item(self.platform, kind, text, when, where, item_id, permalink, details)
