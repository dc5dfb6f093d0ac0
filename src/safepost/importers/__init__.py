"""Readers for platform data exports: each turns an export into a stream of :class:`Item`."""

from safepost.importers.detect import open_exports
from safepost.importers.items import KINDS, ArchiveLimits, Export, Item

__all__ = ["KINDS", "ArchiveLimits", "Export", "Item", "open_exports"]
