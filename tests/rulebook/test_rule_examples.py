"""Every example in every rule file is a test: posts it must fire on, posts it must leave alone."""

from __future__ import annotations

import pytest

from safepost.checker import Checker
from safepost.rulebook.examples import example_failure
from safepost.rulebook.loader import LoadedRule, load_rulebook
from safepost.rulebook.schema import from_outside_text
from tests.caseload.sample import sample_caseload

BOOK = load_rulebook()
# Rules over signals from outside the text are tested where those are built:
# tests/images/test_image_rules.py (photos) and tests/cli/test_audit_recipients.py (messages).
CASES = [
    pytest.param(loaded, text, fire, id=f"{loaded.rule.id}-{'fire' if fire else 'quiet'}-{i}")
    for loaded in BOOK.rules
    if not from_outside_text(loaded.rule)
    for fire, examples in ((True, loaded.rule.examples.fire), (False, loaded.rule.examples.quiet))
    for i, text in enumerate(examples)
]


@pytest.fixture(scope="session")
def caseload_checker(tmp_path_factory: pytest.TempPathFactory) -> Checker:
    """Rules on caseload names run against the small test caseload in tests/caseload/sample.py."""
    return Checker(caseload=sample_caseload(tmp_path_factory.mktemp("caseload-home")))


@pytest.mark.parametrize(("loaded", "text", "fire"), CASES)
def test_rule_example(
    request: pytest.FixtureRequest, checker: Checker, loaded: LoadedRule, text: str, fire: bool
) -> None:
    if any(label.startswith("caseload:") for label in loaded.rule.trigger.any):
        checker = request.getfixturevalue("caseload_checker")
    failure = example_failure(checker, loaded, text, fire)
    assert failure is None, failure


def test_the_built_in_rulebook_covers_every_category_and_policy() -> None:
    from safepost.models import CATEGORIES
    from safepost.rulebook.loader import DEFAULT_POLICIES

    assert {r.rule.category for r in BOOK.rules} == set(CATEGORIES)
    cited = {c.document for r in BOOK.rules for c in r.rule.citations}
    assert set(DEFAULT_POLICIES) <= cited
