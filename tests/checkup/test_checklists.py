"""The check-up checklists: every platform covered, every item citing a real clause, progress rules."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from safepost.checkup import load_checklists
from safepost.checkup.progress import add_months, load_progress, set_done
from safepost.errors import RulebookError, UsageError
from safepost.rulebook.loader import load_rulebook
from safepost.store import open_database

PLATFORMS = {"facebook", "instagram", "x", "linkedin", "tiktok", "snapchat", "whatsapp"}


def test_every_platform_has_a_checklist() -> None:
    assert {c.platform for c in load_checklists()} >= PLATFORMS


def test_every_item_cites_a_clause_that_exists() -> None:
    book = load_rulebook()
    for checklist in load_checklists():
        for item in checklist.items:
            for citation in item.citations:
                assert citation.clause in book.documents[citation.document].clauses, item.id


def test_the_policies_advice_is_covered() -> None:
    titles = " ".join(i.title.lower() for c in load_checklists() for i in c.items)
    for topic in ["who can see", "tag", "groups", "search for your own name", "pin", "bluetooth"]:
        assert topic in titles, topic


def test_a_citation_to_a_missing_clause_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "platform: bad\nname: Bad\nintro: x\nitems:\n"
        "  - {id: bad-one, title: t, how: h, why: w, citations: [{document: nsscb-2017, clause: '99.9'}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulebookError, match=r"bad-one.*99\.9"):
        load_checklists(tmp_path)


def test_an_item_id_must_start_with_its_platform(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "platform: bad\nname: Bad\nintro: x\nitems:\n"
        "  - {id: other-one, title: t, how: h, why: w,\n"
        "     citations: [{document: nsscb-2017, clause: '2.4.6'}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulebookError, match="must start with 'bad-'"):
        load_checklists(tmp_path)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [(date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2026, 11, 23), 6, date(2027, 5, 23))],
)
def test_adding_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_finishing_a_list_sets_a_review_and_it_becomes_due(tmp_path: Path) -> None:
    database, lists = open_database(tmp_path), load_checklists()
    whatsapp = next(c for c in lists if c.platform == "whatsapp")
    when = datetime(2026, 1, 10, 9, 0)
    for item in whatsapp.items:
        progress = set_done(database, lists, item.id, True, when)
    assert progress.complete and progress.review_due == add_months(when.date(), whatsapp.review_months)
    assert not progress.review_overdue(date(2026, 2, 1))
    assert progress.review_overdue(progress.review_due)
    overview = load_progress(database, lists)
    assert overview.done == len(whatsapp.items) and 0 < overview.score < 100


def test_an_unknown_item_cannot_be_ticked(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        set_done(open_database(tmp_path), load_checklists(), "nope", True, datetime(2026, 1, 1))
