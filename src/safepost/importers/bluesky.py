"""Bluesky repository exports (``repo.car``): posts, replies, image alt text and the profile.

A CAR file is a varint-prefixed DAG-CBOR header followed by varint-prefixed blocks, each a
CID then a DAG-CBOR record. Blocks are decoded one at a time with ``cbor2`` (MIT), so the
file is never loaded whole. Record keys (for permalinks) come from the repository's
Merkle search tree nodes, which sit in the same file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from typing import IO, Any

import cbor2

from safepost.importers.base import BaseExport
from safepost.importers.items import Item
from safepost.importers.jsonstream import reading
from safepost.importers.timestamps import from_text

MAX_BLOCK_BYTES = 16 * 1024 * 1024


class CarError(ValueError):
    """The file stops being a CAR file at ``position``."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


def _varint(stream: IO[bytes]) -> int | None:
    """An unsigned LEB128 number, or None at a clean end of file."""
    value = shift = 0
    while True:
        byte = stream.read(1)
        if not byte:
            if shift:
                raise CarError("the file ends inside a length", stream.tell())
            return None
        value |= (byte[0] & 0x7F) << shift
        if byte[0] < 0x80:
            return value
        shift += 7
        if shift > 63:
            raise CarError("a length is too long", stream.tell())


def _cid_length(block: bytes) -> int:
    """Bytes taken by the CID at the start of a block (CIDv1: version, codec, multihash)."""
    if block[:2] == b"\x12\x20":  # CIDv0: a bare sha2-256 multihash
        return 34
    reader = io.BytesIO(block)
    for _ in range(3):  # version, codec, hash function
        if _varint(reader) is None:
            raise CarError("a block is cut short", 0)
    digest = _varint(reader)
    if digest is None:
        raise CarError("a block is cut short", 0)
    return reader.tell() + digest


def iter_blocks(stream: IO[bytes]) -> Iterator[tuple[bytes, Any]]:
    """(CID bytes, decoded record) for every block after the header."""
    header_size = _varint(stream)
    if header_size is None:
        raise CarError("the file is empty", 0)
    if header_size > MAX_BLOCK_BYTES:
        raise CarError("it has no CAR header", 0)
    header = cbor2.loads(stream.read(header_size))
    if not isinstance(header, dict) or "roots" not in header:
        raise CarError("it has no CAR header", 0)
    while (size := _varint(stream)) is not None:
        start = stream.tell()
        if size > MAX_BLOCK_BYTES:
            raise CarError("a block is implausibly large", start)
        block = stream.read(size)
        if len(block) < size:
            raise CarError("the file ends inside a block", start)
        cid_end = _cid_length(block)
        try:
            yield block[:cid_end], cbor2.loads(block[cid_end:])
        except (cbor2.CBORDecodeError, ValueError):
            raise CarError("a record cannot be decoded", start) from None


def _link(value: Any) -> bytes | None:
    """A DAG-CBOR link (tag 42) as the CID bytes used to name blocks."""
    if isinstance(value, cbor2.CBORTag) and value.tag == 42 and isinstance(value.value, bytes):
        return value.value[1:]
    return None


def looks_like_car(head: bytes) -> bool:
    """A varint then a CBOR map holding "roots": the start of every CAR file."""
    return b"roots" in head[:64] and b"version" in head[:64]


class BlueskyRepo(BaseExport):
    platform = "bluesky"
    name = "Bluesky repository"

    def items(self) -> Iterator[Item]:
        for name in sorted(n for n in self.bundle.names() if n.lower().endswith(".car")):
            with reading(name, self.problems), self.bundle.open(name) as raw:
                yield from self._read(name, raw)

    def _read(self, name: str, stream: IO[bytes]) -> Iterator[Item]:
        keys: dict[bytes, str] = {}
        pending: list[tuple[bytes, Mapping[str, Any], int]] = []
        did = ""
        index = 0
        try:
            for cid, record in iter_blocks(stream):
                if not isinstance(record, dict):
                    continue
                if isinstance(record.get("did"), str) and "sig" in record:
                    did = record["did"]
                elif isinstance(record.get("e"), list) and "l" in record:
                    _read_tree_node(record, keys)
                elif isinstance(record.get("$type"), str):
                    index += 1
                    pending.append((cid, record, index))
                    if len(pending) >= 256:  # keys usually arrive first; keep memory bounded
                        yield from self._records(name, pending, keys, did)
                        pending = []
        except CarError as exc:
            self.problems.append(
                f"{name} is not a complete Bluesky repository file: {exc} near byte "
                f"{exc.position or stream.tell():,}. The posts before that point were read."
            )
        except (cbor2.CBORDecodeError, OSError, EOFError):
            self.problems.append(f"{name} could not be read to the end; the posts before that were read.")
        yield from self._records(name, pending, keys, did)

    def _records(
        self, name: str, records: list[tuple[bytes, Mapping[str, Any], int]], keys: dict[bytes, str], did: str
    ) -> Iterator[Item]:
        for cid, record, index in records:
            key = keys.pop(cid, "")  # used once: the keys held stay those of records still to come
            where = f"{name}#{key or index}"
            kind = record.get("$type")
            if kind == "app.bsky.feed.post":
                rkey = key.rsplit("/", 1)[-1] if key else ""
                uri = f"at://{did}/{key}" if did and key else None
                link = f"https://bsky.app/profile/{did}/post/{rkey}" if did and rkey else None
                when = from_text(record.get("createdAt"))
                text = str(record.get("text") or "").strip()
                if text:
                    yield self.item(
                        "comment" if record.get("reply") else "post",
                        text,
                        when,
                        where,
                        item_id=uri,
                        permalink=link,
                    )
                embed = record.get("embed")
                images = embed.get("images") if isinstance(embed, dict) else None
                for image in images if isinstance(images, list) else []:
                    if isinstance(image, dict) and (alt := str(image.get("alt") or "").strip()):
                        yield self.item("caption", alt, when, where, permalink=link)
            elif kind == "app.bsky.actor.profile":
                for field in ("displayName", "description"):
                    if value := str(record.get(field) or "").strip():
                        yield self.item("profile", value, None, where)


def _read_tree_node(node: Mapping[str, Any], keys: dict[bytes, str]) -> None:
    """Merkle search tree entries compress each key against the previous one (``p`` shared bytes)."""
    previous = b""
    for entry in node["e"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("k"), bytes):
            continue
        shared = entry.get("p")
        key = previous[: shared if isinstance(shared, int) else 0] + entry["k"]
        previous = key
        if (target := _link(entry.get("v"))) is not None:
            keys[target] = key.decode("utf-8", "replace")
