"""The development sets measure; nothing of theirs may be in training posts, rule or word-list examples.

Reads ``../shared/eval/*.jsonl`` only to compare, and is skipped where those files are absent.
A post that shares three 5-word runs with a development post counts as copied.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from safepost.detectors.vocabulary import load_lexicon, packaged_lexicon_paths
from safepost.rulebook.loader import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
DEV_FILES = sorted(EVAL.glob("*.jsonl")) if EVAL.is_dir() else []
pytestmark = pytest.mark.skipif(not DEV_FILES, reason="the development sets are not beside this checkout")


def shingles(text: str, n: int = 5) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def our_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "training").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append((f"{path.name}:{row['id']}", row["text"]))
    for loaded in load_rulebook().rules:
        for text in (*loaded.rule.examples.fire, *loaded.rule.examples.quiet):
            texts.append((f"rule {loaded.rule.id}", text))
    for path in packaged_lexicon_paths():
        for name, label in load_lexicon(path).labels.items():
            for text in (*label.examples.match, *label.examples.no_match):
                texts.append((f"{path.name}:{name}", text))
    return texts


def test_nothing_is_copied_from_the_development_sets() -> None:
    owners: dict[str, set[int]] = {}
    dev_texts = []
    for path in DEV_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            dev_texts.append(json.loads(line)["text"].strip().lower())
            for shingle in shingles(dev_texts[-1]):
                owners.setdefault(shingle, set()).add(len(dev_texts) - 1)
    exact = set(dev_texts)
    copied = []
    for where, text in our_texts():
        if text.strip().lower() in exact:
            copied.append(where)
            continue
        shared = Counter(i for s in shingles(text) for i in owners.get(s, ()))
        if shared and shared.most_common(1)[0][1] >= 3:
            copied.append(where)
    assert not copied, f"too close to development posts: {copied[:20]}"
