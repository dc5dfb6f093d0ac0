"""Find faces, to warn that people in a photo can be recognised.

The detector is OpenCV's frontal-face Haar cascade, which ships inside ``opencv-python-headless``
(the ``photos`` extra), so nothing is downloaded. It finds upright, front-on faces; side views and
very small faces are missed, which the report says. Pictures are shrunk first to keep it quick.
"""

from __future__ import annotations

import threading
from typing import Any

from PIL import Image

from safepost.models import Box

DETECT_SIDE = 1280  # longest side the detector sees; faces smaller than ~2% of it are skipped
MIN_FACE_SHARE = 0.04  # a face narrower than this share of the picture's short side is ignored
UNAVAILABLE = (
    "Faces were not looked for: the face detector (OpenCV) is not installed. "
    "Install it with: pip install 'safepost[photos]'."
)


class FacesUnavailable(Exception):
    """OpenCV is not installed or its model could not be loaded."""


_per_thread = threading.local()


def _cascade() -> Any:
    """This thread's detector. OpenCV's cascade keeps each search's working state in the object,
    so threads sharing one (an audit checks several photos at once) corrupt each other's searches:
    wrong counts, or a cv2.error. Each thread loads its own, once."""
    cascade = getattr(_per_thread, "cascade", None)
    if cascade is None:
        cascade = _per_thread.cascade = _load_cascade()
    return cascade


def _load_cascade() -> Any:
    try:
        import cv2
        from cv2.data import haarcascades
    except ImportError:
        raise FacesUnavailable(UNAVAILABLE) from None
    path = f"{haarcascades}haarcascade_frontalface_default.xml"
    cascade = cv2.CascadeClassifier(path)
    if cascade.empty():
        raise FacesUnavailable(f"Faces were not looked for: OpenCV's face model is missing ({path}).")
    return cascade


def faces_available() -> bool:
    try:
        _cascade()
    except FacesUnavailable:
        return False
    return True


def find_faces(image: Image.Image, scale: float = 1.0) -> list[Box]:
    """Boxes of the faces found, in the original photo's pixels (``scale`` maps decoded to original)."""
    import numpy as np

    cascade = _cascade()
    gray = image.convert("L")
    shrink = min(1.0, DETECT_SIDE / max(gray.size))
    if shrink < 1.0:
        # At least one pixel each way: a 10×1,000,000 strip would otherwise shrink to nothing.
        size = (max(1, round(gray.width * shrink)), max(1, round(gray.height * shrink)))
        gray = gray.resize(size, Image.Resampling.BILINEAR)
    pixels = np.asarray(gray)
    smallest = max(24, round(min(gray.size) * MIN_FACE_SHARE))
    found = cascade.detectMultiScale(pixels, scaleFactor=1.1, minNeighbors=6, minSize=(smallest, smallest))
    back = scale / shrink
    boxes = [
        (round(x * back), round(y * back), round((x + w) * back), round((y + h) * back))
        for (x, y, w, h) in (tuple(int(v) for v in row) for row in found)
    ]
    return sorted(boxes)
