"""Moving the caseload to a new laptop: one file, encrypted with a passphrase the person chooses.

The stored hashes only work with the key they were made with, and the names they came from are
nowhere to be found, so the file carries both the hashes and that key. Without the passphrase
it is unreadable: the key is derived with scrypt (memory-hard, so guessing passphrases is slow)
and the contents are sealed with AES-256-GCM, which also detects any change to the file.
It never holds a name. On the new laptop the imported key becomes the caseload key.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safepost.caseload import store
from safepost.caseload.keys import NameHasher
from safepost.caseload.manage import ImportSummary, Mode, combine
from safepost.caseload.store import CaseloadFile
from safepost.errors import InputError, UsageError
from safepost.home import write_private_json
from safepost.keyfile import KEY_BYTES, install_key, key_path

FORMAT: Final = "safepost-caseload-export"
MIN_PASSPHRASE: Final = 10
SCRYPT_N: Final = 2**17  # 128 MiB of memory per guess
_MAX_N: Final = 2**20


class Kdf(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "scrypt"
    n: int = Field(default=SCRYPT_N, ge=2**14, le=_MAX_N)
    r: int = Field(default=8, ge=1, le=16)
    p: int = Field(default=1, ge=1, le=4)
    salt: str


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str
    version: int
    kdf: Kdf
    nonce: str
    ciphertext: str


def _derive(passphrase: str, kdf: Kdf) -> bytes:
    salt = base64.b64decode(kdf.salt)
    return Scrypt(salt=salt, length=32, n=kdf.n, r=kdf.r, p=kdf.p).derive(passphrase.encode("utf-8"))


def _header(envelope: dict[str, Any]) -> bytes:
    """What the encryption also vouches for: everything but the ciphertext."""
    return json.dumps({k: v for k, v in envelope.items() if k != "ciphertext"}, sort_keys=True).encode()


def export_caseload(path: Path, passphrase: str, home: Path | None = None) -> int:
    """Write the encrypted caseload to ``path``; returns how many entries it holds."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise UsageError(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters; "
            "a few words you will remember work well."
        )
    data = store.load(home)
    if data is None:
        raise UsageError(
            "There is no caseload to export yet. Import one with `safepost caseload import FILE`."
        )
    names = store.hasher(home)
    store.check_key(data, names, home)
    key = key_path(store.KEY_NAME, home).read_bytes()
    kdf = Kdf(salt=base64.b64encode(secrets.token_bytes(16)).decode())
    envelope: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "kdf": kdf.model_dump(),
        "nonce": base64.b64encode(secrets.token_bytes(12)).decode(),
    }
    plain = json.dumps({"key": base64.b64encode(key).decode(), "caseload": data.model_dump()}).encode()
    sealed = AESGCM(_derive(passphrase, kdf)).encrypt(
        base64.b64decode(envelope["nonce"]), plain, _header(envelope)
    )
    envelope["ciphertext"] = base64.b64encode(sealed).decode()
    write_private_json(path, envelope)
    return len(data.entries)


def _open(path: Path, passphrase: str) -> tuple[bytes, CaseloadFile]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        envelope = Envelope.model_validate(raw)
    except OSError as exc:
        raise InputError(f"Cannot open {path}: {exc.strerror}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError):
        raise InputError(f"{path} is not a safepost caseload export, or it is damaged.") from None
    if envelope.format != FORMAT or envelope.version != 1:
        raise InputError(f"{path} is not a safepost caseload export this version can read.")
    try:
        plain = AESGCM(_derive(passphrase, envelope.kdf)).decrypt(
            base64.b64decode(envelope.nonce), base64.b64decode(envelope.ciphertext), _header(raw)
        )
        payload = json.loads(plain)
        key = base64.b64decode(payload["key"], validate=True)
        data = CaseloadFile.model_validate(payload["caseload"])
    except InvalidTag:
        raise InputError(
            "That passphrase does not open this file (or the file was changed after it was made). "
            "Check the passphrase and try again."
        ) from None
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise InputError(f"{path} is damaged: its contents could not be read.") from None
    if len(key) != KEY_BYTES or data.key_fingerprint != NameHasher(key).fingerprint():
        raise InputError(f"{path} is damaged: its key does not belong to its caseload.")
    return key, data


def import_caseload(path: Path, passphrase: str, mode: Mode, home: Path | None = None) -> ImportSummary:
    """Bring an exported caseload in. A different key replaces this computer's only with ``replace``."""
    key, incoming = _open(path, passphrase)
    with store.locked(home):
        local_key = key_path(store.KEY_NAME, home)
        current = store.load(home)
        same_key = local_key.exists() and local_key.read_bytes() == key
        if not same_key and current is not None and current.entries and mode is Mode.MERGE:
            raise UsageError(
                "This computer already has a different caseload, made with its own key, so the two "
                "cannot be merged. Use --replace to replace it with the one in the file."
            )
        if not same_key:
            install_key(store.KEY_NAME, key, home)
            current = None
        names = NameHasher(key)
        entries, added, updated = combine(
            list(current.entries) if current else [], list(incoming.entries), mode
        )
        store.save(entries, names, home)
        store.log_event(f"import-encrypted ({mode})", len(entries), home, added=added, updated=updated)
    return ImportSummary(added, updated, len(entries))
