"""The columns of a spreadsheet of good practices: practice fields and the database's own labels.

One table: each field of a practice (``location.country``, ``timescale.start``, ...) and
the column headings that give it, its own name first, then the labels of the Interreg
Europe good practice database and other common wordings. Headings are compared without
case, underscores, dots, trailing colons or asterisks, and with whitespace collapsed.
"""

from __future__ import annotations

import re

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": (
        "title",
        "title of the good practice",
        "good practice title",
        "name of the practice",
        "good practice",
    ),
    "project": ("project", "project acronym", "interreg europe project", "project id"),
    "location": ("location", "location of the practice", "location of the good practice"),
    "location.country": ("country", "location.country", "location country"),
    "location.region": ("region", "location.region", "nuts 2 region", "region (nuts 2)", "nuts region"),
    "location.city": ("city", "location.city", "town", "municipality"),
    "summary": ("summary", "short summary", "short summary of the practice", "summary of the practice"),
    "description": (
        "description",
        "detailed description",
        "about this good practice",
        "detailed description of the practice",
    ),
    "themes": ("themes", "theme", "thematic area", "thematic areas", "policy theme", "policy themes"),
    "topics": ("topics", "topic", "keywords"),
    "institution": ("institution", "main institution involved", "main institution", "institution involved"),
    "timescale": ("timescale", "timescale (start/end date)", "timescale (start date - end date)", "duration"),
    "timescale.start": ("start", "timescale.start", "start date", "timescale start"),
    "timescale.end": ("end", "timescale.end", "end date", "timescale end"),
    "resources_needed": ("resources_needed", "resources needed"),
    "evidence_of_success": ("evidence_of_success", "evidence of success"),
    "difficulties": ("difficulties", "difficulties encountered", "difficulties encountered/lessons learned"),
    "transferability": ("transferability", "potential for learning or transfer"),
    "expert_opinion": ("expert_opinion", "expert opinion"),
    "url": ("url", "website", "web site", "link"),
    "status": ("status", "validation status"),
}
"""Field of a practice (dotted for nested ones) -> the headings of the columns that give it."""

LISTS = frozenset({"themes", "topics"})
"""Fields whose cells hold several values separated by ``;`` (or line breaks)."""
REQUIRED = ("title", "project", "location.country", "summary")
"""Fields every row must give (``project`` may come from the command's ``--project``)."""


def heading_key(heading: str) -> str:
    """How column headings are compared: ``Resources_needed:`` and ``resources needed`` are one."""
    text = heading.replace("\u00a0", " ").replace("_", " ").replace(".", " ")
    text = re.sub(r"\s+", " ", text).strip().rstrip(":*").strip()
    return text.casefold()


FIELD_OF: dict[str, str] = {heading_key(label): name for name, labels in COLUMNS.items() for label in labels}
"""Compared heading -> field."""


def field_of(heading: str) -> str | None:
    """The field a column heading gives, None for an unknown heading."""
    return FIELD_OF.get(heading_key(heading))


def known_headings() -> list[str]:
    """Every heading the importer knows, for suggestions."""
    return [label for labels in COLUMNS.values() for label in labels]
