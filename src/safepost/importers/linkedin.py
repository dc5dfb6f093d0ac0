"""LinkedIn data exports (CSV): shares, comments, messages the owner sent, profile and positions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from safepost.importers.base import BaseExport
from safepost.importers.csvtext import iter_rows, open_text
from safepost.importers.items import Item
from safepost.importers.jsonstream import reading
from safepost.importers.timestamps import from_text

FILES = ("shares.csv", "comments.csv", "messages.csv", "profile.csv", "positions.csv")


def linkedin_files(names: list[str]) -> dict[str, str]:
    """LinkedIn's file names by lower-case base name (the export's capitals have varied)."""
    found: dict[str, str] = {}
    for name in names:
        base = name.rsplit("/", 1)[-1].lower()
        if base in FILES:
            found.setdefault(base, name)
    return found


class LinkedInExport(BaseExport):
    platform = "linkedin"
    name = "LinkedIn export"

    def rows(self, name: str, *, escapechar: str | None = None) -> Iterator[dict[str, str]]:
        with reading(name, self.problems), self.bundle.open(name) as raw, open_text(raw) as text:
            yield from iter_rows(text, escapechar=escapechar)

    def items(self) -> Iterator[Item]:
        files = linkedin_files(self.bundle.names())
        owner = None
        if "profile.csv" in files:
            for row in self.rows(files["profile.csv"]):
                owner = " ".join(
                    p for p in (row.get("First Name", "").strip(), row.get("Last Name", "").strip()) if p
                )
                for key in ("Headline", "Summary"):
                    if value := row.get(key, "").strip():
                        yield self.item("profile", value, None, files["profile.csv"])
                break
        if "positions.csv" in files:
            for index, row in enumerate(self.rows(files["positions.csv"]), 1):
                company, title = row.get("Company Name", "").strip(), row.get("Title", "").strip()
                if company:
                    tense = "Worked" if row.get("Finished On", "").strip() else "Works"
                    text = f"{tense} at {company}" + (f" as {title}" if title else "")
                    yield self.item(
                        "profile", text, from_text(row.get("Started On")), f"{files['positions.csv']}#{index}"
                    )
        if "shares.csv" in files:
            for index, row in enumerate(self.rows(files["shares.csv"]), 1):
                text = "\n".join(
                    p for p in (row.get("ShareCommentary", "").strip(), row.get("SharedUrl", "").strip()) if p
                )
                link = row.get("ShareLink", "").strip() or None
                if text:
                    details = (("media", row["MediaUrl"].strip()),) if row.get("MediaUrl", "").strip() else ()
                    yield self.item(
                        "post",
                        text,
                        from_text(row.get("Date")),
                        f"{files['shares.csv']}#{index}",
                        item_id=f"linkedin:{link}" if link else None,
                        permalink=link,
                        details=details,
                    )
        if "comments.csv" in files:
            for index, row in enumerate(self.rows(files["comments.csv"], escapechar="\\"), 1):
                link = row.get("Link", "").strip() or None
                if text := row.get("Message", "").strip():
                    yield self.item(
                        "comment",
                        text,
                        from_text(row.get("Date")),
                        f"{files['comments.csv']}#{index}",
                        permalink=link,
                    )
        if "messages.csv" in files:
            yield from self._messages(files["messages.csv"], owner)

    def _messages(self, name: str, owner: str | None) -> Iterator[Item]:
        if not owner:
            # The owner sends or receives every message in the file; anyone else only those of
            # their own conversations, even when they send more than the owner (a recruiter).
            involved: Counter[str] = Counter()
            sends: Counter[str] = Counter()
            for row in self.rows(name):
                sender = row.get("FROM", "").strip()
                people = {sender, *(p.strip() for p in row.get("TO", "").split(","))}
                people.discard("")
                involved.update(people)
                sends[sender] += 1
            owner = max(involved, key=lambda p: (involved[p], sends[p]), default=None)
        for index, row in enumerate(self.rows(name), 1):
            sent = row.get("FROM", "").strip() == owner or row.get("FOLDER", "").strip().upper() == "SENT"
            if not sent or row.get("FOLDER", "").strip().upper() == "DRAFT":
                continue
            text = "\n".join(p for p in (row.get("SUBJECT", "").strip(), row.get("CONTENT", "").strip()) if p)
            if text:
                details = (("to", row["TO"].strip()),) if row.get("TO", "").strip() else ()
                yield self.item(
                    "message", text, from_text(row.get("DATE")), f"{name}#{index}", details=details
                )
