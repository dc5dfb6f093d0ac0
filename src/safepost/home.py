"""Where safepost keeps a person's data: ``SAFEPOST_HOME`` or the platform's user data folder.

Everything is private to the user: the folder is created 0700 and files are written 0600,
atomically (write aside, fsync, rename), so a crash never leaves half a file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from safepost.errors import StoreError

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


def write_private_json(path: Path, data: Any) -> None:
    """Replace ``path`` with ``data`` as JSON, readable only by the user, never half-written."""
    payload = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StoreError(f"Cannot save {path}: {exc.strerror}.") from None


def read_json(path: Path) -> Any:
    """Read a JSON file written by :func:`write_private_json`; a clear error if it is damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path} could not be read ({exc}). Move it aside and try again.") from None
