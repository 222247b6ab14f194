"""The words and shapes an event summary is parsed with, and what parsing it gives: a SessionImport."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from brief_builder.errors import Problem, Severity
from brief_builder.importers import vocabulary as words
from brief_builder.importers.dates import Written
from brief_builder.sources.messages import describe
from brief_builder.sources.models import SessionType
from brief_builder.sources.yaml import FieldPath

SESSION_TYPES: tuple[str, ...] = SessionType.__args__  # type: ignore[attr-defined]
DAYS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
MULTI_DAY = re.compile(r"\b(?P<n>two|three|four|five|[2-5])[- ]days?\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“\u2018'(])")
URL = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?]")
INFINITIVE = re.compile(r"^To [a-z]")
"""An objective written as a paragraph: "To present the brief."."""
LABELLED = re.compile(r"^(?P<label>[^:]{1,60}):\s*(?P<value>.*)$")
TITLE_PREFIX = re.compile(r"^(?P<prefix>[^:]{2,60}):\s+\S")
PLACE_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
PLACE_LINKS = frozenset(
    {"of", "the", "de", "del", "della", "di", "du", "la", "le", "am", "an", "der", "upon", "sur"}
)
"""Lowercase words inside a place name ("Santiago de Compostela")."""
SHORT_HEADING = re.compile(r"^[^\W\d_][^\W\d_'\u2019-]*(?: [^\W\d_][^\W\d_'\u2019-]*){0,3}$")
"""One to four words of letters, no digits or punctuation: "Agenda", "Photo gallery"."""
GENERIC_LINK_TEXTS = frozenset({"here", "link", "this link", "read more", "more", "website", "click here"})
SECTION_NAMES = (
    "Participants, Insights and takeaway messages, Objectives, Takeaways, Next steps, Resources, Stories"
)


@dataclass(frozen=True)
class Unplaced:
    """A line of the document that no field of the session holds."""

    line: int
    text: str
    expected: str
    """What the importer expects at that place, for the message."""

    def problem(self, source: str, severity: Severity = Severity.WARNING) -> Problem:
        return Problem(
            source,
            self.line,
            "",
            f"expected {self.expected}, got {describe(self.text)}; not imported",
            severity,
        )


@dataclass
class SessionImport:
    """What reading an event summary gave: the session's data, and what a person must check."""

    source: str
    """The document, as shown in messages."""
    id: str
    """The session's id: the one asked for, else the kind of event and its ISO date."""
    data: dict[str, Any]
    """The session, as its YAML file holds it: keys in the model's order, dates as dates."""
    lines: dict[FieldPath, int]
    """Where each field came from in the document (line, or paragraph of a DOCX)."""
    warnings: list[Problem]
    """What was inferred or left to fill in (the year, the type, a new project, ...)."""
    unplaced: list[Unplaced]
    """Lines that no field holds, in order."""
    new_projects: dict[str, str]
    """Id -> acronym of each project the summary names that no existing project has."""
    notes: dict[FieldPath, str] = field(default_factory=dict)
    """Comments for the YAML file, next to the fields a person should check."""
    placed: dict[int, list[str]] = field(default_factory=dict)
    """Line -> the fields that hold what it says (a title, ``topics[0].findings[1]``, a heading)."""

    @property
    def problems(self) -> list[Problem]:
        """The warnings and the lines not placed, in the order of the document."""
        unplaced = [u.problem(self.source) for u in self.unplaced]
        return sorted([*self.warnings, *unplaced], key=lambda p: (p.line or 0, p.field))

    @property
    def title(self) -> str:
        return str(self.data["title"])


@dataclass
class Topic:
    id: str
    title: str
    line: int
    level: int | None
    """Depth of the bullet that opened it; None for a topic opened by a heading."""
    selected_by: str | None = None
    findings: list[tuple[str, int, int]] = field(default_factory=list)
    """Markdown of each finding, its line, and the index of its block."""


@dataclass
class Event:
    """What the opening sentence (and the title) say about the event."""

    date: Written | None = None
    date_line: int | None = None
    organiser: str | None = None
    organiser_line: int | None = None
    kind: tuple[words.EventKind, str, int, str] | None = None
    """The kind of event, the words naming it, their line and where they were (title, sentence, ...)."""
    format: tuple[str, str, int] | None = None
    place: tuple[str, int] | None = None
    days: tuple[int, int] | None = None
    """Number of days ("a two-day workshop") and its line."""
