"""Fingerprints that recognise a finding again in a later audit without storing what it said.

A keyed hash (HMAC-SHA256 with this installation's ``audit`` key) of the rule, the item's
identity and the matched text: the baseline file then holds no plaintext, and without the key
nobody can test guesses (a phone number, a child's name) against it.
"""

from __future__ import annotations

import hashlib
import hmac

from safepost.keyfile import load_or_create_key

KEY_NAME = "audit"
FINGERPRINT_CHARS = 24  # 96 bits: no accidental collisions in a lifetime of posts


class Fingerprinter:
    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else load_or_create_key(KEY_NAME)

    def __call__(self, rule: str, platform: str, item_id: str, matched: str) -> str:
        message = "\x1f".join((rule, platform, item_id, matched)).encode("utf-8", "surrogatepass")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:FINGERPRINT_CHARS]
