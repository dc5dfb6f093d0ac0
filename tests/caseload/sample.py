"""A small caseload for tests and for the caseload rule's examples (SVC109 in service-user.yaml)."""

from __future__ import annotations

from pathlib import Path

from safepost.caseload import Caseload
from safepost.caseload.manage import Mode, import_rows
from safepost.caseload.sources import CaseloadRow

SAMPLE = (
    CaseloadRow("Kayleigh Smith", ("Kay",), "child", "C001"),
    CaseloadRow("Jaydon Okafor", (), "child", "C002"),
    CaseloadRow("Oluwaseun Adeyemi", ("Seun",), "child", "C003"),
    CaseloadRow("Siân O'Brien-Jones", ("Siân Evans",), "parent", "C004"),
)
# Every spelling of every name above, for tests that prove none of them is ever stored.
SAMPLE_WORDS = ("kayleigh", "smith", "kay", "jaydon", "okafor", "oluwaseun", "adeyemi", "seun", "siân",
                "sian", "o'brien", "obrien", "brien", "jones", "evans")  # fmt: skip


def sample_caseload(home: Path) -> Caseload:
    import_rows(list(SAMPLE), Mode.REPLACE, home)
    caseload = Caseload.saved(home)
    assert caseload is not None
    return caseload
