"""Photos in an audit: how fast `safepost audit` checks an X archive full of photos, on one core
and on all of them, with and without OCR. Every picture is generated (nothing downloaded): phone
screenshots (1170×2532 PNG chats with names and numbers) and 12 MP phone photos (4032×3024 JPEG
with GPS in EXIF and a face), from ``bench/image_bench.py``.

    python bench/audit_photos_bench.py --photos 24

Each run is a fresh ``safepost audit`` process (start-up included); the peak RSS is the largest
of the main process and its workers. Informational only: nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.importers.exports import write_x_archive, x_photo_tweet  # noqa: E402

from image_bench import phone_photo, screenshot  # noqa: E402


def build(folder: Path, photos: int, kind: str) -> Path:
    tweets = []
    media = {}
    for index in range(photos):
        name = f"Shot{index}.png" if kind == "screenshot" else f"Photo{index}.jpg"
        tweet, member = x_photo_tweet(f"Photo number {index}", index, file=name)
        tweets.append(tweet)
        media[member] = screenshot(index) if kind == "screenshot" else phone_photo(index)
    [path] = write_x_archive(folder, tweets, media=media, name=f"x-{kind}")
    return path


def run(archive: Path, *options: str) -> tuple[float, int]:
    """Seconds for the whole audit, and the peak RSS (MB) of the largest process."""
    env = {**os.environ, "SAFEPOST_HOME": str(archive.parent / "home")}
    command = [
        sys.executable,
        "-m",
        "safepost",
        "audit",
        str(archive),
        "--exit-zero",
        "-f",
        "jsonl",
        *options,
    ]
    # A wrapper process per run, so the peak RSS of its children is this run's alone.
    wrapper = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], check=True, env=env, capture_output=True, text=True
    )
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--photos", type=int, default=24)
    parser.add_argument("--kinds", default="screenshot,photo")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"{args.photos} photos per archive, {cores} cores; load average {os.getloadavg()[0]:.1f}")
    print("| photos | options | seconds | photos/s | peak RSS (largest process) |")
    print("|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.kinds.split(","):
            archive = build(Path(folder), args.photos, kind)
            for label, options in (
                ("--no-images", ("--no-images",)),
                ("--no-ocr --no-faces", ("--no-ocr", "--no-faces")),
                ("everything, --jobs 1", ("--jobs", "1")),
                (f"everything, --jobs {cores}", ("--jobs", str(cores))),
            ):
                seconds, rss = run(archive, *options)
                print(f"| {kind} | {label} | {seconds:.1f} | {args.photos / seconds:.2f} | {rss} MB |")


if __name__ == "__main__":
    main()
