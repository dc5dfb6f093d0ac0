"""Counters for the report's summary: items by verdict, category, platform and year.

Only counts are kept, so the summary costs the same for ten items or ten million.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from safepost.models import Verdict

VERDICTS = tuple(v.label for v in Verdict)


@dataclass
class Tally:
    verdicts: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)  # flagged items per category
    platforms: dict[str, Counter[str]] = field(default_factory=dict)  # platform -> verdict -> items
    years: dict[str, Counter[str]] = field(default_factory=dict)  # year -> verdict -> items
    quiet: int = 0  # items whose findings were all in the baseline

    @property
    def items(self) -> int:
        return sum(self.verdicts.values())

    @property
    def worst(self) -> Verdict:
        return max((Verdict.parse(v) for v, n in self.verdicts.items() if n), default=Verdict.OK)

    def add(self, platform: str, when: str | None, verdict: str, categories: tuple[str, ...] = ()) -> None:
        self.verdicts[verdict] += 1
        self.categories.update(categories)
        self.platforms.setdefault(platform, Counter())[verdict] += 1
        year = when[:4] if when and when[:4].isdigit() else "undated"
        self.years.setdefault(year, Counter())[verdict] += 1

    def sentence(self) -> str:
        """'37 to delete (stop) · 112 to review (caution) · 27,932 fine'."""
        parts = [
            f"{self.verdicts['stop']:,} to delete (stop)",
            f"{self.verdicts['caution']:,} to review (caution)",
            f"{self.verdicts['ok']:,} fine",
        ]
        if self.quiet:
            parts.append(f"{self.quiet:,} already dealt with (baseline)")
        return " · ".join(parts)
