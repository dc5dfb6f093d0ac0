"""Facebook "Download Your Information" (JSON) in its three layouts: older, ~2022-23 and 2024 on.

Files are found by name wherever the layout puts them, so a layout that moves a folder
again still reads; the layout is only named for the progress bar and the report.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Mapping
from typing import Any

from safepost.importers.base import BaseExport, listed
from safepost.importers.items import Item
from safepost.importers.jsonstream import iter_items, load_small, peek
from safepost.importers.meta import media_items, message_items, text_of
from safepost.importers.timestamps import from_unix

POSTS = re.compile(r"(?:^|/)your_posts(?:__check_ins__photos_and_videos)?_\d+\.json$")
COMMENTS = re.compile(r"(?:^|/)comments(?:_and_reactions)?/comments\.json$")
CHECK_INS = re.compile(r"(?:^|/)(?:your_)?check-ins\.json$")
PHOTOS = re.compile(r"(?:^|/)(?:your_uncategorized_photos|your_videos|album/[^/]+)\.json$")
PROFILE = re.compile(r"(?:^|/)profile_information\.json$")
GROUP_POSTS = re.compile(r"(?:^|/)groups/your_posts_in_groups\.json$")
GROUP_COMMENTS = re.compile(r"(?:^|/)groups/your_comments_in_groups\.json$")

LAYOUT_MARKERS = (
    ("2024", "your_facebook_activity/"),
    ("2022", "your_activity_across_facebook/"),
)


def facebook_layout(names: list[str]) -> str:
    for layout, marker in LAYOUT_MARKERS:
        if any(name.startswith(marker) for name in names):
            return layout
    return "older"


class FacebookExport(BaseExport):
    platform = "facebook"
    name = "Facebook export"

    def _elements(self, pattern: re.Pattern[str], keys: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
        """(where, element) of the arrays in every file matching ``pattern``.

        ``keys``: the top-level keys that may hold the array (Meta renamed them between
        layouts); without keys the file is the array itself.
        """
        for name in (n for n in sorted(self.bundle.names()) if pattern.search(n)):
            prefix = (
                f"{_array_key(peek(self.bundle, name, 4096, self.problems), keys)}.item" if keys else "item"
            )
            for index, element in enumerate(iter_items(self.bundle, name, prefix, self.problems), 1):
                yield f"{name}#{index}", element

    def items(self) -> Iterator[Item]:
        owner: str | None = None
        for name in (n for n in sorted(self.bundle.names()) if PROFILE.search(n)):
            owner = yield from self._profile(name)
        posts: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
            (POSTS, ()),
            (GROUP_POSTS, ("group_posts_v2",)),
        ]
        for pattern, keys in posts:
            for where, element in self._elements(pattern, keys):
                yield from self._post(element, where)
        for name in (n for n in sorted(self.bundle.names()) if CHECK_INS.search(n)):
            yield from self._check_ins(name)
        for where, media in self._elements(PHOTOS, ("other_photos_v2", "videos_v2", "photos")):
            if isinstance(media, dict):
                yield from media_items(self, media, from_unix(media.get("creation_timestamp")), where)
        comments: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
            (COMMENTS, ("comments_v2", "comments")),
            (GROUP_COMMENTS, ("group_comments_v2",)),
        ]
        for pattern, keys in comments:
            for where, element in self._elements(pattern, keys):
                yield from self._comment(element, where)
        yield from message_items(self, owner)

    def _post(self, element: Any, where: str) -> Iterator[Item]:
        if not isinstance(element, dict):
            return
        when = from_unix(element.get("timestamp"))
        texts = [text_of(d.get("post")) for d in listed(element.get("data")) if isinstance(d, dict)]
        places: list[Mapping[str, Any]] = []
        for attachment in listed(element.get("attachments")):
            for data in listed(attachment.get("data")) if isinstance(attachment, dict) else []:
                if not isinstance(data, dict):
                    continue
                if isinstance(data.get("media"), dict):
                    yield from media_items(self, data["media"], when, where)
                if isinstance(data.get("place"), dict):
                    places.append(data["place"])
                if isinstance(context := data.get("external_context"), dict):
                    texts.append(text_of(context.get("url")))
                texts.append(text_of(data.get("text")))
        text = "\n".join(t for t in texts if t)
        if text:
            yield self.item("post", text, when, where)
        for place in places:
            yield self._place(place, when, where)
        tags = [text_of(t.get("name") if isinstance(t, dict) else t) for t in listed(element.get("tags"))]
        if tags := [t for t in tags if t]:
            yield self.item("tag", "Tagged: " + ", ".join(tags), when, where)

    def _place(self, place: Mapping[str, Any], when: str | None, where: str) -> Item:
        name = text_of(place.get("name"))
        address = text_of(place.get("address"))
        details: list[tuple[str, str]] = []
        coordinate = place.get("coordinate")
        if isinstance(coordinate, dict):
            details += [(k, str(coordinate[k])) for k in ("latitude", "longitude") if k in coordinate]
        if url := text_of(place.get("url")):
            details.append(("url", url))
        text = (
            "Checked in at " + ", ".join(p for p in (name, address) if p)
            if name or address
            else ("Checked in at a place")
        )
        return self.item("check-in", text, when, where, details=tuple(details))

    def _check_ins(self, name: str) -> Iterator[Item]:
        data = load_small(self.bundle, name, self.problems)
        if isinstance(data, dict) and not {"timestamp", "attachments", "title"} & data.keys():
            elements = next((v for v in data.values() if isinstance(v, list)), [])  # {"checkins_v2": [...]}
        elif isinstance(data, dict):
            elements = [data]  # one check-in: Facebook writes the object, not a list
        else:
            elements = data if isinstance(data, list) else []
        for index, element in enumerate(elements, 1):
            found = list(self._post(element, f"{name}#{index}"))
            if not any(i.kind == "check-in" for i in found) and isinstance(element, dict):
                title = text_of(element.get("title"))
                if title:
                    found.append(
                        self.item("check-in", title, from_unix(element.get("timestamp")), f"{name}#{index}")
                    )
            yield from found

    def _comment(self, element: Any, where: str) -> Iterator[Item]:
        if not isinstance(element, dict):
            return
        on = text_of(element.get("title"))
        for data in listed(element.get("data")):
            comment = data.get("comment") if isinstance(data, dict) else None
            if isinstance(comment, dict) and (text := text_of(comment.get("comment"))):
                when = from_unix(comment.get("timestamp") or element.get("timestamp"))
                yield self.item("comment", text, when, where, details=(("on", on),) if on else ())

    def _profile(self, name: str) -> Generator[Item, None, str | None]:
        """Profile fields as Facebook shows them; returns the owner's name for messages."""
        data = load_small(self.bundle, name, self.problems)
        profile = data.get("profile_v2") or data.get("profile") if isinstance(data, dict) else None
        if not isinstance(profile, dict):
            return None
        where = name
        full = profile.get("name")
        owner = text_of(full.get("full_name")) if isinstance(full, dict) else text_of(full)
        for job in listed(profile.get("work_experiences")):
            if isinstance(job, dict) and (employer := text_of(job.get("employer"))):
                title = text_of(job.get("title"))
                place = text_of(job.get("location"))
                tense = "Worked" if job.get("end_timestamp") else "Works"
                text = (
                    f"{tense} at {employer}"
                    + (f" as {title}" if title else "")
                    + (f" in {place}" if place else "")
                )
                yield self.item("profile", text, from_unix(job.get("start_timestamp")), where)
        for school in listed(profile.get("education_experiences")):
            if isinstance(school, dict) and (school_name := text_of(school.get("name"))):
                yield self.item("profile", f"Studied at {school_name}", None, where)
        for key, label in (("current_city", "Lives in"), ("hometown", "From")):
            town = profile.get(key)
            if isinstance(town, dict) and (city := text_of(town.get("name"))):
                yield self.item("profile", f"{label} {city}", None, where)
        for key in ("about_me", "intro_bio"):
            if text := text_of(profile.get(key)):
                yield self.item("profile", text, None, where)
        phones = [
            text_of(p.get("phone_number"))
            for p in listed(profile.get("phone_numbers"))
            if isinstance(p, dict)
        ]
        emails_block = profile.get("emails")
        emails = emails_block.get("emails") if isinstance(emails_block, dict) else []
        for phone in filter(None, phones):
            yield self.item("profile", f"Phone: {phone}", None, where)
        for email in filter(None, (text_of(e) for e in listed(emails))):
            yield self.item("profile", f"Email: {email}", None, where)
        for site in listed(profile.get("websites")):
            if isinstance(site, dict) and (address := text_of(site.get("address"))):
                yield self.item("profile", f"Website: {address}", None, where)
        for relative in listed(profile.get("family_members")):
            if isinstance(relative, dict) and (person := text_of(relative.get("name"))):
                relation = text_of(relative.get("relation"))
                yield self.item(
                    "profile",
                    f"Family member: {person}" + (f" ({relation})" if relation else ""),
                    None,
                    where,
                )
        return owner or None


def _array_key(head: bytes, candidates: tuple[str, ...]) -> str:
    """Which top-level key holds the array (Meta renamed them between layouts), from the file's start."""
    for key in candidates:
        if f'"{key}"'.encode() in head:
            return key
    return candidates[0]
