"""Audit throughput and memory against two peers, side by side in one run.

For each size (10k and 100k items by default; add 1M with ``--sizes 10000,100000,1000000``) it
writes an X archive (tests/importers/exports.py's large-export writer; ``--export json`` for a
plain JSON array instead), then runs, each in a fresh subprocess so ``ru_maxrss`` is that
run's own peak:

* ``audit``: the real audit path (importer → batches → worker pool → flagged store → HTML
  report), like ``safepost audit PATH --report FILE``; items/s over the whole run, start-up
  included, and peak RSS of the main process and of the largest worker;
* ``sequential``: the plain loop ``for text in texts: checker.check(text)`` in one process,
  over texts already in a list (only the loop is timed; at most ``--sequential-max`` items);
* ``json.load``: peak RSS of loading the whole export file at once, which streaming avoids.

Wall-clock items/s depend on what else the machine is doing, so CPU time per item is printed
too (all processes of the audit, start-up and report included, against the bare loop): it
says what the runner costs whatever the load.

Nothing here is a test and no timing is asserted; ratios from the same run matter most.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FINE = [
    "Lovely walk by the river with the dog this morning",
    "Made banana bread with my daughter, house smells amazing",
    "Anyone know a good plumber? Boiler has packed in again",
    "Great match last night, what a finish",
    "Sunday roast with the in-laws, stuffed",
    "Reading a brilliant book about the Tudors at the moment",
]
CAUTION = ["Checked in at Cribbs Causeway", "Had a few too many drinks last night lol"]
STOP = ["Text me on 07700 900{n:03d} if you need me x", "Rough day in court with the Pritchard kids"]


def synthetic_texts(count: int, seed: int = 7) -> Iterator[str]:
    """Mostly fine posts, ~5% caution, ~2% stop, each a little different."""
    rng = random.Random(seed)
    for number in range(count):
        roll = rng.random()
        pool = STOP if roll < 0.02 else CAUTION if roll < 0.07 else FINE
        yield rng.choice(pool).format(n=number % 1000) + f" #{number % 97}"


def write_export(folder: Path, count: int, kind: str) -> Path:
    if kind == "x":
        from tests.importers.exports import write_x_archive

        return write_x_archive(folder, n_items=count)[0]
    path = folder / "posts.json"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for number, text in enumerate(synthetic_texts(count)):
            row = {"id": str(number), "text": text, "date": f"20{10 + number % 15}-05-01T09:30:00Z"}
            handle.write(("," if number else "") + json.dumps(row) + "\n")
        handle.write("]\n")
    return path


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _rss_now_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child_audit(path: Path, jobs: int) -> dict[str, Any]:
    from safepost.audit.fingerprints import Fingerprinter
    from safepost.audit.runner import run_audit
    from safepost.audit.workers import AutoJudge, CheckerSpec, InProcessJudge, Judge
    from safepost.importers import open_exports
    from safepost.reporters.audit_html import write_html_report

    start = time.perf_counter()
    spec = CheckerSpec()
    checker = spec.build()
    exports = open_exports([path])
    judge: Judge = InProcessJudge(checker) if jobs == 1 else AutoJudge(checker, spec, jobs)
    ready_mb = _rss_now_mb()
    outcome = run_audit(exports, judge, Fingerprinter(b"b" * 32))
    audited = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.html"
        write_html_report(report, outcome.tally, outcome.flagged.sorted, sources=[e.label for e in exports])
        report_mb = report.stat().st_size / 1e6
    done = time.perf_counter()
    return {
        "items": outcome.tally.items,
        "flagged": len(outcome.flagged),
        "seconds": audited - start,
        "report_seconds": done - audited,
        "report_mb": report_mb,
        "ready_rss_mb": ready_mb,
        "peak_rss_mb": _peak_mb(),
        "worker_peak_rss_mb": _peak_mb(resource.RUSAGE_CHILDREN),
        "cpu_seconds": _cpu_seconds() + _cpu_seconds(resource.RUSAGE_CHILDREN),  # all processes
    }


def child_sequential(path: Path, limit: int) -> dict[str, Any]:
    from safepost.checker import Checker
    from safepost.importers import open_exports

    texts: list[str] = []
    for export in open_exports([path]):
        for item in export.items():
            if len(texts) >= limit:
                break
            texts.append(item.text)
        export.close()
    checker = Checker()
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        checker.check(text)
    return {
        "items": len(texts),
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
    }


def child_json_load(path: Path) -> dict[str, Any]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.startswith("data/tweets") and n.endswith(".js")]
            data = [json.loads(archive.read(n).decode("utf-8").split("=", 1)[1]) for n in names]
        count = sum(len(d) for d in data)
    else:
        with path.open(encoding="utf-8") as handle:
            count = len(json.load(handle))
    return {"items": count, "peak_rss_mb": _peak_mb()}


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated item counts")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--export", choices=("x", "json"), default="x")
    parser.add_argument("--sequential-max", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="also save the results here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path = args.child[0], Path(args.child[1])
        if mode == "audit":
            result = child_audit(path, int(args.child[2]))
        elif mode == "sequential":
            result = child_sequential(path, int(args.child[2]))
        else:
            result = child_json_load(path)
        print(json.dumps(result))
        return

    os.environ.setdefault("SAFEPOST_HOME", tempfile.mkdtemp(prefix="safepost-bench-home-"))
    print(
        f"audit bench: {args.jobs} jobs, {os.cpu_count()} CPUs, export={args.export}, "
        f"python {sys.version.split()[0]}, load average before {os.getloadavg()[0]:.1f}"
    )
    header = (
        f"{'items':>9} {'audit/s':>8} {'seq/s':>7} {'speedup':>7} {'flagged':>8} {'report s':>8} "
        f"{'main MB':>8} {'worker MB':>9} {'json.load MB':>12} {'load/main':>9} "
        f"{'cpu µs/item':>11} {'seq µs':>6} {'cpu ratio':>9}"
    )
    print(header)
    with tempfile.TemporaryDirectory(prefix="safepost-bench-") as tmp:  # first-run caches, not measured
        run_child("audit", str(write_export(Path(tmp), 1000, args.export)), "1")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="safepost-bench-") as tmp:
            path = write_export(Path(tmp), size, args.export)
            audit = run_child("audit", str(path), str(args.jobs))
            seq = run_child("sequential", str(path), str(min(size, args.sequential_max)))
            load = run_child("json", str(path))
        audit_rate = audit["items"] / audit["seconds"]
        seq_rate = seq["items"] / seq["seconds"]
        audit_cpu = audit["cpu_seconds"] / audit["items"]  # seconds of CPU per item, all processes
        seq_cpu = seq["cpu_seconds"] / seq["items"]
        row = {"size": size, "audit": audit, "sequential": seq, "json_load": load}
        rows.append(row)
        print(
            f"{audit['items']:>9,} {audit_rate:>8,.0f} {seq_rate:>7,.0f} {audit_rate / seq_rate:>6.2f}x "
            f"{audit['flagged']:>8,} {audit['report_seconds']:>8.1f} {audit['peak_rss_mb']:>8.0f} "
            f"{audit['worker_peak_rss_mb']:>9.0f} {load['peak_rss_mb']:>12.0f} "
            f"{load['peak_rss_mb'] / audit['peak_rss_mb']:>8.2f}x "
            f"{audit_cpu * 1e6:>11.0f} {seq_cpu * 1e6:>6.0f} {audit_cpu / seq_cpu:>8.2f}x"
            f"  (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    if len(rows) > 1:
        first, last = rows[-2], rows[-1]
        for name, key in (("audit main process", "audit"), ("json.load", "json_load")):
            growth = last[key]["peak_rss_mb"] - first[key]["peak_rss_mb"]
            print(f"peak RSS growth {first['size']:,} → {last['size']:,} items, {name}: {growth:+.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
