"""Contacts in the browser and the API: import a caseload, check a friend request, clear it.

The uploaded file is never kept and no caseload name is ever shown back or stored.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import API_HEADERS, form_token

CASELOAD_CSV = (
    b"name,aliases,relation,ref,date of birth\n"
    b"Kayleigh Smith,Kay,child,C001,2012-03-04\n"
    b"Jaydon Okafor,,child,C002,2013-05-06\n"
    b"Sian O'Brien-Jones,Sian Evans,parent,C004,\n"
)
NAMES = ("kayleigh", "smith", "jaydon", "okafor", "o'brien", "obrien", "evans")


def upload(client: TestClient, content: bytes = CASELOAD_CSV, name: str = "caseload.csv", **form: str) -> str:
    """Import through the page, as a person would; returns the page's HTML."""
    token = form_token(client, "/contacts")
    answer = client.post(
        "/contacts/import", data={"csrf_token": token, **form}, files={"file": (name, content, "text/csv")}
    )
    return answer.text


def alerts(html: str) -> list[str]:
    return re.findall(r'role="alert"><p>([^<]*)</p>', html)


def test_the_contacts_page_has_labelled_forms_with_tokens(client: TestClient) -> None:
    html = client.get("/contacts").text
    assert '<label for="contact-name">' in html and '<label for="contact-relationship">' in html
    assert '<label for="caseload-file">' in html and 'enctype="multipart/form-data"' in html
    assert html.count('name="csrf_token"') == 3
    assert "No caseload is loaded yet" in html
    assert 'href="/contacts" aria-current="page"' in html


def test_importing_a_caseload_says_how_many_and_never_shows_a_name(client: TestClient) -> None:
    html = upload(client)
    assert "Caseload saved:</strong> 3 added, 0 updated, 3 in all" in html
    assert "<strong>3</strong> people on your caseload (2 child, 1 parent)" in html
    assert "import (merge)" in html  # the import history
    assert "Caseload cleared" not in html
    for name in NAMES:
        assert name not in html.lower()


def test_no_name_from_the_file_is_stored_anywhere(client: TestClient, private_home: Path) -> None:
    upload(client)
    client.post("/api/contacts/check", json={"name": "Kayleigh Smith"}, headers=API_HEADERS)
    stored = [p for p in private_home.rglob("*") if p.is_file()]
    assert stored
    for path in stored:
        content = path.read_bytes().lower()
        for name in NAMES:
            assert name.encode() not in content, f"{name} found in {path.name}"
        assert b"2012-03-04" not in content


def test_merge_adds_and_replace_starts_again(client: TestClient) -> None:
    upload(client)
    html = upload(client, b"name,ref\nAmara Boateng,C005\nKayleigh Smith,C001\n")
    assert "1 added, 1 updated, 4 in all" in html
    html = upload(client, b"name,ref\nAmara Boateng,C005\n", mode="replace")
    assert "1 added, 0 updated, 1 in all" in html
    assert client.get("/api/contacts/status").json()["entries"] == 1


def test_a_friend_request_from_someone_on_the_caseload_is_declined(client: TestClient) -> None:
    upload(client)
    token = form_token(client, "/contacts")
    html = client.post(
        "/contacts/check", data={"name": "Kayleigh Smyth", "relationship": "friend", "csrf_token": token}
    ).text
    assert 'class="banner banner-stop"' in html and "Decline this request" in html
    assert "<strong>Tell your manager.</strong>" in html
    assert "caseload entry C001 (child)" in html
    assert "Request from <q>Kayleigh Smyth</q>" in html  # only what the person typed is shown
    assert "Kayleigh Smith" not in html
    assert 'href="/rules?policy=nsscb-2017&amp;clause=2.3.4"' in html


def test_a_friend_not_on_the_caseload_is_fine(client: TestClient) -> None:
    upload(client)
    token = form_token(client, "/contacts")
    html = client.post(
        "/contacts/check", data={"name": "Karen Walsh", "relationship": "friend", "csrf_token": token}
    ).text
    assert "banner-ok" in html and "Fine to accept" in html
    assert "Tell your manager" not in html


def test_checking_without_a_caseload_says_it_was_not_checked(client: TestClient) -> None:
    answer = client.post("/api/contacts/check", json={"name": "Karen Walsh"}, headers=API_HEADERS).json()
    assert answer["caseload"] == "unchecked" and answer["verdict"] == "caution"
    assert "No caseload is loaded" in answer["reasons"][0]


def test_the_api_check_answers_exactly_like_the_cli(client: TestClient, private_home: Path) -> None:
    upload(client)
    cli = subprocess.run(
        [sys.executable, "-m", "safepost", "contact", "Kay Smith", "-r", "colleague", "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    answer = client.post(
        "/api/contacts/check", json={"name": "Kay Smith", "relationship": "colleague"}, headers=API_HEADERS
    )
    assert answer.status_code == 200
    assert answer.json() == json.loads(cli.stdout)
    assert answer.json()["verdict"] == "stop" and answer.json()["tell_manager"] is True


def test_the_api_status_matches_the_cli_and_holds_no_names(client: TestClient) -> None:
    upload(client)
    cli = subprocess.run(
        [sys.executable, "-m", "safepost", "caseload", "status", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    status = client.get("/api/contacts/status").json()
    assert status == json.loads(cli.stdout)
    assert status["entries"] == 3 and status["refs"] == ["C001", "C002", "C004"]
    assert not any(name in json.dumps(status).lower() for name in NAMES)


def test_the_api_imports_multipart_with_the_header(client: TestClient) -> None:
    answer = client.post(
        "/api/contacts/import",
        files={
            "file": ("list.json", b'[{"name": "Amara Boateng", "relation": "child"}]', "application/json")
        },
        data={"mode": "replace"},
        headers=API_HEADERS,
    )
    assert answer.status_code == 200 and answer.json() == {"added": 1, "updated": 0, "total": 1}


def test_the_api_import_needs_the_header(client: TestClient) -> None:
    answer = client.post("/api/contacts/import", files={"file": ("c.csv", CASELOAD_CSV, "text/csv")})
    assert answer.status_code == 403
    assert client.get("/api/contacts/status").json()["entries"] == 0


def test_the_api_import_must_be_multipart(client: TestClient) -> None:
    answer = client.post("/api/contacts/import", json={"file": "x"}, headers=API_HEADERS)
    assert answer.status_code == 415


def test_clearing_needs_the_tick_and_then_removes_everything(client: TestClient) -> None:
    upload(client)
    token = form_token(client, "/contacts")
    refused = client.post("/contacts/clear", data={"csrf_token": token})
    assert refused.status_code == 400 and "Nothing was removed" in refused.text
    assert client.get("/api/contacts/status").json()["entries"] == 3
    done = client.post("/contacts/clear", data={"csrf_token": token, "confirm": "yes"})
    assert "Caseload cleared:</strong> 3 entries removed" in done.text
    assert client.get("/api/contacts/status").json()["entries"] == 0


def test_the_api_clear_needs_confirm_true(client: TestClient) -> None:
    upload(client)
    no = client.post("/api/contacts/clear", json={"confirm": False}, headers=API_HEADERS)
    assert no.status_code == 400 and client.get("/api/contacts/status").json()["entries"] == 3
    yes = client.post("/api/contacts/clear", json={"confirm": True}, headers=API_HEADERS)
    assert yes.json() == {"removed": 3}


@pytest.mark.parametrize(
    "path, form",
    [
        ("/contacts/check", {"name": "Kayleigh Smith", "relationship": "friend"}),
        ("/contacts/clear", {"confirm": "yes"}),
    ],
)
def test_contact_forms_without_a_token_are_refused(
    client: TestClient, path: str, form: dict[str, str]
) -> None:
    upload(client)
    assert client.post(path, data=form).status_code == 403
    assert client.get("/api/contacts/status").json()["entries"] == 3


def test_an_import_without_a_token_is_refused_and_imports_nothing(client: TestClient) -> None:
    answer = client.post("/contacts/import", files={"file": ("c.csv", CASELOAD_CSV, "text/csv")})
    assert answer.status_code == 403
    assert client.get("/api/contacts/status").json()["entries"] == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0 not a list", "Choose a file ending in CSV, JSON, TXT"),
        ("caseload.csv", b"", "That file is empty"),
        ("caseload.csv", b"name,ref\n\x00\x01\x02,x\n", "is not a text file"),
        ("caseload.csv", b"\xff\xfename\n", "is not valid UTF-8"),
        ("caseload.csv", b"who,ref\nKayleigh Smith,C1\n", "has no &#39;name&#39; column"),
        ("caseload.csv", b"name,ref\nKayleigh,C1\n", "row 2: the name needs a first name and a surname"),
        ("caseload.json", b'{"name": ', "is not valid JSON"),
    ],
)
def test_bad_files_get_a_clear_message_and_import_nothing(
    client: TestClient, name: str, content: bytes, message: str
) -> None:
    answer_html = upload(client, content, name)
    assert any(message in alert for alert in alerts(answer_html)), alerts(answer_html)
    assert "Traceback" not in answer_html
    assert "Kayleigh" not in answer_html
    assert client.get("/api/contacts/status").json()["entries"] == 0


def test_a_file_over_the_limit_is_refused(client: TestClient) -> None:
    big = b"name,ref\n" + b"Kayleigh Smith,C1\n" * 70_000
    token = form_token(client, "/contacts")
    answer = client.post(
        "/contacts/import", data={"csrf_token": token}, files={"file": ("c.csv", big, "text/csv")}
    )
    assert answer.status_code == 413
    assert "too much" in answer.text or "too big" in answer.text
    assert client.get("/api/contacts/status").json()["entries"] == 0


def test_a_missing_name_or_odd_relationship_is_explained(client: TestClient) -> None:
    token = form_token(client, "/contacts")
    empty = client.post("/contacts/check", data={"name": "  ", "relationship": "friend", "csrf_token": token})
    assert empty.status_code == 400 and "Type the name shown on the request" in empty.text
    odd = client.post(
        "/contacts/check", data={"name": "Ann Lee", "relationship": "boss", "csrf_token": token}
    )
    assert odd.status_code == 400 and "Choose who they are to you" in odd.text
    assert 'value="Ann Lee"' in odd.text  # what was typed is kept
    api = client.post(
        "/api/contacts/check", json={"name": "Ann Lee", "relationship": "boss"}, headers=API_HEADERS
    )
    assert api.status_code == 422 and "relationship" in api.json()["error"]


def test_a_damaged_caseload_is_explained_and_can_still_be_cleared(
    client: TestClient, private_home: Path
) -> None:
    upload(client)
    (private_home / "caseload" / "caseload.json").write_text("{ not json", encoding="utf-8")
    page = client.get("/contacts")
    assert page.status_code == 200 and "is damaged" in page.text
    token = form_token(client, "/contacts")
    check = client.post("/contacts/check", data={"name": "Ann Lee", "csrf_token": token})
    assert check.status_code == 503 and "damaged" in check.text
    cleared = client.post("/contacts/clear", data={"csrf_token": token, "confirm": "yes"})
    assert cleared.status_code == 200 and "Caseload cleared" in cleared.text


def test_posts_are_checked_against_a_caseload_imported_on_the_page(private_home: Path) -> None:
    from safepost.web import create_app
    from tests.web.conftest import BASE

    client = TestClient(create_app(home=private_home), base_url=BASE)  # builds its own checker
    upload(client)
    answer = client.post("/api/check", json={"text": "Saw Kayleigh Smith in Tesco"}, headers=API_HEADERS)
    assert answer.json()["verdict"] == "stop"
    assert "Kayleigh" not in (answer.json()["safer_text"] or "")
