"""What the web app shares between requests: the data folder, the checker, the database, the key.

The checker and database are opened on first use (and once only, under a lock) so the pages that
need neither still work when, say, the database is damaged, and so tests can pass their own checker.
"""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from safepost.checker import Checker
from safepost.checkup import Checklist, load_checklists
from safepost.keyfile import load_or_create_key
from safepost.profile import load_profile
from safepost.store import Database, open_database
from safepost.web import csrf
from safepost.web.audit_jobs import AuditJobs
from safepost.web.photos import CleanCopies

DEFAULT_MAX_UPLOAD = 4 * 1024**3  # export zips with photos and videos run to gigabytes


class WebState:
    def __init__(
        self,
        home: Path,
        templates: Jinja2Templates,
        checker: Checker | None = None,
        max_upload: int = DEFAULT_MAX_UPLOAD,
    ) -> None:
        self.home = home
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.templates = templates
        self.csrf_key = load_or_create_key(csrf.KEY_NAME, home)
        self._checker = checker
        self._own_checker = checker is None  # a checker handed in (tests) is never rebuilt
        self._database: Database | None = None
        self._audits: AuditJobs | None = None
        self.max_upload = max_upload
        self.clean_copies = CleanCopies()  # cleaned photos waiting to be downloaded, in memory only
        self._lock = threading.Lock()

    def checker(self) -> Checker:
        """The checker built from the person's profile, as ``safepost check`` builds it."""
        if self._checker is None:
            with self._lock:
                if self._checker is None:
                    self._checker = build_checker(self.home)
        return self._checker

    def caseload_changed(self) -> None:
        """The caseload was imported or cleared: the next check rebuilds the checker to see it."""
        if self._own_checker:
            with self._lock:
                self._checker = None

    def database(self) -> Database:
        if self._database is None:
            with self._lock:
                if self._database is None:
                    self._database = open_database(self.home)
        return self._database

    def audits(self) -> AuditJobs:
        """The audits started from the web app (needs the database)."""
        if self._audits is None:
            database = self.database()
            with self._lock:
                if self._audits is None:
                    self._audits = AuditJobs(self.home, database, self._own_checker)
        return self._audits

    @property
    def owns_checker(self) -> bool:
        return self._own_checker

    def checklists(self) -> tuple[Checklist, ...]:
        return load_checklists()

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


def build_checker(home: Path) -> Checker:
    from safepost.caseload import Caseload

    profile = load_profile(home)
    policies = [p.strip() for item in profile.policies for p in item.split(",") if p.strip()]
    return Checker(
        policies=policies or None,
        rules_dirs=[Path(d) for d in profile.rules_dirs],
        profile=profile,
        caseload=Caseload.saved(home),
    )


def get_state(request: Request) -> WebState:
    state: WebState = request.app.state.safepost
    return state
