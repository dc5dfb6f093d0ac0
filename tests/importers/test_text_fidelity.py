"""Text as the person wrote it: Meta's mojibake, Mastodon's HTML, and every date in UTC."""

from __future__ import annotations

import pytest

from safepost.importers.htmltext import html_to_text
from safepost.importers.mojibake import fix_mojibake
from safepost.importers.timestamps import from_text, from_twitter, from_unix


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("caf\u00c3\u00a9", "caf\u00e9"),
        ("\u00f0\u009f\u0098\u0080", "\U0001f600"),
        ("caf\u00e9", "caf\u00e9"),  # real latin-1 text is not mojibake: left alone
        ("plain ascii", "plain ascii"),
        ("already \u2019 fine", "already \u2019 fine"),
    ],
)
def test_mojibake_is_fixed_only_when_it_really_is_mojibake(stored: str, shown: str) -> None:
    assert fix_mojibake(stored) == shown


def test_html_to_text_keeps_paragraphs_breaks_entities_and_hidden_link_parts() -> None:
    markup = (
        '<p>One &amp; two<br>three</p><p>See <a href="https://a.example/x">'
        '<span class="invisible">https://</span>a.example/x</a></p>'
    )
    assert html_to_text(markup) == "One & two\nthree\n\nSee https://a.example/x"


def test_timestamps_become_utc_iso_ending_in_z() -> None:
    assert from_unix(1_700_000_000) == "2023-11-14T22:13:20Z"
    assert from_unix(1_700_000_000_000) == "2023-11-14T22:13:20Z"
    assert from_unix(-1) is None and from_unix(0) is None and from_unix("x") is None
    assert from_twitter("Fri Feb 24 06:58:32 +0000 2023") == "2023-02-24T06:58:32Z"
    assert from_twitter("Fri Feb 24 06:58:32 +0100 2023") == "2023-02-24T05:58:32Z"
    assert from_text("2025-11-19 09:59:30") == "2025-11-19T09:59:30Z"
    assert from_text("2024-05-01T12:00:00.000+02:00") == "2024-05-01T10:00:00Z"
    assert from_text("Mar 2019") == "2019-03-01T00:00:00Z"
    assert from_text("") is None and from_text("not a date") is None


@pytest.mark.parametrize(
    "value",
    [
        "Fri Feb xx 06:58:32 +0000 2023",  # the fast path used to crash on int("xx")
        "Fri Feb 24 06:58:32 +0000 abcd",  # ... and to make "abcd-02-24T06:58:32Z" of this
        "Fri Feb 24 99:99:99 +0000 2023",
        "9999-12-31T23:59:59-05:00",  # OverflowError when moved to UTC
        "0001-01-01T00:00:00+05:00",
        "0005-01-01T00:00:00Z",  # strftime would write year 5, not ISO 8601
        10**400,  # too big for a float
    ],
)
def test_nonsense_dates_are_none_never_an_error_or_a_bad_date(value: object) -> None:
    assert from_twitter(value) is None
    assert from_text(value) is None
    assert from_unix(value) is None
