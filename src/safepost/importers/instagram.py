"""Instagram exports (JSON) in three layouts: ``content/``, ``your_instagram_activity/content/``
and ``your_instagram_activity/media/`` (2024 on). Files are found by name, not by folder."""

from __future__ import annotations

import codecs
import re
from collections.abc import Generator, Iterator
from typing import Any

from safepost.importers.base import BaseExport, listed
from safepost.importers.items import Item
from safepost.importers.jsonstream import iter_items, load_small, peek
from safepost.importers.meta import media_details, media_location_text, message_items, text_of
from safepost.importers.timestamps import from_unix

POSTS = re.compile(r"(?:^|/)(?:content|media)/posts(?:_\d+)?\.json$")
STORIES = re.compile(r"(?:^|/)(?:content|media)/stories\.json$")
COMMENTS = re.compile(r"(?:^|/)comments/post_comments(?:_\d+)?\.json$")
PROFILE = re.compile(r"(?:^|/)personal_information/personal_information\.json$")
# "Comment" is translated into the account's language; these are the ones seen so far.
COMMENT_KEYS = ("Comment", "Kommentar", "Commentaire", "Comentario", "Commento", "Comentário", "Opmerking")
OWNER_KEYS = ("Media Owner", "Medieninhaber", "Propriétaire du contenu", "Propietario del contenido")


def instagram_layout(names: list[str]) -> str:
    if any(n.startswith("your_instagram_activity/media/") for n in names):
        return "2024"
    if any(n.startswith("your_instagram_activity/") for n in names):
        return "2022"
    return "older"


class InstagramExport(BaseExport):
    platform = "instagram"
    name = "Instagram export"

    def items(self) -> Iterator[Item]:
        names = sorted(self.bundle.names())
        owner: str | None = None
        for name in (n for n in names if PROFILE.search(n)):
            owner = yield from self._profile(name)
        for name in (n for n in names if POSTS.search(n)):
            for index, post in enumerate(iter_items(self.bundle, name, "item", self.problems), 1):
                yield from self._post(post, f"{name}#{index}")
        for name in (n for n in names if STORIES.search(n)):
            for index, story in enumerate(iter_items(self.bundle, name, "ig_stories.item", self.problems), 1):
                if isinstance(story, dict):
                    yield from self._post({"media": [story]}, f"{name}#{index}")
        for name in (n for n in names if COMMENTS.search(n)):
            head = peek(self.bundle, name, 256, self.problems).removeprefix(codecs.BOM_UTF8).lstrip()
            # Older exports wrap the list in an object.
            prefix = "item" if head.startswith(b"[") else "comments_media_comments.item"
            for index, comment in enumerate(iter_items(self.bundle, name, prefix, self.problems), 1):
                yield from self._comment(comment, f"{name}#{index}")
        yield from message_items(self, owner)

    def _post(self, post: Any, where: str) -> Iterator[Item]:
        """The post's caption, each photo's own caption and location, and the photo files.

        A photo file rides on its location item if it has one, else on its own caption (a
        single-photo post's caption is that photo's), else on an item of its own.
        """
        if not isinstance(post, dict):
            return
        media = [m for m in listed(post.get("media")) if isinstance(m, dict)]
        when = from_unix(post.get("creation_timestamp")) or next(
            (w for m in media if (w := from_unix(m.get("creation_timestamp")))), None
        )
        caption = text_of(post.get("title")) or (text_of(media[0].get("title")) if len(media) == 1 else "")
        details = [media_details(one) for one in media]
        locations = [media_location_text(d) for d in details]
        files = [self.media_file(one.get("uri")) for one in media]
        single = len(media) == 1 and not locations[0]
        if caption:
            carried = (files[0],) if single and files[0] else ()
            yield self.item("caption", caption, when, where, media=carried)
        for one, found, location, file in zip(media, details, locations, files, strict=True):
            photo = (file,) if file else ()
            own_caption = text_of(one.get("title"))
            own = len(media) > 1 and bool(own_caption) and own_caption != caption
            if own:
                yield self.item(
                    "caption", own_caption, when, where, details=found, media=() if location else photo
                )
            if location:
                yield self.item("media", location, when, where, details=found, media=photo)
            elif photo and not own and not (single and caption):
                yield self.photo_item(photo, when, where, found)

    def _comment(self, comment: Any, where: str) -> Iterator[Item]:
        fields = comment.get("string_map_data") if isinstance(comment, dict) else None
        if not isinstance(fields, dict):
            return
        text = next(
            (text_of(fields[k].get("value")) for k in COMMENT_KEYS if isinstance(fields.get(k), dict)), ""
        )
        when = next(
            (
                from_unix(v.get("timestamp"))
                for v in fields.values()
                if isinstance(v, dict) and v.get("timestamp")
            ),
            None,
        )
        owner = next(
            (text_of(fields[k].get("value")) for k in OWNER_KEYS if isinstance(fields.get(k), dict)), ""
        )
        if not text:  # an unknown language: the longest value that is not the post's owner
            values = [text_of(v.get("value")) for v in fields.values() if isinstance(v, dict)]
            text = max((v for v in values if v and v != owner), key=len, default="")
        if text:
            yield self.item("comment", text, when, where, details=(("on a post by", owner),) if owner else ())

    def _profile(self, name: str) -> Generator[Item, None, str | None]:
        data = load_small(self.bundle, name, self.problems)
        users = data.get("profile_user") if isinstance(data, dict) else None
        if not isinstance(users, list) or not users or not isinstance(users[0], dict):
            return None
        fields = users[0].get("string_map_data")
        if not isinstance(fields, dict):
            return None
        value = {k: text_of(v.get("value")) for k, v in fields.items() if isinstance(v, dict)}
        for key, label in (
            ("Bio", ""),
            ("Website", "Website: "),
            ("Email", "Email: "),
            ("Phone Number", "Phone: "),
        ):
            if value.get(key):
                yield self.item("profile", label + value[key], None, name)
        return value.get("Name") or value.get("Username") or None
