"""Judge a photo: its hidden data, the words in it and the faces in it, by the same rulebook.

Metadata and faces become ``image:*`` hits that rules in ``rulebook/rules/images.yaml`` turn into
findings, so what counts as a risk stays in data files. The words read from the picture go
through the ordinary text checker, and their findings are marked as coming from the photo.
"""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from safepost.errors import InputError
from safepost.images.metadata import MetaItem, read_metadata
from safepost.images.ocr import PictureText, union
from safepost.images.opening import OpenedImage, open_image, source_name
from safepost.images.places import gazetteer_available, nearest_town
from safepost.models import Box, CheckResult, Finding, Hit, ImageSummary, Verdict
from safepost.text import PostText

if TYPE_CHECKING:
    from safepost.checker import Checker

TEXT_PART = "text in the picture"
FACES_PART = "faces"
NO_GAZETTEER = (
    "The GPS position was not turned into a town name: the place list is not installed "
    "(pip install 'safepost[photos]')."
)


@dataclass(frozen=True, slots=True)
class ImageCheck:
    """One photo's findings and what was read from it."""

    summary: ImageSummary
    findings: tuple[Finding, ...]

    @property
    def verdict(self) -> Verdict:
        return max((f.severity for f in self.findings), default=Verdict.OK)


def check_image(
    source: Path | str | bytes,
    checker: Checker,
    *,
    name: str | None = None,
    read_words: bool = True,
    look_for_faces: bool = True,
    known: Sequence[MetaItem] = (),
) -> ImageCheck:
    """Check one photo (a path or the file's bytes). Raises InputError when it cannot be read at all.

    ``read_words`` / ``look_for_faces`` turn off the slower parts (an audit may want metadata only).
    ``known``: hidden data kept outside the file (Meta's export JSON holds the GPS position it
    strips from the picture), judged by the same photo rules as the file's own.
    """
    opened = open_image(source, name, decode=read_words or look_for_faces)
    notes = list(opened.notes)
    items = _merge(read_metadata(opened.original), known)
    items = [_with_place(item, notes) for item in items]
    faces = _faces(opened, notes) if look_for_faces else []
    words = _words(opened, notes) if read_words else None
    findings = _signal_findings(checker, opened.name, items, faces)
    if words is not None and words.text.strip():
        findings += _text_findings(checker, opened.name, words)
    summary = ImageSummary(
        source=opened.name,
        format=opened.format,
        width=round(opened.image.width * opened.scale),
        height=round(opened.image.height * opened.scale),
        metadata=tuple((item.part, item.value) for item in items),
        text=words.text if words is not None else "",
        faces=tuple(faces),
        notes=tuple(dict.fromkeys(notes)),
    )
    return ImageCheck(summary, tuple(findings))


def check_images(
    sources: Iterable[Path | str | bytes],
    checker: Checker,
    *,
    workers: int | None = None,
    read_words: bool = True,
    look_for_faces: bool = True,
) -> Iterator[ImageCheck | InputError]:
    """Check many photos, several at a time, yielding results in the order given.

    Threads are enough to use every core: Tesseract runs as its own program and OpenCV releases
    Python's lock. A photo that cannot be read yields its InputError, so an audit can record it and
    go on. At most a few photos per worker are in flight, so memory does not grow with the archive.
    """
    count = max(1, workers or os.cpu_count() or 1)

    def one(source: Path | str | bytes) -> ImageCheck | InputError:
        try:
            return check_image(source, checker, read_words=read_words, look_for_faces=look_for_faces)
        except InputError as exc:
            return exc

    pending: deque[Future[ImageCheck | InputError]] = deque()
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="safepost-photo") as pool:
        for source in sources:
            pending.append(pool.submit(one, source))
            if len(pending) >= 2 * count:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def add_images(checker: Checker, result: CheckResult, images: Sequence[Path | str | bytes]) -> CheckResult:
    """The caption's result with every photo's findings added and the verdict raised to match."""
    if isinstance(images, str | bytes | Path):  # one photo passed on its own, not in a list
        images = [images]
    checks = [check_image(source, checker, name=source_name(source, i)) for i, source in enumerate(images, 1)]
    findings = (*result.findings, *(f for check in checks for f in check.findings))
    verdict = max((result.verdict, *(check.verdict for check in checks)))
    return dataclasses.replace(
        result, verdict=verdict, findings=findings, images=tuple(c.summary for c in checks)
    )


def metadata_findings(
    checker: Checker, name: str, items: Sequence[MetaItem], notes: list[str] | None = None
) -> list[Finding]:
    """Findings for hidden data known without the photo file (e.g. a position from an export's JSON).

    The same path as a photo's own metadata: the position is named as the nearest town, and the
    ``image:*`` signals go to the photo rules (IMG101 for a position). ``notes`` collects what
    could not be done (no place list installed).
    """
    found = notes if notes is not None else []
    return _signal_findings(checker, name, [_with_place(item, found) for item in items], [])


def _merge(items: list[MetaItem], known: Sequence[MetaItem]) -> list[MetaItem]:
    """The file's own hidden data, then facts kept elsewhere that the file does not repeat."""
    own = {_fact(i) for i in items}
    return [*items, *(i for i in known if _fact(i) not in own)]


def _fact(item: MetaItem) -> tuple[str, str]:
    """What a metadata item says, so the same position from two places counts once."""
    if item.position is not None:
        return item.kind, f"{item.position[0]:.4f},{item.position[1]:.4f}"
    return item.kind, item.value.casefold()


def _with_place(item: MetaItem, notes: list[str]) -> MetaItem:
    if item.position is None:
        return item
    place = nearest_town(*item.position)
    if place is None:
        if not gazetteer_available():
            notes.append(NO_GAZETTEER)
        return item
    return dataclasses.replace(item, value=f"{item.value} ({place.describe()})")


def _faces(opened: OpenedImage, notes: list[str]) -> list[Box]:
    from safepost.images.faces import FacesUnavailable, find_faces

    try:
        return find_faces(opened.image, opened.scale)
    except FacesUnavailable as exc:
        notes.append(str(exc))
        return []


def _words(opened: OpenedImage, notes: list[str]) -> PictureText | None:
    from safepost.images.ocr import OcrUnavailable, read_text  # pytesseract loads only when needed

    try:
        return read_text(opened.image, opened.scale)
    except OcrUnavailable as exc:
        notes.append(str(exc))
        return None


def _signal_findings(checker: Checker, name: str, items: list[MetaItem], faces: list[Box]) -> list[Finding]:
    """Metadata and faces as ``image:<kind>`` hits over a read-out of the photo, judged by the rules."""
    lines: list[str] = []
    hits: list[Hit] = []
    boxes: dict[int, Box] = {}
    cursor = 0
    signals: list[tuple[str, str, str, Box | None]] = [(i.kind, i.part, i.value, None) for i in items]
    if faces:
        count = f"{len(faces)} face{'s' if len(faces) != 1 else ''}"
        signals.append(("faces", FACES_PART, count, union(faces)))
    for kind, part, value, box in signals:
        start = cursor + len(part) + 2
        hits.append(Hit(f"image:{kind}", start, start + len(value), value, pattern=part))
        if box is not None:
            boxes[start] = box
        line = f"{part}: {value}"
        lines.append(line)
        cursor += len(line) + 1
    if not hits:
        return []
    found = checker.engine.apply(PostText("\n".join(lines)), hits)
    # The read-out is internal, so its offsets mean nothing outside: these findings get start = end = 0.
    return [
        dataclasses.replace(
            f,
            start=0,
            end=0,
            source=name,
            part=f.evidence[0].pattern if f.evidence else None,
            box=boxes.get(f.start),
        )
        for f in found
    ]


def _text_findings(checker: Checker, name: str, words: PictureText) -> list[Finding]:
    result = checker.check(words.text)
    return [
        dataclasses.replace(f, source=name, part=TEXT_PART, box=words.box_for(f.start, f.end))
        for f in result.findings
    ]
