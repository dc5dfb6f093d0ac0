"""Open a photo safely: the real type from its bytes, a pixel limit, and damaged files judged in part.

Pillow picks the decoder from the file's content, not its name, so a PNG called ``.jpg`` is read
as a PNG (and we say so). Only everyday photo formats are allowed: some of Pillow's other formats
run outside programs or are rarely audited. Every failure is an :class:`InputError` in plain words.
"""

from __future__ import annotations

import contextlib
import io
import struct
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from safepost.errors import InputError

# Limits against "decompression bombs" (small files that decode to gigabytes). JPEGs are decoded at
# a reduced scale when larger than DECODE_PIXELS (the decoder does that cheaply), so a 200 MP phone
# photo is fine; other formats must be decoded in full, so their limit is lower. The JPEG limit is
# Pillow's own refusal point, which applies before we see the size.
MAX_PIXELS = 178_956_970
MAX_FULL_DECODE_PIXELS = 100_000_000
DECODE_PIXELS = 40_000_000
MAX_FILE_BYTES = 100_000_000  # far more than any compressed photo
ALLOWED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "HEIF", "AVIF", "TIFF", "BMP")
READABLE = "JPEG, PNG, WebP, GIF, HEIC/HEIF, AVIF, TIFF or BMP"
_EXTENSIONS = {
    "JPEG": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "MPO": {".jpg", ".jpeg", ".mpo"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
    "HEIF": {".heic", ".heif", ".hif"},
    "AVIF": {".avif"},
    "TIFF": {".tif", ".tiff"},
    "BMP": {".bmp"},
}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
CUT_SHORT = "The file is cut short (incomplete download or copy)"
_truncated_lock = threading.Lock()  # Pillow's "load what you can" switch is process-wide


@dataclass
class OpenedImage:
    """A decoded, upright photo plus the metadata blocks found in the file."""

    name: str
    format: str
    image: Image.Image  # upright (EXIF orientation applied), RGB or RGBA, fully loaded
    original: Image.Image  # as opened, for metadata (EXIF, XMP, IPTC); pixels not loaded again
    notes: list[str] = field(default_factory=list)
    scale: float = 1.0  # original pixels per decoded pixel, to report boxes in the photo's own size
    frames: int = 1  # pictures in the file (an animation, a multi-page TIFF); only the first is used


def source_name(source: Path | str | bytes, index: int = 1) -> str:
    """How a finding names the photo: its file name, or "photo 2" for bytes passed in memory."""
    return f"photo {index}" if isinstance(source, bytes) else Path(source).name


@contextlib.contextmanager
def pillow_quiet() -> Iterator[None]:
    """Silence Pillow's warnings while it reads a photo.

    Pillow warns about damaged data it reads around ("Truncated File Read" for a broken EXIF
    block), and Python prints that on the terminal with Pillow's own file paths: a message for
    programmers, not for the person checking a photo. The check uses what could be read. Pillow's
    decompression bomb warning is silenced too: our own pixel limits follow.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def open_image(source: Path | str | bytes, name: str | None = None, decode: bool = True) -> OpenedImage:
    """Read and decode one photo, or raise InputError saying plainly why it cannot be checked.

    ``decode=False`` reads only the header and hidden data (a fast metadata-only check); the
    pixels are then neither decoded nor judged, and ``image`` is the undecoded original.
    """
    with pillow_quiet():
        return _open_image(source, name, decode)


def _open_image(source: Path | str | bytes, name: str | None, decode: bool) -> OpenedImage:
    label = name or source_name(source)
    data = _read_bytes(source, label)
    if _is_heif(data):
        _register_heif()
        if "HEIF" in Image.OPEN:
            _heif_decodes_safely(data, label)
    try:
        original = Image.open(io.BytesIO(data), formats=_allowed_formats())
    except Image.DecompressionBombError:  # over Pillow's own limit, which is MAX_PIXELS
        limit = MAX_PIXELS if data[:3] == b"\xff\xd8\xff" else MAX_FULL_DECODE_PIXELS  # JPEG or not
        raise InputError(_too_big(label, None, limit)) from None
    except UnidentifiedImageError:
        raise InputError(_not_a_picture(label, data)) from None
    except (OSError, ValueError, SyntaxError, RuntimeError) as exc:  # RuntimeError: the AVIF decoder
        raise InputError(f"{label} looks like a picture but is damaged and cannot be read ({exc}).") from None
    width, height = original.size
    limit = MAX_PIXELS if original.format in ("JPEG", "MPO") else MAX_FULL_DECODE_PIXELS
    if width * height > limit:
        raise InputError(_too_big(label, width * height, limit))
    opened = OpenedImage(label, str(original.format), original, original)
    _note_wrong_extension(opened, source)
    opened.frames = _count_frames(original, label)
    if opened.frames > 1:
        opened.notes.append("Only the first frame of this animation or multi-picture file was checked.")
    if decode:
        opened.image = _decode(original, opened)
    return opened


def _count_frames(original: Image.Image, label: str) -> int:
    """How many pictures the file holds. Counting reads every frame's header, and a damaged later
    frame (a TIFF page without a size) must not stop the first from being checked."""
    try:
        return int(getattr(original, "n_frames", 1))
    except (OSError, ValueError, TypeError, KeyError, SyntaxError, EOFError, struct.error):
        pass
    try:
        original.seek(0)  # counting stopped part-way: back to the first picture
    except (OSError, ValueError, TypeError, KeyError, SyntaxError, EOFError, struct.error):
        raise InputError(f"{label} looks like a picture but is damaged and cannot be read.") from None
    return 2  # at least the first and a damaged one


def _read_bytes(source: Path | str | bytes, label: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InputError(f"{label} is too large to be a photo ({size // 1_000_000} MB).")
            with path.open("rb") as stream:  # no more than the limit: /dev/zero has size 0 but no end
                data = stream.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise InputError(
                    f"{label} is too large to be a photo (more than {MAX_FILE_BYTES // 1_000_000} MB)."
                )
        except IsADirectoryError:
            raise InputError(f"{label} is a folder, not a photo.") from None
        except FileNotFoundError:
            raise InputError(f"Cannot find the photo {source}.") from None
        except OSError as exc:
            raise InputError(f"Cannot open the photo {source}: {exc.strerror}.") from None
    if not data:
        raise InputError(f"{label} is empty (0 bytes): there is no picture in it to check.")
    return data


def _allowed_formats() -> list[str]:
    Image.init()  # registers Pillow's format plugins, so Image.OPEN lists what this Pillow can read
    _register_heif()
    return [f for f in ALLOWED_FORMATS if f in Image.OPEN]


def _register_heif() -> None:
    """HEIC (iPhone photos) needs the optional decoder from the ``photos`` extra."""
    if "HEIF" in Image.OPEN:
        return
    try:
        from pi_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()


# Opens and decodes the photo on standard input exactly as below, in a process of its own.
_HEIF_PROBE = (
    "import io, sys; from PIL import Image; from pi_heif import register_heif_opener; "
    "register_heif_opener(); Image.open(io.BytesIO(sys.stdin.buffer.read())).load()"
)
HEIF_PROBE_TIMEOUT_S = 60


def _heif_decodes_safely(data: bytes, label: str) -> None:
    """Decode a HEIC photo once in a child process before decoding it here.

    Some damaged HEIC files crash the HEIC library itself (a segmentation fault in C code,
    not a Python error), which would end safepost — or the web app — without a word. The
    child takes that crash instead; only a photo it decoded cleanly is opened in this process.
    HEIC photos are rare next to JPEGs, so the extra decode costs little overall.
    """
    try:
        probe = subprocess.run(
            [sys.executable, "-c", _HEIF_PROBE],
            input=data,
            capture_output=True,
            timeout=HEIF_PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"{label} is a HEIC/HEIF photo that took too long to read; it may be damaged."
        ) from None
    except OSError as exc:
        raise InputError(f"{label} is a HEIC/HEIF photo and could not be read ({exc.strerror}).") from None
    if probe.returncode != 0:
        raise InputError(f"{label} is a HEIC/HEIF photo but it is damaged and cannot be read.")


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def _not_a_picture(label: str, data: bytes) -> str:
    if _is_heif(data):
        if "HEIF" not in Image.OPEN:
            return (
                f"{label} is a HEIC/HEIF photo (the iPhone format), and the part of safepost that "
                "reads it is not installed. Install it with: pip install 'safepost[photos]'."
            )
        return f"{label} is a HEIC/HEIF photo but it is damaged and cannot be read."
    return f"{label} is not a picture safepost can read. It can check {READABLE} photos."


def _too_big(label: str, pixels: int | None, limit: int) -> str:
    size = f" ({pixels // 1_000_000} million pixels)" if pixels else ""
    return (
        f"{label} is too large to check safely{size}; the limit is {limit // 1_000_000} million "
        "pixels. Files like this can be made to exhaust a computer's memory. "
        "If it is a real photo, save a smaller copy and check that."
    )


def _note_wrong_extension(opened: OpenedImage, source: Path | str | bytes) -> None:
    if isinstance(source, bytes):
        return
    suffix = Path(source).suffix.lower()
    expected = _EXTENSIONS.get(opened.format, set())
    if suffix and suffix not in expected:
        opened.notes.append(
            f"The file is named {suffix} but is really a {opened.format} picture; it was checked as "
            f"{opened.format}."
        )


def _decode(original: Image.Image, opened: OpenedImage) -> Image.Image:
    """Decode the pixels; a file cut short is decoded as far as it goes, and we say how far."""
    width, height = original.size
    if original.format in ("JPEG", "MPO") and width * height > DECODE_PIXELS:
        factor = (DECODE_PIXELS / (width * height)) ** 0.5
        original.draft("RGB", (int(width * factor) + 1, int(height * factor) + 1))
        opened.scale = width / original.size[0]
    try:
        original.load()
    except OSError as exc:
        if "truncated" not in str(exc) and "broken data stream" not in str(exc):
            raise InputError(f"{opened.name} is damaged and its picture cannot be read ({exc}).") from None
        _load_truncated(original, opened)
    except (Image.DecompressionBombError, ValueError, SyntaxError, EOFError, RuntimeError) as exc:
        raise InputError(f"{opened.name} is damaged and its picture cannot be read ({exc}).") from None
    try:
        upright = ImageOps.exif_transpose(original) or original
    except (OSError, ValueError, KeyError, TypeError, SyntaxError, struct.error):  # damaged EXIF
        upright = original
    if upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert(
            "RGBA" if "A" in upright.getbands() or "transparency" in upright.info else "RGB"
        )
    return upright


def _load_truncated(original: Image.Image, opened: OpenedImage) -> None:
    with _truncated_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        try:
            original.load()
        except OSError as exc:
            raise InputError(
                f"{opened.name} is cut short and none of its picture can be read ({exc})."
            ) from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous
    share = _readable_share(original)
    how_much = (
        f"only about {share}% of the picture could be read"
        if share is not None
        else "only part of the picture could be read, or all of it at lower quality"
    )
    opened.notes.append(
        f"{CUT_SHORT}: {how_much}. What could not be read was not checked for faces or text; "
        "metadata was read."
    )


def _readable_share(image: Image.Image) -> int | None:
    """Rough percentage of rows decoded, or None when that cannot be told.

    Rows a cut-short file never reached are left in one flat colour, which the last row then has.
    An interlaced file (GIF, PNG) leaves them scattered through the picture, not only at the
    bottom, so rows are sampled all the way down. A progressive JPEG is decoded whole at lower
    quality, leaving no flat rows: None.
    """
    width, height = image.size
    last = image.crop((0, height - 1, width, height)).getextrema()
    if not _is_flat(last):
        return None
    rows = range(0, height, max(1, height // 1000))  # at most about 1,000 rows looked at
    missing = sum(1 for y in rows if image.crop((0, y, width, y + 1)).getextrema() == last)
    return min(99, round(100 * (1 - missing / len(rows))))


def _is_flat(extrema: object) -> bool:
    bands = (
        extrema if isinstance(extrema, tuple) and extrema and isinstance(extrema[0], tuple) else (extrema,)
    )
    return all(isinstance(b, tuple) and b[0] == b[1] for b in bands)
