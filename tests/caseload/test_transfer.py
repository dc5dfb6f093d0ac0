"""Moving the caseload to a new laptop: an encrypted file with no names, opened only by the passphrase."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from safepost.caseload import Caseload
from safepost.caseload.manage import Mode, import_rows
from safepost.caseload.sources import CaseloadRow
from safepost.caseload.transfer import export_caseload, import_caseload
from safepost.errors import InputError, UsageError
from tests.caseload.sample import SAMPLE_WORDS, sample_caseload

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    sample_caseload(tmp_path / "old-laptop")
    path = tmp_path / "caseload.safepost"
    assert export_caseload(path, PASSPHRASE, tmp_path / "old-laptop") == 4
    return path


def test_an_exported_caseload_matches_the_same_names_on_a_new_laptop(tmp_path: Path, exported: Path) -> None:
    new = tmp_path / "new-laptop"
    summary = import_caseload(exported, PASSPHRASE, Mode.MERGE, new)
    assert summary.total == 4
    caseload = Caseload.saved(new)
    assert caseload is not None
    check = caseload.check_name("kayley smyth")
    assert check.match is not None and check.match.ref == "C001"


def test_the_export_holds_no_name_and_is_private(exported: Path) -> None:
    data = json.loads(exported.read_text())
    assert set(data) == {"format", "version", "kdf", "nonce", "ciphertext"}
    header = json.dumps({k: v for k, v in data.items() if k != "ciphertext"}).lower()
    sealed = base64.b64decode(data["ciphertext"]).lower()
    for word in SAMPLE_WORDS:
        assert word not in header
        if len(word) >= 5:  # shorter words turn up in random bytes by chance
            assert word.encode() not in sealed
    assert exported.stat().st_mode & 0o777 == 0o600


def test_a_wrong_passphrase_is_a_clear_error(tmp_path: Path, exported: Path) -> None:
    with pytest.raises(InputError, match="passphrase does not open this file"):
        import_caseload(exported, "not the passphrase", Mode.MERGE, tmp_path / "new")
    assert not (tmp_path / "new" / "caseload" / "caseload.json").exists()


def test_a_changed_file_is_detected(tmp_path: Path, exported: Path) -> None:
    data = json.loads(exported.read_text())
    data["kdf"]["n"] = data["kdf"]["n"] // 2
    exported.write_text(json.dumps(data))
    with pytest.raises(InputError, match="passphrase does not open"):
        import_caseload(exported, PASSPHRASE, Mode.MERGE, tmp_path / "new")
    exported.write_text("not json at all")
    with pytest.raises(InputError, match="not a safepost caseload export"):
        import_caseload(exported, PASSPHRASE, Mode.MERGE, tmp_path / "new")


def test_a_short_passphrase_or_no_caseload_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="at least 10 characters"):
        export_caseload(tmp_path / "x", "short", tmp_path / "home")
    with pytest.raises(UsageError, match="no caseload to export"):
        export_caseload(tmp_path / "x", PASSPHRASE, tmp_path / "home")


def test_a_different_existing_caseload_is_replaced_only_when_asked(tmp_path: Path, exported: Path) -> None:
    new = tmp_path / "new-laptop"
    import_rows([CaseloadRow("Tyler Brown", (), "child", "T1")], Mode.REPLACE, new)
    with pytest.raises(UsageError, match="--replace"):
        import_caseload(exported, PASSPHRASE, Mode.MERGE, new)
    assert import_caseload(exported, PASSPHRASE, Mode.REPLACE, new).total == 4
    caseload = Caseload.saved(new)
    assert caseload is not None and caseload.check_name("Tyler Brown").match is None


def test_importing_into_the_same_installation_merges(tmp_path: Path, exported: Path) -> None:
    home = tmp_path / "old-laptop"
    import_rows([CaseloadRow("Tyler Brown", (), "child", "T1")], Mode.MERGE, home)
    assert import_caseload(exported, PASSPHRASE, Mode.MERGE, home).total == 5
