"""Telling platforms and layout generations apart from what is inside an export."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from safepost.errors import InputError
from safepost.importers import open_exports
from tests.importers.exports import (
    write_bluesky_car,
    write_facebook_export,
    write_generic_csv,
    write_instagram_export,
    write_linkedin_export,
    write_mastodon_archive,
    write_x_archive,
)


@pytest.mark.parametrize("layout", ["older", "2022", "2024"])
def test_facebook_layouts_are_recognised_and_named(tmp_path: Path, layout: str) -> None:
    (export,) = open_exports(write_facebook_export(tmp_path, ["hello"], layout=layout))
    assert (export.platform, export.layout) == ("facebook", layout)
    assert export.label == f"Facebook export ({layout} layout)"


@pytest.mark.parametrize("layout", ["older", "2022", "2024"])
def test_instagram_layouts_are_recognised_and_named(tmp_path: Path, layout: str) -> None:
    (export,) = open_exports(write_instagram_export(tmp_path, ["hello"], layout=layout))
    assert (export.platform, export.layout) == ("instagram", layout)


def test_each_platform_is_recognised_from_zip_folder_or_file(tmp_path: Path) -> None:
    paths = [
        *write_x_archive(tmp_path / "x", ["a"]),
        *write_linkedin_export(tmp_path / "li", ["a"], as_zip=False),
        *write_mastodon_archive(tmp_path / "m", ["<p>a</p>"]),
        *write_bluesky_car(tmp_path / "b", ["a"]),
        *write_generic_csv(tmp_path / "g", ["a"]),
    ]
    exports = open_exports(paths)
    assert [e.platform for e in exports] == ["x", "linkedin", "mastodon", "bluesky", "generic"]
    assert exports[0].label == "X archive"


def test_a_split_facebook_export_is_one_export(tmp_path: Path) -> None:
    zips = write_facebook_export(
        tmp_path, ["first", "second"], comments=["a comment"], posts_per_file=1, split=3
    )
    assert len(zips) == 3
    exports = open_exports(zips)
    assert len(exports) == 1
    texts = {item.text for item in exports[0].items()}
    assert {"first", "second", "a comment"} <= texts


def test_an_export_rezipped_inside_its_own_folder_is_still_found(tmp_path: Path) -> None:
    (folder,) = write_facebook_export(tmp_path / "src", ["nested post"], as_zip=False)
    target = tmp_path / "nested.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in folder.rglob("*.json"):
            archive.write(path, "My Facebook/" + path.relative_to(folder).as_posix())
    (export,) = open_exports([target])
    assert "nested post" in [item.text for item in export.items()]


def test_html_facebook_export_asks_for_the_json_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"HTML format.*choose the JSON format"):
        open_exports(write_facebook_export(tmp_path, ["hello"], html_format=True))


def test_unknown_layout_says_what_was_found(tmp_path: Path) -> None:
    target = tmp_path / "holiday.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("photos/beach.jpg", b"jpeg")
        archive.writestr("notes/readme.txt", "hello")
    with pytest.raises(InputError, match=r"does not look like an export.*2 file\(s\).*photos/beach.jpg"):
        open_exports([target])


def test_an_empty_zip_says_there_is_nothing_to_check(tmp_path: Path) -> None:
    target = tmp_path / "empty.zip"
    zipfile.ZipFile(target, "w").close()
    with pytest.raises(InputError, match="empty"):
        open_exports([target])


def test_an_old_mastodon_tar_archive_asks_to_be_unpacked(tmp_path: Path) -> None:
    target = tmp_path / "archive-2022.tar.gz"
    target.write_bytes(b"\x1f\x8b not really")
    with pytest.raises(InputError, match="Unpack it first"):
        open_exports([target])


def test_a_folder_of_zips_asks_for_the_zips_themselves(tmp_path: Path) -> None:
    write_facebook_export(tmp_path / "downloads", ["a"], split=2)
    with pytest.raises(InputError, match="give safepost those zip files instead of the folder"):
        open_exports([tmp_path / "downloads"])


def test_a_zip_of_zips_asks_for_the_zips_inside_it_not_for_a_folder(tmp_path: Path) -> None:
    (inner,) = write_x_archive(tmp_path / "x", ["a"])
    outer = tmp_path / "download.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, "twitter.zip")
    with pytest.raises(InputError, match=r"give safepost those zip files instead \(unzip this one first\)"):
        open_exports([outer])


def test_a_mastodon_outbox_given_on_its_own_is_read_as_mastodon(tmp_path: Path) -> None:
    (folder,) = write_mastodon_archive(tmp_path, ["<p>toot on its own</p>"], as_zip=False)
    (export,) = open_exports([folder / "outbox.json"])
    assert export.platform == "mastodon"
    assert [i.text for i in export.items() if i.kind == "post"] == ["toot on its own"]


def test_html_instagram_export_asks_for_the_json_format(tmp_path: Path) -> None:
    """It used to be "does not look like an export safepost knows", with a list of files."""
    target = tmp_path / "instagram-jobloggs.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("your_instagram_activity/content/posts_1.html", "<html></html>")
        archive.writestr("personal_information/personal_information/personal_information.html", "<html>")
    with pytest.raises(InputError, match=r"Instagram export in HTML format.*choose the JSON format"):
        open_exports([target])


def test_the_same_export_given_twice_is_read_once(tmp_path: Path) -> None:
    """Every post used to be judged and counted twice."""
    (archive,) = write_x_archive(tmp_path, ["only once"])
    exports = open_exports([archive, tmp_path / ".." / tmp_path.name / archive.name])
    assert len(exports) == 1
    assert [i.text for i in exports[0].items() if i.kind == "post"] == ["only once"]
