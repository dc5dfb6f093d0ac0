"""Write a report file that only its owner can read, all or nothing.

Audit reports quote a person's old posts, so they get the same care as the data folder:
created 0600 beside the destination, fsynced, then renamed over it; on an error the partial
file is removed and any earlier report is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from safepost.errors import InputError


@contextmanager
def private_output(path: Path) -> Iterator[TextIO]:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror}.") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"Cannot write {path}: {exc.strerror}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
