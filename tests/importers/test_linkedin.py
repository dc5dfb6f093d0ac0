"""LinkedIn exports: shares with their links, comments with backslash escapes, sent messages, profile."""

from __future__ import annotations

from pathlib import Path

from safepost.importers import Item, open_exports
from tests.importers.exports import write_linkedin_export


def _items(paths: list[Path]) -> list[Item]:
    (export,) = open_exports(paths)
    return list(export.items())


def test_shares_carry_their_share_link_as_permalink(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, ["Proud of our team\nat the awards"]))
    share = next(i for i in items if i.kind == "post")
    assert share.text == "Proud of our team\nat the awards"
    assert share.permalink and share.permalink.startswith("https://www.linkedin.com/feed/update/")
    assert share.when == "2023-11-14T22:13:20Z"


def test_comments_with_escaped_quotes_read_whole(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, [], comments=['She said "well done", and meant it']))
    assert ("comment", 'She said "well done", and meant it') in {(i.kind, i.text) for i in items}


def test_only_messages_the_owner_sent_are_items(tmp_path: Path) -> None:
    messages = [("Jo Bloggs", "I sent this"), ("Kayleigh Smith", "They sent this")]
    for owner in ("Jo Bloggs", None):  # with a profile, and guessed from the most frequent sender
        items = _items(
            write_linkedin_export(tmp_path / str(owner), [], messages=[*messages, messages[0]], owner=owner)
        )
        assert {i.text for i in items if i.kind == "message"} == {"I sent this"}


def test_position_reads_as_linkedin_shows_it(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, [], position=("Bristol City Council", "Social Worker")))
    assert ("profile", "Works at Bristol City Council as Social Worker") in {(i.kind, i.text) for i in items}


def test_a_windows_1252_shares_file_reads(tmp_path: Path) -> None:
    items = _items(write_linkedin_export(tmp_path, ["Caf\u00e9 \u2013 na\u00efve"], encoding="cp1252"))
    assert "Caf\u00e9 \u2013 na\u00efve" in [i.text for i in items]


def test_without_a_profile_the_owner_is_who_is_in_every_message_not_the_busiest_sender(
    tmp_path: Path,
) -> None:
    """A recruiter who sent more messages than the owner used to be taken for the owner."""
    path = tmp_path / "messages.csv"
    path.write_text(
        "CONVERSATION ID,FROM,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
        "c1,Rita Recruiter,Jo Bloggs,2024-01-01 09:00:00 UTC,,Great role for you,INBOX\n"
        "c1,Rita Recruiter,Jo Bloggs,2024-01-02 09:00:00 UTC,,Following up,INBOX\n"
        "c1,Rita Recruiter,Jo Bloggs,2024-01-03 09:00:00 UTC,,Any thoughts?,INBOX\n"
        "c2,Jo Bloggs,Sam Friend,2024-01-04 09:00:00 UTC,,See you Friday,INBOX\n"
        "c3,Jo Bloggs,Alex Colleague,2024-01-05 09:00:00 UTC,,Thanks for today,INBOX\n",
        encoding="utf-8",
    )
    items = _items([path])
    assert [i.text for i in items if i.kind == "message"] == ["See you Friday", "Thanks for today"]
