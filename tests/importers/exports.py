"""Build realistic platform exports on disk for tests and benchmarks (posts written here, by us).

Every writer returns the paths a person would give ``safepost audit``: one zip, a folder,
or several zips for a split Facebook export. Layouts follow
shared/reference/export-formats.md, one writer per platform, each generation selectable.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import shutil
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cbor2

from tests.images.photos import exif_block, jpeg_bytes, scenery, text_picture

BASE_TIME = 1_700_000_000  # 2023-11-14T22:13:20Z
DAY = 86_400
OWNER = "Jo Bloggs"

Post = str | Mapping[str, Any]


def when(index: int) -> int:
    """Seconds since 1970 of the index-th item: one a day from BASE_TIME."""
    return BASE_TIME + index * DAY


def iso(index: int) -> str:
    return datetime.fromtimestamp(when(index), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def mojibake(value: Any) -> Any:
    """Meta's encoding: every UTF-8 byte of every string becomes its own character."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [mojibake(v) for v in value]
    if isinstance(value, dict):
        return {mojibake(k): mojibake(v) for k, v in value.items()}
    return value


def meta_json(value: Any) -> str:
    """JSON as Meta writes it: mojibake, escaped as ``\\u00XX``, indented."""
    return json.dumps(mojibake(value), ensure_ascii=True, indent=2)


def _put(root: Path, name: str, content: str | bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


def _finish(staging: Path, as_zip: bool, zip_name: str) -> list[Path]:
    """Zip the staging folder (members in sorted order), or hand back the folder itself."""
    if not as_zip:
        return [staging]
    target = staging.parent / zip_name
    zip_folder(staging, target)
    shutil.rmtree(staging)
    return [target]


def zip_folder(folder: Path, target: Path, files: Iterable[Path] | None = None) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files if files is not None else folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


# ---------------------------------------------------------------- photos

Media = Mapping[str, bytes]  # photo files to put in an export: name inside it -> the file's bytes


def photo_jpeg(
    *, gps: tuple[float, float] | None = None, words: Sequence[str] = (), size: tuple[int, int] = (320, 240)
) -> bytes:
    """A small real JPEG made with Pillow: scenery, or dark ``words`` on white; EXIF GPS if given."""
    image = text_picture(list(words), size=40, width=1000) if words else scenery(size)
    return jpeg_bytes(image, exif_block(gps=gps) if gps else None)


def _put_media(staging: Path, media: Media) -> None:
    for member, data in media.items():
        _put(staging, member, data)


# ---------------------------------------------------------------- Facebook

FACEBOOK_PATHS = {
    "older": {
        "posts": "posts/your_posts_{n}.json",
        "comments": "comments/comments.json",
        "messages": "messages/inbox/{thread}/message_1.json",
        "profile": "profile_information/profile_information.json",
        "check_ins": "posts/check-ins.json",
        "comments_key": "comments",
    },
    "2022": {
        "posts": "your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_{n}.json",
        "comments": "your_activity_across_facebook/comments_and_reactions/comments.json",
        "messages": "your_activity_across_facebook/messages/inbox/{thread}/message_1.json",
        "profile": "personal_information/profile_information/profile_information.json",
        "check_ins": "your_activity_across_facebook/posts/check-ins.json",
        "comments_key": "comments_v2",
    },
    "2024": {
        "posts": "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_{n}.json",
        "comments": "your_facebook_activity/comments_and_reactions/comments.json",
        "messages": "your_facebook_activity/messages/inbox/{thread}/message_1.json",
        "profile": "personal_information/profile_information/profile_information.json",
        "check_ins": "your_facebook_activity/posts/check-ins.json",
        "comments_key": "comments_v2",
    },
}


def facebook_post(text: str, index: int, *, owner: str = OWNER) -> dict[str, Any]:
    return {"timestamp": when(index), "data": [{"post": text}], "title": f"{owner} updated her status."}


def facebook_photo_uri(index: int) -> str:
    """Where facebook_photo_post's photo sits in the export (give its bytes as ``media``)."""
    return f"your_facebook_activity/posts/media/photo_{index}.jpg"


def facebook_photo_post(
    caption: str,
    index: int,
    *,
    latitude: float | None = 51.4545,
    longitude: float | None = -2.5879,
) -> dict[str, Any]:
    """A post with one photo whose JSON keeps the location and camera Facebook stripped from the image.

    ``latitude=None``: the JSON holds no position (camera only).
    """
    exif: dict[str, Any] = {"camera_make": "Apple", "camera_model": "iPhone 12", "taken_timestamp": -1}
    if latitude is not None and longitude is not None:
        exif = {"latitude": latitude, "longitude": longitude, **exif}
    return {
        "timestamp": when(index),
        "attachments": [
            {
                "data": [
                    {
                        "media": {
                            "uri": facebook_photo_uri(index),
                            "creation_timestamp": when(index),
                            "title": "Mobile uploads",
                            "description": caption,
                            "media_metadata": {"photo_metadata": {"exif_data": [exif]}},
                        }
                    }
                ]
            }
        ],
    }


def facebook_check_in(place: str, index: int, *, address: str = "Bristol") -> dict[str, Any]:
    return {
        "timestamp": when(index),
        "title": f"{OWNER} checked in to {place}.",
        "attachments": [
            {
                "data": [
                    {
                        "place": {
                            "name": place,
                            "coordinate": {"latitude": 51.52, "longitude": -2.59},
                            "address": address,
                            "url": "https://www.facebook.com/example-place",
                        }
                    }
                ]
            }
        ],
    }


def write_facebook_export(
    dest: Path,
    posts: Sequence[Post] = (),
    *,
    layout: str = "2024",
    comments: Sequence[str] = (),
    messages: Sequence[tuple[str, str]] = (),
    check_ins: Sequence[str] = (),
    employer: tuple[str, str] | None = ("Bristol City Council", "Social Worker"),
    owner: str | None = OWNER,
    posts_per_file: int = 1000,
    split: int = 1,
    as_zip: bool = True,
    html_format: bool = False,
    media: Media | None = None,
    message_photos: Mapping[int, str] | None = None,
    name: str = "facebook-jobloggs-20251102",
) -> list[Path]:
    """A Facebook "Download Your Information" export.

    ``posts``: text (a status update) or a ready element (see facebook_photo_post);
    ``messages``: (sender, text) in one thread with Kayleigh Smith; ``check_ins``: place
    names, written to check-ins.json (a single object when there is one, as Facebook does);
    ``owner=None`` leaves out the profile file; ``split`` spreads files over that many zips;
    ``media``: photo files (name in the export -> bytes, see photo_jpeg and facebook_photo_uri);
    ``message_photos``: message index -> the uri of a photo sent with it.
    """
    paths = FACEBOOK_PATHS[layout]
    staging = dest / name
    elements = [facebook_post(p, i) if isinstance(p, str) else dict(p) for i, p in enumerate(posts)]
    files: dict[str, str] = {}
    chunks = [elements[i : i + posts_per_file] for i in range(0, len(elements), posts_per_file)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        files[paths["posts"].format(n=number)] = meta_json(chunk)
    if comments:
        files[paths["comments"]] = meta_json(
            {
                paths["comments_key"]: [
                    {
                        "timestamp": when(i),
                        "title": f"{OWNER} commented on Sam Example's post.",
                        "data": [{"comment": {"timestamp": when(i), "comment": c, "author": OWNER}}],
                    }
                    for i, c in enumerate(comments)
                ]
            }
        )
    if messages:
        thread = "kayleighsmith_10157"
        sent_photos = message_photos or {}
        files[paths["messages"].format(thread=thread)] = meta_json(
            {
                "participants": [{"name": "Kayleigh Smith"}, {"name": OWNER}],
                "messages": [
                    {
                        "sender_name": sender,
                        "timestamp_ms": when(i) * 1000,
                        **({"content": text} if text else {}),
                        **({"photos": [{"uri": sent_photos[i]}]} if i in sent_photos else {}),
                        "is_geoblocked_for_viewer": False,
                    }
                    for i, (sender, text) in reversed(list(enumerate(messages)))
                ],
                "title": "Kayleigh Smith",
                "thread_path": f"inbox/{thread}",
            }
        )
    if check_ins:
        places = [facebook_check_in(place, i) for i, place in enumerate(check_ins)]
        files[paths["check_ins"]] = meta_json(places[0] if len(places) == 1 else {"checkins_v2": places})
    if owner is not None:
        profile: dict[str, Any] = {
            "name": {"full_name": owner, "first_name": owner.split()[0], "last_name": owner.split()[-1]},
            "current_city": {"name": "Bristol, United Kingdom", "timestamp": when(0)},
        }
        if employer:
            profile["work_experiences"] = [
                {"employer": employer[0], "title": employer[1], "start_timestamp": when(0)}
            ]
        files[paths["profile"]] = meta_json({"profile_v2": profile})
    if html_format:
        files = {
            name.replace(".json", ".html"): f"<html><body><p>{html.escape(name)}</p></body></html>"
            for name in files
        }
        files["index.html"] = "<html><body>Your information</body></html>"
    for member, content in files.items():
        _put(staging, member, content)
    _put_media(staging, media or {})
    if not as_zip:
        return [staging]
    if split <= 1:
        return _finish(staging, True, f"{name}.zip")
    ordered = sorted(p for p in staging.rglob("*") if p.is_file())
    zips = [zip_folder(staging, dest / f"{name}-{k + 1}.zip", ordered[k::split]) for k in range(split)]
    shutil.rmtree(staging)
    return zips


# ---------------------------------------------------------------- Instagram

INSTAGRAM_PATHS = {
    "older": {
        "posts": "content/posts_1.json",
        "stories": "content/stories.json",
        "comments": "comments/post_comments.json",
        "messages": "messages/inbox/{thread}/message_1.json",
        "profile": "personal_information/personal_information.json",
    },
    "2022": {
        "posts": "your_instagram_activity/content/posts_1.json",
        "stories": "your_instagram_activity/content/stories.json",
        "comments": "your_instagram_activity/comments/post_comments_1.json",
        "messages": "your_instagram_activity/messages/inbox/{thread}/message_1.json",
        "profile": "personal_information/personal_information/personal_information.json",
    },
    "2024": {
        "posts": "your_instagram_activity/media/posts_1.json",
        "stories": "your_instagram_activity/media/stories.json",
        "comments": "your_instagram_activity/comments/post_comments_1.json",
        "messages": "your_instagram_activity/messages/inbox/{thread}/message_1.json",
        "profile": "personal_information/personal_information/personal_information.json",
    },
}


def instagram_post(
    caption: str, index: int, *, location: tuple[float, float] | None = None
) -> dict[str, Any]:
    """Even posts: caption in ``media[0].title`` (one photo); odd ones: at the top, two photos."""
    exif = (
        [{"latitude": location[0], "longitude": location[1], "device_id": "android-1f2e"}] if location else []
    )
    media = {
        "uri": f"media/posts/202311/photo_{index}.jpg",
        "creation_timestamp": when(index),
        "title": caption if index % 2 == 0 else "",
        "media_metadata": {"photo_metadata": {"exif_data": exif}},
    }
    if index % 2 == 0:
        return {"media": [media]}
    second = {**media, "uri": f"media/posts/202311/photo_{index}b.jpg", "title": ""}
    return {"media": [media, second], "title": caption, "creation_timestamp": when(index)}


def write_instagram_export(
    dest: Path,
    posts: Sequence[Post] = (),
    *,
    layout: str = "2024",
    stories: Sequence[str] = (),
    comments: Sequence[str] = (),
    messages: Sequence[tuple[str, str]] = (),
    bio: str | None = None,
    owner: str | None = OWNER,
    as_zip: bool = True,
    media: Media | None = None,
    name: str = "instagram-jobloggs-2025-11-02",
) -> list[Path]:
    """An Instagram export; ``posts`` are captions or ready elements (see instagram_post);
    ``media``: photo files (name in the export, e.g. ``media/posts/202311/photo_0.jpg`` -> bytes)."""
    paths = INSTAGRAM_PATHS[layout]
    staging = dest / name
    elements = [instagram_post(p, i) if isinstance(p, str) else dict(p) for i, p in enumerate(posts)]
    _put(staging, paths["posts"], meta_json(elements))
    if stories:
        _put(
            staging,
            paths["stories"],
            meta_json(
                {
                    "ig_stories": [
                        {"uri": f"media/stories/s{i}.jpg", "creation_timestamp": when(i), "title": s}
                        for i, s in enumerate(stories)
                    ]
                }
            ),
        )
    if comments:
        _put(
            staging,
            paths["comments"],
            meta_json(
                [
                    {
                        "media_list_data": [{"uri": ""}],
                        "string_map_data": {
                            "Comment": {"value": text},
                            "Media Owner": {"value": "sam.example"},
                            "Time": {"timestamp": when(i)},
                        },
                    }
                    for i, text in enumerate(comments)
                ]
            ),
        )
    if messages:
        thread = "kayleighsmith_17843"
        _put(
            staging,
            paths["messages"].format(thread=thread),
            meta_json(
                {
                    "participants": [{"name": "Kayleigh Smith"}, {"name": OWNER}],
                    "messages": [
                        {"sender_name": s, "timestamp_ms": when(i) * 1000, "content": t}
                        for i, (s, t) in reversed(list(enumerate(messages)))
                    ],
                    "title": "Kayleigh Smith",
                }
            ),
        )
    if owner is not None:
        fields = {"Name": {"value": owner}, "Username": {"value": "jo.bloggs"}}
        if bio:
            fields["Bio"] = {"value": bio}
        _put(staging, paths["profile"], meta_json({"profile_user": [{"string_map_data": fields}]}))
    _put_media(staging, media or {})
    return _finish(staging, as_zip, f"{name}.zip")


# ---------------------------------------------------------------- X / Twitter

TWEET_ID_BASE = 1_600_000_000_000_000_000


def _twitter_date(index: int) -> str:
    return datetime.fromtimestamp(when(index), UTC).strftime("%a %b %d %H:%M:%S +0000 %Y")


def x_tweet(text: str, index: int, **extra: Any) -> dict[str, Any]:
    """One tweet as X writes it: strings everywhere, HTML-escaped text."""
    tweet = {
        "id_str": str(TWEET_ID_BASE + index),
        "id": str(TWEET_ID_BASE + index),
        "full_text": html.escape(text, quote=False),
        "created_at": _twitter_date(index),
        "favorite_count": "0",
        "retweet_count": "0",
        "entities": {"hashtags": [], "user_mentions": [], "urls": []},
        "lang": "en",
    }
    tweet.update(extra)
    return {"tweet": tweet}


def x_photo_tweet(text: str, index: int, file: str = "FhotoAbC1.jpg") -> tuple[dict[str, Any], str]:
    """A tweet with one photo, and the name its file has in the archive (give its bytes as ``media``)."""
    short = "https://t.co/ph0t0" + str(index)
    element = x_tweet(
        f"{text} {short}".strip(),
        index,
        extended_entities={
            "media": [
                {
                    "id_str": str(TWEET_ID_BASE + 10_000 + index),
                    "type": "photo",
                    "url": short,
                    "media_url_https": f"https://pbs.twimg.com/media/{file}",
                }
            ]
        },
    )
    return element, f"data/tweets_media/{TWEET_ID_BASE + index}-{file}"


def _ytd(name: str, elements: Sequence[Any]) -> str:
    return f"window.YTD.{name}.part0 = " + json.dumps(list(elements), indent=2)


def write_x_archive(
    dest: Path,
    tweets: Sequence[Post] = (),
    *,
    layout: str = "tweets",
    username: str = "jobloggs",
    account_id: str = "44196397",
    deleted: Sequence[str] = (),
    notes: Sequence[str] = (),
    messages: Sequence[tuple[bool, str]] = (),
    bio: str | None = None,
    parts: int = 1,
    n_items: int = 0,
    cut_tweets_at: int | None = None,
    as_zip: bool = True,
    media: Media | None = None,
    name: str = "twitter-2025-11-02-abc123",
) -> list[Path]:
    """An X archive. ``layout``: "tweets" (tweets.js) or "tweet" (older tweet.js);
    ``parts`` > 1 adds tweets-part1.js …; ``messages``: (sent by the owner?, text);
    ``n_items`` > 0 streams that many generated tweets straight to disk (for benchmarks);
    ``cut_tweets_at`` truncates data/tweets.js to that many bytes (a download cut short);
    ``media``: photo files (see x_photo_tweet).
    """
    if n_items:
        return [_write_large_x_archive(dest, n_items, username, account_id, as_zip, name)]
    staging = dest / name
    elements = [x_tweet(t, i) if isinstance(t, str) else dict(t) for i, t in enumerate(tweets)]
    base = "tweets" if layout == "tweets" else "tweet"
    size = -(-len(elements) // parts) if elements else 0
    for part in range(parts):
        chunk = elements[part * size : (part + 1) * size] if size else []
        file = f"data/{base}.js" if part == 0 else f"data/{base}-part{part}.js"
        _put(staging, file, _ytd(base if part == 0 else f"{base}_part{part}", chunk))
    _put(
        staging,
        "data/account.js",
        _ytd(
            "account",
            [{"account": {"accountId": account_id, "username": username, "accountDisplayName": OWNER}}],
        ),
    )
    _put(
        staging,
        "data/profile.js",
        _ytd(
            "profile",
            [{"profile": {"description": {"bio": bio or "", "website": "", "location": "Bristol"}}}],
        ),
    )
    if deleted:
        _put(
            staging,
            "data/deleted-tweets.js",
            _ytd(
                "deleted_tweets",
                [x_tweet(t, 500 + i, deleted_at=_twitter_date(501 + i)) for i, t in enumerate(deleted)],
            ),
        )
    if notes:
        _put(
            staging,
            "data/note-tweet.js",
            _ytd(
                "note_tweet",
                [
                    {
                        "noteTweet": {
                            "noteTweetId": str(900 + i),
                            "createdAt": iso(i),
                            "core": {"text": t, "urls": []},
                        }
                    }
                    for i, t in enumerate(notes)
                ],
            ),
        )
    if messages:
        convo = [
            {
                "messageCreate": {
                    "id": str(7000 + i),
                    "senderId": account_id if mine else "99999",
                    "recipientId": "99999" if mine else account_id,
                    "text": html.escape(text, quote=False),
                    "createdAt": iso(i).replace("Z", ".000Z"),
                    "urls": [],
                    "mediaUrls": [],
                }
            }
            for i, (mine, text) in enumerate(messages)
        ]
        _put(
            staging,
            "data/direct-messages.js",
            _ytd(
                "direct_messages",
                [{"dmConversation": {"conversationId": f"{account_id}-99999", "messages": convo}}],
            ),
        )
    manifest = {"userInfo": {"accountId": account_id, "userName": username}, "dataTypes": {
        "tweets": {"files": [{"fileName": f"data/{base}.js", "count": str(len(elements))}]},
    }}  # fmt: skip
    _put(staging, "data/manifest.js", "window.__THAR_CONFIG = " + json.dumps(manifest, indent=2))
    _put(staging, "Your archive.html", "<html><body>Your archive</body></html>")
    _put_media(staging, media or {})
    if cut_tweets_at is not None:
        tweets_file = staging / f"data/{base}.js"
        tweets_file.write_bytes(tweets_file.read_bytes()[:cut_tweets_at])
    return _finish(staging, as_zip, f"{name}.zip")


# Sentences for generated archives: mostly harmless, some that the checker should flag.
_FILLER = (
    "Lovely walk along the harbour this morning with the dog",
    "Anyone got a good recipe for lemon drizzle? Asking for a bake sale",
    "Cannot believe the traffic on the M32 again today",
    "Finished my first half marathon, legs are jelly",
    "Watching the rugby with a cup of tea and biscuits",
    "New allotment neighbours gave us a bag of courgettes",
    "Rough day at work, glad it's Friday",
    "Text me on 07700 900123 if you need a lift tomorrow",
    "Books for the holiday: two thrillers and a cookbook",
    "Garden centre trip, came back with far too many plants",
)


def _write_large_x_archive(
    dest: Path, n_items: int, username: str, account_id: str, as_zip: bool, name: str
) -> Path:
    """``n_items`` tweets written as they are made: memory stays flat and 1M tweets take seconds."""
    dest.mkdir(parents=True, exist_ok=True)
    account = _ytd("account", [{"account": {"accountId": account_id, "username": username}}])
    manifest = "window.__THAR_CONFIG = " + json.dumps(
        {"dataTypes": {"tweets": {"files": [{"fileName": "data/tweets.js", "count": str(n_items)}]}}}
    )
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def write_tweets(out: io.TextIOBase) -> None:
        out.write("window.YTD.tweets.part0 = [\n")
        count = len(_FILLER)
        for i in range(n_items):
            text = f"{_FILLER[i % count]} #{i % 97} ({_FILLER[(i * 7 + 3) % count].split()[0].lower()} {i})"
            element = {"tweet": {
                "id_str": str(TWEET_ID_BASE + i), "full_text": html.escape(text, quote=False),
                "created_at": _twitter_date(i % 4000), "entities": {"urls": []}, "lang": "en",
            }}  # fmt: skip
            out.write(("," if i else "") + dumps(element) + "\n")
        out.write("]\n")

    if not as_zip:
        folder = dest / name
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (folder / "data" / "account.js").write_text(account, encoding="utf-8")
        (folder / "data" / "manifest.js").write_text(manifest, encoding="utf-8")
        with (folder / "data" / "tweets.js").open("w", encoding="utf-8") as out:
            write_tweets(out)
        return folder
    target = dest / f"{name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("data/account.js", account)
        archive.writestr("data/manifest.js", manifest)
        with (
            archive.open("data/tweets.js", "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, encoding="utf-8") as out,
        ):
            write_tweets(out)
    return target


# ---------------------------------------------------------------- LinkedIn


def write_linkedin_export(
    dest: Path,
    shares: Sequence[str] = (),
    *,
    comments: Sequence[str] = (),
    messages: Sequence[tuple[str, str]] = (),
    owner: str | None = OWNER,
    headline: str = "Social Worker at Bristol City Council",
    position: tuple[str, str] | None = ("Bristol City Council", "Social Worker"),
    encoding: str = "utf-8",
    as_zip: bool = True,
    name: str = "Basic_LinkedInDataExport_11-02-2025",
) -> list[Path]:
    """A LinkedIn export; ``messages`` are (sender name, text); ``encoding`` applies to Shares.csv."""
    staging = dest / name
    staging.mkdir(parents=True, exist_ok=True)

    def write(
        file: str, header: list[str], rows: Iterable[list[str]], enc: str = "utf-8", **fmt: Any
    ) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n", **fmt)
        writer.writerow(header)
        writer.writerows(rows)
        (staging / file).write_bytes(buffer.getvalue().encode(enc))

    write(
        "Shares.csv",
        ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"],
        (
            [
                datetime.fromtimestamp(when(i), UTC).strftime("%Y-%m-%d %H:%M:%S"),
                f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{7000000000000000000 + i}",
                text,
                "",
                "",
                "MEMBER_NETWORK",
            ]
            for i, text in enumerate(shares)
        ),
        encoding,
    )
    if comments:
        write(
            "Comments.csv",
            ["Date", "Link", "Message"],
            (
                [
                    datetime.fromtimestamp(when(i), UTC).strftime("%Y-%m-%d %H:%M:%S"),
                    f"https://www.linkedin.com/feed/update/urn:li:activity:{6000 + i}",
                    text,
                ]
                for i, text in enumerate(comments)
            ),
            escapechar="\\",
            doublequote=False,
        )
    if messages:
        write(
            "messages.csv",
            ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
             "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"],
            (
                [
                    "2-abc", "", sender, "https://www.linkedin.com/in/x",
                    "Kayleigh Smith" if sender == OWNER else OWNER, "",
                    datetime.fromtimestamp(when(i), UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), "", text, "INBOX",
                ]
                for i, (sender, text) in enumerate(messages)
            ),
        )  # fmt: skip
    if owner is not None:
        first, _, last = owner.partition(" ")
        write(
            "Profile.csv",
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Headline",
                "Summary",
                "Industry",
            ],
            [[first, last, "", "", "", headline, "", "Government Administration"]],
        )
    if position:
        write(
            "Positions.csv",
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            [[position[0], position[1], "", "Bristol", "Mar 2019", ""]],
        )
    return _finish(staging, as_zip, f"{name}.zip")


# ---------------------------------------------------------------- Mastodon

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ACTOR = "https://mastodon.example/users/jobloggs"


def mastodon_note(html_content: str, index: int, **extra: Any) -> dict[str, Any]:
    status = f"{ACTOR}/statuses/{110000000000000000 + index}"
    note = {
        "id": status,
        "type": "Note",
        "summary": None,
        "inReplyTo": None,
        "published": iso(index),
        "url": f"https://mastodon.example/@jobloggs/{110000000000000000 + index}",
        "attributedTo": ACTOR,
        "to": [PUBLIC],
        "cc": [f"{ACTOR}/followers"],
        "content": html_content,
        "attachment": [],
    }
    note.update(extra)
    return {
        "id": f"{status}/activity",
        "type": "Create",
        "actor": ACTOR,
        "published": iso(index),
        "to": note["to"],
        "cc": note["cc"],
        "object": note,
    }


def mastodon_photo_note(html_content: str, index: int, alt: str = "") -> tuple[dict[str, Any], str]:
    """A status with one photo attached, and the photo's name in the archive."""
    path = f"media_attachments/files/110/000/{index:03d}/original/5f1c2a{index}.jpg"
    attachment = {"type": "Document", "mediaType": "image/jpeg", "url": f"/{path}", "name": alt or None}
    return mastodon_note(html_content, index, attachment=[attachment]), path


def write_mastodon_archive(
    dest: Path,
    statuses: Sequence[Post] = (),
    *,
    bio_html: str = "<p>Reading, running, baking.</p>",
    fields: Sequence[tuple[str, str]] = (),
    boosts: int = 0,
    as_zip: bool = True,
    media: Media | None = None,
    name: str = "archive-20251102093000-5f1c2a",
) -> list[Path]:
    """A Mastodon (4.2 on) archive; ``statuses`` are HTML content or ready activities."""
    staging = dest / name
    items = [mastodon_note(s, i) if isinstance(s, str) else dict(s) for i, s in enumerate(statuses)]
    items += [
        {
            "id": f"{ACTOR}/statuses/{9000 + i}/activity",
            "type": "Announce",
            "object": "https://other.example/1",
        }
        for i in range(boosts)
    ]
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "orderedItems": items,
    }
    actor = {
        "id": ACTOR,
        "type": "Person",
        "preferredUsername": "jobloggs",
        "name": OWNER,
        "summary": bio_html,
        "url": "https://mastodon.example/@jobloggs",
        "attachment": [{"type": "PropertyValue", "name": n, "value": v} for n, v in fields],
    }
    _put(staging, "outbox.json", json.dumps(outbox, indent=2))
    _put(staging, "actor.json", json.dumps(actor, indent=2))
    _put(staging, "likes.json", json.dumps({"type": "OrderedCollection", "orderedItems": []}))
    _put_media(staging, media or {})
    return _finish(staging, as_zip, f"{name}.zip")


# ---------------------------------------------------------------- Bluesky


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _cid(data: bytes) -> bytes:
    """CIDv1, dag-cbor, sha2-256."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(data).digest()


def _link(cid: bytes) -> cbor2.CBORTag:
    return cbor2.CBORTag(42, b"\x00" + cid)


def write_bluesky_car(
    dest: Path,
    posts: Sequence[str] = (),
    *,
    did: str = "did:plc:jobloggs4example",
    description: str | None = "Runner, baker, Bristol",
    replies: Sequence[str] = (),
    alt_texts: Sequence[str] = (),
    cut_at: int | None = None,
) -> list[Path]:
    """A repository CAR: header, signed commit, one tree node, then the records.

    ``cut_at`` truncates the file to that many bytes (a download that stopped half-way).
    """
    records: list[tuple[str, dict[str, Any]]] = []
    for i, text in enumerate(posts):
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": iso(i).replace("Z", ".000Z"),
            "langs": ["en"],
        }
        if i < len(alt_texts):
            record["embed"] = {
                "$type": "app.bsky.embed.images",
                "images": [{"alt": alt_texts[i], "image": {"$type": "blob"}}],
            }
        records.append((f"app.bsky.feed.post/3k{i:011d}", record))
    for i, text in enumerate(replies):
        reply = {
            "root": {"uri": "at://did:plc:other/app.bsky.feed.post/1", "cid": "x"},
            "parent": {"uri": "at://x", "cid": "x"},
        }
        records.append(
            (
                f"app.bsky.feed.post/3r{i:011d}",
                {"$type": "app.bsky.feed.post", "text": text, "createdAt": iso(i), "reply": reply},
            )
        )
    if description is not None:
        records.append(
            (
                "app.bsky.actor.profile/self",
                {"$type": "app.bsky.actor.profile", "description": description, "displayName": OWNER},
            )
        )
    records.sort()
    encoded = [(key, cbor2.dumps(record)) for key, record in records]
    entries = []
    previous = b""
    for key, data in encoded:
        raw_key = key.encode()
        shared = 0
        while shared < min(len(previous), len(raw_key)) and previous[shared] == raw_key[shared]:
            shared += 1
        entries.append({"p": shared, "k": raw_key[shared:], "v": _link(_cid(data)), "t": None})
        previous = raw_key
    node = cbor2.dumps({"l": None, "e": entries})
    commit = cbor2.dumps(
        {
            "did": did,
            "version": 3,
            "data": _link(_cid(node)),
            "rev": "3kabc",
            "prev": None,
            "sig": b"\x00" * 64,
        }
    )
    header = cbor2.dumps({"version": 1, "roots": [_link(_cid(commit))]})
    out = bytearray(_varint(len(header)) + header)
    for data in [commit, node, *(d for _, d in encoded)]:
        block = _cid(data) + data
        out += _varint(len(block)) + block
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / "repo.car"
    target.write_bytes(bytes(out[:cut_at] if cut_at is not None else out))
    return [target]


# ---------------------------------------------------------------- generic


def write_generic_csv(
    dest: Path,
    texts: Sequence[str],
    *,
    column: str = "text",
    encoding: str = "utf-8",
    name: str = "posts.csv",
) -> list[Path]:
    """A CSV with ``date``, the text column and ``url``; ``encoding`` e.g. utf-8-sig, utf-16, latin-1."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["date", column, "url"])
    for i, text in enumerate(texts):
        writer.writerow([iso(i), text, f"https://blog.example/posts/{i}"])
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / name
    target.write_bytes(buffer.getvalue().encode(encoding))
    return [target]


def write_generic_jsonl(dest: Path, texts: Sequence[str], *, name: str = "posts.jsonl") -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / name
    with target.open("w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": f"p{i}", "created_at": iso(i), "text": text}) + "\n")
    return [target]
