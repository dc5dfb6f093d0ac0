"""Audit a person's history: judge every item of their platform exports with the same Checker as
``safepost check``, keep only what needs attention, and remember what they already dealt with.
"""

from safepost.audit.runner import AuditOutcome, run_audit
from safepost.audit.workers import CheckerSpec

__all__ = ["AuditOutcome", "CheckerSpec", "run_audit"]
