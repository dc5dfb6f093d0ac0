"""The referral bundle: one zip a LADO or police officer can read and check without safepost.

Inside: ``chronology.pdf`` (for reading), ``chronology.txt`` (the exact text, UTF-8),
``entries/NNNN.json`` (the exact bytes that were hashed: each holds the SHA-256 of the one before
in ``prev``), ``evidence/`` (the files, decrypted), ``SHA256SUMS`` (for ``sha256sum -c``),
``manifest.json`` and ``README.txt`` (how to check it with standard tools). The zip is written
aside and renamed, so a half-written bundle never sits under the chosen name.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from safepost.errors import StoreError
from safepost.home import private_file
from safepost.incidents.actions import describe
from safepost.incidents.pdf import TIMES_NOTE, chronology_pdf
from safepost.incidents.sealing import SealError
from safepost.incidents.store import Entry, IncidentStore, entry_from_raw, now_utc
from safepost.incidents.verify import verify

README = """\
Referral bundle from safepost: incident {incident}, {title}
Exported {exported} by {by}.

WHAT IS IN IT
  chronology.pdf    the record of what happened and what was done, oldest first
  chronology.txt    the same, as plain text (the exact words, including any accents)
  evidence/         the files that were kept, exactly as they were added
  entries/          each entry of the record exactly as it was fingerprinted
  SHA256SUMS        the SHA-256 fingerprint of every file above
  manifest.json     the same fingerprints with the chain, for programs

HOW TO CHECK NOTHING WAS CHANGED
1. Unzip the bundle and open a terminal in the unzipped folder.
2. Check every file against its fingerprint:
     Linux:    sha256sum -c SHA256SUMS
     macOS:    shasum -a 256 -c SHA256SUMS
     Windows:  certutil -hashfile evidence\\NAME SHA256
               (compare the result by eye with the line for that file in SHA256SUMS)
   Every line should say OK (on Windows: the same 64 characters, ignoring capitals).
3. Check the chain: each file in entries/ holds, after "prev", the SHA-256 of the file
   before it (the first holds 64 zeros). Run sha256sum (or shasum -a 256) on entries/*.json
   and compare each result with the "prev" value in the next file. Evidence entries hold the
   SHA-256 of their file, so the chain covers the evidence too.
4. The last entry's fingerprint is {last}.
   safepost's whole-record fingerprint (chain head) at export was {head}.
   If you were given either of these separately (by email, on paper), compare them.

CHECK BY SAFEPOST AT EXPORT
{verified}
"""


@dataclass(frozen=True)
class BundleResult:
    path: Path
    files: int
    problems: list[str]


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\- ]+", "_", Path(name).name).strip(" .") or "file"
    return cleaned[:120]


def _readable_entries(store: IncidentStore, incident: int) -> list[Entry]:
    """The entries that still open; an altered one is left out (verify names it in the bundle),
    because a referral must not be blocked by the very tampering it may be about."""
    rows = store.query(
        "SELECT seq, CAST(sealed AS BLOB) FROM entries WHERE incident = ? ORDER BY seq", (incident,)
    )
    entries = []
    for _, sealed in rows:
        try:
            entries.append(entry_from_raw(store.open_entry(incident, sealed)))
        except SealError:
            continue
    if not entries:
        store.entries(incident)  # the clear error: no such incident, or nothing in it can be read
    return entries


def export_bundle(store: IncidentStore, incident: int, output: Path, by: str) -> BundleResult:
    entries = _readable_entries(store, incident)
    report = verify(store)
    mine = re.compile(rf"\bincident {incident}\b|\brecord\b", re.IGNORECASE)
    own_problems = [p for p in report.problems if mine.search(p)]
    first = entries[0].data if entries[0].seq == 1 else {}
    title = str(first.get("title", "")) or "(the first entry, which names the concern, cannot be read)"
    exported = now_utc()
    sums: list[tuple[str, str]] = []
    evidence: list[dict[str, object]] = []
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot write {output}: {exc.strerror}.") from None
    with private_file(output) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as bundle:
        for entry in entries:
            name = f"entries/{entry.seq:04d}.json"
            bundle.writestr(name, entry.raw)
            sums.append((entry.hash, name))
        for entry in entries:
            if entry.kind == "evidence":
                evidence.append(_write_evidence(store, bundle, entry, sums, report.bad_evidence))
        text = _chronology_text(incident, title, entries, exported, by).encode("utf-8")
        pdf = chronology_pdf(incident, title, entries, exported, by, report.head)
        for name, data in (("chronology.txt", text), ("chronology.pdf", pdf)):
            bundle.writestr(name, data)
            sums.append((hashlib.sha256(data).hexdigest(), name))
        manifest = {
            "incident": incident,
            "title": title,
            "exported_at": exported,
            "exported_by": by,
            "record_chain_head": report.head,
            "entries": [
                {"file": f"entries/{e.seq:04d}.json", "sha256": e.hash, "prev": e.prev} for e in entries
            ],
            "evidence": evidence,
            "problems_found_at_export": own_problems,
        }
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        bundle.writestr("SHA256SUMS", "".join(f"{sha}  {name}\n" for sha, name in sums))
        verified = (
            "safepost checked the record before exporting and found nothing altered or missing."
            if not own_problems
            else "safepost found problems in the record before exporting:\n"
            + "\n".join(f"  - {p}" for p in own_problems)
        )
        bundle.writestr(
            "README.txt",
            README.format(
                incident=incident,
                title=title,
                exported=exported,
                by=by,
                last=entries[-1].hash,
                head=report.head,
                verified=verified,
            ),
        )
    return BundleResult(output, len(sums) + 3, own_problems)


def _write_evidence(
    store: IncidentStore,
    bundle: zipfile.ZipFile,
    entry: Entry,
    sums: list[tuple[str, str]],
    bad: set[str],
) -> dict[str, object]:
    """Copy one evidence file in, decrypted; one that verify found damaged is left out, and said so."""
    sha = str(entry.data["sha256"])
    name = f"evidence/{entry.seq:04d}-{_safe_name(str(entry.data['name']))}"
    digest = hashlib.sha256()
    info = {"file": name, "original_name": entry.data["name"], "sha256": sha, "size": entry.data["size"]}
    info |= {"added_at": entry.at, "added_by": entry.by, "entry": entry.seq}
    if sha in bad:
        info["included"] = False
        return info
    with bundle.open(name, "w", force_zip64=True) as target:
        for chunk in store.read_blob(sha):
            digest.update(chunk)
            target.write(chunk)
    sums.append((digest.hexdigest(), name))
    info["included"] = True
    return info


def _chronology_text(incident: int, title: str, entries: list[Entry], exported: str, by: str) -> str:
    lines = [f"Incident {incident}: {title}", f"Exported {exported} by {by}. {TIMES_NOTE}", ""]
    for entry in entries:
        lines.append(f"{entry.seq}. {entry.at}  {entry.by}")
        lines.append(f"   {describe(entry)}")
        lines.append(f"   SHA-256 {entry.hash}")
    return "\n".join(lines) + "\n"
