"""Speed of the incident record beside plain peers, in one run on one machine.

What is measured, each against a peer doing the least work that gives the same durability:

- entries/s: safepost appends notes (encrypt, hash chain, keyed summaries, one fsynced SQLite
  transaction each) vs plain SQLite inserts of the same JSON text, one fsynced transaction each.
- evidence MB/s: ``add-evidence`` (SHA-256 + AES-GCM + fsync + rename) vs copying the file
  and fsyncing it.
- verify: ``safepost incident verify`` over the whole record vs ``sha256sum`` (and Python's
  hashlib) over the same evidence files in plain form, which is only a part of what verify checks.

    python bench/incident_bench.py                       # 10,000 entries, 256 MB evidence
    python bench/incident_bench.py --evidence-mb 1024    # the issue's 1 GB
    python bench/incident_bench.py --json out.json

Safepost and each peer run interleaved (500 entries or one file at a time) so disk noise hits both
alike. The defaults run in seconds on a quiet disk and about a minute on a busy one (the 1 GB run
about three); say which sizes you used when quoting figures.
Informational only: nothing here asserts on timings (tests never should).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from safepost.incidents import actions
from safepost.incidents.store import IncidentStore
from safepost.incidents.verify import verify

ROUND = 500  # entries per interleaved round


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _make_evidence(folder: Path, total_mb: int, files: int) -> list[Path]:
    folder.mkdir(parents=True)
    size = max(1, total_mb * (1 << 20) // files)
    paths = []
    for number in range(files):
        path = folder / f"screenshot-{number:03d}.png"
        with path.open("wb") as handle:
            left = size
            while left:
                block = min(left, 1 << 20)
                handle.write(os.urandom(block))
                left -= block
        paths.append(path)
    return paths


class _PeerNotes:
    """Plain SQLite, same durability: WAL, synchronous=FULL, one transaction per insert."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")

    def add(self, text: str) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO notes (body) VALUES (?)", (json.dumps({"kind": "note", "text": text}),))
        self.db.execute("COMMIT")


def _peer_copy(path: Path, target: Path) -> None:
    copy = target / path.name
    shutil.copyfile(path, copy)
    with copy.open("rb+") as handle:
        os.fsync(handle.fileno())


def _hashlib_all(paths: list[Path]) -> None:
    for path in paths:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=10_000, help="notes to append (default 10,000)")
    parser.add_argument(
        "--evidence-mb", type=int, default=256, help="evidence in MB (default 256; issue: 1024)"
    )
    parser.add_argument("--files", type=int, default=64, help="number of evidence files (default 64)")
    parser.add_argument("--repeat", type=int, default=3, help="verify runs; the best is kept (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="incident-bench-") as tmp:
        work = Path(tmp)
        os.environ["SAFEPOST_HOME"] = str(work / "home")
        texts = [
            f"Note {n}: another message arrived from the same account at {n % 24:02d}:00"
            for n in range(args.entries)
        ]
        evidence = _make_evidence(work / "plain", args.evidence_mb, args.files)
        total_bytes = sum(p.stat().st_size for p in evidence)

        # Interleaved in small rounds, so a burst of disk noise hurts both sides alike.
        peer = _PeerNotes(work / "peer.sqlite3")
        (work / "copies").mkdir()
        t_entries = t_peer_entries = t_evidence = t_peer_copy = 0.0
        with IncidentStore() as store:
            actions.new_incident(store, "bullying", {"summary": "Benchmark incident"}, "bench")
            for start in range(0, len(texts), ROUND):
                block = texts[start : start + ROUND]
                t_entries += _timed(
                    lambda b=block: [store.append(1, "note", {"text": t}, "bench") for t in b]
                )[0]
                t_peer_entries += _timed(lambda b=block: [peer.add(t) for t in b])[0]
            for path in evidence:
                t_evidence += _timed(lambda p=path: actions.add_evidence(store, 1, [p], "bench"))[0]
                t_peer_copy += _timed(lambda p=path: _peer_copy(p, work / "copies"))[0]
            sha256sum = shutil.which("sha256sum")
            t_verify = t_hashlib = float("inf")
            t_sha256sum: float | None = float("inf") if sha256sum else None
            for _ in range(args.repeat):  # best of N, alternating
                elapsed, report = _timed(lambda: verify(store))
                t_verify = min(t_verify, elapsed)
                t_hashlib = min(t_hashlib, _timed(lambda: _hashlib_all(evidence))[0])
                if sha256sum and t_sha256sum is not None:
                    command = [sha256sum, *map(str, evidence)]
                    run = _timed(lambda c=command: subprocess.run(c, check=True, stdout=subprocess.DEVNULL))
                    t_sha256sum = min(t_sha256sum, run[0])
        peer.db.close()
        assert report.ok, report.problems

    mb = total_bytes / (1 << 20)
    figures: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "entries": args.entries,
        "evidence_mb": round(mb),
        "evidence_files": args.files,
        "safepost_entries_per_s": args.entries / t_entries,
        "peer_sqlite_inserts_per_s": args.entries / t_peer_entries,
        "safepost_evidence_mb_per_s": mb / t_evidence,
        "peer_copy_fsync_mb_per_s": mb / t_peer_copy,
        "safepost_verify_s": t_verify,
        "peer_hashlib_s": t_hashlib,
        "peer_sha256sum_s": t_sha256sum,
        "record_entries_verified": report.entries,
    }
    rows = [
        (
            "entries/s",
            figures["safepost_entries_per_s"],
            "plain SQLite insert+fsync",
            figures["peer_sqlite_inserts_per_s"],
        ),
        (
            "evidence MB/s",
            figures["safepost_evidence_mb_per_s"],
            "copy + fsync",
            figures["peer_copy_fsync_mb_per_s"],
        ),
        ("verify s (all)", t_verify, "hashlib over evidence", t_hashlib),
    ]
    if t_sha256sum is not None:
        rows.append(("verify s (all)", t_verify, "sha256sum over evidence", t_sha256sum))
    sizes = f"{args.entries:,} entries, {mb:,.0f} MB evidence in {args.files} files"
    print(f"incident bench: {sizes}; {figures['machine']}")
    print(f"{'measure':<16}{'safepost':>12}   {'peer':<26}{'peer value':>12}{'ratio':>9}")
    for name, ours, peer_name, peer in rows:
        print(f"{name:<16}{ours:>12,.2f}   {peer_name:<26}{peer:>12,.2f}{ours / peer:>8.2f}x")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
