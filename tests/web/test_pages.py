"""The pages work without JavaScript: check a post, browse rules, tick check-up items."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from safepost.checkup.progress import add_months, set_done
from safepost.store.db import DB_FILE
from tests.web.conftest import form_token

RISKY = "Text me on 07700 900123, I'm the Smiths' social worker"


def test_the_check_page_is_a_labelled_form_with_a_skip_link(client: TestClient) -> None:
    html = client.get("/check").text
    assert '<a class="skip-link" href="#main">' in html
    assert '<label for="post-text">' in html and 'id="post-text"' in html
    assert 'aria-live="polite"' in html
    assert '<html lang="en-GB">' in html and 'name="viewport"' in html


def test_checking_a_risky_post_shows_the_verdict_in_words_and_highlights(client: TestClient) -> None:
    html = client.post("/check", data={"text": RISKY, "csrf_token": form_token(client)}).text
    assert 'class="banner banner-stop"' in html and "Do not post this" in html
    assert '<mark class="sev-stop"><span class="visually-hidden">Start of finding' in html
    assert "07700 900123<span" in html
    assert 'href="/rules/CON101"' in html and "NSSCB 2.3.2" in html
    assert "[phone number]" in html  # the safer version
    assert 'data-copy="safer-text"' in html
    assert "Result: Do not post this." in html  # said to screen readers


def test_a_harmless_post_is_ok_to_post(client: TestClient) -> None:
    html = client.post(
        "/check", data={"text": "Sunny walk with the dog", "csrf_token": form_token(client)}
    ).text
    assert "banner-ok" in html and "OK to post" in html
    assert "<mark" not in html


def test_the_check_page_refuses_a_post_over_the_limit_politely(client: TestClient) -> None:
    answer = client.post("/check", data={"text": "a" * 20_001, "csrf_token": form_token(client)})
    assert answer.status_code == 400
    assert "Your post is 20,001 characters long" in answer.text and "Traceback" not in answer.text
    assert 'id="post-text"' in answer.text  # the text is handed back, not lost


def test_rules_can_be_searched_by_words_category_policy_and_clause(client: TestClient) -> None:
    assert 'href="/rules/CON101"' in client.get("/rules", params={"q": "phone number"}).text
    by_category = client.get("/rules", params={"category": "offensive"}).text
    assert 'href="/rules/CON101"' not in by_category and "offensive" in by_category
    by_clause = client.get("/rules", params={"policy": "nsscb-2017", "clause": "2.3.2"}).text
    assert 'href="/rules/CON101"' in by_clause
    assert "0 rules." in client.get("/rules", params={"q": "zzzz-nothing"}).text


def test_a_rule_page_shows_its_clauses_reasons_and_examples(client: TestClient) -> None:
    html = client.get("/rules/CON101").text
    assert "CON101" in html and "Why it matters" in html and "What to do" in html
    assert "NSSCB 2.3.2" in html and "home address" in html  # the clause's summary
    assert "Posts it applies to" in html and "Posts it leaves alone" in html


def test_an_unknown_rule_page_is_a_friendly_404(client: TestClient) -> None:
    answer = client.get("/rules/NOPE999")
    assert answer.status_code == 404
    assert "no rule called" in answer.text and "Go to the start page" in answer.text


def test_ticking_a_checkup_item_without_javascript(client: TestClient) -> None:
    token = form_token(client, "/checkup/phone")
    answer = client.post(
        "/checkup/phone",
        data={"item_id": "phone-pin", "done": "true", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/checkup/phone#phone-pin"
    page = client.get("/checkup/phone").text
    assert '<span id="list-done">1</span>' in page
    assert "Mark as not done" in page
    assert 'id="overall-score">0%' not in client.get("/checkup").text


def test_the_checkup_overview_shows_the_score_and_each_platform(client: TestClient) -> None:
    html = client.get("/checkup").text
    assert 'id="overall-score">0%' in html
    for name in ["Facebook", "Instagram", "X (Twitter)", "LinkedIn", "TikTok", "Snapchat", "WhatsApp"]:
        assert name in html


def test_an_unknown_checkup_platform_is_a_404(client: TestClient) -> None:
    assert client.get("/checkup/myspace").status_code == 404


def test_a_damaged_database_gives_a_clear_page_and_checking_still_works(
    private_home: Path, client: TestClient
) -> None:
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / DB_FILE).write_bytes(b"this is not a database " * 100)
    answer = client.get("/checkup")
    assert answer.status_code == 503
    assert "damaged" in answer.text and "Move it aside" in answer.text
    assert client.get("/api/checkup").json()["error"].startswith("The safepost database")
    assert "damaged" in client.get("/").text
    assert client.post("/check", data={"text": RISKY, "csrf_token": form_token(client)}).status_code == 200


def test_a_due_review_is_shown_and_can_be_done(client: TestClient, app: FastAPI) -> None:
    state = app.state.safepost
    lists = [c for c in state.checklists() if c.platform == "whatsapp"]
    long_ago = datetime(2020, 1, 1, 9, 0)
    for item in lists[0].items:
        set_done(state.database(), lists, item.id, True, long_ago)
    assert "Time to review your privacy settings again" in client.get("/").text
    page = client.get("/checkup/whatsapp").text
    assert "Time to review these settings again" in page
    token = form_token(client, "/checkup/whatsapp")
    answer = client.post("/checkup/whatsapp/reviewed", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    due = add_months(date.today(), lists[0].review_months)
    assert f"Review again by <strong>{due.day} {due:%B %Y}</strong>" in client.get("/checkup/whatsapp").text


def test_reviewing_an_unfinished_list_is_refused_politely(client: TestClient) -> None:
    token = form_token(client, "/checkup/tiktok")
    answer = client.post("/checkup/tiktok/reviewed", data={"csrf_token": token})
    assert answer.status_code == 400 and "Finish every step" in answer.text
