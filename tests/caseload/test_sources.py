"""Reading caseload files: CSV or JSON; every bad row named by number, never by the name in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.caseload.sources import read_caseload
from safepost.errors import InputError


def write(tmp_path: Path, content: bytes, name: str = "caseload.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_csv_with_aliases_relation_and_ref_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffName,Aliases,Relation,Ref,Date of birth\n"
        "Oluwaseun Adeyemi,Seun;Shola,Child,C003,2014-02-01\n\n".encode(),
    )
    (row,) = read_caseload(path)
    assert (row.name, row.aliases, row.relation, row.ref) == (
        "Oluwaseun Adeyemi",
        ("Seun", "Shola"),
        "child",
        "C003",
    )


def test_json_list_with_alias_lists_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, b'[{"name": "Kayleigh Smith", "aliases": ["Kay"], "ref": "C001"}]', "c.json")
    (row,) = read_caseload(path)
    assert row.aliases == ("Kay",) and row.ref == "C001"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n", "is empty"),
        (b"ref,relation\nC001,child\n", "no 'name' column"),
        (b"name,ref\nKayleigh Smith,C001\xff\n", "not valid UTF-8"),
        (b"name,ref\n", "no people in it"),
        (b'[{"name": "Kayleigh Smith"', "not valid JSON"),
        (b'{"people": 3}', "expected a list of people"),
    ],
)
def test_unreadable_files_give_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_caseload(write(tmp_path, content))


def test_bad_rows_are_named_by_number_without_repeating_the_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        b"name,ref\nKayleigh,C1\nJaydon Okafor,okafor-family\nTyler Brown,C3\n,C4\nAmir Khan,C3\n",
    )
    with pytest.raises(InputError) as caught:
        read_caseload(path)
    message = str(caught.value)
    assert "nothing was imported" in message
    assert "row 2: the name needs a first name and a surname" in message
    assert "row 3: the ref contains a name from the caseload" in message
    assert "row 5: the name is empty" in message
    assert "row 6: the same ref is used twice" in message
    assert "Kayleigh" not in message and "Jaydon" not in message


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Cannot open"):
        read_caseload(tmp_path / "nope.csv")


def test_a_relation_naming_someone_else_on_the_caseload_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        b"name,relation,ref\nKayleigh Smith,child,C1\nTracey Smith,mum of Kayleigh,C2\n"
        b"Ian Brown,guardian,C3\nAmir Khan,child (see file 2019/44),C4\n",
    )
    with pytest.raises(InputError) as caught:
        read_caseload(path)
    message = str(caught.value)
    assert "row 3: the relation contains a name from the caseload" in message
    assert "row 5: the relation should be a word or two" in message
    assert "row 4" not in message  # "guardian" holds "ian" but is not the name Ian
