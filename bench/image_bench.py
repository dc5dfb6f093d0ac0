"""Photo checks side by side with plain tools, in one run: speed and OCR accuracy.

Every picture is generated here (nothing downloaded): 12-megapixel phone photos (4032×3024 JPEG
with GPS, owner and serial in EXIF, a face, texture so they compress like real photos), phone
screenshots (1170×2532 PNG chat with names and numbers), and text rendered in several fonts and
sizes for OCR accuracy. Peers:

* metadata: Pillow's plain ``Image.open(...).getexif()`` with the GPS and Exif sub-blocks — the
  least any tool must do — against safepost's metadata-only ``check_image`` (EXIF, XMP, IPTC, place
  name, rules);
* OCR: the ``tesseract`` command on the same file, against safepost's full photo check (OCR with
  word boxes, the text rules on the words, faces, metadata).

    python bench/image_bench.py                  # default sizes, table on stdout
    python bench/image_bench.py --photos 4 --json out.json

Informational only: nothing here asserts on timings (tests never should).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402
from tests.images.photos import BRISTOL, draw_face, exif_block  # noqa: E402

from safepost.checker import Checker  # noqa: E402
from safepost.images import check_image, check_images  # noqa: E402
from safepost.images.ocr import read_text  # noqa: E402

NAMES = ["Kayleigh Smith", "Tyler Pearson", "Priya Okafor", "Jordan Evans", "Amelia Hughes", "Callum Reid"]
FONT_FILES = {
    "Pillow default (Aileron)": None,
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVu Serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVu Sans Mono": "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
}
SIZES = (10, 12, 16, 24, 32)
CORES = os.cpu_count() or 1


def phone_number(rng: random.Random) -> str:
    return f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}"


def font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_FILES[name]
    return ImageFont.load_default(size=size) if path is None else ImageFont.truetype(path, size)


def phone_photo(seed: int) -> bytes:
    """A 12 MP JPEG with texture (so it compresses like a photo), a face, and revealing EXIF."""
    rng = random.Random(seed)
    size = (4032, 3024)
    noise = Image.effect_noise(size, 48).convert("L")
    base = Image.merge(
        "RGB",
        [Image.linear_gradient("L").resize(size).point(lambda v, k=k: (v * k) // 3 + 40) for k in (1, 2, 3)],
    )
    photo = Image.blend(base, Image.merge("RGB", [noise] * 3), 0.35)
    draw = ImageDraw.Draw(photo)
    for _ in range(30):
        x, y = rng.randint(0, 3900), rng.randint(0, 2900)
        draw.rectangle(
            (x, y, x + rng.randint(40, 600), y + rng.randint(40, 400)),
            fill=rng.choice(["#845", "#2a6", "#ccb"]),
        )
    draw_face(photo, (2000, 1500), 700)
    photo = photo.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    exif = exif_block(gps=BRISTOL, artist="Jane Doe", serial=f"SN{seed:06d}", taken="2024:05:01 08:12:00")
    photo.save(buffer, format="JPEG", quality=88, exif=exif)
    return buffer.getvalue()


def screenshot(seed: int) -> bytes:
    """A 1170×2532 chat screenshot: message bubbles naming people and giving phone numbers."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1170, 2532), "white")
    draw = ImageDraw.Draw(image)
    text_font = ImageFont.load_default(size=44)
    y = 200
    while y < 2300:
        mine = rng.random() < 0.5
        line = rng.choice(
            [
                f"Ring {rng.choice(NAMES).split()[0]} on {phone_number(rng)}",
                f"{rng.choice(NAMES)} is back at school",
                "See you at the gates at 3",
                f"My number is {phone_number(rng)}",
            ]
        )
        left = 420 if mine else 60
        draw.rounded_rectangle(
            (left - 30, y - 20, left + 700, y + 80), 30, fill="#d8f5c8" if mine else "#eeeeee"
        )
        draw.text((left, y), line[:26], fill="black", font=text_font)
        y += 160
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def rendered_text(font_name: str, size: int, rng: random.Random) -> tuple[Image.Image, list[str], list[str]]:
    """Three lines with a name and a phone number each, on a 1080-wide white card."""
    names = rng.sample(NAMES, 3)
    numbers = [phone_number(rng) for _ in names]
    lines = [f"Call {name} on {number}" for name, number in zip(names, numbers, strict=True)]
    chosen = font(font_name, size)
    image = Image.new("RGB", (1080, size * 8), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size, size + i * int(size * 2)), line, fill="black", font=chosen)
    return image, names, numbers


def photographed(image: Image.Image, rng: random.Random) -> Image.Image:
    """The card as a phone camera sees it: tilted, soft, grainy, and JPEG-compressed."""
    tilted = image.rotate(
        rng.uniform(-3, 3), resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white"
    )
    grain = Image.frombytes("L", tilted.size, rng.randbytes(tilted.width * tilted.height)).convert("RGB")
    soft = Image.blend(tilted.filter(ImageFilter.GaussianBlur(0.8)), grain, 0.12)
    buffer = io.BytesIO()
    soft.save(buffer, format="JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def tesseract_cli(path: Path) -> str:
    done = subprocess.run(
        ["tesseract", str(path), "stdout"], capture_output=True, text=True, timeout=120, check=False
    )
    return done.stdout


def per_second(work: Callable[[], Any], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        work()
    return count / (time.perf_counter() - start)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def ocr_accuracy(checker: Checker, folder: Path, have_cli: bool) -> dict[str, Any]:
    """Names and numbers recovered from rendered cards, clean and as photographed, ours vs the CLI."""
    rng = random.Random(7)
    totals: dict[str, dict[str, int]] = {}
    print("\nOCR accuracy: 3 names + 3 phone numbers per 1080-px card; found / 3 (flagged = CON101 fired)")
    print(
        f"{'font':<26} {'px':>3} {'card':<12} {'names':>5} {'numbers':>7} {'flagged':>7}"
        f"   {'CLI names':>9} {'numbers':>7}"
    )
    for font_name, file in FONT_FILES.items():
        if file and not Path(file).exists():
            continue
        for size in SIZES:
            for condition in ("clean", "photographed"):
                image, names, numbers = rendered_text(font_name, size, rng)
                if condition == "photographed":
                    image = photographed(image, rng)
                words = read_text(image)
                findings = checker.check(words.text).findings
                row = {
                    "names": sum(name in words.text for name in names),
                    "numbers": sum(digits(n) in digits(words.text) for n in numbers),
                    "flagged": sum(
                        any(f.rule == "CON101" and digits(f.text) == digits(n) for f in findings)
                        for n in numbers
                    ),
                    "cli_names": 0,
                    "cli_numbers": 0,
                    "n": 3,
                }
                if have_cli:
                    image.save(folder / "card.png")
                    cli_text = tesseract_cli(folder / "card.png")
                    row["cli_names"] = sum(name in cli_text for name in names)
                    row["cli_numbers"] = sum(digits(n) in digits(cli_text) for n in numbers)
                for key in (condition, "all"):
                    bucket = totals.setdefault(key, dict.fromkeys(row, 0))
                    for name, value in row.items():
                        bucket[name] += value
                print(
                    f"{font_name:<26} {size:>3} {condition:<12} {row['names']:>5} {row['numbers']:>7} "
                    f"{row['flagged']:>7}   {row['cli_names']:>9} {row['cli_numbers']:>7}"
                )
    shares = {key: {k: v / t["n"] for k, v in t.items() if k != "n"} for key, t in totals.items()}
    for key, share in shares.items():
        print(
            f"{'share, ' + key:<43} {share['names']:>5.0%} {share['numbers']:>7.0%} {share['flagged']:>7.0%}"
            f"   {share['cli_names']:>9.0%} {share['cli_numbers']:>7.0%}"
        )
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=3, help="12 MP photos and screenshots to time (each).")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    have_cli = shutil.which("tesseract") is not None
    checker = Checker()
    figures: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    }
    photos = [phone_photo(i) for i in range(args.photos)]
    shots = [screenshot(i) for i in range(args.photos)]
    print(
        f"Generated {len(photos)} phone photos (~{sum(map(len, photos)) // len(photos) // 1000} KB each) "
        f"and {len(shots)} screenshots."
    )

    def pillow_exif(data: bytes) -> None:
        exif = Image.open(io.BytesIO(data)).getexif()
        exif.get_ifd(0x8825)
        exif.get_ifd(0x8769)

    reps = 20
    check_image(photos[0], checker)  # warm-up: the place list, OpenCV's model and Tesseract load once
    ours_meta = per_second(
        lambda: [check_image(p, checker, read_words=False, look_for_faces=False) for p in photos], reps
    )
    peer_meta = per_second(lambda: [pillow_exif(p) for p in photos], reps)
    figures["metadata_images_per_s"] = {
        "safepost": ours_meta * len(photos),
        "pillow_getexif": peer_meta * len(photos),
    }

    rows = [("metadata only, 12 MP JPEG", ours_meta * len(photos), "Pillow getexif", peer_meta * len(photos))]
    with tempfile.TemporaryDirectory() as folder:
        for label, items, suffix in (
            ("12 MP phone photo", photos, ".jpg"),
            ("phone screenshot", shots, ".png"),
        ):
            paths = []
            for i, data in enumerate(items):
                path = Path(folder) / f"{label.replace(' ', '-')}-{i}{suffix}"
                path.write_bytes(data)
                paths.append(path)
            full = per_second(lambda paths=paths: [check_image(p, checker) for p in paths], 1) * len(paths)
            peer = (
                per_second(lambda paths=paths: [tesseract_cli(p) for p in paths], 1) * len(paths)
                if have_cli
                else 0.0
            )
            rows.append((f"full check (OCR+faces), {label}", full, "tesseract CLI (OCR only)", peer))
            figures[f"full_images_per_s_{label}"] = {"safepost": full, "tesseract_cli": peer}
            parallel = per_second(lambda paths=paths: list(check_images(paths, checker, workers=CORES)), 1)
            rows.append((f"  same, check_images, {CORES} cores", parallel * len(paths), "one by one", full))
            figures[f"parallel_images_per_s_{label}"] = {"safepost": parallel * len(paths), "cores": CORES}
        faces = per_second(lambda: check_image(photos[0], checker, read_words=False), 3)
        rows.append(("metadata + faces, 12 MP JPEG", faces, "", 0.0))
        figures["faces_images_per_s_12mp"] = faces

        print("\nSpeed (images per second, one process; higher is better)")
        print(f"{'what':<42} {'safepost':>9}   {'peer':<26} {'peer/s':>8} {'ratio':>7}")
        for what, ours, peer_name, peer_rate in rows:
            ratio = f"{ours / peer_rate:6.2f}x" if peer_rate else "      -"
            peer_cell = f"{peer_rate:8.2f}" if peer_rate else "       -"
            print(f"{what:<42} {ours:9.2f}   {peer_name:<26} {peer_cell} {ratio}")

        figures["ocr_accuracy"] = ocr_accuracy(checker, Path(folder), have_cli)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
