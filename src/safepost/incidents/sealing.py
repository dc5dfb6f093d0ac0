"""Encryption at rest for the incident record: AES-256-GCM with the installation's own key.

Entries are sealed whole. Evidence files are sealed in 1 MiB chunks (each with its own nonce and
its position and "last chunk" flag bound in), so a 1 GB video is encrypted with constant memory
and a truncated, reordered or spliced file fails to open instead of yielding part of a file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CHUNK = 1 << 20
_TAG = 16
_FILE_MAGIC = b"SPEV1"
_NONCE_PREFIX = 8


class SealError(Exception):
    """The data is not what this installation sealed: altered, truncated or another key's."""


class Sealer:
    """Seals and opens with one key; also derives a separate key for fingerprints (MACs)."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)
        self._mac_key = hmac.new(key, b"safepost incidents mac key v1", hashlib.sha256).digest()

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext, context)

    def open(self, sealed: bytes, context: bytes) -> bytes:
        try:
            return self._aead.decrypt(sealed[:12], sealed[12:], context)
        except (InvalidTag, ValueError):
            raise SealError("cannot be opened") from None

    def mac(self, message: bytes) -> str:
        """A keyed fingerprint: only this installation can make one that checks."""
        return hmac.new(self._mac_key, message, hashlib.sha256).hexdigest()

    def mac_ok(self, message: bytes, expected: str) -> bool:
        return hmac.compare_digest(self.mac(message), expected)

    def seal_stream(self, source: BinaryIO, target: BinaryIO, context: bytes) -> tuple[str, int]:
        """Encrypt ``source`` into ``target``; returns the plaintext's SHA-256 and size."""
        prefix = os.urandom(_NONCE_PREFIX)
        target.write(_FILE_MAGIC + prefix)
        digest = hashlib.sha256()
        size = 0
        index = 0
        chunk = source.read(CHUNK)
        while True:
            following = source.read(CHUNK) if chunk else b""
            last = not following
            digest.update(chunk)
            size += len(chunk)
            nonce = prefix + struct.pack(">I", index)
            target.write(self._aead.encrypt(nonce, chunk, context + struct.pack(">I?", index, last)))
            if last:
                return digest.hexdigest(), size
            chunk = following
            index += 1

    def open_stream(self, source: BinaryIO, context: bytes) -> Iterator[bytes]:
        """The plaintext chunks of a sealed file; raises :class:`SealError` at the first bad one."""
        header = source.read(len(_FILE_MAGIC) + _NONCE_PREFIX)
        if len(header) != len(_FILE_MAGIC) + _NONCE_PREFIX or not header.startswith(_FILE_MAGIC):
            raise SealError("is not a sealed safepost file")
        prefix = header[len(_FILE_MAGIC) :]
        index = 0
        block = source.read(CHUNK + _TAG)
        while True:
            following = source.read(CHUNK + _TAG)
            last = not following
            nonce = prefix + struct.pack(">I", index)
            try:
                yield self._aead.decrypt(nonce, block, context + struct.pack(">I?", index, last))
            except (InvalidTag, ValueError):
                raise SealError(f"chunk {index + 1} cannot be opened") from None
            if last:
                return
            block = following
            index += 1
