"""Say which platform (and which generation of its layout) an export is, from what is inside.

File names are the evidence: every platform's export has names no other platform uses.
An export re-zipped inside a folder of its own (``facebook-jobloggs/your_facebook_activity/…``)
is found too, up to two folders down.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from safepost.errors import InputError
from safepost.importers.archive import Bundle, FileSource, Source, open_source
from safepost.importers.base import BaseExport
from safepost.importers.bluesky import BlueskyRepo, looks_like_car
from safepost.importers.facebook import FacebookExport, facebook_layout
from safepost.importers.generic import GenericFile
from safepost.importers.instagram import InstagramExport, instagram_layout
from safepost.importers.items import ArchiveLimits, Export
from safepost.importers.linkedin import FILES as LINKEDIN_FILES
from safepost.importers.linkedin import LinkedInExport
from safepost.importers.mastodon import MastodonArchive
from safepost.importers.twitter import TWEETS, XArchive

SUPPORTED = (
    "safepost reads Facebook and Instagram exports (JSON format), X archives, LinkedIn and "
    "Mastodon exports, Bluesky repo.car files, and CSV or JSONL files with a 'text' column."
)
GENERIC_ENDINGS = (".csv", ".jsonl", ".ndjson", ".json")

_FACEBOOK = re.compile(
    r"^(?:(?:your_facebook_activity|your_activity_across_facebook)/.*\.json$|posts/your_posts_\d+\.json$"
    r"|comments/comments\.json$|profile_information/profile_information\.json$)"
)
_FACEBOOK_HTML = re.compile(
    r"^(?:(?:your_facebook_activity|your_activity_across_facebook)/.*\.html$|posts/your_posts_\d+\.html$)"
)
_INSTAGRAM_HTML = re.compile(
    r"^(?:your_instagram_activity/.*\.html$|content/(?:posts|stories)(?:_\d+)?\.html$"
    r"|personal_information/personal_information\.html$)"
)
_INSTAGRAM = re.compile(
    r"^(?:your_instagram_activity/.*\.json$|content/(?:posts|stories)(?:_\d+)?\.json$"
    r"|personal_information/personal_information\.json$)"
)

MARKERS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("x", lambda rest: rest in ("data/manifest.js", "data/account.js") or bool(TWEETS.match(rest))),
    ("instagram", lambda rest: bool(_INSTAGRAM.match(rest))),
    ("facebook", lambda rest: bool(_FACEBOOK.match(rest))),
    ("facebook-html", lambda rest: bool(_FACEBOOK_HTML.match(rest))),
    ("instagram-html", lambda rest: bool(_INSTAGRAM_HTML.match(rest))),
    ("mastodon", lambda rest: rest in ("outbox.json", "actor.json")),
    ("linkedin", lambda rest: "/" not in rest and rest.lower() in LINKEDIN_FILES),
    ("bluesky", lambda rest: "/" not in rest and rest.lower().endswith(".car")),
)
PRIORITY = [platform for platform, _ in MARKERS]


def identify(source: Source) -> tuple[str, str]:
    """(platform, root folder inside the source), or an InputError that says what was found."""
    if isinstance(source, FileSource):
        return _identify_file(source), ""
    names = source.names()
    if not names:
        raise InputError(f"{source.path.name} is empty: there is nothing to check.")
    votes: Counter[tuple[str, str]] = Counter()
    for name in names:
        parts = name.split("/")
        for depth in range(min(3, len(parts))):
            root = "/".join(parts[:depth]) + "/" if depth else ""
            rest = "/".join(parts[depth:])
            for platform, matches in MARKERS:
                if matches(rest):
                    votes[(platform, root)] += 1
    if not votes:
        zips = sorted(n for n in names if n.lower().endswith(".zip"))
        if zips:
            what = "instead of the folder" if source.path.is_dir() else "instead (unzip this one first)"
            raise InputError(
                f"{source.path.name} holds zip files ({', '.join(zips[:3])}{' …' if len(zips) > 3 else ''}): "
                f"give safepost those zip files {what}."
            )
        shown = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
        raise InputError(
            f"{source.path.name} does not look like an export safepost knows. It holds {len(names):,} "
            f"file(s), for example: {shown}. {SUPPORTED}"
        )
    totals: Counter[str] = Counter()
    for (platform, _), count in votes.items():
        totals[platform] += count
    platform = max(totals, key=lambda name: (totals[name], -PRIORITY.index(name)))
    # The shallowest folder that holds the platform's files is the export's root.
    root = min((r for p, r in votes if p == platform), key=lambda r: r.count("/"))
    if platform == "facebook-html" and not totals["facebook"]:
        raise InputError(
            f"{source.path.name} is a Facebook export in HTML format, which safepost cannot read. "
            "In Facebook's 'Download your information', choose the JSON format and download it again."
        )
    if platform == "instagram-html" and not totals["instagram"]:
        raise InputError(
            f"{source.path.name} is an Instagram export in HTML format, which safepost cannot read. "
            "In Instagram's 'Download your information', choose the JSON format and download it again."
        )
    return platform.removesuffix("-html"), root


def _identify_file(source: FileSource) -> str:
    name = source.path.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".tar")):
        raise InputError(
            f"{source.path.name} is a tar archive (older Mastodon exports are). Unpack it first and "
            "give safepost the folder."
        )
    if name in LINKEDIN_FILES:
        return "linkedin"
    if name == "outbox.json":  # a Mastodon archive's posts, taken out of the zip
        return "mastodon"
    if name.endswith(".car"):
        return "bluesky"
    if name.endswith(GENERIC_ENDINGS):
        return "generic"
    with source.open(name) as stream:
        head = stream.read(64)
    if looks_like_car(head):
        return "bluesky"
    raise InputError(f"{source.path.name} is not a file safepost can read. {SUPPORTED}")


def _export(platform: str, parts: list[tuple[Source, str]]) -> BaseExport:
    bundle = Bundle(parts)
    names = bundle.names()
    if platform == "facebook":
        return FacebookExport(bundle, facebook_layout(names))
    if platform == "instagram":
        return InstagramExport(bundle, instagram_layout(names))
    if platform == "x":
        layout = "tweets.js" if any(n.startswith("data/tweets") for n in names) else "tweet.js"
        return XArchive(bundle, layout, "X archive")
    if platform == "linkedin":
        return LinkedInExport(bundle)
    if platform == "mastodon":
        return MastodonArchive(bundle)
    if platform == "bluesky":
        return BlueskyRepo(bundle)
    return GenericFile(bundle, names[0])


def open_exports(paths: Sequence[Path], limits: ArchiveLimits | None = None) -> list[Export]:
    """One :class:`Export` per export given; the zips of a split Facebook export become one.

    Raises InputError (nothing left open) when a path is missing, unsafe or unrecognised.
    """
    limits = limits or ArchiveLimits()
    opened: list[Source] = []
    try:
        found: list[tuple[str, Source, str]] = []
        seen: set[Path] = set()
        for path in paths:
            if Path(path).resolve() in seen:  # the same export given twice is read once
                continue
            seen.add(Path(path).resolve())
            source = open_source(Path(path), limits)
            opened.append(source)
            platform, root = identify(source)
            found.append((platform, source, root))
        exports: list[Export] = []
        facebook_done = False
        for platform, source, root in found:
            if platform == "facebook":
                if not facebook_done:
                    facebook_done = True
                    exports.append(_export("facebook", [(s, r) for p, s, r in found if p == "facebook"]))
                continue
            exports.append(_export(platform, [(source, root)]))
        return exports
    except BaseException:
        for source in opened:
            source.close()
        raise
