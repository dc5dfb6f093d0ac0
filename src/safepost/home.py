"""Where safepost keeps a person's data: ``SAFEPOST_HOME`` or the platform's user data folder.

Everything is private to the user: the folder is created 0700 and files are written 0600,
atomically (write aside, fsync, rename), so a crash never leaves half a file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs

from safepost.errors import SafepostError, StoreError

ENV_VAR = "SAFEPOST_HOME"


def data_home() -> Path:
    """The data folder, created on first use as owner-only (an existing folder keeps its permissions)."""
    configured = os.environ.get(ENV_VAR)
    folder = Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("safepost"))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"Cannot create the safepost data folder {folder}: {exc.strerror}.") from None
    return folder


@contextmanager
def private_file(path: Path, error: type[SafepostError] = StoreError) -> Iterator[BinaryIO]:
    """Write ``path`` all or nothing, readable only by the user.

    The bytes go to a 0600 file beside ``path``, are fsynced, then renamed over it: a crash or
    an error leaves the earlier file as it was and no partial file behind. Failures to write
    are raised as ``error`` with the path and the reason.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    except OSError as exc:
        raise error(f"Cannot write {path}: {exc.strerror}.") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"Cannot write {path}: {exc.strerror}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_private_json(path: Path, data: Any) -> None:
    """Replace ``path`` with ``data`` as JSON, readable only by the user, never half-written."""
    payload = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    with private_file(path) as handle:
        handle.write(payload.encode("utf-8"))


def read_json(path: Path) -> Any:
    """Read a JSON file written by :func:`write_private_json`; a clear error if it is damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path} could not be read ({exc}). Move it aside and try again.") from None
