"""Audits in the browser and the API: upload exports, follow progress, filter the report, mark findings.

Uploads stream to the data folder under random names and are deleted after the audit unless
kept; marks persist in the database and in the baseline file the CLI reads.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from safepost.store.models import AuditRun
from safepost.web import create_app
from tests.images.photos import BRISTOL
from tests.importers.exports import (
    facebook_photo_post,
    facebook_photo_uri,
    photo_jpeg,
    write_facebook_export,
    write_x_archive,
)
from tests.web.conftest import API_HEADERS, BASE, form_token

POSTS_CSV = (
    b"date,text\n"
    b"2019-05-01,Text me on 07700 900123\n"
    b"2020-01-01,Lovely walk on the beach\n"
    b"2021-03-03,I'm the Smiths' social worker and they are a nightmare\n"
)
RISKY_TWEET = "Court today <3 ring me on 07700 900123 & I'll explain"


def start(client: TestClient, files: list[tuple[str, bytes]], **form: str) -> str:
    """Upload through the page as a person would; returns the audit's address."""
    token = form_token(client, "/audit")
    answer = client.post(
        "/audit/new",
        data={"csrf_token": token, **form},
        files=[("files", (name, content, "application/octet-stream")) for name, content in files],
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def finished(app: FastAPI, address: str) -> str:
    run_id = address.rsplit("/", 1)[1]
    app.state.safepost.audits().wait(run_id, 120)
    return run_id


def uploads(home: Path) -> list[Path]:
    folder = home / "uploads"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_the_audit_page_has_a_labelled_multi_file_upload(client: TestClient) -> None:
    html = client.get("/audit").text
    assert 'enctype="multipart/form-data"' in html and 'type="file" multiple' in html
    assert '<label for="audit-files">' in html and '<label for="audit-keep">' in html
    assert "Up to 4 GB in all" in html
    assert "No audits yet." in html


def test_an_uploaded_csv_is_audited_and_its_report_shown(app: FastAPI, client: TestClient) -> None:
    address = start(client, [("posts.csv", POSTS_CSV)])
    finished(app, address)
    html = client.get(address).text
    assert "<h1>Audit of posts.csv</h1>" in html
    assert "1 to delete (stop) · 1 to review (caution) · 1 fine" in html
    assert '<mark class="sev-stop">07700 900123</mark>' in html
    assert "Where: posts.csv#1" in html  # the file as the person named it, not its random name
    assert 'href="/rules/CON101"' in html
    assert "2 items shown." in html
    assert "Mark as deleted" in html and "Not a problem" in html


def test_the_export_zip_is_deleted_after_the_audit(app: FastAPI, client: TestClient, tmp_path: Path) -> None:
    (archive,) = write_x_archive(tmp_path, ["Sunny day", RISKY_TWEET])
    address = start(client, [("twitter-2025.zip", archive.read_bytes())])
    finished(app, address)
    assert "1 to delete" in client.get(address).text
    assert uploads(app.state.safepost.home) == []


def test_ticking_keep_keeps_the_upload_under_a_random_private_name(app: FastAPI, client: TestClient) -> None:
    address = start(client, [("posts.csv", POSTS_CSV)], keep="yes")
    finished(app, address)
    (kept,) = uploads(app.state.safepost.home)
    assert kept.parent.name == "kept" and re.fullmatch(r"[0-9a-f]{32}\.csv", kept.name)
    assert kept.stat().st_mode & 0o077 == 0
    assert kept.read_bytes() == POSTS_CSV


def test_the_report_can_be_filtered(app: FastAPI, client: TestClient) -> None:
    address = start(client, [("posts.csv", POSTS_CSV)])
    finished(app, address)
    assert "1 item shown." in client.get(address, params={"verdict": "stop"}).text
    assert "1 item shown." in client.get(address, params={"year": "2021"}).text
    assert "0 items shown." in client.get(address, params={"year": "2020"}).text
    assert "1 item shown." in client.get(address, params={"category": "contact-details"}).text
    assert "2 items shown." in client.get(address, params={"platform": "generic"}).text
    odd = client.get(address, params={"year": "<script>", "platform": "myspace"})
    assert odd.status_code == 200 and "2 items shown." in odd.text and "<script>" not in odd.text


def test_marking_a_finding_persists_and_feeds_the_cli_baseline(
    app: FastAPI, client: TestClient, private_home: Path, tmp_path: Path
) -> None:
    address = start(client, [("posts.csv", POSTS_CSV)])
    run_id = finished(app, address)
    items = client.get(f"/api/audits/{run_id}/results", params={"verdict": "stop"}).json()["items"]
    fingerprints = [f["fingerprint"] for f in items[0]["findings"]]
    token = form_token(client, address)
    for fingerprint in fingerprints:
        answer = client.post(
            f"{address}/mark",
            data={
                "csrf_token": token,
                "fingerprint": fingerprint,
                "reason": "deleted",
                "back": "verdict=stop",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == f"{address}?verdict=stop"
    assert "0 items shown." in client.get(address, params={"verdict": "stop"}).text
    dealt_with = client.get(address, params={"show": "marked"}).text
    assert "1 item shown." in dealt_with and "<strong>Deleted</strong> (marked" in dealt_with
    assert "Undo the mark" in dealt_with

    # a fresh app on the same data folder remembers the marks
    again = TestClient(create_app(home=private_home, checker=app.state.safepost.checker()), base_url=BASE)
    assert "0 items shown." in again.get(address, params={"verdict": "stop"}).text

    # the CLI honours them through the baseline file
    baseline = private_home / "audit-baseline.json"
    assert set(json.loads(baseline.read_text())["marks"]) == set(fingerprints)
    export = tmp_path / "posts.csv"
    export.write_bytes(POSTS_CSV)
    cli = subprocess.run(
        [sys.executable, "-m", "safepost", "audit", str(export), "--baseline", str(baseline), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "0 to delete (stop)" in cli.stderr and "already dealt with" in cli.stderr


def test_a_mark_can_be_undone_through_the_api(app: FastAPI, client: TestClient) -> None:
    run_id = finished(app, start(client, [("posts.csv", POSTS_CSV)]))
    finding = client.get(f"/api/audits/{run_id}/results").json()["items"][0]["findings"][0]
    fingerprint = finding["fingerprint"]
    assert finding["mark"] is None
    marked = client.put(
        f"/api/audit-marks/{fingerprint}", json={"reason": "not-a-problem"}, headers=API_HEADERS
    )
    assert marked.status_code == 200
    shown = client.get(f"/api/audits/{run_id}/results", params={"show": "all"}).json()["items"]
    assert any(f["mark"] and f["mark"]["reason"] == "not-a-problem" for i in shown for f in i["findings"])
    client.put(f"/api/audit-marks/{fingerprint}", json={"reason": None}, headers=API_HEADERS)
    shown = client.get(f"/api/audits/{run_id}/results", params={"show": "all"}).json()["items"]
    assert all(f["mark"] is None for i in shown for f in i["findings"])


def test_the_api_creates_an_audit_and_reports_progress_and_results(app: FastAPI, client: TestClient) -> None:
    answer = client.post("/api/audits", files={"files": ("posts.csv", POSTS_CSV)}, headers=API_HEADERS)
    assert answer.status_code == 202
    created = answer.json()
    app.state.safepost.audits().wait(created["id"], 120)
    progress = client.get(created["progress"]).json()
    assert progress["finished"] is True and progress["percent"] == 100 and progress["state"] == "done"
    results = client.get(created["results"]).json()
    assert results["summary"]["verdicts"] == {"stop": 1, "caution": 1, "ok": 1}
    assert results["matched"] == 2 and results["items"][0]["verdict"] == "stop"
    assert [a["id"] for a in client.get("/api/audits").json()] == [created["id"]]


def test_the_reports_download_as_html_and_csv(app: FastAPI, client: TestClient) -> None:
    address = start(client, [("posts.csv", POSTS_CSV)])
    finished(app, address)
    report = client.get(f"{address}/report.html")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    assert "07700 900123" in report.text and "posts.csv" in report.text
    table = client.get(f"{address}/report.csv", params={"verdict": "stop"})
    assert table.headers["content-type"].startswith("text/csv")
    lines = table.text.strip().splitlines()
    assert lines[0].startswith("verdict,when,platform") and len(lines) == 2


def test_an_upload_without_a_token_is_refused_before_anything_is_written(
    app: FastAPI, client: TestClient
) -> None:
    form_token(client, "/audit")
    answer = client.post("/audit/new", files={"files": ("posts.csv", POSTS_CSV)})
    assert answer.status_code == 403
    forged = client.post(
        "/audit/new", data={"csrf_token": "0" * 64}, files={"files": ("posts.csv", POSTS_CSV)}
    )
    assert forged.status_code == 403
    assert uploads(app.state.safepost.home) == []
    assert client.get("/api/audits").json() == []


def test_the_api_needs_the_header(app: FastAPI, client: TestClient) -> None:
    answer = client.post("/api/audits", files={"files": ("posts.csv", POSTS_CSV)})
    assert answer.status_code == 403 and uploads(app.state.safepost.home) == []
    assert client.put(f"/api/audit-marks/{'a' * 24}", json={"reason": "deleted"}).status_code == 403


def test_mark_and_delete_forms_need_a_token(app: FastAPI, client: TestClient) -> None:
    address = start(client, [("posts.csv", POSTS_CSV)])
    finished(app, address)
    assert (
        client.post(f"{address}/mark", data={"fingerprint": "a" * 24, "reason": "deleted"}).status_code == 403
    )
    assert client.post(f"{address}/delete").status_code == 403
    assert client.get(address).status_code == 200


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("holiday.jpg", b"\xff\xd8\xff", "holiday.jpg is not an export file"),
        ("export.zip", b"this is not a zip at all", "export.zip is not a zip file"),
        ("export.zip", b"", "export.zip is empty"),
    ],
)
def test_bad_uploads_get_a_clear_message_and_leave_nothing_behind(
    app: FastAPI, client: TestClient, name: str, content: bytes, message: str
) -> None:
    token = form_token(client, "/audit")
    answer = client.post("/audit/new", data={"csrf_token": token}, files={"files": (name, content)})
    assert answer.status_code == 400
    assert message in answer.text and "Traceback" not in answer.text
    assert uploads(app.state.safepost.home) == []


def test_no_file_chosen_is_explained(client: TestClient) -> None:
    token = form_token(client, "/audit")
    answer = client.post("/audit/new", data={"csrf_token": token}, files={"files": ("", b"")})
    assert answer.status_code == 400 and "Choose at least one export file" in answer.text


def test_uploads_over_the_configured_limit_are_refused(private_home: Path, checker: object) -> None:
    app = create_app(home=private_home, checker=checker, max_upload=100 * 1024)  # type: ignore[arg-type]
    client = TestClient(app, base_url=BASE)
    token = form_token(client, "/audit")
    big = b"date,text\n" + b"2020-01-01,hello there\n" * 10_000
    answer = client.post("/audit/new", data={"csrf_token": token}, files={"files": ("big.csv", big)})
    assert answer.status_code == 413
    assert uploads(private_home) == []


def test_an_export_that_cannot_be_read_says_why(app: FastAPI, client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an export")
    address = start(client, [("holiday-photos.zip", buffer.getvalue())])
    finished(app, address)
    html = client.get(address).text
    assert "The audit did not finish." in html and "holiday-photos.zip" in html
    assert not re.search(r"[0-9a-f]{32}\.zip", html)  # the random name never shows
    assert uploads(app.state.safepost.home) == []


def test_an_audit_can_be_deleted(app: FastAPI, client: TestClient, private_home: Path) -> None:
    address = start(client, [("posts.csv", POSTS_CSV)])
    run_id = finished(app, address)
    token = form_token(client, address)
    answer = client.post(f"{address}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert client.get(address).status_code == 404
    assert not (private_home / "audits" / run_id).exists()


def test_an_unknown_audit_is_a_friendly_404(client: TestClient) -> None:
    assert client.get("/audit/nope").status_code == 404
    assert client.get(f"/api/audits/{'0' * 32}/progress").json()["error"].startswith("There is no audit")


def test_results_and_marks_keep_post_text_out_of_the_database(
    app: FastAPI, client: TestClient, private_home: Path
) -> None:
    run_id = finished(app, start(client, [("posts.csv", POSTS_CSV)]))
    fingerprint = client.get(f"/api/audits/{run_id}/results").json()["items"][0]["findings"][0]["fingerprint"]
    client.put(f"/api/audit-marks/{fingerprint}", json={"reason": "deleted"}, headers=API_HEADERS)
    assert b"07700" not in (private_home / "safepost.db").read_bytes()
    assert b"07700" not in (private_home / "audit-baseline.json").read_bytes()
    folder = private_home / "audits" / run_id
    assert folder.stat().st_mode & 0o077 == 0
    assert all(p.stat().st_mode & 0o077 == 0 for p in folder.iterdir())


def test_an_audit_cut_off_by_a_restart_is_explained_and_its_upload_removed(
    app: FastAPI, client: TestClient, private_home: Path
) -> None:
    kept_address = start(client, [("posts.csv", POSTS_CSV)], keep="yes")
    finished(app, kept_address)
    with app.state.safepost.database().session() as session:
        session.add(
            AuditRun(id="f" * 32, created_at=datetime.now(), state="reading", sources='["old.zip"]',
                     items=0, stop=0, caution=0, keep_uploads=False)
        )  # fmt: skip
    leftover = private_home / "uploads" / f"{'e' * 32}.zip"
    leftover.write_bytes(b"PK\x03\x04 half an upload")

    restarted = TestClient(create_app(home=private_home, checker=app.state.safepost.checker()), base_url=BASE)
    html = restarted.get(f"/audit/{'f' * 32}").text
    assert "The audit did not finish." in html and "cut off when safepost stopped" in html
    assert not leftover.exists()
    assert len(uploads(private_home)) == 1  # the one the person chose to keep


def test_photos_in_an_export_are_checked_and_shown_on_their_post(
    app: FastAPI, client: TestClient, tmp_path: Path
) -> None:
    post = facebook_photo_post("Day out", 0)
    paths = write_facebook_export(tmp_path, [post], media={facebook_photo_uri(0): photo_jpeg(gps=BRISTOL)})
    files = [(path.name, path.read_bytes()) for path in paths]
    address = start(client, files)
    finished(app, address)
    html = client.get(address).text
    assert "1 photo checked" in html
    assert f"In the photo {facebook_photo_uri(0)}: GPS position (EXIF)" in html
    assert 'href="/rules/IMG101"' in html


def test_photo_files_are_left_closed_when_the_box_is_unticked(
    app: FastAPI, client: TestClient, tmp_path: Path
) -> None:
    post = facebook_photo_post("Day out", 0)
    paths = write_facebook_export(tmp_path, [post], media={facebook_photo_uri(0): photo_jpeg(gps=BRISTOL)})
    address = start(client, [(path.name, path.read_bytes()) for path in paths], photos="no")
    finished(app, address)
    html = client.get(address).text
    assert "photo checked" not in html and "GPS position (EXIF)" not in html
