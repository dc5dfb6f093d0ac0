"""Photos in an audit: what to check for one item's pictures, and how a worker checks them.

The main process reads a photo's bytes out of the export (in place, with a size cap) and sends
them, one photo per task, to a worker, which checks it with ``safepost.images.check_image`` (the
same code as ``safepost check --image``) and sends back only JSON-ready findings and a short
summary; the bytes are dropped as soon as the photo is checked. A photo that cannot be read is a
note, never an error. A position the export's JSON keeps for a photo (Meta strips it from the
picture) is judged by the same photo rules (IMG101), with or without the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from safepost.audit.records import platform_name
from safepost.errors import InputError
from safepost.importers.items import Item
from safepost.reporters.json import finding_to_dict

if TYPE_CHECKING:
    from safepost.checker import Checker
    from safepost.images.metadata import MetaItem

# JSON-ready findings, and what the report says about the photo (file, what was read, notes).
PhotoResult = tuple[list[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class PhotoOptions:
    """How photos are checked in an audit.

    ``open_files``: open the photo files in the export (``--images``); without it only what the
    export's JSON says about a photo (its position) is judged. ``read_words`` / ``look_for_faces``:
    OCR and face detection (``--no-ocr`` / ``--no-faces`` turn off the slow parts).
    """

    open_files: bool = True
    read_words: bool = True
    look_for_faces: bool = True


@dataclass(frozen=True)
class PhotoJob:
    """One photo to check: its name in the export, its bytes (None: not opened), facts from the JSON."""

    name: str
    data: bytes | None
    known: tuple[MetaItem, ...] = ()


def export_data_part(platform: str) -> str:
    """How a finding names a position that came from the export's data rather than the picture."""
    return f"GPS position ({platform_name(platform)} export data)"


def known_metadata(item: Item) -> tuple[MetaItem, ...]:
    """The position a ``media`` item's details carry (from the export's JSON), as photo metadata."""
    if item.kind != "media":
        return ()
    details = dict(item.details)
    if "latitude" not in details or "longitude" not in details:
        return ()
    from safepost.images.metadata import position_item

    found = position_item(details["latitude"], details["longitude"], export_data_part(item.platform))
    return (found,) if found is not None else ()


def needs_photo_check(item: Item, options: PhotoOptions) -> bool:
    return bool(item.media and options.open_files) or bool(known_metadata(item))


def check_photo(checker: Checker, job: PhotoJob, options: PhotoOptions) -> PhotoResult:
    """Check one photo (or only what the JSON knows of it); never raises for a bad picture."""
    from safepost.images.check import check_image, metadata_findings

    entry: dict[str, Any] = {"file": job.name, "checked": False, "notes": []}
    # ``error``, when set: why the picture could not be read at all (it is also one of the audit's problems).
    if job.data is not None:
        try:
            check = check_image(
                job.data,
                checker,
                name=job.name,
                read_words=options.read_words,
                look_for_faces=options.look_for_faces,
                known=job.known,
            )
        except InputError as exc:
            entry["error"] = str(exc)
        except Exception as exc:  # a picture that trips up a decoder must not stop the audit
            entry["error"] = f"{job.name} could not be checked: it made the picture reader fail ({exc})."
        else:
            summary = check.summary
            entry.update(
                checked=True,
                format=summary.format,
                width=summary.width,
                height=summary.height,
                faces=len(summary.faces),
                text=summary.text,
                notes=list(summary.notes),
            )
            return [finding_to_dict(f, checker.rulebook) for f in check.findings], entry
    notes: list[str] = entry["notes"]
    if "error" in entry:
        notes.append(entry["error"])
    findings = metadata_findings(checker, job.name, job.known, notes) if job.known else []
    entry["notes"] = list(dict.fromkeys(notes))
    return [finding_to_dict(f, checker.rulebook) for f in findings], entry
