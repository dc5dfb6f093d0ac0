"""Photos: hidden data (GPS, owner names, serial numbers, dates), words in the picture, faces.

``check_image(path_or_bytes, checker)`` judges one photo by the checker's rulebook and returns its
findings and a summary; ``check_images`` does many at once, for an audit; ``clean_image(src, dst)``
writes a copy with no hidden data. Everything heavy (OpenCV, Tesseract, the place list) loads on
first use, so importing this is cheap.
"""

from __future__ import annotations

from safepost.images.check import ImageCheck, add_images, check_image, check_images
from safepost.images.clean import CleanReport, clean_image

__all__ = ["CleanReport", "ImageCheck", "add_images", "check_image", "check_images", "clean_image"]
