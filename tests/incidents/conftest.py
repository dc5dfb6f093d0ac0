"""A small record to test against: two incidents, notes, a told entry and two evidence files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from safepost.incidents import actions
from safepost.incidents.store import IncidentStore

SECRET_TEXT = "Kayleigh Marchbank-Oduya sent threats about the Fernbrook hearing"
SECRET_BYTES = b"EVIDENCE-MARKER-" + bytes(range(256)) * 64 + b"-END-OF-SCREENSHOT"


@dataclass
class Filled:
    home: Path
    shot: Path
    chat: Path


@pytest.fixture
def store(private_home: Path) -> Iterator[IncidentStore]:
    with IncidentStore(private_home) as opened:
        yield opened


@pytest.fixture
def filled(private_home: Path, tmp_path: Path) -> Filled:
    shot = tmp_path / "shot.png"
    shot.write_bytes(SECRET_BYTES)
    chat = tmp_path / "chat export.txt"
    chat.write_text("Messages from Ŵyn: you will regret this — café at 3\n", encoding="utf-8")
    with IncidentStore(private_home) as store:
        actions.new_incident(store, "bullying", {"summary": SECRET_TEXT, "platform": "Facebook"}, "Jo")
        actions.add_evidence(store, 1, [shot], "Jo")  # entry 2
        actions.record_told(store, 1, "line manager Sam Patel", "phone", "2026-11-21", "Jo")  # entry 3
        actions.record_text(store, 1, "note", "More messages came overnight", "Jo")  # entry 4
        actions.new_incident(store, "impersonation", {"summary": "A copy of my profile"}, "Jo")
        actions.add_evidence(store, 2, [chat], "Jo")  # incident 2, entry 2
    return Filled(private_home, shot, chat)
