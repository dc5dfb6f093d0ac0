"""Rule and policy files are strict: every mistake is reported with its file, rule and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from safepost.errors import RulebookError, UsageError
from safepost.rulebook.loader import DEFAULT_POLICIES, load_rulebook

POLICY = """\
id: our-trust-2025
short: Our Trust
title: Staff social media standard
publisher: Our Trust
clauses:
  "4.1": Do not post photos taken on wards.
"""

RULE = """\
rules:
  - id: ORG101
    slug: ward-photo
    title: Photo taken on a ward
    category: confidential
    severity: stop
    citations: [{document: our-trust-2025, clause: "4.1"}]
    summary: a photo from a ward
    rationale: Patients can be identified from the background of ward photos.
    advice: Take photos away from clinical areas, or not at all.
    trigger: {any: ["work:workplace"]}
    examples:
      fire: ["selfie on the ward before handover"]
      quiet: ["selfie in the garden"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_built_in_rulebook_loads_the_five_policies() -> None:
    book = load_rulebook()
    assert set(DEFAULT_POLICIES) <= set(book.documents)
    assert len(book.rules) >= 40


def test_organisation_folder_adds_its_policy_and_rules(tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "rules.yaml", RULE)
    book = load_rulebook([tmp_path])
    assert "our-trust-2025" in book.documents
    assert book.rule("ORG101").rule.slug == "ward-photo"
    only_ours = book.select(["our-trust-2025"])
    assert [r.rule.id for r in only_ours.rules] == ["ORG101"]


def test_unknown_field_names_file_rule_and_field(tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    path = write(tmp_path, "rules.yaml", RULE.replace("    summary:", "    sumary: typo\n    summary:"))
    with pytest.raises(RulebookError) as error:
        load_rulebook([tmp_path])
    message = str(error.value)
    assert str(path) in message and "rule ORG101" in message and "sumary" in message


def test_missing_field_is_named(tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    write(
        tmp_path,
        "rules.yaml",
        RULE.replace("    advice: Take photos away from clinical areas, or not at all.\n", ""),
    )
    with pytest.raises(RulebookError, match=r"rule ORG101: advice: Field required"):
        load_rulebook([tmp_path])


def test_citation_of_unknown_clause_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "rules.yaml", RULE.replace('clause: "4.1"', 'clause: "9.9"'))
    with pytest.raises(RulebookError, match=r"ORG101: citations.0.clause: Our Trust has no clause '9.9'"):
        load_rulebook([tmp_path])


def test_citation_of_unknown_policy_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, "rules.yaml", RULE)
    with pytest.raises(RulebookError, match=r"unknown policy 'our-trust-2025'"):
        load_rulebook([tmp_path])


def test_duplicate_rule_id_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "rules.yaml", RULE)
    write(tmp_path, "more.yaml", RULE.replace("slug: ward-photo", "slug: ward-photo-two"))
    with pytest.raises(RulebookError, match=r"ORG101: id already used"):
        load_rulebook([tmp_path])


def test_broken_yaml_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, "rules.yaml", "rules: [unclosed\n")
    with pytest.raises(RulebookError, match=r"not valid YAML"):
        load_rulebook([tmp_path])


def test_bad_label_pattern_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "rules.yaml", RULE.replace('any: ["work:workplace"]', 'any: ["Work Place"]'))
    with pytest.raises(RulebookError, match=r"ORG101: trigger.any.0"):
        load_rulebook([tmp_path])


def test_trigger_on_a_detector_that_does_not_exist_is_rejected(tmp_path: Path) -> None:
    from safepost.checker import Checker

    write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "rules.yaml", RULE.replace('any: ["work:workplace"]', 'any: ["nosuch:thing"]'))
    with pytest.raises(RulebookError, match=r"no detector called 'nosuch'"):
        Checker(rules_dirs=[tmp_path], use_model=False)


def test_unknown_policy_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"Unknown policy nope.*Known policies: "):
        load_rulebook().select(["nope"])


def test_missing_rules_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"does not exist"):
        load_rulebook([tmp_path / "missing"])


def test_selecting_a_policy_keeps_only_rules_citing_it() -> None:
    book = load_rulebook().select(["bury"])
    assert book.rules
    assert all(any(c.document == "bury" for c in r.rule.citations) for r in book.rules)


def test_a_key_written_twice_is_an_error_not_a_silent_override(tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    doubled = RULE.replace("    severity: stop\n", "    severity: stop\n    severity: caution\n")
    write(tmp_path, "rules.yaml", doubled)
    with pytest.raises(RulebookError, match=r"rules.yaml: not valid YAML: the key 'severity' appears twice"):
        load_rulebook([tmp_path])


def test_organisation_word_lists_load_beside_rules_and_from_subfolders(tmp_path: Path) -> None:
    from safepost.checker import Checker

    write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "rules.yaml", RULE.replace('any: ["work:workplace"]', 'any: ["acme:site"]'))
    write(
        tmp_path / "lists",
        "acme.yaml",
        "family: acme\ndescription: our sites\nlabels:\n"
        "  site:\n    description: wards\n    terms: [Larch Ward]\n",
    )
    checker = Checker(rules_dirs=[tmp_path], use_model=False)
    assert any(f.rule == "ORG101" for f in checker.check("selfie on larch ward before handover").findings)
