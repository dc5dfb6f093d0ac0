"""Photo files in exports: items name the photos they carry, and the audit can read them in place."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from safepost.errors import InputError
from safepost.importers import open_exports
from safepost.importers.base import BaseExport
from safepost.importers.items import Export, Item, MediaExport
from tests.images.photos import BRISTOL
from tests.importers.exports import (
    facebook_photo_post,
    facebook_photo_uri,
    instagram_post,
    mastodon_photo_note,
    photo_jpeg,
    write_facebook_export,
    write_instagram_export,
    write_mastodon_archive,
    write_x_archive,
    x_photo_tweet,
)


def _items(paths: list[Path]) -> tuple[Export, list[Item]]:
    [export] = open_exports(paths)
    return export, list(export.items())


def _one_export(paths: list[Path]) -> BaseExport:
    [export] = open_exports(paths)
    assert isinstance(export, BaseExport)
    return export


def test_a_facebook_photo_rides_on_its_location_item_and_its_bytes_are_read_from_the_zip(
    tmp_path: Path,
) -> None:
    photo = photo_jpeg(gps=BRISTOL)
    paths = write_facebook_export(
        tmp_path, [facebook_photo_post("Day out", 0)], media={facebook_photo_uri(0): photo}
    )
    export, items = _items(paths)
    [caption] = [i for i in items if i.kind == "caption"]
    [located] = [i for i in items if i.kind == "media"]
    assert located.media == (facebook_photo_uri(0),)
    assert caption.media == ()  # one photo, one item carrying it
    assert dict(located.details)["latitude"] == "51.4545"
    assert isinstance(export, MediaExport)
    assert export.media_count() == 1
    assert export.open_media(facebook_photo_uri(0)) == photo
    export.close()


def test_a_photo_without_location_rides_on_its_caption_and_one_without_either_gets_its_own_item(
    tmp_path: Path,
) -> None:
    posts = [facebook_photo_post("Sunny day", 0, latitude=None), facebook_photo_post("", 1, latitude=None)]
    posts[1]["attachments"][0]["data"][0]["media"]["title"] = ""  # no album name either
    media = {facebook_photo_uri(0): photo_jpeg(), facebook_photo_uri(1): photo_jpeg()}
    export, items = _items(write_facebook_export(tmp_path, posts, media=media))
    carrying = {i.media[0]: i for i in items if i.media}
    assert carrying[facebook_photo_uri(0)].kind == "caption"
    assert carrying[facebook_photo_uri(0)].text == "Sunny day"
    alone = carrying[facebook_photo_uri(1)]
    assert (alone.kind, alone.text) == ("media", "")
    assert alone.item_id.startswith("facebook:media:")
    export.close()


def test_a_photo_the_export_does_not_hold_is_not_named_and_its_location_is_still_an_item(
    tmp_path: Path,
) -> None:
    export, items = _items(write_facebook_export(tmp_path, [facebook_photo_post("Day out", 0)]))
    [located] = [i for i in items if i.kind == "media"]
    assert located.media == ()
    assert dict(located.details)["file"] == facebook_photo_uri(0)
    export.close()


def test_items_without_photos_are_exactly_as_before(tmp_path: Path) -> None:
    export, items = _items(write_facebook_export(tmp_path, ["Lovely walk today"]))
    assert all(i.media == () for i in items)
    export.close()


def test_an_x_photo_rides_on_its_tweet_and_a_photo_tweeted_without_words_is_an_item(tmp_path: Path) -> None:
    with_words, first = x_photo_tweet("Look at this", 0)
    without, second = x_photo_tweet("", 1, file="Second.jpg")
    paths = write_x_archive(
        tmp_path, [with_words, without], media={first: photo_jpeg(), second: photo_jpeg()}
    )
    export, items = _items(paths)
    tweets = {i.item_id: i for i in items if i.media}
    post = tweets["x:1600000000000000000"]
    assert (post.kind, post.text, post.media) == ("post", "Look at this", (first,))
    alone = tweets["x:1600000000000000001"]
    assert (alone.kind, alone.text, alone.media) == ("media", "", (second,))
    assert alone.permalink == "https://x.com/jobloggs/status/1600000000000000001"
    export.close()


def test_an_instagram_single_photo_rides_on_the_post_caption(tmp_path: Path) -> None:
    post = instagram_post("Beach day", 0)
    paths = write_instagram_export(tmp_path, [post], media={"media/posts/202311/photo_0.jpg": photo_jpeg()})
    export, items = _items(paths)
    [caption] = [i for i in items if i.kind == "caption"]
    assert caption.media == ("media/posts/202311/photo_0.jpg",)
    export.close()


def test_a_mastodon_attachment_is_found_by_its_media_attachments_path(tmp_path: Path) -> None:
    with_alt, first = mastodon_photo_note("<p>Walk</p>", 0, alt="Hills at dusk")
    without_alt, second = mastodon_photo_note("<p>Again</p>", 1)
    paths = write_mastodon_archive(
        tmp_path, [with_alt, without_alt], media={first: photo_jpeg(), second: photo_jpeg()}
    )
    export, items = _items(paths)
    carrying = {i.media[0]: i for i in items if i.media}
    assert carrying[first].kind == "caption" and carrying[first].text == "Hills at dusk"
    assert carrying[second].kind == "media" and carrying[second].text == ""
    assert carrying[second].item_id.endswith("#media1")
    export.close()


def test_videos_are_not_named_as_photos(tmp_path: Path) -> None:
    post = facebook_photo_post("Clip", 0)
    post["attachments"][0]["data"][0]["media"]["uri"] = "your_facebook_activity/posts/media/clip.mp4"
    media = {"your_facebook_activity/posts/media/clip.mp4": b"\x00\x00\x00\x18ftypmp42"}
    export, items = _items(write_facebook_export(tmp_path, [post], media=media))
    assert all(i.media == () for i in items)
    assert any(i.kind == "media" for i in items)  # its location is still read from the JSON
    export.close()


def test_open_media_refuses_a_file_over_the_size_cap_and_a_name_not_in_the_export(tmp_path: Path) -> None:
    paths = write_facebook_export(
        tmp_path, [facebook_photo_post("Day out", 0)], media={facebook_photo_uri(0): photo_jpeg()}
    )
    export = _one_export(paths)
    with pytest.raises(InputError, match="too large to be a photo"):
        export.open_media(facebook_photo_uri(0), limit=100)
    with pytest.raises(InputError, match="not in the export"):
        export.open_media("../../etc/passwd")
    export.close()


def test_a_photo_in_an_unzipped_folder_is_read_in_place(tmp_path: Path) -> None:
    photo = photo_jpeg()
    paths = write_facebook_export(
        tmp_path,
        [facebook_photo_post("", 0, latitude=None)],
        media={facebook_photo_uri(0): photo},
        as_zip=False,
    )
    export = _one_export(paths)
    [item] = [i for i in export.items() if i.media]
    assert export.open_media(item.media[0]) == photo
    export.close()


def test_a_photo_damaged_inside_the_zip_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    [path] = write_facebook_export(
        tmp_path, [facebook_photo_post("Day out", 0)], media={facebook_photo_uri(0): photo_jpeg() * 4}
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(facebook_photo_uri(0))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    export = _one_export([path])
    with pytest.raises(InputError, match="damaged inside the export"):
        export.open_media(facebook_photo_uri(0))
    export.close()


def test_photos_you_sent_in_messages_ride_on_the_message_and_others_photos_are_not_read(
    tmp_path: Path,
) -> None:
    thread = "your_facebook_activity/messages/inbox/kayleighsmith_10157/photos"
    sent, alone, received = f"{thread}/1.jpg", f"{thread}/2.jpg", f"{thread}/3.jpg"
    messages = [("Jo Bloggs", "Here you go"), ("Jo Bloggs", ""), ("Kayleigh Smith", "Thanks")]
    paths = write_facebook_export(
        tmp_path,
        messages=messages,
        message_photos={0: sent, 1: alone, 2: received},
        media={name: photo_jpeg() for name in (sent, alone, received)},
    )
    export, items = _items(paths)
    carrying = {i.media[0]: i for i in items if i.media}
    assert set(carrying) == {sent, alone}
    assert (carrying[sent].kind, carrying[sent].text) == ("message", "Here you go")
    assert (carrying[alone].kind, carrying[alone].text) == ("message", "")
    assert dict(carrying[alone].details)["conversation"] == "Kayleigh Smith"  # the other person in the thread
    export.close()


@pytest.mark.parametrize("uri", ["../../../etc/passwd.jpg", "/etc/photo.jpg", "https://example.com/a.jpg"])
def test_a_uri_pointing_outside_the_export_names_no_photo(tmp_path: Path, uri: str) -> None:
    post = facebook_photo_post("Day out", 0)
    post["attachments"][0]["data"][0]["media"]["uri"] = uri
    export, items = _items(write_facebook_export(tmp_path, [post]))
    assert all(i.media == () for i in items)
    export.close()
