"""`safepost caseload`: import, status, clear, export and import-encrypted, with clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.caseload.sample import SAMPLE_WORDS
from tests.cli.conftest import Invoke

CSV = (
    "name,aliases,relation,ref\n"
    "Kayleigh Smith,Kay,child,C001\n"
    "Jaydon Okafor,,child,C002\n"
    "Oluwaseun Adeyemi,Seun,child,C003\n"
    "Siân O'Brien-Jones,Siân Evans,parent,C004\n"
)


@pytest.fixture
def caseload_csv(tmp_path: Path) -> Path:
    path = tmp_path / "caseload.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_import_then_status_shows_counts_and_refs_but_no_names(invoke: Invoke, caseload_csv: Path) -> None:
    result = invoke("caseload", "import", str(caseload_csv))
    assert result.code == 0, result.err
    assert "4 added" in result.out and "no name was stored" in result.out
    status = invoke("caseload", "status")
    assert "4 people on your caseload" in status.out
    assert "C001, C002, C003, C004" in status.out
    assert not any(word in status.out.lower() for word in SAMPLE_WORDS if len(word) > 3)
    data = json.loads(invoke("caseload", "status", "--format", "json").out)
    assert data["entries"] == 4 and data["relations"] == {"child": 3, "parent": 1}


def test_nothing_under_safepost_home_holds_a_name_after_an_import(
    invoke: Invoke, caseload_csv: Path, private_home: Path
) -> None:
    assert invoke("caseload", "import", str(caseload_csv)).code == 0
    for path in private_home.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace").lower()
            assert not [w for w in SAMPLE_WORDS if w in text], path


def test_replace_and_merge(invoke: Invoke, caseload_csv: Path, tmp_path: Path) -> None:
    invoke("caseload", "import", str(caseload_csv))
    more = tmp_path / "more.csv"
    more.write_text("name,ref\nTyler Brown,T1\n", encoding="utf-8")
    assert "5 in all" in invoke("caseload", "import", str(more)).out
    assert "1 in all" in invoke("caseload", "import", "--replace", str(more)).out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"ref\nC001\n", "no 'name' column"),
        (b"name\nKayleigh Sm\xffth\n", "not valid UTF-8"),
        (b"name\nKayleigh\n", "row 2: the name needs a first name and a surname"),
    ],
)
def test_bad_caseload_files_exit_4_with_a_message(
    invoke: Invoke, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = invoke("caseload", "import", str(path))
    assert result.code == 4
    assert message in " ".join(result.err.split())
    assert "Traceback" not in result.err


def test_a_damaged_store_exits_6_with_advice(invoke: Invoke, caseload_csv: Path, private_home: Path) -> None:
    invoke("caseload", "import", str(caseload_csv))
    (private_home / "caseload" / "caseload.json").write_text("{not json")
    for args in (("caseload", "import", str(caseload_csv)), ("contact", "Kayleigh Smith"), ("check", "hi")):
        result = invoke(*args)
        assert result.code == 6, args
        assert "caseload clear" in " ".join(result.err.split())
    assert invoke("caseload", "clear", "--yes").code == 0


def test_clear_needs_confirmation_when_not_typed_at_a_terminal(invoke: Invoke, caseload_csv: Path) -> None:
    invoke("caseload", "import", str(caseload_csv))
    assert invoke("caseload", "clear").code == 3
    result = invoke("caseload", "clear", "--yes")
    assert result.code == 0 and "4 entries removed" in result.out
    assert "No caseload is loaded" in invoke("caseload", "status").out


def test_export_and_import_encrypted_with_the_passphrase_from_the_environment(
    invoke: Invoke, caseload_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("caseload", "import", str(caseload_csv))
    monkeypatch.setenv("SAFEPOST_CASELOAD_PASSPHRASE", "a long enough passphrase")
    out = tmp_path / "caseload.safepost"
    assert invoke("caseload", "export", "-o", str(out)).code == 0
    monkeypatch.setenv("SAFEPOST_HOME", str(tmp_path / "new-laptop"))
    result = invoke("caseload", "import-encrypted", str(out))
    assert result.code == 0 and "4 added" in result.out
    assert invoke("contact", "Kayleigh Smith").code == 2


def test_a_wrong_passphrase_exits_4(
    invoke: Invoke, caseload_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("caseload", "import", str(caseload_csv))
    monkeypatch.setenv("SAFEPOST_CASELOAD_PASSPHRASE", "a long enough passphrase")
    out = tmp_path / "caseload.safepost"
    invoke("caseload", "export", "-o", str(out))
    monkeypatch.setenv("SAFEPOST_CASELOAD_PASSPHRASE", "the wrong passphrase")
    result = invoke("caseload", "import-encrypted", str(out))
    assert result.code == 4 and "passphrase does not open this file" in " ".join(result.err.split())


def test_without_a_terminal_or_environment_passphrase_export_says_how(
    invoke: Invoke, caseload_csv: Path, tmp_path: Path
) -> None:
    invoke("caseload", "import", str(caseload_csv))
    result = invoke("caseload", "export", "-o", str(tmp_path / "x"))
    assert result.code == 3 and "SAFEPOST_CASELOAD_PASSPHRASE" in result.err


def test_check_flags_a_caseload_name_by_its_ref(invoke: Invoke, caseload_csv: Path) -> None:
    invoke("caseload", "import", str(caseload_csv))
    result = invoke("check", "--format", "json", "--no-model", "Bumped into Kayleigh Smyth at the park")
    data = json.loads(result.out)
    finding = next(f for f in data["findings"] if f["rule"] == "SVC109")
    assert result.code == 2 and finding["category"] == "service-user"
    assert "Kayleigh Smith" not in result.out  # the stored spelling is never echoed, only the post's


def test_status_says_plainly_when_no_relation_was_given(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "no-relations.csv"
    path.write_text("name\nTyler Brown\nAmir Khan\n", encoding="utf-8")
    assert invoke("caseload", "import", str(path)).code == 0
    status = invoke("caseload", "status")
    assert "2 people on your caseload (2 with no relation given)" in status.out
