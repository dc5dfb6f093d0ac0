"""safepost: check a social-media post against safeguarding policies before it goes out."""

from safepost.checker import Checker
from safepost.models import CheckResult, Citation, Finding, Hit, Verdict

__all__ = ["CheckResult", "Checker", "Citation", "Finding", "Hit", "Verdict"]
__version__ = "0.1.0"
