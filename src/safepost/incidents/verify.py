"""Recompute every fingerprint in the incident record and say exactly what does not add up.

Checks, in order: the whole record's keyed summary (counts and running chain), each incident's
keyed summary (length and last hash), every entry (it opens with this installation's key, sits
where it says it belongs, and links to the one before), then every evidence file (it opens and
its SHA-256 is the one recorded). Problems are sentences for a person; notes are harmless.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from safepost.incidents.sealing import SealError
from safepost.incidents.store import (
    GENESIS,
    Entry,
    IncidentStore,
    chain_step,
    entry_from_raw,
    head_mac_message,
    incident_mac_message,
)


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incidents: int = 0
    entries: int = 0
    evidence_files: int = 0
    head: str = GENESIS
    bad_evidence: set[str] = field(default_factory=set)  # SHA-256s of files missing or altered

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: IncidentStore) -> Report:
    report = Report()
    head = store.read_head()
    if not head or not store.sealer.mac_ok(
        head_mac_message(head.get("incidents", -1), head.get("entries", -1), head.get("chain", "")),
        str(head.get("mac", "")),
    ):
        report.problems.append("The record's overall fingerprint (its chain head) was altered or removed.")
        head = {}
    report.head = str(head.get("chain", GENESIS))

    summaries = {
        row[0]: (row[1], row[2], row[3])
        for row in store.query(
            "SELECT id, CAST(entries AS INTEGER), CAST(head AS TEXT), CAST(mac AS TEXT) "
            "FROM incidents ORDER BY id"
        )
    }
    for incident, (count, last, mac) in list(summaries.items()):
        if not store.sealer.mac_ok(incident_mac_message(incident, count, last), mac):
            report.problems.append(
                f"Incident {incident}: its summary (number of entries, last fingerprint) was altered."
            )
            # An altered count says nothing: 10**12 would have verify list entries for ever.
            summaries[incident] = (0, last, mac)
    expected_incidents = int(head.get("incidents", len(summaries)))
    for missing in sorted(set(range(1, expected_incidents + 1)) - set(summaries)):
        report.problems.append(f"Incident {missing} is missing: it was deleted from the record.")

    by_incident: dict[int, dict[int, Entry]] = defaultdict(dict)
    unreadable: set[tuple[int, int]] = set()  # already reported as altered, so not "missing" too
    chain = GENESIS
    rows = store.query(
        "SELECT id, incident, seq, CAST(hash AS TEXT), CAST(sealed AS BLOB) FROM entries ORDER BY id"
    )
    for _, incident, seq, stored_hash, sealed in rows:
        where = f"Incident {incident}, entry {seq}"
        chain = chain_step(chain, stored_hash)
        try:
            raw = store.open_entry(incident, sealed)
        except SealError:
            report.problems.append(f"{where}: altered (it no longer opens with this installation's key).")
            unreadable.add((incident, seq))
            continue
        entry = entry_from_raw(raw)
        if entry.hash != stored_hash:
            report.problems.append(f"{where}: its stored fingerprint was altered.")
        if entry.incident != incident or entry.seq != seq:
            report.problems.append(
                f"{where}: reordered: this place holds entry {entry.seq} of incident {entry.incident}."
            )
        if entry.seq in by_incident[entry.incident]:
            report.problems.append(f"Incident {entry.incident}, entry {entry.seq} appears twice.")
        by_incident[entry.incident][entry.seq] = entry
    report.entries = len(rows)
    if head and (len(rows) != head.get("entries") or chain != head.get("chain")) and not report.problems:
        report.problems.append(
            "The order or number of entries in the record differs from its chain head "
            f"({len(rows)} entries found, {head.get('entries')} recorded)."
        )

    for incident in sorted(set(summaries) | set(by_incident)):
        entries = by_incident.get(incident, {})
        recorded = summaries.get(incident, (max(entries, default=0), "", ""))[0]
        if incident not in summaries:
            report.problems.append(
                f"Incident {incident} has entries but no summary: the summary was deleted."
            )
        previous = GENESIS
        for seq in range(1, max(recorded, max(entries, default=0)) + 1):
            found = entries.get(seq)
            if found is None:
                if (incident, seq) not in unreadable:
                    report.problems.append(f"Incident {incident}, entry {seq} is missing: it was deleted.")
                previous = ""
                continue
            if previous and found.prev != previous:
                report.problems.append(
                    f"Incident {incident}, entry {seq}: does not follow entry {seq - 1} "
                    "(the chain is broken)."
                )
            previous = found.hash
        last = entries.get(recorded)
        if incident in summaries and last is not None and last.hash != summaries[incident][1]:
            report.problems.append(f"Incident {incident}: its last entry is not the one recorded as last.")
    report.incidents = len(summaries)
    _check_evidence(store, by_incident, report)
    return report


def _check_evidence(store: IncidentStore, by_incident: dict[int, dict[int, Entry]], report: Report) -> None:
    expected: dict[str, list[Entry]] = defaultdict(list)
    for entries in by_incident.values():
        for entry in entries.values():
            if entry.kind == "evidence":
                expected[str(entry.data["sha256"])].append(entry)
    names = {store.blob_name(sha): sha for sha in expected}
    for sha, users in expected.items():
        first = users[0]
        # Every entry that points at it, so each incident's export names the damage (not only the first).
        where = "; ".join(f"incident {u.incident}, entry {u.seq}" for u in users)
        label = f"Evidence file {first.data['name']!r} ({where})"
        path = store.evidence_dir / store.blob_name(sha)
        report.bad_evidence.add(sha)  # until it has been read back whole and matched
        if not path.exists():
            report.problems.append(f"{label} is missing: it was deleted.")
            continue
        digest = hashlib.sha256()
        size = 0
        try:
            for chunk in store.read_blob(sha):
                digest.update(chunk)
                size += len(chunk)
        except SealError:
            report.problems.append(f"{label} was altered (it no longer opens with this installation's key).")
            continue
        except OSError as exc:
            report.problems.append(f"{label} cannot be read: {exc.strerror}.")
            continue
        if digest.hexdigest() != sha or size != first.data["size"]:
            report.problems.append(f"{label} was altered or swapped (its SHA-256 no longer matches).")
            continue
        report.bad_evidence.discard(sha)
        report.evidence_files += 1
    paths = sorted(store.evidence_dir.iterdir())
    sealed = [p for p in paths if not p.name.startswith(".adding-") and p.name not in names]
    if sealed and report.entries == 0:
        # A kill during add-evidence can leave one file behind, but only after the incident's
        # first entry was written: sealed files beside an empty record mean the record went.
        report.problems.append(
            f"The record is empty, yet the evidence folder holds {len(sealed)} sealed file(s): the "
            "record was deleted or replaced. Restore the folder from a backup."
        )
        return
    for path in paths:
        if path.name.startswith(".adding-"):
            report.notes.append(
                f"{path.name}: a file left half-added by an interrupted add-evidence; safe to delete."
            )
        elif path.name not in names:
            report.notes.append(
                f"{path.name}: an evidence file no entry points to (an add-evidence was interrupted "
                "after saving it); harmless."
            )
