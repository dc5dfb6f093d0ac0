"""A small in-memory Export for runner tests (the real importers have their own tests)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from safepost.errors import InputError
from safepost.importers.items import Item

RISKY = "Rough day in court with the Pritchard kids. Text me on 07700 900123 if you need me x"
DISMISSIVE = "Another pointless meeting at work, my manager is an idiot"
FINE = "Made banana bread with my daughter this afternoon, house smells amazing"
CAUTION = "Checked in at Cribbs Causeway"


@dataclass
class FakeExport:
    texts: Sequence[str]
    platform: str = "x"
    label: str = "Test export"
    layout: str = "test"
    problems: list[str] = field(default_factory=list)
    interrupt_after: int | None = None  # raise KeyboardInterrupt when this many items were read
    break_after: int | None = None  # raise InputError (a damaged member) after this many items
    crash_after: int | None = None  # raise TypeError (data of a shape the reader did not foresee)
    closed: bool = False

    def items(self) -> Iterator[Item]:
        for number, text in enumerate(self.texts):
            if number == self.interrupt_after:
                raise KeyboardInterrupt
            if number == self.break_after:
                raise InputError("tweets.js is damaged.")
            if number == self.crash_after:
                raise TypeError("'int' object is not iterable")
            yield Item(
                platform=self.platform,
                kind="post",
                text=text,
                when=f"{2012 + number % 10}-03-0{1 + number % 9}T10:00:00Z",
                where=f"data/tweets.js#{number}",
                item_id=f"id-{number}",
                permalink=f"https://x.com/jobloggs/status/{1000 + number}",
            )

    def estimate(self) -> int | None:
        return len(self.texts)

    def close(self) -> None:
        self.closed = True
