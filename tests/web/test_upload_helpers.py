"""Small pieces behind the upload pages: sizes in words, photo types by content, progress, names."""

from __future__ import annotations

import pytest

from safepost.web.audit_jobs import Progress
from safepost.web.photos import photo_kind
from safepost.web.uploads import shown_name, size_words


@pytest.mark.parametrize(
    "size, words",
    [(1536, "1.5 KB"), (1024 * 1024, "1 MB"), (3_500_000, "3.3 MB"), (4 * 1024**3, "4 GB")],
)
def test_sizes_are_said_in_words(size: int, words: str) -> None:
    assert size_words(size) == words


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"\xff\xd8\xff\xe0rest", "jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "png"),
        (b"GIF89a...", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "heic"),
        (b"%PDF-1.7", None),
        (b"<svg xmlns=", None),
    ],
)
def test_photos_are_recognised_by_their_first_bytes(head: bytes, kind: str | None) -> None:
    assert photo_kind(head) == kind


def test_a_file_name_loses_its_folders_and_control_characters() -> None:
    assert shown_name("C:\\Users\\jo\\twitter.zip") == "twitter.zip"
    assert shown_name("../../etc/passwd") == "passwd"
    assert shown_name("a\x00b\nc.zip") == "abc.zip"
    assert shown_name("") == "upload"


def test_progress_counts_exports_done_and_the_share_of_the_current_one() -> None:
    progress = Progress(state="reading", exports_total=2, exports_done=1, items=50, estimate=100)
    assert progress.percent == 75
    assert Progress(state="reading", exports_total=2).percent == 0
    assert Progress(state="waiting").percent is None
    assert Progress(state="done").to_dict()["finished"] is True
