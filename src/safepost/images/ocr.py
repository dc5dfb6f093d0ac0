"""Read the words in a picture (name badges, letters, screenshots, signs) with Tesseract.

Tesseract is a separate program (Debian: ``tesseract-ocr`` and ``tesseract-ocr-eng``); when it is
missing the photo is still checked for everything else and the report says that text was not read.
Each word keeps its box, so a finding in the text can point at where it is in the picture.
"""

from __future__ import annotations

import os
import shutil
from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image

from safepost.models import Box

TIMEOUT_S = 60
MIN_CONFIDENCE = 30.0  # Tesseract's 0-100 word confidence; below this it is mostly noise
SMALL_SIDE = 1600  # pictures smaller than this are enlarged: Tesseract reads small type badly
MISSING = (
    "Text in the picture was not read: the OCR program Tesseract is not installed. "
    "On Debian or Ubuntu: sudo apt-get install tesseract-ocr tesseract-ocr-eng."
)


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    box: Box


@dataclass(frozen=True, slots=True)
class PictureText:
    """The words read, as one text (lines kept), and where each word sits in the picture."""

    text: str
    words: tuple[Word, ...]

    def box_for(self, start: int, end: int) -> Box | None:
        """The region covering every word that overlaps ``text[start:end]``."""
        boxes = [w.box for w in self.words if w.start < end and w.end > start]
        return union(boxes) if boxes else None


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all of ``boxes`` (at least one)."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class OcrUnavailable(Exception):
    """Tesseract could not be used; the message says why, for the report's notes."""


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def read_text(image: Image.Image, scale: float = 1.0) -> PictureText:
    """OCR one upright picture. ``scale`` maps the picture's pixels back to the original photo's."""
    try:
        import pytesseract
    except ImportError:
        raise OcrUnavailable(MISSING) from None
    _one_thread_per_tesseract(pytesseract)
    if image.mode == "RGBA":  # see-through parts would turn black and hide dark text
        backing = Image.new("RGB", image.size, "white")
        backing.paste(image, mask=image.getchannel("A"))
        image = backing
    gray = image.convert("L")
    factor = 2.0 if max(gray.size) < SMALL_SIDE else 1.0
    if factor != 1.0:
        gray = gray.resize(
            (round(gray.width * factor), round(gray.height * factor)), Image.Resampling.LANCZOS
        )
    gray.format = "BMP"  # pytesseract hands the picture over in this format: BMP needs no compressing
    try:
        data = pytesseract.image_to_data(
            gray, lang="eng", output_type=pytesseract.Output.DICT, timeout=TIMEOUT_S
        )
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable(MISSING) from None
    except pytesseract.TesseractError as exc:  # a RuntimeError too, so it must come before the timeout
        raise OcrUnavailable(f"Text in the picture was not read: Tesseract failed ({exc.message}).") from None
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrUnavailable(f"Text in the picture was not read: Tesseract took too long ({exc}).") from None
    except OSError as exc:  # Tesseract could not be started, or its temporary files not written
        raise OcrUnavailable(
            f"Text in the picture was not read: Tesseract could not be run ({exc})."
        ) from None
    return _assemble(data, scale / factor)


def _one_thread_per_tesseract(module: Any) -> None:
    """Run each Tesseract on one thread unless the user chose otherwise (OMP_THREAD_LIMIT).

    Tesseract's own multi-threading makes it slower, not faster, on pictures this size (measured:
    0.6-0.8 phone screenshots/s with it, 2.8/s without, on a busy two-core machine); speed comes from several
    photos checked at once (check_images). pytesseract starts Tesseract with its module's
    ``environ``, so that alone gets the setting; this process's environment is left unchanged.
    """
    inner = module.pytesseract
    if "OMP_THREAD_LIMIT" not in os.environ and not isinstance(inner.environ, ChainMap):
        inner.environ = ChainMap({"OMP_THREAD_LIMIT": "1"}, os.environ)


def _assemble(data: dict[str, list[object]], to_original: float) -> PictureText:
    """Words joined by spaces, a line break between lines and a blank line between blocks."""
    parts: list[str] = []
    words: list[Word] = []
    cursor = 0
    previous: tuple[object, object, object] | None = None
    for i, raw in enumerate(data["text"]):
        word = str(raw).strip()
        if not word or float(str(data["conf"][i])) < MIN_CONFIDENCE:
            continue
        line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if previous is not None:
            gap = " " if line == previous else "\n\n" if line[0] != previous[0] else "\n"
            parts.append(gap)
            cursor += len(gap)
        previous = line
        left, top = int(str(data["left"][i])), int(str(data["top"][i]))
        right, bottom = left + int(str(data["width"][i])), top + int(str(data["height"][i]))
        box = (
            round(left * to_original),
            round(top * to_original),
            round(right * to_original),
            round(bottom * to_original),
        )
        words.append(Word(cursor, cursor + len(word), box))
        parts.append(word)
        cursor += len(word)
    return PictureText("".join(parts), tuple(words))
