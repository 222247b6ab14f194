"""Turn dates written in English prose into ISO dates: "20 May", "22-23 November 2018".

Day-month ("20 May 2021", "Tuesday 20th May"), month-day ("May 20, 2021"), ISO
("2021-05-20") and ranges ("22-23 November 2018", "22 and 23 November", "30 November -
1 December 2020") are recognised; a range keeps its first and last day. The year may be
missing: the caller supplies one. Month names may be abbreviated ("Nov", "Sept").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
DASH = r"\s*(?:-|\u2013|\u2014|to|until|and|&)\s*"
WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:the\s+)?)?"

PATTERNS = (
    # 2021-05-20
    re.compile(rf"\b(?P<year>{YEAR})-(?P<month_n>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b"),
    # 30 November 2020 - 1 December 2020, 30 November - 1 December 2020
    re.compile(
        rf"\b{WEEKDAY}(?P<day>{DAY})\s+(?P<month>{MONTH})(?:\s+(?P<year>{YEAR}))?"
        rf"{DASH}{WEEKDAY}(?P<end_day>{DAY})\s+(?P<end_month>{MONTH})(?:,?\s+(?P<end_year>{YEAR}))?\b",
        re.IGNORECASE,
    ),
    # 22-23 November 2018, 22 and 23 November
    re.compile(
        rf"\b{WEEKDAY}(?P<day>{DAY}){DASH}{WEEKDAY}(?P<end_day>{DAY})\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?\b",
        re.IGNORECASE,
    ),
    # 20 May 2021, Tuesday 20th May
    re.compile(
        rf"\b{WEEKDAY}(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?\b",
        re.IGNORECASE,
    ),
    # May 22-23, 2018
    re.compile(
        rf"\b{WEEKDAY}(?P<month>{MONTH})\s+(?P<day>{DAY}){DASH}(?P<end_day>{DAY})(?:,?\s+(?P<year>{YEAR}))?\b",
        re.IGNORECASE,
    ),
    # May 20, 2021
    re.compile(rf"\b{WEEKDAY}(?P<month>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?\b", re.IGNORECASE),
)
MONTH_YEAR = re.compile(rf"\b(?P<month>{MONTH})(?:\s*/\s*{MONTH})?\s+(?P<year>{YEAR})\b", re.IGNORECASE)
"""A month and a year without a day ("June/July 2021"), which tells only a year."""


@dataclass(frozen=True)
class Written:
    """A date or a range of dates as found in a text; the year may be missing."""

    text: str
    start: int
    """Where the date starts in the text searched."""
    day: int
    month: int
    year: int | None
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None

    @property
    def is_range(self) -> bool:
        return self.end_day is not None

    def dates(self, year: int) -> tuple[dt.date, dt.date | None]:
        """First and last day, ``year`` where the text has none; ValueError for a day that does not exist."""
        first_year = self.year if self.year is not None else (self.end_year if self.end_year else year)
        if self.end_day is None:
            return dt.date(first_year, self.month, self.day), None
        end_month = self.end_month or self.month
        end_year = self.end_year or first_year
        start = dt.date(first_year, self.month, self.day)
        if self.end_year is None and self.year is None and end_month < self.month:
            end_year = first_year + 1  # 30 December - 2 January
        return start, dt.date(end_year, end_month, self.end_day)

    @property
    def known_year(self) -> int | None:
        return self.year if self.year is not None else self.end_year


def find_dates(text: str) -> list[Written]:
    """Every date in ``text``, in order; where patterns overlap, the longest wins."""
    found: list[Written] = []
    taken: list[tuple[int, int]] = []
    candidates = [m for pattern in PATTERNS for m in pattern.finditer(text)]
    candidates.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
    for match in candidates:
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        written = _written(match)
        if written is not None:
            taken.append((match.start(), match.end()))
            found.append(written)
    return sorted(found, key=lambda w: w.start)


def find_years(text: str) -> list[tuple[str, int]]:
    """Months with a year but no day ("June/July 2021"): what they say and the year."""
    return [(m.group(0), int(m.group("year"))) for m in MONTH_YEAR.finditer(text)]


def _written(match: re.Match[str]) -> Written | None:
    groups = match.groupdict()
    month = int(groups["month_n"]) if groups.get("month_n") else _month(groups["month"])
    return Written(
        text=match.group(0),
        start=match.start(),
        day=_day(groups["day"]),
        month=month,
        year=int(groups["year"]) if groups.get("year") else None,
        end_day=_day(groups["end_day"]) if groups.get("end_day") else None,
        end_month=_month(groups["end_month"]) if groups.get("end_month") else None,
        end_year=int(groups["end_year"]) if groups.get("end_year") else None,
    )


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _month(text: str) -> int:
    name = text.lower().rstrip(".")
    return next(n for n, month in enumerate(MONTHS, start=1) if month.startswith(name[:3]))
