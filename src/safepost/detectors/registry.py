"""The detectors a checker runs, listed explicitly (no discovery magic) in the order they run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from safepost.detectors.base import Detector
from safepost.detectors.classifier import ClassifierDetector, load_classifier
from safepost.detectors.profanity import ProfanityDetector
from safepost.detectors.profile import ProfileDetector
from safepost.detectors.vocabulary import vocabulary_detectors
from safepost.profile import Profile

if TYPE_CHECKING:
    from safepost.caseload import Caseload


def build_detectors(
    profile: Profile | None, lexicon_files: tuple[Path, ...] = (), caseload: Caseload | None = None
) -> list[Detector]:
    """Detectors whose hits do not depend on other detectors."""
    detectors: list[Detector] = [
        *_pattern_detectors(),
        *vocabulary_detectors(lexicon_files),
        ProfanityDetector(),
    ]
    if profile is not None and not profile.is_empty():
        detectors.append(ProfileDetector(profile))
    if caseload is not None and len(caseload):
        from safepost.detectors.caseload import CaseloadDetector

        detectors.append(CaseloadDetector(caseload))
    return detectors


def _pattern_detectors() -> list[Detector]:
    from safepost.detectors.addresses import AddressDetector
    from safepost.detectors.emails import EmailDetector
    from safepost.detectors.handles import HandleDetector
    from safepost.detectors.identifiers import IdentifierDetector
    from safepost.detectors.names import NameDetector
    from safepost.detectors.phones import PhoneDetector

    return [
        PhoneDetector(),
        EmailDetector(),
        AddressDetector(),
        HandleDetector(),
        IdentifierDetector(),
        NameDetector(),
    ]


def build_classifier(path: str | None = None) -> ClassifierDetector | None:
    """The learned layer, when a trained model is available."""
    model = load_classifier(path)
    return ClassifierDetector(model) if model is not None else None


# Detector names that rules may refer to besides the lexicon families ("image": photo signals,
# produced by safepost.images, not by a text detector).
FIXED_DETECTORS = ("contact", "ident", "names", "profile", "model", "profanity", "image", "caseload")
