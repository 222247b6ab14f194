"""Turn a brief's units and a catalog into how far its translation into one language has come."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from brief_builder.translations.catalog import Catalog
from brief_builder.translations.lookup import State, look_up
from brief_builder.translations.units import Unit

COLUMNS = ("brief", "language", "units", "words", "translated", "stale", "missing")


@dataclass(frozen=True)
class Status:
    """Counts of one brief's units in one language; ``words`` are the source texts' words."""

    brief: str
    language: str
    units: int
    words: int
    translated: int
    stale: int
    missing: int
    translated_words: int = 0

    @property
    def done(self) -> bool:
        return self.units == self.translated

    def as_dict(self) -> dict[str, str | int]:
        return asdict(self)


def translation_status(brief: str, units: Sequence[Unit], catalog: Catalog) -> Status:
    """How many of ``units`` (and of their words) ``catalog`` translates, has out of date, or lacks."""
    counts = {state: 0 for state in State}
    words = translated_words = 0
    for unit in units:
        state = look_up(unit, catalog).state
        counts[state] += 1
        words += unit.words
        if state is State.TRANSLATED:
            translated_words += unit.words
    return Status(
        brief=brief,
        language=catalog.language,
        units=len(units),
        words=words,
        translated=counts[State.TRANSLATED],
        stale=counts[State.STALE],
        missing=counts[State.MISSING],
        translated_words=translated_words,
    )


def status_table(rows: Iterable[Status]) -> str:
    """The rows as an aligned text table with a header line (numbers right-aligned)."""
    cells = [list(COLUMNS)] + [[str(getattr(row, column)) for column in COLUMNS] for row in rows]
    widths = [max(len(line[n]) for line in cells) for n in range(len(COLUMNS))]
    lines = []
    for line in cells:
        parts = [value.ljust(widths[n]) if n < 2 else value.rjust(widths[n]) for n, value in enumerate(line)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)
