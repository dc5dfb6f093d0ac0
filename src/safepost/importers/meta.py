"""What Facebook and Instagram exports share: mojibake, messages threads and photo metadata."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

import ijson

from safepost.importers.base import BaseExport, listed
from safepost.importers.items import Item
from safepost.importers.jsonstream import iter_items, load_small
from safepost.importers.mojibake import fix_mojibake
from safepost.importers.timestamps import from_unix

MESSAGE_FILE = re.compile(r"(?:^|/)messages/(?:[^/]+/)?[^/]+/message_\d+\.json$")


def text_of(value: Any) -> str:
    """A string field as the person typed it (mojibake undone), or "" when missing."""
    return fix_mojibake(value).strip() if isinstance(value, str) else ""


def media_details(media: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The location, camera and dates Meta keeps in its JSON (it strips them from the images)."""
    details: list[tuple[str, str]] = []
    if isinstance(uri := media.get("uri"), str):
        details.append(("file", uri))
    metadata = media.get("media_metadata")
    if isinstance(metadata, dict):
        for kind in ("photo_metadata", "video_metadata"):
            block = metadata.get(kind)
            exif = block.get("exif_data") if isinstance(block, dict) else None
            for entry in exif if isinstance(exif, list) else []:
                if not isinstance(entry, dict):
                    continue
                for key in ("latitude", "longitude", "camera_make", "camera_model", "device_id"):
                    if entry.get(key) not in (None, ""):
                        details.append((key, text_of(entry[key]) or str(entry[key])))
                if taken := from_unix(entry.get("taken_timestamp")):
                    details.append(("taken", taken))
    return tuple(dict(details).items())


def media_location_text(details: tuple[tuple[str, str], ...], noun: str = "Photo") -> str | None:
    """How the report says a photo carries a location, so the checker's location rules see it."""
    found = dict(details)
    if "latitude" in found and "longitude" in found:
        camera = " ".join(v for k, v in details if k in ("camera_make", "camera_model"))
        return f"{noun} with location data: {found['latitude']}, {found['longitude']}" + (
            f" (taken with {camera})" if camera else ""
        )
    return None


def media_items(export: BaseExport, media: Mapping[str, Any], when: str | None, where: str) -> Iterator[Item]:
    """A caption item for the description, and a media item when the photo holds a location.

    The photo file itself, when it is in the export, rides on one of them (``Item.media``): the
    location item if there is one, else the caption; a photo with neither gets an item of its own
    with no text, so the audit can still check the picture.
    """
    details = media_details(media)
    caption = text_of(media.get("description")) or text_of(media.get("title"))
    location = media_location_text(details)
    photo = export.media_file(media.get("uri"))
    files = (photo,) if photo else ()
    if caption:
        yield export.item("caption", caption, when, where, details=details, media=() if location else files)
    if location:
        yield export.item("media", location, when, where, details=details, media=files)
    elif files and not caption:
        yield export.photo_item(files, when, where, details)


def thread_owner_guess(export: BaseExport, names: list[str], limit: int = 30) -> str | None:
    """The person in every thread who is not the thread's title: the export's owner.

    Used when the profile file is missing; Meta titles a thread with the other people's names.
    """
    common: set[str] | None = None
    titles: set[str] = set()
    for name in names[:limit]:
        data = load_small(export.bundle, name, [])
        if not isinstance(data, dict):
            continue
        people = {text_of(p.get("name")) for p in listed(data.get("participants")) if isinstance(p, dict)}
        titles.add(text_of(data.get("title")))
        common = people if common is None else common & people
    candidates = (common or set()) - titles
    if len(candidates) == 1:
        return next(iter(candidates))
    return None


def thread_people(export: BaseExport, name: str) -> list[str]:
    """The people in a conversation, from the start of its file: Meta lists them before the messages,
    so reading stops there (a long conversation is not read twice)."""
    people: list[str] = []
    try:
        with export.bundle.open(name) as raw:
            for prefix, event, value in ijson.parse(raw):
                if prefix == "participants.item.name" and event == "string":
                    people.append(fix_mojibake(value))
                elif prefix == "" and event == "map_key" and value == "messages":
                    break
    except (ijson.JSONError, ValueError, OSError, EOFError, zlib.error, zipfile.BadZipFile):
        pass  # the messages themselves are read, and any damage reported, by iter_items
    return people


def message_items(export: BaseExport, owner: str | None) -> Iterator[Item]:
    """Messages the owner sent; other people's messages are not theirs to answer for."""
    files = sorted(n for n in export.bundle.names() if MESSAGE_FILE.search(n))
    if not files:
        return
    owner = owner or thread_owner_guess(export, files)
    if owner is None:
        export.problems.append(
            "Could not tell which messages are yours (no profile file and no name shared by every "
            "conversation), so messages were not checked."
        )
        return
    for name in files:
        others = [p for p in thread_people(export, name) if p != owner]
        thread = ", ".join(others) if others else name.rsplit("/", 2)[-2]
        for index, message in enumerate(iter_items(export.bundle, name, "messages.item", export.problems), 1):
            if not isinstance(message, dict) or text_of(message.get("sender_name")) != owner:
                continue
            if message.get("is_unsent"):
                continue
            parts = [text_of(message.get("content"))]
            share = message.get("share")
            if isinstance(share, dict) and (link := text_of(share.get("link"))) and link not in parts[0]:
                parts.append(link)
            text = "\n".join(p for p in parts if p)
            photos = tuple(
                file
                for photo in listed(message.get("photos"))
                if isinstance(photo, dict) and (file := export.media_file(photo.get("uri")))
            )
            when = from_unix(message.get("timestamp_ms"))
            details = (("conversation", thread),)
            if text:
                yield export.item("message", text, when, f"{name}#{index}", details=details, media=photos)
            elif photos:  # photos sent without words
                yield export.photo_item(photos, when, f"{name}#{index}", details, kind="message")
