"""`safepost rules`: list, show, search, policies, schema, validate."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke
from tests.rulebook.test_loader import POLICY, RULE, write


def test_list_as_json_has_every_rule_with_citation_labels(invoke: Invoke) -> None:
    result = invoke("rules", "list", "--format", "json")
    assert result.code == 0
    rules = json.loads(result.out)
    assert len(rules) >= 40
    first = rules[0]
    assert {"id", "slug", "category", "severity", "citations", "advice", "examples"} <= first.keys()
    assert all("label" in c for c in first["citations"])


def test_list_filters_by_policy(invoke: Invoke) -> None:
    rules = json.loads(invoke("rules", "list", "--policy", "cwmtaf-2014", "--format", "json").out)
    assert rules and all(any(c["document"] == "cwmtaf-2014" for c in r["citations"]) for r in rules)


def test_list_text_is_a_table(invoke: Invoke) -> None:
    result = invoke("rules", "list")
    assert result.code == 0 and "rules" in result.out


def test_show_by_id_and_by_slug(invoke: Invoke) -> None:
    listing = json.loads(invoke("rules", "list", "--format", "json").out)
    rule = listing[0]
    by_id = invoke("rules", "show", rule["id"])
    assert by_id.code == 0 and rule["slug"] in by_id.out and "Why it matters" in by_id.out
    by_slug = json.loads(invoke("rules", "show", rule["slug"], "--format", "json").out)
    assert by_slug["id"] == rule["id"]


def test_show_unknown_rule_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("rules", "show", "XYZ999")
    assert result.code == 3 and "no rule called" in result.err


def test_search_finds_phone_rules(invoke: Invoke) -> None:
    found = json.loads(invoke("rules", "search", "phone", "--format", "json").out)
    assert any(r["category"] == "contact-details" for r in found)


def test_policies_lists_the_five(invoke: Invoke) -> None:
    docs = json.loads(invoke("rules", "policies", "--format", "json").out)
    assert {d["id"] for d in docs} >= {"nsscb-2017", "gcc-2015", "chscb-2017", "cwmtaf-2014", "bury"}


def test_schema_is_json(invoke: Invoke) -> None:
    assert "$defs" in json.loads(invoke("rules", "schema").out)


def test_validate_an_organisation_folder(invoke: Invoke, tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    write(tmp_path, "rules.yaml", RULE)
    result = invoke("rules", "validate", str(tmp_path))
    assert result.code == 0, result.err
    assert "1 rules" in result.out


def test_validate_reports_an_example_that_misbehaves(invoke: Invoke, tmp_path: Path) -> None:
    write(tmp_path, "policy.yaml", POLICY)
    write(
        tmp_path,
        "rules.yaml",
        RULE.replace('quiet: ["selfie in the garden"]', 'quiet: ["selfie on the ward"]'),
    )
    result = invoke("rules", "validate", str(tmp_path))
    assert result.code == 5
    assert "should stay quiet but fired" in result.err
