"""Turn a date into the words a brief prints, in the brief's language, from CLDR: ``1 July 2021``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from brief_builder.cldr import date_locale, month_name

MONTH_LABEL = re.compile(r"^month_(?:[1-9]|1[0-2])$")
"""Labels that name a month (``month_1`` ... ``month_12``)."""


def is_date_label(key: str) -> bool:
    """Whether a layout label is one of the date overrides ``date_format`` and ``month_N``."""
    return key == "date_format" or bool(MONTH_LABEL.match(key))


def format_date(date: dt.date, language: str, labels: Mapping[str, str]) -> str:
    """The long date of ``language`` as CLDR writes it: ``20 May 2021``, ``1. Juli 2021``, ``2021年7月1日``.

    A layout's ``date_format`` label (``{day} {month} {year}``) and ``month_N`` labels
    override CLDR when set; a month they leave out takes CLDR's name. A language CLDR does
    not know gets an ISO date (``2021-06-30``).
    """
    if "date_format" in labels or any(is_date_label(key) for key in labels):
        month = labels.get(f"month_{date.month}") or month_name(date.month, language)
        if month is None:
            return date.isoformat()
        pattern = labels.get("date_format", "{day} {month} {year}")
        return pattern.format(day=date.day, month=month, year=date.year)
    found = date_locale(language)
    if found is None:
        return date.isoformat()
    from babel.dates import format_date as cldr_date

    return cldr_date(date, format="long", locale=found)


def format_date_range(start: dt.date, end: dt.date | None, language: str, labels: Mapping[str, str]) -> str:
    """An event over several days in ``language`` as CLDR writes it: ``22-23 November 2018`` (an en dash).

    CLDR's interval pattern for day, month and year, with the month written out as in the long
    date. One day (no ``end``, or the same) is ``format_date``; with the layout's date labels, or
    a language CLDR does not know, the two dates are joined by a dash.
    """
    if end is None or end == start:
        return format_date(start, language, labels)
    found = date_locale(language)
    if found is None or any(is_date_label(key) for key in labels):
        return f"{format_date(start, language, labels)} \u2013 {format_date(end, language, labels)}"
    from babel import Locale
    from babel.dates import format_date as cldr_date

    intervals = Locale.parse(found).interval_formats
    greatest = (
        "d" if (start.year, start.month) == (end.year, end.month) else "M" if start.year == end.year else "y"
    )
    if "yMMMMd" in intervals:  # the month already written out
        first, second = intervals["yMMMMd"].get(greatest, ["", ""])
    else:
        first, second = (_long_months(part) for part in intervals.get("yMMMd", {}).get(greatest, ["", ""]))
    if not first or not second:
        return f"{format_date(start, language, labels)} \u2013 {format_date(end, language, labels)}"
    return cldr_date(start, format=first, locale=found) + cldr_date(end, format=second, locale=found)


def _long_months(pattern: str) -> str:
    """An interval pattern with the month written out (``MMM`` -> ``MMMM``) and days unpadded."""
    return re.sub(r"(?<!d)dd(?!d)", "d", re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern))
