"""The generated rule documentation is current, and the JSON Schema describes real rule files."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from safepost.rulebook.docs import rules_markdown
from safepost.rulebook.loader import load_rulebook
from safepost.rulebook.schema import json_schema

ROOT = Path(__file__).resolve().parents[2]


def test_docs_rules_md_is_up_to_date() -> None:
    expected = rules_markdown(load_rulebook())
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `safepost rules docs > docs/rules.md`"


def test_exported_schema_is_valid_json_and_rejects_unknown_fields() -> None:
    schema = json_schema()
    json.dumps(schema)
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    assert defs["Rule"]["additionalProperties"] is False
    assert defs["PolicyDocument"]["additionalProperties"] is False


def test_schema_file_for_editors_is_current() -> None:
    shipped = json.loads((ROOT / "docs" / "rulebook.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run `safepost rules schema > docs/rulebook.schema.json`"


def test_every_packaged_rule_file_is_a_rule_list() -> None:
    folder = ROOT / "src" / "safepost" / "rulebook" / "rules"
    for path in folder.glob("*.yaml"):
        assert "rules" in yaml.safe_load(path.read_text(encoding="utf-8")), path
