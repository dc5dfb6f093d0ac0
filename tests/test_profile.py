"""The profile gains local contacts for the incident routes without breaking older profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safepost.errors import StoreError
from safepost.profile import Contact, Profile, load_profile, save_profile


def test_a_profile_saved_before_contacts_existed_still_loads(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    (private_home / "profile.json").write_text(json.dumps({"own_names": ["Jo Bloggs"], "phones": []}))
    profile = load_profile()
    assert profile.own_names == ["Jo Bloggs"]
    assert profile.contacts.lado is None


def test_contacts_round_trip_and_do_not_count_as_words_to_look_for(private_home: Path) -> None:
    profile = Profile()
    profile.contacts.line_manager = Contact(name="Sam Patel", phone="01632 960123")
    save_profile(profile)
    loaded = load_profile()
    assert loaded.contacts.line_manager == Contact(name="Sam Patel", phone="01632 960123")
    assert loaded.is_empty()  # nothing for the post checker to flag


def test_an_unknown_contact_role_is_a_clear_error(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    (private_home / "profile.json").write_text(json.dumps({"contacts": {"boss": {"name": "X"}}}))
    with pytest.raises(StoreError, match=r"contacts\.boss"):
        load_profile()
