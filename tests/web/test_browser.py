"""End to end in real headless Chromium: check a post, work without JavaScript, tick a check-up item.

Uses the system's Chromium (Debian package ``chromium``), never a downloaded browser, and skips
when it is missing. Screenshots go to ``test-artifacts/web/`` for people to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from safepost.checker import Checker
from safepost.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
RISKY = "Text me on 07700 900123, I'm the Smiths' social worker"

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install -y chromium)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, checker: Checker) -> Iterator[str]:
    """The real app under uvicorn on a free local port, with a data folder of its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(home=tmp_path_factory.mktemp("browser-home"), checker=checker)
    web = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--headless", "--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records any Content-Security-Policy complaint (inline script or style)."""
    context = browser.new_context()
    tab = context.new_page()
    tab.csp_errors = []
    tab.on(
        "console",
        lambda message: (
            tab.csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_results_appear_as_you_type(server: str, page: Any) -> None:
    expect = playwright_api.expect
    page.goto(f"{server}/check")
    page.fill("#post-text", RISKY)
    expect(page.locator("#verdict")).to_contain_text("Do not post this")
    expect(page.locator("#announce")).to_contain_text("Result: Do not post this")
    assert page.locator("#results mark.sev-stop").count() >= 1
    expect(page.locator("#safer-text")).to_have_value(
        "Text me on [phone number], I'm the Smiths' social worker"
    )
    page.click("button.copy")
    expect(page.locator(".copy-status")).not_to_be_empty()
    shot(page, "check-as-you-type")
    page.fill("#post-text", "Sunny walk with the dog")
    expect(page.locator("#verdict")).to_contain_text("OK to post")
    assert page.csp_errors == []


def test_checking_works_with_javascript_off(server: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/check")
    page.fill("#post-text", RISKY)
    page.click("text=Check this post")
    page.wait_for_load_state()
    assert "Do not post this" in page.locator("#verdict").inner_text()
    assert page.locator("#finding-1 a[href^='/rules/']").count() >= 1
    shot(page, "check-without-javascript")
    context.close()


def test_a_checkup_item_can_be_ticked_and_stays_ticked(server: str, page: Any) -> None:
    expect = playwright_api.expect
    page.goto(f"{server}/checkup/phone")
    expect(page.locator("#phone-bluetooth .state-word")).to_have_text("Not done yet")
    page.locator("#phone-bluetooth button").click()
    expect(page.locator("#phone-bluetooth .state-word")).to_have_text("Done")
    expect(page.locator("#overall-score")).not_to_have_text("0%")
    expect(page.locator("#tick-status")).to_contain_text("Marked as done")
    for button in page.locator(".tick-form button").all():  # finish the list: a review date is set
        if "Mark as done" in button.inner_text():
            button.click()
    expect(page.locator("#review-note")).to_contain_text("Review again by")
    shot(page, "checkup-ticked")
    page.reload()
    expect(page.locator("#phone-bluetooth .state-word")).to_have_text("Done")
    expect(page.locator("#overall-score")).not_to_have_text("0%")
    expect(page.locator("#review-note")).to_contain_text("Review again by")
    assert page.csp_errors == []


def test_the_first_tab_reaches_the_skip_link(server: str, page: Any) -> None:
    page.goto(f"{server}/check")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_fit_a_phone_sized_screen(server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path, name in [
        ("/check", "phone-check"),
        ("/rules", "phone-rules"),
        ("/checkup/facebook", "phone-checkup"),
    ]:
        page.goto(f"{server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        shot(page, name)
    context.close()


CASELOAD = b"name,aliases,relation,ref\nKayleigh Smith,Kay,child,C001\nJaydon Okafor,,child,C002\n"


def test_a_caseload_is_imported_and_a_friend_request_checked(server: str, page: Any) -> None:
    expect = playwright_api.expect
    page.goto(f"{server}/contacts")
    page.set_input_files(
        "#caseload-file", files=[{"name": "caseload.csv", "mimeType": "text/csv", "buffer": CASELOAD}]
    )
    page.click("#import-form button[type=submit]")
    expect(page.locator("#caseload-count")).to_contain_text("2 people on your caseload")
    assert "Kayleigh" not in page.content()
    page.fill("#contact-name", "Kayleigh Smyth")
    page.select_option("#contact-relationship", "friend")
    page.click("#contact-form button[type=submit]")
    expect(page.locator("#contact-verdict")).to_contain_text("Decline this request")
    expect(page.locator("#contact-verdict")).to_contain_text("Tell your manager.")
    assert page.locator("#contact-result a[href^='/rules?policy=']").count() >= 1
    shot(page, "contacts-friend-request")
    assert page.csp_errors == []


def test_a_photo_is_checked_and_its_cleaned_copy_downloaded(server: str, page: Any, tmp_path: Path) -> None:
    from PIL import Image

    from safepost.images.metadata import read_metadata
    from tests.images.photos import BRISTOL, exif_block, jpeg_bytes, scenery

    expect = playwright_api.expect
    photo = jpeg_bytes(scenery(), exif_block(gps=BRISTOL))
    page.goto(f"{server}/check")
    page.fill("#post-text", "Lovely evening in the garden")
    page.set_input_files(
        "#post-photo", files=[{"name": "garden.jpg", "mimeType": "image/jpeg", "buffer": photo}]
    )
    page.click("text=Check this post")
    expect(page.locator("#verdict")).to_contain_text("Think again")
    expect(page.locator("#results")).to_contain_text("In the photo: GPS position (EXIF)")
    shot(page, "check-with-photo")
    with page.expect_download() as download_info:
        page.click("text=Download the cleaned copy")
    saved = tmp_path / "clean.jpg"
    download_info.value.save_as(saved)
    with Image.open(saved) as copy:
        assert read_metadata(copy) == []
    assert page.csp_errors == []


def test_an_export_is_uploaded_audited_and_its_report_read(server: str, page: Any, tmp_path: Path) -> None:
    from tests.importers.exports import write_x_archive

    expect = playwright_api.expect
    (archive,) = write_x_archive(tmp_path, ["Sunny day at the beach", "Court today, ring me on 07700 900123"])
    page.goto(f"{server}/audit")
    page.set_input_files("#audit-files", str(archive))
    page.click("#audit-form button[type=submit]")
    expect(page.locator("#audit-verdict")).to_contain_text("1 to delete", timeout=60_000)  # app.js reloads
    expect(page.locator(".audit-item mark.sev-stop").first).to_contain_text("07700 900123")
    shot(page, "audit-report")
    buttons = page.locator("#item-1 .mark-form button", has_text="Mark as deleted")
    while buttons.count():  # an item is dealt with when each of its findings is
        with page.expect_navigation():
            buttons.first.click()
    expect(page.locator("#audit-count")).to_contain_text("0 items shown")
    page.select_option("#f-show", "marked")
    with page.expect_navigation():
        page.click(".filters button[type=submit]")
    expect(page.locator(".marked").first).to_contain_text("Deleted")
    shot(page, "audit-marked")
    assert page.csp_errors == []


def test_the_audit_progress_page_works_without_javascript(server: str, browser: Any, tmp_path: Path) -> None:
    from tests.importers.exports import write_x_archive

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    (archive,) = write_x_archive(tmp_path, ["Text me on 07700 900123"])
    page.goto(f"{server}/audit")
    page.set_input_files("#audit-files", str(archive))
    page.click("#audit-form button[type=submit]")
    page.wait_for_load_state()
    deadline = time.monotonic() + 60
    while page.locator("#audit-verdict").count() == 0:  # the refresh link, as a person would use it
        assert time.monotonic() < deadline, "the audit did not finish"
        with page.expect_navigation():
            page.locator("#audit-refresh").click()
    assert "1 to delete" in page.locator("#audit-verdict").inner_text()
    context.close()


def test_the_new_pages_fit_a_phone_sized_screen(server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path, name in [("/contacts", "phone-contacts"), ("/audit", "phone-audit")]:
        page.goto(f"{server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        shot(page, name)
    context.close()
