"""X (Twitter) archives: tweets (every generation of file name and part files), deleted
tweets, long "note" tweets, direct messages the owner sent, and the profile bio."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

from safepost.importers.base import BaseExport, listed
from safepost.importers.items import Item
from safepost.importers.jsonstream import iter_items, load_small
from safepost.importers.timestamps import from_text, from_twitter

TWEETS = re.compile(r"^data/tweets?(?:-part\d+)?\.js$")
DELETED = re.compile(r"^data/deleted-tweets?(?:-part\d+)?\.js$")
NOTES = re.compile(r"^data/note-tweet(?:-part\d+)?\.js$")
MEDIA_FOLDERS = ("data/tweets_media/", "data/tweet_media/")
DMS = re.compile(r"^data/direct-messages?(?:-group)?(?:-part\d+)?\.js$")


def _part_order(name: str) -> tuple[int, str]:
    digits = re.search(r"part(\d+)", name)
    return (int(digits.group(1)) if digits else 0, name)


def tweet_text(tweet: Mapping[str, Any]) -> str:
    """``full_text`` unescaped, t.co links expanded, and the photo's own t.co link dropped."""
    text = html.unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
    entities = tweet.get("entities")
    for url in listed(entities.get("urls")) if isinstance(entities, dict) else []:
        if isinstance(url, dict) and url.get("url") and url.get("expanded_url"):
            text = text.replace(str(url["url"]), str(url["expanded_url"]))
    extended = tweet.get("extended_entities") or entities
    for media in listed(extended.get("media")) if isinstance(extended, dict) else []:
        if isinstance(media, dict) and media.get("url"):
            text = text.replace(str(media["url"]), "")
    return text.strip()


class XArchive(BaseExport):
    platform = "x"
    name = "X archive"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account_id, self.username = self._account()
        self._notes: dict[str | None, list[Item]] = {}

    def _account(self) -> tuple[str | None, str | None]:
        if not self.bundle.has("data/account.js"):
            return None, None
        data = load_small(self.bundle, "data/account.js", self.problems, script=True)
        account = (
            data[0].get("account") if isinstance(data, list) and data and isinstance(data[0], dict) else None
        )
        if not isinstance(account, dict):
            return None, None
        return (
            str(account["accountId"]) if account.get("accountId") else None,
            account.get("username") or None,
        )

    def estimate(self) -> int | None:
        """The manifest counts every data file's entries: a free ETA."""
        if not self.bundle.has("data/manifest.js"):
            return None
        manifest = load_small(self.bundle, "data/manifest.js", [], script=True)
        if not isinstance(manifest, dict):
            return None
        total = 0
        for key in ("tweets", "deletedTweets", "noteTweet"):
            types = manifest.get("dataTypes")
            block = types.get(key) if isinstance(types, dict) else None
            for file in listed(block.get("files")) if isinstance(block, dict) else []:
                try:
                    total += int(file.get("count", 0)) if isinstance(file, dict) else 0
                except (TypeError, ValueError):
                    continue
        return total or None

    def permalink(self, tweet_id: str) -> str:
        return f"https://x.com/{self.username or 'i/web'}/status/{tweet_id}"

    def _elements(self, pattern: re.Pattern[str]) -> Iterator[tuple[str, Any]]:
        """(where, element) for every entry of every file matching ``pattern``, parts in order."""
        for name in sorted((n for n in self.bundle.names() if pattern.match(n)), key=_part_order):
            elements = iter_items(self.bundle, name, "item", self.problems, script=True)
            for index, element in enumerate(elements, 1):
                yield f"{name}#{index}", element

    def items(self) -> Iterator[Item]:
        yield from self._profile()
        # Long posts: tweets.js holds only their first 280 characters, note-tweet.js the whole
        # text. Notes are few, so they are held to complete their tweet, and the rest follow.
        self._notes = {}
        for where, element in self._elements(NOTES):
            for note in self._note(element, where):
                self._notes.setdefault(note.when, []).append(note)
        for pattern, deleted in ((TWEETS, False), (DELETED, True)):
            for where, element in self._elements(pattern):
                tweet = element.get("tweet", element) if isinstance(element, dict) else None
                if isinstance(tweet, dict):
                    yield from self._tweet(tweet, where, deleted=deleted)
        for notes in self._notes.values():
            yield from notes
        for where, element in self._elements(DMS):
            yield from self._messages(element, where)

    def _full_text(self, text: str, when: str | None) -> str:
        """The note's whole text when this tweet is the start of a long post."""
        notes = self._notes.get(when) if when else None
        if not notes:
            return text
        start = re.sub(r"\s*(?:https://t\.co/\S+|…)\s*$", "", text)[:40]
        for position, note in enumerate(notes):
            if note.text.startswith(start):
                del notes[position]
                return note.text
        return text

    def _tweet(self, tweet: Mapping[str, Any], where: str, *, deleted: bool) -> Iterator[Item]:
        tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
        when = from_twitter(tweet.get("created_at"))
        reply_to = tweet.get("in_reply_to_screen_name")
        details: list[tuple[str, str]] = []
        if reply_to:
            details.append(("in reply to", f"@{reply_to}"))
        if deleted:
            details.append(("deleted", from_twitter(tweet.get("deleted_at")) or "yes"))
        item_id = f"x:{tweet_id}" if tweet_id else None
        link = self.permalink(tweet_id) if tweet_id and not deleted else None
        text = self._full_text(tweet_text(tweet), when)
        photos = self._photos(tweet, tweet_id)
        if text:
            kind = "comment" if reply_to or tweet.get("in_reply_to_status_id_str") else "post"
            yield self.item(
                kind, text, when, where, item_id=item_id, permalink=link, details=tuple(details), media=photos
            )
        elif photos:  # a photo tweeted without words
            yield self.photo_item(photos, when, where, tuple(details), item_id, link)
        place = tweet.get("place")
        coordinates = tweet.get("coordinates") or tweet.get("geo")
        place_name = str(place.get("full_name") or place.get("name") or "") if isinstance(place, dict) else ""
        points = coordinates.get("coordinates") if isinstance(coordinates, dict) else None
        if place_name or points:
            where_text = f"Tweeted from {place_name}" if place_name else "Tweeted with a location"
            found: list[tuple[str, str]] = []
            if isinstance(points, list) and len(points) == 2:
                # GeoJSON "coordinates" is longitude first; the old "geo" field is latitude first.
                lat, lon = points[::-1] if tweet.get("coordinates") else points
                found = [("latitude", str(lat)), ("longitude", str(lon))]
            yield self.item(
                "check-in",
                where_text,
                when,
                where,
                item_id=f"x:{tweet_id}:place" if tweet_id else None,
                permalink=link,
                details=tuple(found),
            )

    def _photos(self, tweet: Mapping[str, Any], tweet_id: str) -> tuple[str, ...]:
        """The tweet's photo files in the archive: ``data/tweets_media/<tweet id>-<file name>``."""
        extended = tweet.get("extended_entities") or tweet.get("entities")
        found: list[str] = []
        for media in listed(extended.get("media")) if isinstance(extended, dict) and tweet_id else []:
            url = media.get("media_url_https") or media.get("media_url") if isinstance(media, dict) else None
            if not isinstance(url, str):
                continue
            base = url.rsplit("/", 1)[-1]
            for folder in MEDIA_FOLDERS:
                name = self.media_file(f"{folder}{tweet_id}-{base}")
                if name and name not in found:
                    found.append(name)
                    break
        return tuple(found)

    def _note(self, element: Any, where: str) -> Iterator[Item]:
        note = element.get("noteTweet") if isinstance(element, dict) else None
        if not isinstance(note, dict):
            return
        core = note.get("core")
        text = html.unescape(str(core.get("text") or "")).strip() if isinstance(core, dict) else ""
        note_id = str(note.get("noteTweetId") or "")
        if text:
            yield self.item(
                "post",
                text,
                from_text(note.get("createdAt")),
                where,
                item_id=f"x:note:{note_id}" if note_id else None,
                details=(("long post", "yes"),),
            )

    def _messages(self, element: Any, where: str) -> Iterator[Item]:
        conversation = element.get("dmConversation") if isinstance(element, dict) else None
        if not isinstance(conversation, dict) or self.account_id is None:
            return
        for message in listed(conversation.get("messages")):
            create = message.get("messageCreate") if isinstance(message, dict) else None
            if not isinstance(create, dict) or str(create.get("senderId")) != self.account_id:
                continue
            text = html.unescape(str(create.get("text") or "")).strip()
            for url in listed(create.get("urls")):
                if isinstance(url, dict) and url.get("url") and url.get("expanded"):
                    text = text.replace(str(url["url"]), str(url["expanded"]))
            if text:
                yield self.item(
                    "message",
                    text,
                    from_text(create.get("createdAt")),
                    where,
                    item_id=f"x:dm:{create['id']}" if create.get("id") else None,
                    details=(("conversation", str(conversation.get("conversationId", ""))),),
                )

    def _profile(self) -> Iterator[Item]:
        if not self.bundle.has("data/profile.js"):
            return
        data = load_small(self.bundle, "data/profile.js", self.problems, script=True)
        profile = (
            data[0].get("profile") if isinstance(data, list) and data and isinstance(data[0], dict) else None
        )
        description = profile.get("description") if isinstance(profile, dict) else None
        if not isinstance(description, dict):
            return
        for key, label in (("bio", ""), ("location", "Location: "), ("website", "Website: ")):
            if value := html.unescape(str(description.get(key) or "")).strip():
                yield self.item("profile", label + value, None, "data/profile.js")
