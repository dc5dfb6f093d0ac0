"""Flagged items come back most serious first, then oldest first; the summary counts add up."""

from __future__ import annotations

from safepost.audit.flagged import FlaggedStore
from safepost.audit.tally import Tally


def _record(verdict: str, when: str | None, text: str) -> dict[str, object]:
    return {"verdict": verdict, "when": when, "text": text, "findings": []}


def test_flagged_items_are_sorted_by_severity_then_date_with_undated_last() -> None:
    store = FlaggedStore()
    store.add(_record("caution", "2019-01-01T00:00:00Z", "c-2019"))
    store.add(_record("stop", None, "s-undated"))
    store.add(_record("stop", "2021-05-01T00:00:00Z", "s-2021"))
    store.add(_record("stop", "2012-05-01T00:00:00Z", "s-2012 <b>ünïcode</b> 👍"))
    store.add(_record("caution", "2010-01-01T00:00:00Z", "c-2010"))
    assert [r["text"] for r in store.sorted()] == [
        "s-2012 <b>ünïcode</b> 👍",
        "s-2021",
        "s-undated",
        "c-2010",
        "c-2019",
    ]
    assert len(store) == 5
    assert next(r["text"] for r in store.sorted()).endswith("👍")  # can be read more than once
    store.close()


def test_the_summary_sentence_counts_each_verdict() -> None:
    tally = Tally()
    for _ in range(37):
        tally.add("facebook", "2019-01-01T00:00:00Z", "stop", ("contact-details",))
    for _ in range(112):
        tally.add("x", None, "caution", ("location",))
    for _ in range(27932):
        tally.add("x", "2020-01-01T00:00:00Z", "ok")
    assert tally.sentence() == "37 to delete (stop) · 112 to review (caution) · 27,932 fine"
    assert tally.years["undated"]["caution"] == 112
    assert tally.platforms["facebook"]["stop"] == 37
    assert tally.categories == {"contact-details": 37, "location": 112}
    assert tally.worst.label == "stop"
    tally.quiet = 3
    assert tally.sentence().endswith("· 3 already dealt with (baseline)")
