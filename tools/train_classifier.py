"""Train the learned layer on our own labelled posts and write it into the package.

    pip install -e '.[train]'
    python tools/train_classifier.py            # train, cross-validate, write the model
    python tools/train_classifier.py --check    # exit 1 if the shipped model is stale

Inputs: ``training/*.jsonl`` (posts we wrote; never the evaluation sets) and the detectors'
output on them, so the model learns from word lists as well as words. The fingerprint of
those inputs is stored in the model; a test fails when they change without retraining.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
MODEL_PATH = ROOT / "src" / "safepost" / "detectors" / "data" / "post_classifier.json"
LEXICONS = ROOT / "src" / "safepost" / "detectors" / "lexicons"
SEED = 20261123


def input_files() -> list[Path]:
    return sorted(TRAINING.glob("*.jsonl")) + sorted(LEXICONS.glob("*.yaml"))


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in input_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_posts() -> list[dict[str, object]]:
    posts = []
    for path in sorted(TRAINING.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                posts.append(json.loads(line))
    return posts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check the shipped model is up to date")
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    parser.add_argument("--min-weight", type=float, default=0.01, help="drop features weaker than this")
    args = parser.parse_args()
    if args.check:
        shipped = json.loads(MODEL_PATH.read_text())["fingerprint"] if MODEL_PATH.exists() else ""
        if shipped != fingerprint():
            print("The shipped model is stale: run python tools/train_classifier.py", file=sys.stderr)
            return 1
        print("The shipped model matches its training data and word lists.")
        return 0

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    from safepost.checker import Checker
    from safepost.detectors.classifier import featurise
    from safepost.models import CATEGORIES
    from safepost.text import PostText

    checker = Checker(use_model=False)
    posts = load_posts()
    rows = []
    for post in posts:
        text = str(post["text"])
        features = featurise(PostText(text), checker.hits(text))
        rows.append({f.name: 1.0 for f in features})
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows).tocsr()
    x.indices = x.indices.astype(np.int32)  # liblinear wants 32-bit indices
    x.indptr = x.indptr.astype(np.int32)
    labels = np.array([[c in post["categories"] for c in CATEGORIES] for post in posts], dtype=int)  # type: ignore[operator]
    names = vectorizer.get_feature_names_out()
    print(f"{len(posts)} posts, {x.shape[1]} features")

    def fit(xs: object, ys: object) -> LogisticRegression:
        model = LogisticRegression(C=args.c, class_weight="balanced", solver="liblinear", random_state=SEED)
        return model.fit(xs, ys)

    folds = KFold(n_splits=5, shuffle=True, random_state=SEED)
    print(f"{'category':<16} {'cv-precision':>12} {'cv-recall':>10} {'cv-F1':>6}")
    for j, category in enumerate(CATEGORIES):
        tp = fp = fn = 0
        for train, test in folds.split(x):
            predicted = fit(x[train], labels[train, j]).predict(x[test])
            truth = labels[test, j]
            tp += int(((predicted == 1) & (truth == 1)).sum())
            fp += int(((predicted == 1) & (truth == 0)).sum())
            fn += int(((predicted == 0) & (truth == 1)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{category:<16} {p:>12.2f} {r:>10.2f} {f1:>6.2f}")

    coefficients = []
    biases = []
    for j, _category in enumerate(CATEGORIES):
        model = fit(x, labels[:, j])
        coefficients.append(model.coef_.ravel())
        biases.append(round(float(model.intercept_[0]), 4))
    matrix = np.vstack(coefficients).T
    weights = {
        str(name): [round(float(w), 4) for w in row]
        for name, row in zip(names, matrix, strict=True)
        if np.abs(row).max() >= args.min_weight
    }
    model_data = {
        "format": 1,
        "categories": list(CATEGORIES),
        "bias": biases,
        "weights": dict(sorted(weights.items())),
        "fingerprint": fingerprint(),
        "trained_on": f"{len(posts)} posts in training/*.jsonl",
        "regularisation_c": args.c,
    }
    MODEL_PATH.write_text(json.dumps(model_data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}: {len(weights)} features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
