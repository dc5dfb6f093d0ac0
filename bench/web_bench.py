"""Throughput and tail latency of ``POST /api/check`` under 16 concurrent clients, beside two peers.

The server runs in its own subprocess (uvicorn, as ``safepost serve`` runs it); the clients run in
this process on raw keep-alive HTTP/1.1 connections (asyncio streams), so the client costs little.
Side by side, in one run on the same machine:

- ``api-check``: ``POST /api/check`` with a mix of posts: the number that matters;
- ``api-health``: ``GET /api/health`` on the same server: the framework floor (HTTP, middleware,
  routing, JSON) with no checking at all;
- ``checker``: ``Checker.check`` called directly in a fresh process, one thread: the checking floor.

    python bench/web_bench.py                    # 10 s per server scenario, 16 clients
    python bench/web_bench.py --seconds 20 --clients 16 --workers 2 --json bench/out/web.json
    taskset -c 0,1 python bench/web_bench.py     # the issue's "2 cores"

Informational only: nothing here asserts on timings (tests never should).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_RATE = 300.0  # requests/s for POST /api/check, 16 clients, 2 cores
TARGET_P99_MS = 100.0
HEADER = "X-Safepost-Client"

# Our own posts (not from any evaluation set): a spread of safe, caution and stop.
POSTS = [
    "Lovely walk along the canal this morning, the herons were out",
    "Text me on 07700 900456 if you want to come to the quiz on Friday",
    "Exhausted after a long shift on the ward, bath and bed for me",
    "Can't believe what the family on my caseload said to me today, some people",
    "Happy birthday to my amazing sister, have the best day!",
    "Anyone know a good plumber in the Bristol area? Kitchen tap is leaking",
    "Proud of my Year 6 class, they smashed their SATs practice today",
    "Court again tomorrow for the Jones children, fingers crossed it goes our way",
    "New running shoes, new me. 5k on Sunday, who's in?",
    "Email me at sam.baker.home@example.com for the photos from the party",
    "Our foster son started his new school today, so proud of him",
    "What a nightmare of a manager, honestly some people should not be in charge",
    "Roast dinner at mum's, best way to spend a rainy Sunday",
    "The kids at Oakfield children's home were wild today lol",
    "Book club tonight, we're reading a thriller set in Cornwall",
    "Add me on Snapchat if you need to talk outside of school hours",
]

SERVER = """
import sys, uvicorn
uvicorn.run("safepost.web:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]),
            workers=int(sys.argv[2]), log_level="warning", access_log=False, server_header=False)
"""

CHECKER = """
import json, sys, time
from safepost import Checker
posts = json.loads(sys.argv[1]); seconds = float(sys.argv[2])
checker = Checker()
for post in posts: checker.check(post)
times = []; start = time.perf_counter(); i = 0
while time.perf_counter() - start < seconds:
    t = time.perf_counter()
    checker.check(posts[i % len(posts)])
    times.append(time.perf_counter() - t)
    i += 1
print(json.dumps({"count": len(times), "elapsed": time.perf_counter() - start, "latencies": times}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def request_bytes(method: str, path: str, body: bytes | None, port: int) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"{HEADER}: bench"]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


async def one_client(port: int, requests: list[bytes], until: float, latencies: list[float]) -> int:
    """Keep one connection busy until ``until``; count non-200 answers."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    errors, i = 0, 0
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(requests[i % len(requests)])
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            errors += status_line.split(b" ", 2)[1] != b"200"
            i += 1
    finally:
        writer.close()
    return errors


async def load(port: int, requests: list[bytes], clients: int, seconds: float) -> dict[str, Any]:
    warm: list[float] = []
    await asyncio.gather(
        *(one_client(port, requests, time.perf_counter() + 1.0, warm) for _ in range(clients))
    )
    latencies: list[float] = []
    start = time.perf_counter()
    errors = await asyncio.gather(
        *(one_client(port, requests, start + seconds, latencies) for _ in range(clients))
    )
    return summarise(latencies, time.perf_counter() - start, sum(errors))


def summarise(latencies: list[float], elapsed: float, errors: int = 0) -> dict[str, Any]:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2) if ordered else 0.0

    return {
        "requests": len(ordered),
        "per_second": round(len(ordered) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 2) if ordered else 0.0,
        "errors": errors,
    }


def wait_until_up(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"the server stopped: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(request_bytes("GET", "/api/health", None, port))
                if b"200" in sock.recv(100):
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start in time")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring time per scenario")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    port = free_port()
    load_before = [round(x, 2) for x in os.getloadavg()]  # a busy machine explains a bad tail
    with tempfile.TemporaryDirectory(prefix="safepost-bench-") as home:
        env = {**os.environ, "SAFEPOST_HOME": home}
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(port), str(args.workers)], env=env, stderr=subprocess.PIPE
        )
        try:
            wait_until_up(port, server)
            check_requests = [
                request_bytes("POST", "/api/check", json.dumps({"text": p}).encode(), port) for p in POSTS
            ]
            health_requests = [request_bytes("GET", "/api/health", None, port)]
            results = {
                "api-check": asyncio.run(load(port, check_requests, args.clients, args.seconds)),
                "api-health": asyncio.run(load(port, health_requests, args.clients, args.seconds)),
            }
        finally:
            server.terminate()
            server.wait(10)
        direct = subprocess.run(
            [sys.executable, "-c", CHECKER, json.dumps(POSTS), str(args.seconds)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        raw = json.loads(direct.stdout.strip().splitlines()[-1])
        results["checker"] = summarise(raw["latencies"], raw["elapsed"])

    report = {
        "load_average_before": load_before,
        "machine": {
            "cpus": os.cpu_count(),
            "affinity": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
        },
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.seconds,
        "results": results,
        "target": {"per_second": TARGET_RATE, "p99_ms": TARGET_P99_MS},
    }
    print(f"{'scenario':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    for name, row in results.items():
        print(
            f"{name:<12} {row['per_second']:>9} {row['p50_ms']:>8} {row['p99_ms']:>8} "
            f"{row['max_ms']:>8} {row['errors']:>7}"
        )
    check = results["api-check"]
    met = check["per_second"] >= TARGET_RATE and check["p99_ms"] <= TARGET_P99_MS and not check["errors"]
    print(
        f"target (POST /api/check >= {TARGET_RATE:.0f} req/s, p99 <= {TARGET_P99_MS:.0f} ms): "
        f"{'met' if met else 'NOT met'} on {report['machine']['affinity']} CPU(s), "
        f"load average before the run {load_before[0]}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
