"""The evaluation arithmetic: critical misses, false alarms and per-category F1 mean what they say."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepost.errors import InputError
from safepost.evaluation import Evaluation, LabelledPost, read_labelled
from safepost.models import Verdict


def post(verdict: str, *categories: str) -> LabelledPost:
    return LabelledPost("x", "t", Verdict.parse(verdict), frozenset(categories))


def test_rates_and_f1() -> None:
    ev = Evaluation()
    ev.add(post("stop", "service-user"), Verdict.OK, [])  # critical miss
    ev.add(post("stop", "service-user"), Verdict.STOP, ["service-user"])
    ev.add(post("ok"), Verdict.CAUTION, ["workplace"])  # false alarm
    ev.add(post("ok"), Verdict.OK, [])
    ev.add(post("caution", "workplace"), Verdict.CAUTION, ["workplace"])
    assert ev.critical_miss_rate == pytest.approx(0.5)
    assert ev.false_alarm_rate == pytest.approx(0.5)
    assert ev.accuracy == pytest.approx(3 / 5)
    su = ev.categories["service-user"]
    assert (su.tp, su.fp, su.fn) == (1, 0, 1)
    assert su.f1 == pytest.approx(2 / 3)
    wp = ev.categories["workplace"]
    assert (wp.precision, wp.recall) == (0.5, 1.0)
    assert len(ev.mistakes) == 2


def test_empty_evaluation_is_all_zero() -> None:
    ev = Evaluation()
    assert ev.critical_miss_rate == ev.false_alarm_rate == ev.macro_f1 == ev.accuracy == 0.0


def test_bad_line_names_its_number(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(
        '{"id": "a", "text": "hi", "verdict": "ok", "categories": []}\n{"id": "b", "text": "x"}\n'
    )
    with pytest.raises(InputError, match="line 2"):
        list(read_labelled(path))


def test_unknown_category_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text('{"id": "a", "text": "hi", "verdict": "stop", "categories": ["rudeness"]}\n')
    with pytest.raises(InputError, match="unknown categories"):
        list(read_labelled(path))


def test_eval_command_prints_the_headline_numbers(tmp_path: Path) -> None:
    from safepost.checker import Checker
    from safepost.evaluation import evaluate

    path = tmp_path / "posts.jsonl"
    path.write_text(
        '{"id": "a", "text": "Text me on 07700 900321 any time", "verdict": "stop", '
        '"categories": ["contact-details"]}\n'
        '{"id": "b", "text": "Lovely walk by the river with the dog", "verdict": "ok", "categories": []}\n'
    )
    ev = evaluate(Checker(), read_labelled(path))
    assert ev.total == 2
    assert ev.critical_miss_rate == 0.0
    assert ev.categories["contact-details"].recall == 1.0
