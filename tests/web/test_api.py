"""The JSON API: same answers as the CLI, friendly errors, and check-up progress that persists."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from fastapi.testclient import TestClient

from safepost.checkup.progress import add_months
from tests.web.conftest import API_HEADERS

RISKY = "Text me on 07700 900123, I'm the Smiths' social worker"


def test_check_gives_exactly_what_the_cli_prints(client: TestClient) -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "safepost", "check", "--format", "json", RISKY],
        capture_output=True,
        text=True,
        timeout=120,
    )
    answer = client.post("/api/check", json={"text": RISKY}, headers=API_HEADERS)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json() == json.loads(cli.stdout)
    assert answer.json()["verdict"] == "stop"


def test_an_empty_post_is_ok(client: TestClient) -> None:
    answer = client.post("/api/check", json={"text": "   "}, headers=API_HEADERS)
    assert answer.json()["verdict"] == "ok"
    assert answer.json()["findings"] == []


def test_a_request_without_text_gets_a_plain_error(client: TestClient) -> None:
    answer = client.post("/api/check", json={"post": "hello"}, headers=API_HEADERS)
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"].startswith("The request was not understood")
    assert {p["field"] for p in body["problems"]} >= {"text", "post"}


def test_a_post_longer_than_the_limit_is_refused(client: TestClient) -> None:
    answer = client.post("/api/check", json={"text": "a" * 20_001}, headers=API_HEADERS)
    assert answer.status_code == 422
    assert "text" in answer.json()["error"]


def test_broken_json_is_a_4xx_not_a_crash(client: TestClient) -> None:
    answer = client.post(
        "/api/check", content=b'{"text": ', headers={**API_HEADERS, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert "error" in answer.json()


def test_rules_can_be_listed_filtered_and_fetched(client: TestClient) -> None:
    everything = client.get("/api/rules").json()
    contact = client.get("/api/rules", params={"category": "contact-details"}).json()
    assert 0 < len(contact) < len(everything)
    assert {r["category"] for r in contact} == {"contact-details"}
    one = client.get("/api/rules/CON101").json()
    assert one["id"] == "CON101"
    assert all(c["label"] for c in one["citations"])
    by_clause = client.get("/api/rules", params={"policy": "nsscb-2017", "clause": "2.3.2"}).json()
    assert "CON101" in {r["id"] for r in by_clause}


def test_an_unknown_rule_is_a_404_with_words(client: TestClient) -> None:
    answer = client.get("/api/rules/XYZ999")
    assert answer.status_code == 404
    assert "no rule" in answer.json()["error"]


def test_checkup_starts_empty_and_remembers_a_tick(client: TestClient) -> None:
    start = client.get("/api/checkup").json()
    assert start["score"] == 0 and start["done"] == 0
    platforms = {c["platform"] for c in start["checklists"]}
    assert {"facebook", "instagram", "x", "linkedin", "tiktok", "snapchat", "whatsapp"} <= platforms

    answer = client.put("/api/checkup/items/phone-pin", json={"done": True}, headers=API_HEADERS)
    assert answer.status_code == 200
    assert answer.json()["checklist"]["done"] == 1
    again = client.get("/api/checkup").json()
    assert again["done"] == 1 and again["score"] > 0
    item = next(i for c in again["checklists"] for i in c["items"] if i["id"] == "phone-pin")
    assert item["done"] is True and item["changed_at"]


def test_finishing_a_checklist_sets_its_review_date(client: TestClient) -> None:
    checklist = next(c for c in client.get("/api/checkup").json()["checklists"] if c["platform"] == "x")
    for item in checklist["items"]:
        answer = client.put(f"/api/checkup/items/{item['id']}", json={"done": True}, headers=API_HEADERS)
    finished = answer.json()["checklist"]
    assert finished["review_due"] == add_months(date.today(), checklist["review_months"]).isoformat()
    reopened = client.put(
        f"/api/checkup/items/{checklist['items'][0]['id']}", json={"done": False}, headers=API_HEADERS
    )
    assert reopened.json()["checklist"]["review_due"] is None


def test_ticking_an_unknown_item_is_a_404(client: TestClient) -> None:
    answer = client.put("/api/checkup/items/nope-nothing", json={"done": True}, headers=API_HEADERS)
    assert answer.status_code == 404


def test_the_api_is_described_without_outside_scripts(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/check", "/api/rules", "/api/rules/{rule_id}", "/api/checkup"} <= set(spec["paths"])
    page = client.get("/api")
    assert page.status_code == 200 and "/api/check" in page.text
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_a_finished_checklist_can_be_marked_reviewed(client: TestClient) -> None:
    checklist = next(
        c for c in client.get("/api/checkup").json()["checklists"] if c["platform"] == "snapchat"
    )
    early = client.post("/api/checkup/snapchat/reviewed", json={}, headers=API_HEADERS)
    assert early.status_code == 400 and "Finish every step" in early.json()["error"]
    for item in checklist["items"]:
        client.put(f"/api/checkup/items/{item['id']}", json={"done": True}, headers=API_HEADERS)
    answer = client.post("/api/checkup/snapchat/reviewed", json={}, headers=API_HEADERS)
    assert answer.status_code == 200
    assert answer.json()["review_due"] == add_months(date.today(), checklist["review_months"]).isoformat()
