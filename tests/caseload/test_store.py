"""The caseload on disk: hashes, refs and relations only; private files; clear errors when damaged."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from safepost.caseload import Caseload, store
from safepost.caseload.manage import Mode, clear, import_rows, status
from safepost.caseload.normalise import fold
from safepost.caseload.sources import CaseloadRow
from safepost.errors import InputError, StoreError
from tests.caseload.sample import SAMPLE, SAMPLE_WORDS, sample_caseload


def every_file(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()]


def test_no_caseload_name_or_alias_appears_in_any_file_under_safepost_home(private_home: Path) -> None:
    sample_caseload(private_home)
    import_rows([CaseloadRow("Zofía Wiśniewska", ("Zosia",), "parent", "P9")], Mode.MERGE, private_home)
    words = {*SAMPLE_WORDS, "zofía", "zofia", "wiśniewska", "wisniewska", "zosia"}
    files = every_file(private_home)
    assert files, "the import wrote nothing"
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace").lower()
        for word in words:
            assert word not in text, f"{word!r} found in {path}"
            assert fold(word).encode() not in raw.lower(), f"{fold(word)!r} found in {path}"


@pytest.mark.parametrize(
    "row",
    [
        CaseloadRow("Tyler Brown", (), "kayleigh's brother", "C010"),
        CaseloadRow("Tyler Brown", (), "brother", "okafor 2"),
    ],
)
def test_a_merge_cannot_store_a_name_already_on_the_caseload_in_a_ref_or_relation(
    private_home: Path, row: CaseloadRow
) -> None:
    sample_caseload(private_home)
    before = store.store_path(private_home).read_bytes()
    with pytest.raises(InputError, match="already on your caseload") as caught:
        import_rows([row], Mode.MERGE, private_home)
    assert "kayleigh" not in str(caught.value).lower() and "okafor" not in str(caught.value).lower()
    assert store.store_path(private_home).read_bytes() == before
    text = store.store_path(private_home).read_text().lower()
    assert "kayleigh" not in text and "okafor" not in text


def test_the_store_holds_refs_and_relations_but_no_names(private_home: Path) -> None:
    sample_caseload(private_home)
    data = json.loads(store.store_path(private_home).read_text())
    assert [e["ref"] for e in data["entries"]] == ["C001", "C002", "C003", "C004"]
    assert data["entries"][0]["relation"] == "child"
    assert set(data["entries"][0]["forms"][0]) == {"given", "surname"}


def test_caseload_files_are_readable_only_by_their_owner(private_home: Path) -> None:
    sample_caseload(private_home)
    for path in every_file(private_home / "caseload"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((private_home / "caseload").stat().st_mode) == 0o700


def test_merge_adds_and_updates_by_ref_and_replace_starts_again(private_home: Path) -> None:
    sample_caseload(private_home)
    summary = import_rows(
        [CaseloadRow("Tyler Brown", (), "child", "C001"), CaseloadRow("Amir Khan", (), "", "")],
        Mode.MERGE,
        private_home,
    )
    assert (summary.added, summary.updated, summary.total) == (1, 1, 5)
    caseload = Caseload.saved(private_home)
    assert caseload is not None
    assert caseload.check_name("Tyler Brown").match is not None
    assert caseload.check_name("Kayleigh Smith").match is None  # C001 was updated to another person
    assert "entry-1" in status(private_home).refs
    summary = import_rows([SAMPLE[0]], Mode.REPLACE, private_home)
    assert (summary.added, summary.total) == (1, 1)


def test_the_import_log_records_when_and_how_many_never_names(private_home: Path) -> None:
    sample_caseload(private_home)
    clear(private_home)
    history = status(private_home).history
    assert [e["action"] for e in history] == ["import (replace)", "clear"]
    assert history[0]["entries"] == 4 and history[1]["removed"] == 4
    assert all(set(e) <= {"when", "action", "entries", "added", "updated", "removed"} for e in history)


def test_clear_empties_the_caseload(private_home: Path) -> None:
    sample_caseload(private_home)
    assert clear(private_home) == 4
    assert Caseload.saved(private_home) is None
    assert status(private_home).entries == 0


def test_a_damaged_store_is_a_clear_error(private_home: Path) -> None:
    sample_caseload(private_home)
    store.store_path(private_home).write_text('{"entries": "oops"')
    with pytest.raises(StoreError, match="damaged and cannot be read"):
        Caseload.saved(private_home)
    store.store_path(private_home).write_text('{"entries": []}')
    with pytest.raises(StoreError, match="damaged"):
        Caseload.saved(private_home)
    assert clear(private_home) == 0  # clearing still works, as the message advises


def test_a_missing_or_different_key_is_reported_not_silently_unmatched(private_home: Path) -> None:
    sample_caseload(private_home)
    key = private_home / "keys" / "caseload.key"
    key.write_bytes(os.urandom(32))
    with pytest.raises(StoreError, match="different key"):
        Caseload.saved(private_home)
    key.unlink()
    with pytest.raises(StoreError, match=r"key file .* is missing"):
        Caseload.saved(private_home)


def test_a_caseload_being_changed_by_another_command_is_a_clear_error(private_home: Path) -> None:
    with store.locked(private_home), pytest.raises(StoreError, match="Another safepost command"):
        sample_caseload(private_home)


def test_an_unwritable_data_folder_is_a_clear_error(private_home: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    private_home.mkdir(parents=True)
    private_home.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="Cannot create the caseload folder"):
            sample_caseload(private_home)
    finally:
        private_home.chmod(0o700)


def test_merging_the_same_file_without_refs_twice_does_not_list_everyone_twice(private_home: Path) -> None:
    rows = [CaseloadRow("Tyler Brown", (), "child", ""), CaseloadRow("Amir Khan", (), "", "")]
    import_rows(rows, Mode.MERGE, private_home)
    again = import_rows(rows, Mode.MERGE, private_home)
    assert (again.added, again.updated, again.total) == (0, 2, 2)
    assert status(private_home).refs == ("entry-1", "entry-2")
    third = import_rows([CaseloadRow("Tyler Brown", (), "sibling", "")], Mode.MERGE, private_home)
    assert (third.added, third.updated, third.total) == (0, 1, 2)
    assert status(private_home).relations == {"not given": 1, "sibling": 1}


def test_refs_for_a_large_file_without_refs_are_numbered_in_linear_time() -> None:
    import time

    from safepost.caseload.manage import _refs

    rows = [CaseloadRow("Tyler Brown", (), "", "") for _ in range(20_000)] + [
        CaseloadRow("A Khan", (), "", "entry-3")
    ]
    started = time.perf_counter()
    refs = _refs(rows, {"entry-1"})
    assert time.perf_counter() - started < 2.0
    assert refs[:3] == ["entry-2", "entry-4", "entry-5"] and len(set(refs)) == len(refs)
