"""Mastodon archives (4.2 on: a zip of ActivityPub JSON): the outbox's own posts and the profile."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from safepost.importers.base import BaseExport, listed
from safepost.importers.htmltext import html_to_text
from safepost.importers.items import Item
from safepost.importers.jsonstream import iter_items, load_small
from safepost.importers.timestamps import from_text

MEDIA = "media_attachments/"  # files sit under this folder; a status names them by URL
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _audience(activity: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("to", "cc"):
        value = activity.get(key)
        found += [value] if isinstance(value, str) else [str(v) for v in listed(value)]
    return found


class MastodonArchive(BaseExport):
    platform = "mastodon"
    name = "Mastodon archive"

    def items(self) -> Iterator[Item]:
        yield from self._actor()
        if not self.bundle.has("outbox.json"):
            return
        for index, activity in enumerate(
            iter_items(self.bundle, "outbox.json", "orderedItems.item", self.problems), 1
        ):
            # Boosts (Announce) are other people's words; only Create activities are the owner's.
            if isinstance(activity, dict) and activity.get("type") == "Create":
                yield from self._note(activity, f"outbox.json#{index}")

    def _note(self, activity: Mapping[str, Any], where: str) -> Iterator[Item]:
        note = activity.get("object")
        if not isinstance(note, dict):
            return
        status_id = str(note.get("id") or "") or None
        link = str(note.get("url") or note.get("id") or "") or None
        when = from_text(note.get("published") or activity.get("published"))
        warning = html_to_text(str(note.get("summary") or "")).strip()
        body = html_to_text(str(note.get("content") or ""))
        text = f"{warning}\n\n{body}".strip() if warning else body
        audience = _audience(activity) + _audience(note)
        private = not any(a == PUBLIC or a.endswith("/followers") for a in audience)
        kind = "message" if private and audience else "comment" if note.get("inReplyTo") else "post"
        details = (("content warning", warning),) if warning else ()
        if text:
            yield self.item(kind, text, when, where, item_id=status_id, permalink=link, details=details)
        for number, attachment in enumerate(listed(note.get("attachment")), 1):
            if not isinstance(attachment, dict):
                continue
            url = str(attachment.get("url") or "")
            alt = str(attachment.get("name") or "").strip()
            file = self.media_file(url[url.index(MEDIA) :]) if MEDIA in url else None
            photo = (file,) if file else ()
            media_id = f"{status_id}#media{number}" if status_id else None
            if alt:
                yield self.item(
                    "caption",
                    alt,
                    when,
                    where,
                    item_id=media_id,
                    permalink=link,
                    details=(("file", url),),
                    media=photo,
                )
            elif photo:
                yield self.photo_item(photo, when, where, (("file", url),), media_id, link)

    def _actor(self) -> Iterator[Item]:
        if not self.bundle.has("actor.json"):
            return
        actor = load_small(self.bundle, "actor.json", self.problems)
        if not isinstance(actor, dict):
            return
        if bio := html_to_text(str(actor.get("summary") or "")):
            yield self.item("profile", bio, None, "actor.json")
        for field in listed(actor.get("attachment")):
            if isinstance(field, dict) and field.get("type") == "PropertyValue":
                name, value = (
                    str(field.get("name") or "").strip(),
                    html_to_text(str(field.get("value") or "")),
                )
                if value:
                    yield self.item("profile", f"{name}: {value}" if name else value, None, "actor.json")
