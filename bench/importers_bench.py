"""How fast the importers read an export, and how much memory they need, against a naive peer.

The peer is what a short script would do: read ``data/tweets.js`` from the zip whole,
strip the ``window.YTD… =`` prefix and ``json.loads`` it. safepost streams with ijson.
Each measurement runs in a fresh process so peak RSS is its own.

    .venv/bin/python bench/importers_bench.py            # 10k and 100k tweets
    .venv/bin/python bench/importers_bench.py --full     # adds 1M
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _measure_safepost(path: Path) -> tuple[int, float]:
    from safepost.importers import open_exports

    start = time.perf_counter()
    count = 0
    for export in open_exports([path]):
        count += sum(1 for _ in export.items())
        export.close()
    return count, time.perf_counter() - start


def _measure_peer(path: Path) -> tuple[int, float]:
    start = time.perf_counter()
    with zipfile.ZipFile(path) as archive:
        raw = archive.read("data/tweets.js")
    tweets = json.loads(raw[raw.index(b"[") :])
    count = sum(1 for t in tweets if t["tweet"]["full_text"])
    return count, time.perf_counter() - start


def child(which: str, path: Path) -> None:
    count, seconds = (_measure_safepost if which == "safepost" else _measure_peer)(path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"items": count, "seconds": seconds, "peak_mb": peak_mb}))


def run(which: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, str(path)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also measure 1,000,000 tweets")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    from tests.importers.exports import write_x_archive

    sizes = [10_000, 100_000] + ([1_000_000] if args.full else [])
    print(
        f"{'items':>10} | {'safepost items/s':>16} {'peak MB':>8} | {'json.load items/s':>17} "
        f"{'peak MB':>8} | {'speed ratio':>11} {'memory ratio':>12}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            (archive,) = write_x_archive(Path(tmp) / str(size), n_items=size)
            ours, peer = run("safepost", archive), run("peer", archive)
            assert ours["items"] == peer["items"] == size
            ours_rate, peer_rate = size / ours["seconds"], size / peer["seconds"]
            memory = peer["peak_mb"] / ours["peak_mb"]
            print(
                f"{size:>10,} | {ours_rate:>16,.0f} {ours['peak_mb']:>8.0f} | {peer_rate:>17,.0f} "
                f"{peer['peak_mb']:>8.0f} | {ours_rate / peer_rate:>10.2f}x {memory:>11.1f}x"
            )
    print("speed ratio > 1: safepost faster; memory ratio > 1: safepost needs that many times less memory.")


if __name__ == "__main__":
    main()
