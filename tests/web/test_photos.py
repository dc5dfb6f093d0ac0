"""Photos on the check page and in the API: findings beside the caption's, a cleaned copy, nothing kept."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from safepost.images.faces import faces_available
from safepost.images.metadata import read_metadata
from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, people, scenery
from tests.web.conftest import API_HEADERS, form_token

GPS_PHOTO = jpeg_bytes(scenery(), exif_block(gps=BRISTOL, artist="Jo Bloggs"))
PLAIN_PHOTO = jpeg_bytes(scenery())
needs_opencv = pytest.mark.skipif(not faces_available(), reason="opencv-python-headless not installed")


def check_page(client: TestClient, photo: bytes, name: str = "garden.jpg", **form: str) -> httpx.Response:
    token = form_token(client)
    return client.post(
        "/check", data={"csrf_token": token, **form}, files={"photo": (name, photo, "image/jpeg")}
    )


def test_the_check_form_has_a_labelled_photo_picker(client: TestClient) -> None:
    html = client.get("/check").text
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="post-photo">' in html and 'type="file"' in html and 'accept=".jpg' in html
    assert '<label for="blur-faces">' in html


def test_a_photo_with_location_shows_its_findings_beside_the_caption(client: TestClient) -> None:
    answer = check_page(client, GPS_PHOTO, text="Lovely evening in the garden")
    html = answer.text
    assert answer.status_code == 200
    assert "banner-caution" in html and "Think again" in html
    assert "In the photo: GPS position (EXIF)" in html and "Bristol" in html
    assert "In the photo: Artist (EXIF)" in html
    assert 'href="/rules/IMG101"' in html
    assert "<h2>Your photo</h2>" in html and "<dt>GPS position (EXIF)</dt>" in html
    assert "Download the cleaned copy" in html


def test_the_cleaned_copy_has_no_hidden_data_and_downloads_once(client: TestClient) -> None:
    html = check_page(client, GPS_PHOTO, text="Garden").text
    link = re.search(r'href="(/check/photo/[0-9a-f]{32})"', html)
    assert link
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.headers["content-type"] == "image/jpeg"
    assert download.headers["content-disposition"] == 'attachment; filename="garden-clean.jpg"'
    copy = Image.open(io.BytesIO(download.content))
    assert copy.size == (640, 480) and read_metadata(copy) == []
    again = client.get(link.group(1))
    assert again.status_code == 404 and "Check the photo again" in again.text


def test_another_browser_cannot_download_the_cleaned_copy(client: TestClient) -> None:
    from tests.web.conftest import BASE

    html = check_page(client, GPS_PHOTO).text
    link = re.search(r'href="(/check/photo/[0-9a-f]{32})"', html)
    assert link
    stranger = TestClient(client.app, base_url=BASE)
    assert stranger.get(link.group(1)).status_code == 404
    assert client.get(link.group(1)).status_code == 200


@needs_opencv
def test_faces_are_found_and_can_be_blurred_in_the_copy(client: TestClient) -> None:
    html = check_page(client, jpeg_bytes(people(2)), blur_faces="yes").text
    assert "2 faces found." in html
    assert "2 faces blurred" in html
    assert re.search(r"area from \d+, \d+ to \d+, \d+", html)  # the region the finding is about


def test_the_photo_is_not_kept_anywhere(client: TestClient, private_home: Path) -> None:
    check_page(client, GPS_PHOTO)
    for path in private_home.rglob("*"):
        if path.is_file():
            assert b"Jo Bloggs" not in path.read_bytes(), path.name
            assert not path.name.lower().endswith((".jpg", ".jpeg")), path.name


def test_a_photo_without_a_token_is_refused(client: TestClient) -> None:
    answer = client.post("/check", data={"text": "hi"}, files={"photo": ("a.jpg", GPS_PHOTO, "image/jpeg")})
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.txt", b"hello", "Choose a file ending in JPG"),
        ("fake.jpg", b"this is text, not a picture", "not a photo safepost can read"),
        ("empty.jpg", b"", "That file is empty"),
        ("cut.jpg", GPS_PHOTO[:200], "The photo is not a picture safepost can read"),
    ],
)
def test_bad_photos_get_a_clear_message_and_keep_the_text(
    client: TestClient, name: str, content: bytes, message: str
) -> None:
    answer = check_page(client, content, name, text="My caption stays")
    assert answer.status_code == 400, answer.text
    assert message in answer.text
    assert "Traceback" not in answer.text
    assert ">My caption stays</textarea>" in answer.text


def test_a_photo_over_the_limit_is_refused(client: TestClient) -> None:
    token = form_token(client)
    huge = b"\xff\xd8\xff" + b"0" * (26 * 1024 * 1024)
    answer = client.post(
        "/check", data={"csrf_token": token}, files={"photo": ("big.jpg", huge, "image/jpeg")}
    )
    assert answer.status_code == 413


def test_the_api_checks_a_photo_exactly_like_the_cli(client: TestClient, tmp_path: Path) -> None:
    photo = tmp_path / "photo 1"  # the CLI names a photo by its file; the API calls an upload "photo 1"
    photo.write_bytes(GPS_PHOTO)
    cli = subprocess.run(
        [sys.executable, "-m", "safepost", "check", "--format", "json", "--image", str(photo), "At home"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    answer = client.post(
        "/api/check/photo",
        data={"text": "At home"},
        files={"photo": ("x.jpg", GPS_PHOTO)},
        headers=API_HEADERS,
    )
    assert answer.status_code == 200
    expected = json.loads(cli.stdout)
    assert answer.json()["verdict"] == expected["verdict"] == "caution"
    assert [f["rule"] for f in answer.json()["findings"]] == [f["rule"] for f in expected["findings"]]
    assert answer.json()["findings"] == expected["findings"]


def test_the_api_gives_a_cleaned_copy(client: TestClient) -> None:
    answer = client.post(
        "/api/check/photo/clean", files={"photo": ("garden.jpg", GPS_PHOTO)}, headers=API_HEADERS
    )
    assert answer.status_code == 200 and answer.headers["x-safepost-removed"] == "2"
    assert read_metadata(Image.open(io.BytesIO(answer.content))) == []


def test_the_photo_api_needs_the_header_and_multipart(client: TestClient) -> None:
    refused = client.post("/api/check/photo", files={"photo": ("a.jpg", GPS_PHOTO)})
    assert refused.status_code == 403
    assert client.post("/api/check/photo", json={"photo": "x"}, headers=API_HEADERS).status_code == 415
    missing = client.post(
        "/api/check/photo", data={"text": "hi"}, files={"other": ("a", b"x")}, headers=API_HEADERS
    )
    assert missing.status_code == 400 and "photo" in missing.json()["error"]


def test_the_checkup_pages_keep_the_small_body_limit(client: TestClient) -> None:
    answer = client.post(
        "/checkup/phone", content=b"x" * (300 * 1024), headers={"Content-Type": "text/plain"}
    )
    assert answer.status_code == 413
