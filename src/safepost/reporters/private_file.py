"""Write a report file that only its owner can read, all or nothing.

Audit reports quote a person's old posts, so they get the same care as the data folder:
created 0600 beside the destination, fsynced, then renamed over it; on an error the partial
file is removed and any earlier report is left as it was.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from safepost.errors import InputError
from safepost.home import private_file


@contextmanager
def private_output(path: Path) -> Iterator[TextIO]:
    with private_file(path, error=InputError) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        yield text
        text.flush()
        text.detach()  # the raw file stays open for private_file to fsync and rename
