"""Derive the real labelled posts the learned layer trains on from the shared data sets.

    python tools/derive_real_posts.py                # reads ../shared/data, writes training/real/

Our own posts (``training/*.jsonl``) teach the checker the policies; they cannot teach it how the
public really writes abuse. These real posts do, for the `offensive` output:

- Davidson et al. 2017 (tweets; MIT): class 0 hate speech and 1 offensive language are `stop` /
  `offensive`; class 2 neither is `ok`.
- Toxic Spans (Pavlopoulos et al. 2021, Civil Comments news comments; CC0): comments a majority of
  annotators marked toxic are `stop` / `offensive`; comments no annotator marked are `ok`.

A fixed share of each is held out (``offensive-heldout.jsonl``) and never trained on, so
``safepost eval training/real/offensive-heldout.jsonl`` measures the layer on real posts it has not
seen. The output is deterministic (seeded), so re-running it changes nothing unless the data does.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "training" / "real"
SEED = 20261123
# Per source and label: (posts to train on, posts to hold out).
DAVIDSON_SPLIT = {"0": (1100, 300), "1": (1100, 300), "2": (1600, 300)}
TOXIC_SPLIT = (1400, 300)
CLEAN_HELD_OUT_SHARE = 0.25
RETWEET_OR_MENTION = re.compile(r"(?:\bRT\s+)?@\w+:?")
LINK = re.compile(r"https?://\S+")


def labelled(post_id: str, text: str, abusive: bool, source: str) -> dict[str, Any]:
    return {
        "id": post_id,
        "platform": source,
        "author_role": "member of the public",
        "text": text,
        "verdict": "stop" if abusive else "ok",
        "categories": ["offensive"] if abusive else [],
        "note": f"real post ({source}), labelled " + ("abusive or offensive" if abusive else "neither"),
    }


def untwitter(text: str) -> str:
    """Drop retweet markers, @mentions and links: nearly every abusive tweet has them, and the
    model would otherwise learn that mentioning someone (or linking to a blog) is abuse."""
    text = RETWEET_OR_MENTION.sub(" ", text)
    text = LINK.sub(" ", text)
    return " ".join(text.split())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def davidson(data: Path, rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = read_csv(data / "davidson-2017-labeled_data.csv")
    rng.shuffle(rows)
    by_class: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_class[row["class"]].append(row)
    train, held = [], []
    for cls, (n_train, n_held) in DAVIDSON_SPLIT.items():
        for k, row in enumerate(by_class[cls][: n_train + n_held]):
            text = untwitter(html.unescape(row["tweet"]))  # tweets keep HTML entities ("&amp;", "&#128514;")
            if not text:
                continue
            post = labelled(f"rd-{row['']}", text, cls != "2", "davidson-2017")
            (train if k < n_train else held).append(post)
    return train, held


def toxic_spans(data: Path, rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    marked: dict[str, int] = defaultdict(int)
    for span in read_csv(data / "toxic-spans-spans.csv"):
        marked[span["annotation"]] += 1
    votes: dict[str, list[bool]] = defaultdict(list)
    for row in read_csv(data / "toxic-spans-annotations.csv"):
        toxic = (row["all toxic"] == "True" or marked[row["annotation"]] > 0) and row["not toxic"] != "True"
        votes[row["comment_id"]].append(toxic)
    texts = {row["comment_id"]: row["comment_text"] for row in read_csv(data / "toxic-spans-comments.csv")}
    toxic = sorted(i for i in votes if i in texts and sum(votes[i]) / len(votes[i]) > 0.5)
    clean = sorted(i for i in votes if i in texts and not any(votes[i]))
    rng.shuffle(toxic)
    rng.shuffle(clean)
    n_train, n_held = TOXIC_SPLIT
    n_clean = round(len(clean) * (1 - CLEAN_HELD_OUT_SHARE))
    text = {i: html.unescape(t) for i, t in texts.items()}
    train = [labelled(f"rt-{i}", text[i], True, "toxic-spans") for i in toxic[:n_train]]
    held = [labelled(f"rt-{i}", text[i], True, "toxic-spans") for i in toxic[n_train : n_train + n_held]]
    train += [labelled(f"rt-{i}", text[i], False, "toxic-spans") for i in clean[:n_clean]]
    held += [labelled(f"rt-{i}", text[i], False, "toxic-spans") for i in clean[n_clean:]]
    return train, held


def unique(posts: list[dict[str, Any]], seen: set[str]) -> list[dict[str, Any]]:
    """Posts whose text is not in ``seen`` nor repeated among them (the tweets hold retweets)."""
    kept = []
    for post in posts:
        if post["text"] not in seen:
            seen.add(post["text"])
            kept.append(post)
    return kept


def write_jsonl(path: Path, posts: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared data folder"
    )
    args = parser.parse_args()
    if not (args.data / "davidson-2017-labeled_data.csv").is_file():
        print(f"No Davidson 2017 data in {args.data}", file=sys.stderr)
        return 1
    rng = random.Random(SEED)
    d_train, d_held = davidson(args.data, rng)
    t_train, t_held = toxic_spans(args.data, rng)
    train, held = unique(d_train + t_train, set()), d_held + t_held
    held = unique(held, {post["text"] for post in train})  # a retweet held out would be seen in training
    rng.shuffle(train)
    OUT.mkdir(parents=True, exist_ok=True)
    write_jsonl(OUT / "offensive-train.jsonl", train)
    write_jsonl(OUT / "offensive-heldout.jsonl", held)
    shutil.copyfile(args.data / "LICENSE-davidson-MIT.txt", OUT / "LICENSE-davidson-MIT.txt")
    print(f"wrote {len(train)} posts to train on and {len(held)} held out to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
