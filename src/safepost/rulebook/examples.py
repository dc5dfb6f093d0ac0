"""Every rule carries posts it must fire on and posts it must stay quiet on; this runs them."""

from __future__ import annotations

from collections.abc import Iterable

from safepost.checker import Checker
from safepost.rulebook.loader import LoadedRule
from safepost.rulebook.schema import from_outside_text


def example_failure(checker: Checker, loaded: LoadedRule, text: str, should_fire: bool) -> str | None:
    """A message if the example does not behave as written, else None.

    A catch-all (``fallback``) rule stands back when a more specific rule of its category fired,
    so for those a fire example passes when the category is found at all.
    """
    rule = loaded.rule
    result = checker.check(text)
    fired = any(f.rule == rule.id for f in result.findings)
    if should_fire and not fired and rule.fallback:
        fired = rule.category in result.categories
    if fired == should_fire:
        return None
    got = ", ".join(f"{f.rule}/{f.category}" for f in result.findings) or "no findings"
    expectation = "should fire but stayed quiet" if should_fire else "should stay quiet but fired"
    return f"{loaded.source}: rule {rule.id} {expectation} on {text!r} (got: {got})"


def failing_examples(checker: Checker, rules: Iterable[LoadedRule]) -> list[str]:
    """Examples that do not behave; rules over signals from outside the text are skipped (their
    examples describe photos or messages, and their own tests build those)."""
    failures = []
    for loaded in rules:
        if from_outside_text(loaded.rule):
            continue
        for text in loaded.rule.examples.fire:
            message = example_failure(checker, loaded, text, True)
            if message:
                failures.append(message)
        for text in loaded.rule.examples.quiet:
            message = example_failure(checker, loaded, text, False)
            if message:
                failures.append(message)
    return failures
