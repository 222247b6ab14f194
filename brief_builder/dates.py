"""Turn a date into the words a brief prints, in the brief's language: ``1 July 2021``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
"""Month names for layouts without ``month_N`` labels."""


def format_date(date: dt.date, language: str, labels: Mapping[str, str]) -> str:
    """``30 June 2021``: the layout's ``date_format`` and ``month_N`` labels, else MONTHS.

    A language with neither gets an ISO date (``2021-06-30``).
    """
    months = MONTHS.get(language.split("-")[0].lower())
    month = labels.get(f"month_{date.month}") or (months[date.month - 1] if months else None)
    if month is None:
        return date.isoformat()
    pattern = labels.get("date_format", "{day} {month} {year}")
    return pattern.format(day=date.day, month=month, year=date.year)
