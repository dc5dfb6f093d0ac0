"""Reading zips safely: hostile entry names, bombs, passwords and damage give clear messages."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from safepost.errors import InputError
from safepost.importers import ArchiveLimits, open_exports
from tests.importers.exports import write_x_archive, x_tweet


def _zip_with(path: Path, members: dict[str, bytes | str], *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        if link is not None:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


def _tweets_js(*texts: str) -> str:
    import json

    return "window.YTD.tweets.part0 = " + json.dumps([x_tweet(t, i) for i, t in enumerate(texts)])


def test_entries_pointing_outside_are_skipped_and_reported_and_nothing_is_written(tmp_path: Path) -> None:
    archive = _zip_with(
        tmp_path / "x.zip",
        {
            "data/tweets.js": _tweets_js("kept"),
            "../../evil.txt": "escape",
            "/tmp/absolute-evil.txt": "escape",
            "data/../../../up.txt": "escape",
        },
        link="data/link.js",
    )
    before = sorted(p.name for p in tmp_path.rglob("*"))
    (export,) = open_exports([archive])
    assert [item.text for item in export.items()] == ["kept"]
    assert any(
        "skipped 4 entries" in problem and "nothing was written" in problem for problem in export.problems
    )
    export.close()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not Path("/tmp/absolute-evil.txt").exists()


def test_a_corrupt_zip_is_a_clear_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "facebook-jobloggs.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip file at all" * 10)
    with pytest.raises(InputError, match=r"not a readable zip file.*download the export again"):
        open_exports([bad])


def test_a_zip_cut_short_by_a_failed_download_is_a_clear_input_error(tmp_path: Path) -> None:
    (archive,) = write_x_archive(tmp_path, ["one", "two"])
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="not a readable zip file"):
        open_exports([archive])


def test_a_damaged_member_becomes_a_problem_not_a_traceback(tmp_path: Path) -> None:
    archive = _zip_with(
        tmp_path / "x.zip", {"data/tweets.js": _tweets_js(*(f"tweet number {i}" for i in range(300)))}
    )
    data = bytearray(archive.read_bytes())
    middle = data.find(b"data/tweets.js") + 200  # inside the compressed stream
    data[middle : middle + 40] = b"\x00" * 40
    archive.write_bytes(bytes(data))
    (export,) = open_exports([archive])
    items = list(export.items())
    assert len(items) < 300
    assert export.problems and "data/tweets.js" in export.problems[0]


def test_password_protected_zip_says_so(tmp_path: Path) -> None:
    path = _zip_with(tmp_path / "locked.zip", {"data/tweets.js": _tweets_js("secret")})
    # Python cannot write encrypted zips: set the "encrypted" flag in both headers by hand.
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        data[at] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="protected by a password"):
        open_exports([path])


def test_zip_bomb_by_ratio_is_refused_naming_the_option_to_raise_it(tmp_path: Path) -> None:
    archive = _zip_with(tmp_path / "bomb.zip", {"data/tweets.js": b"\x00" * (8 * 1024 * 1024)})
    with pytest.raises(InputError, match=r"zip bomb.*--max-ratio"):
        open_exports([archive])
    (export,) = open_exports([archive], ArchiveLimits(max_ratio=100_000))
    assert export.platform == "x"
    export.close()


def test_zip_bomb_by_entry_size_and_total_size_is_refused(tmp_path: Path) -> None:
    archive = _zip_with(
        tmp_path / "big.zip", {"data/tweets.js": _tweets_js("a" * 5000), "data/account.js": "x" * 5000}
    )
    with pytest.raises(InputError, match=r"limit of .* for one file.*--max-size"):
        open_exports([archive], ArchiveLimits(max_entry_bytes=4000))
    with pytest.raises(InputError, match=r"more than .*--max-size"):
        open_exports([archive], ArchiveLimits(max_total_bytes=8000))


def test_symlinks_in_an_extracted_folder_are_not_followed(tmp_path: Path) -> None:
    (folder,) = write_x_archive(tmp_path, ["inside"], as_zip=False)
    secret = tmp_path / "secret.js"
    secret.write_text(_tweets_js("outside the export"))
    (folder / "data" / "tweets-part1.js").symlink_to(secret)
    (export,) = open_exports([folder])
    assert [item.text for item in export.items() if item.kind == "post"] == ["inside"]
    assert any("link" in problem for problem in export.problems)


def test_a_missing_path_is_a_clear_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        open_exports([tmp_path / "nowhere.zip"])


def test_a_member_packed_in_a_way_python_cannot_unpack_is_skipped_with_a_problem(tmp_path: Path) -> None:
    archive = _zip_with(
        tmp_path / "x.zip",
        {
            "data/account.js": 'window.YTD.account.part0 = [{"account": {"username": "jo"}}]',
            "data/tweets.js": _tweets_js("a"),
        },
    )
    data = bytearray(archive.read_bytes())
    # Mark tweets.js as Deflate64 (method 9), which Windows uses for big files and zipfile lacks.
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(signature, data.find(signature) + 1) + offset
        data[at] = 9
    archive.write_bytes(bytes(data))
    (export,) = open_exports([archive])
    assert [i for i in export.items() if i.kind == "post"] == []
    assert any("data/tweets.js" in p and "skipped" in p for p in export.problems)


def test_a_bomb_made_of_many_small_members_is_refused_as_a_whole(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {f"data/part{n}.bin": b"\x00" * 900_000 for n in range(4)}
    archive = _zip_with(tmp_path / "many.zip", {"data/tweets.js": _tweets_js("a"), **members})
    with pytest.raises(InputError, match=r"expands .* times its size.*--max-ratio"):
        open_exports([archive])
