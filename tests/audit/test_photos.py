"""Photos in the audit: the photo files of an export are checked by the same photo rules as
`safepost check --image`, the positions Meta keeps in its JSON give the same location finding,
findings land on the item that carries the photo, and a photo that cannot be read is a note."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from safepost.audit.fingerprints import Fingerprinter
from safepost.audit.photos import PhotoJob, PhotoOptions, PhotoResult, check_photo
from safepost.audit.records import Record
from safepost.audit.runner import run_audit
from safepost.audit.workers import CheckerSpec, InProcessJudge, PoolJudge
from safepost.checker import Checker
from safepost.images import check_image
from safepost.images.ocr import tesseract_available
from safepost.importers import open_exports
from tests.audit.fakes import CAUTION, FINE, RISKY, FakeExport
from tests.images.photos import BRISTOL
from tests.importers.exports import (
    Post,
    facebook_photo_post,
    facebook_photo_uri,
    photo_jpeg,
    write_facebook_export,
    write_x_archive,
    x_photo_tweet,
)

KEY = Fingerprinter(b"k" * 32)
PLYMOUTH = (50.3755, -4.1427)
METADATA_ONLY = PhotoOptions(read_words=False, look_for_faces=False)
needs_tesseract = pytest.mark.skipif(
    not tesseract_available(),
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)


def _audit(
    paths: list[Path], checker: Checker, options: PhotoOptions | None = METADATA_ONLY
) -> tuple[list[Record], list[str]]:
    records: list[Record] = []
    outcome = run_audit(
        open_exports(paths),
        InProcessJudge(checker),
        KEY,
        sink=records.append,
        include_fine=True,
        photos=options,
    )
    return records, outcome.problems


def _photo_findings(record: Record) -> list[tuple[str, str | None, Any]]:
    return [(f["rule"], f["part"], f["source"]) for f in record["findings"] if f.get("source")]


def test_a_facebook_photo_with_exif_gps_and_a_json_location_gives_two_location_findings_on_one_record(
    tmp_path: Path, checker: Checker
) -> None:
    """The photo's own GPS and the position Facebook kept in its JSON, each named by where it came from."""
    post = facebook_photo_post("Day out", 0, latitude=PLYMOUTH[0], longitude=PLYMOUTH[1])
    paths = write_facebook_export(tmp_path, [post], media={facebook_photo_uri(0): photo_jpeg(gps=BRISTOL)})
    records, problems = _audit(paths, checker)
    [record] = [r for r in records if r.get("media")]
    assert record["kind"] == "media"
    assert record["verdict"] == "caution" and record["categories"] == ["location"]
    assert _photo_findings(record) == [
        ("IMG101", "GPS position (EXIF)", facebook_photo_uri(0)),
        ("IMG101", "GPS position (Facebook export data)", facebook_photo_uri(0)),
    ]
    assert record["photos"][0]["file"] == facebook_photo_uri(0) and record["photos"][0]["checked"]
    assert problems == []


def test_the_json_location_gives_exactly_the_finding_the_photo_rule_gives_for_the_same_position(
    tmp_path: Path, checker: Checker
) -> None:
    """No rule logic is repeated: the JSON's position goes through the photo's own signal path."""
    paths = write_facebook_export(tmp_path, [facebook_photo_post("Day out", 0)])  # no photo file
    records, problems = _audit(paths, checker)
    assert problems == []  # a photo the export does not hold is not a problem: its JSON is used
    [record] = [r for r in records if r["kind"] == "media"]
    [finding] = record["findings"]
    [expected] = check_image(
        photo_jpeg(gps=BRISTOL), checker, read_words=False, look_for_faces=False
    ).findings
    assert (finding["rule"], finding["category"], finding["severity"], finding["text"]) == (
        expected.rule,
        expected.category,
        expected.severity.label,
        expected.text,
    )
    assert finding["part"] == "GPS position (Facebook export data)"
    assert finding["source"] == facebook_photo_uri(0)  # the file the JSON names, even when not in the export


def test_the_same_position_in_the_photo_and_in_the_json_is_one_finding(
    tmp_path: Path, checker: Checker
) -> None:
    paths = write_facebook_export(
        tmp_path, [facebook_photo_post("Day out", 0)], media={facebook_photo_uri(0): photo_jpeg(gps=BRISTOL)}
    )
    records, _ = _audit(paths, checker)
    [record] = [r for r in records if r.get("media")]
    assert _photo_findings(record) == [("IMG101", "GPS position (EXIF)", facebook_photo_uri(0))]


@needs_tesseract
def test_a_phone_number_in_an_x_photo_is_a_finding_on_the_tweet_with_the_file_part_and_region(
    tmp_path: Path, checker: Checker
) -> None:
    tweet, file = x_photo_tweet("New job!", 0)
    paths = write_x_archive(tmp_path, [tweet], media={file: photo_jpeg(words=["Call me on 07700 900123"])})
    records, problems = _audit(paths, checker, PhotoOptions(look_for_faces=False))
    [record] = [r for r in records if r.get("media")]
    assert record["text"] == "New job!" and record["kind"] == "post"
    assert record["verdict"] == "stop"
    phone = next(f for f in record["findings"] if f["rule"] == "CON101")
    assert (phone["source"], phone["part"], phone["text"]) == (file, "text in the picture", "07700 900123")
    left, top, right, bottom = phone["box"]
    assert 0 <= left < right <= 1000 and 0 <= top < bottom
    assert "07700 900123" in record["photos"][0]["text"]
    assert problems == []


def test_a_corrupt_photo_is_a_note_and_the_audit_goes_on(tmp_path: Path, checker: Checker) -> None:
    posts: list[Post] = [facebook_photo_post("Broken", 0), "Text me on 07700 900123"]
    paths = write_facebook_export(
        tmp_path, posts, media={facebook_photo_uri(0): b"\xff\xd8\xff\xe0 not a jpeg"}
    )
    records, problems = _audit(paths, checker)
    [record] = [r for r in records if r.get("media")]
    [photo] = record["photos"]
    assert not photo["checked"] and "damaged" in photo["error"]
    assert _photo_findings(record) == [
        ("IMG101", "GPS position (Facebook export data)", facebook_photo_uri(0))
    ]
    assert any("A photo could not be checked" in p and facebook_photo_uri(0) in p for p in problems)
    assert any(r["text"] == "Text me on 07700 900123" and r["verdict"] == "stop" for r in records)


def test_without_photo_options_items_are_judged_on_their_text_alone(tmp_path: Path, checker: Checker) -> None:
    paths = write_facebook_export(
        tmp_path, [facebook_photo_post("Day out", 0)], media={facebook_photo_uri(0): photo_jpeg(gps=BRISTOL)}
    )
    records, _ = _audit(paths, checker, options=None)
    assert all(not r["findings"] or not _photo_findings(r) for r in records)
    assert all("photos" not in r for r in records)


def test_not_opening_files_still_judges_the_json_location(tmp_path: Path, checker: Checker) -> None:
    paths = write_facebook_export(
        tmp_path, [facebook_photo_post("Day out", 0)], media={facebook_photo_uri(0): photo_jpeg(gps=BRISTOL)}
    )
    records, _ = _audit(paths, checker, PhotoOptions(open_files=False))
    [record] = [r for r in records if r.get("media")]
    assert _photo_findings(record) == [
        ("IMG101", "GPS position (Facebook export data)", facebook_photo_uri(0))
    ]
    assert record["photos"][0]["checked"] is False


def test_items_without_photos_get_exactly_the_same_records_with_photos_on(checker: Checker) -> None:
    texts = [RISKY, CAUTION, FINE] * 100
    plain: list[Record] = []
    with_photos: list[Record] = []
    run_audit([FakeExport(texts)], InProcessJudge(checker), KEY, sink=plain.append, include_fine=True)
    run_audit(
        [FakeExport(texts)],
        InProcessJudge(checker),
        KEY,
        sink=with_photos.append,
        include_fine=True,
        photos=PhotoOptions(),
    )
    assert plain == with_photos


def test_two_photos_of_one_post_have_their_own_fingerprints(tmp_path: Path, checker: Checker) -> None:
    tweet, first = x_photo_tweet("Trip", 0, file="One.jpg")
    second = first.replace("One.jpg", "Two.jpg")
    tweet["tweet"]["extended_entities"]["media"].append(
        {"id_str": "2", "type": "photo", "url": "x", "media_url_https": "https://pbs.twimg.com/media/Two.jpg"}
    )
    photo = photo_jpeg(gps=BRISTOL)
    records, _ = _audit(write_x_archive(tmp_path, [tweet], media={first: photo, second: photo}), checker)
    [record] = [r for r in records if r.get("media")]
    assert [f["source"] for f in record["findings"]] == [first, second]
    assert len({f["fingerprint"] for f in record["findings"]}) == 2


def test_photos_are_checked_in_worker_processes_and_give_the_same_findings(
    tmp_path: Path, checker: Checker
) -> None:
    posts = [
        facebook_photo_post(f"Day {i}", i, latitude=PLYMOUTH[0], longitude=PLYMOUTH[1]) for i in range(6)
    ]
    media = {facebook_photo_uri(i): photo_jpeg(gps=BRISTOL) for i in range(6)}
    paths = write_facebook_export(tmp_path, posts, media=media)
    here, _ = _audit(paths, checker)
    pooled: list[Record] = []
    outcome = run_audit(
        open_exports(paths),
        PoolJudge(CheckerSpec(use_model=False), jobs=2),
        KEY,
        sink=pooled.append,
        include_fine=True,
        photos=METADATA_ONLY,
    )
    assert outcome.photos == 6 and outcome.stopped is None
    assert [_photo_findings(r) for r in pooled if r.get("media")] == [
        _photo_findings(r) for r in here if r.get("media")
    ]


class SlowPhotoJudge(InProcessJudge):
    """Checks photos in threads, slowly, and records how many photos it held at once."""

    def __init__(self, checker: Checker) -> None:
        super().__init__(checker)
        self.threads = ThreadPoolExecutor(max_workers=4)
        self.held = 0
        self.most_held = 0
        self.lock = threading.Lock()

    def photo_slots(self) -> int:
        return 2

    def submit_photo(self, job: PhotoJob, options: PhotoOptions) -> Future[PhotoResult]:
        with self.lock:
            self.held += 1
            self.most_held = max(self.most_held, self.held)

        def check() -> PhotoResult:
            time.sleep(0.01)
            result = check_photo(self.checker, job, options)
            with self.lock:
                self.held -= 1
            return result

        return self.threads.submit(check)

    def close(self, cancel: bool) -> None:
        self.threads.shutdown(wait=True, cancel_futures=cancel)


def test_memory_is_bounded_photos_in_flight_never_exceed_the_judges_slots(
    tmp_path: Path, checker: Checker
) -> None:
    tweets, media = [], {}
    for index in range(12):
        tweet, file = x_photo_tweet(f"Photo {index}", index, file=f"P{index}.jpg")
        tweets.append(tweet)
        media[file] = photo_jpeg(gps=BRISTOL)
    judge = SlowPhotoJudge(checker)
    outcome = run_audit(
        open_exports(write_x_archive(tmp_path, tweets, media=media)), judge, KEY, photos=METADATA_ONLY
    )
    assert outcome.photos == 12
    assert len(outcome.flagged) == 12
    assert judge.most_held <= 2
