"""Turn the blocks of an event summary into the data of a session source, every line accounted for.

The summary's shape is the Policy Learning Platform's: a title ("Community brainstorming:
..."); an opening sentence ("On 20 May, the Policy Learning Platform organised a ...");
"Participants" with "Projects represented: ...", "External speakers: ...", "Moderators:
..." lines; "Insights and takeaway messages" with the objectives as bullets after "The
objectives of ... were:", the topics as second-level bullets (or sub-headings) each
followed by its findings, one per paragraph, and a closing paragraph saying what happens
next; resources; stories. Headings are recognised by their words (``vocabulary.SECTIONS``)
as well as by their style, so a plain-text file and a Word file give the same data.

Every block is placed in a field or listed in ``unplaced`` with its line. The parser is a
pure function of the blocks and the caller's options.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from brief_builder.errors import Problem, ProblemsError, Severity, UsageError
from brief_builder.importers import vocabulary as words
from brief_builder.importers.blocks import Block
from brief_builder.importers.dates import Written, find_dates, find_years
from brief_builder.importers.people import acronym_key, parse_people, split_projects
from brief_builder.importers.readers import read_blocks
from brief_builder.importers.richtext import escape, markdown, plain
from brief_builder.importers.slugs import short_slug, slug, unique
from brief_builder.sources.messages import describe, validation_problems
from brief_builder.sources.models import ID_PATTERN, Session, SessionType
from brief_builder.sources.yaml import FieldPath, YamlDocument

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


def read_session(
    path: Path,
    *,
    year: int | None = None,
    known_projects: Mapping[str, str] | None = None,
    session_id: str | None = None,
    strict: bool = False,
    display: str | None = None,
) -> SessionImport:
    """Read the event summary at ``path`` (``.txt``, ``.md``, ``.html``, ``.docx``).

    ``known_projects`` maps the acronyms of existing projects to their ids. ``year`` is the
    year of a date written without one. Raises ProblemsError with every problem at once when
    the session cannot be made (no date, no year), or with ``strict``, when a line was not
    placed; UsageError for an id that is not an id or a file of an unknown type.
    """
    shown = display if display is not None else path.as_posix()
    blocks = read_blocks(path, shown)
    return parse_session(
        blocks, shown, year=year, known_projects=known_projects or {}, session_id=session_id, strict=strict
    )


def parse_session(
    blocks: list[Block],
    source: str,
    *,
    year: int | None = None,
    known_projects: Mapping[str, str] | None = None,
    session_id: str | None = None,
    strict: bool = False,
) -> SessionImport:
    """The session in ``blocks`` (see :func:`read_session`)."""
    if session_id is not None and not re.match(ID_PATTERN, session_id):
        raise UsageError(f"--id: expected an id of lowercase letters, digits and hyphens, got {session_id!r}")
    parser = _Parser(blocks, source, year, known_projects or {})
    parser.run()
    imported = parser.result(session_id)
    errors = [p for p in parser.problems if p.is_error]
    if strict and imported.unplaced:
        errors += [u.problem(source, Severity.ERROR) for u in imported.unplaced]
        raise ProblemsError([*errors, *imported.warnings])
    if errors:
        raise ProblemsError([*errors, *imported.problems])
    return imported


def known_projects_of(projects: Mapping[str, Any]) -> dict[str, str]:
    """Acronym -> id of a library's projects (``Library.projects``: id -> entry with a model)."""
    return {entry.model.acronym: project_id for project_id, entry in projects.items()}


@dataclass
class _Topic:
    id: str
    title: str
    line: int
    level: int | None
    """Depth of the bullet that opened it; None for a topic opened by a heading."""
    selected_by: str | None = None
    findings: list[tuple[str, int, int]] = field(default_factory=list)
    """Markdown of each finding, its line, and the index of its block."""


@dataclass
class _Event:
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


class _Parser:
    def __init__(self, blocks: list[Block], source: str, year: int | None, known: Mapping[str, str]) -> None:
        self.blocks = blocks
        self.source = source
        self.year = year
        self.known = {acronym_key(acronym): project_id for acronym, project_id in known.items()}
        self.known.update({acronym_key(project_id): project_id for project_id in known.values()})
        self.known_ids = set(known.values())
        self.problems: list[Problem] = []
        self.unplaced: dict[int, Unplaced] = {}
        self.placed: dict[int, str] = {}
        """Block index -> the field that holds it."""
        self.lines: dict[FieldPath, int] = {}
        self.notes: dict[FieldPath, str] = {}

        self.title: str | None = None
        self.event = _Event()
        self.projects: list[str] = []
        self.new_projects: dict[str, str] = {}
        self.people: dict[str, list[dict[str, str]]] = {}
        self.objectives: list[tuple[str, int, int]] = []
        """Markdown, line and block index of each objective."""
        self.topics: list[_Topic] = []
        self.takeaways: list[tuple[str, int]] = []
        self.next_steps: list[tuple[str, int, bool]] = []
        """Markdown chunks of what happens next, their line and whether each is a list item."""
        self.resources: list[tuple[dict[str, str], int]] = []

        self.section = "intro"
        self.pending_people: str | None = None
        """The participants field of a label with nothing after it: the lines below fill it."""
        self.section_title = ""
        self.section_level: int | None = None
        self.objectives_open = False
        self.topic_intro: tuple[str, int] | None = None
        """What introduces the topics: ``("objective", its index)`` or ``("paragraph", its block)``."""
        self.topics_introduced: dict[int, list[int]] = {}
        """Objective index -> the topics it introduces."""
        self.intro_paragraphs: dict[int, int] = {}
        """Block index of a paragraph ending with ':' -> number of topics that followed it."""
        self.objectives_intros: dict[int, int] = {}
        """Block index of "The objectives ... were:" -> how many objectives came before it."""
        self.loose: list[int] = []
        """Paragraphs of the insights before any topic."""
        self.last_insight: int | None = None
        self.insights_title = ""
        """The heading of the section the last topic is in."""
        self.stories: tuple[int, int] | None = None
        """Line of the Stories heading and how many resources it had."""
        self.explicit_next_steps = False

    # --- walking the blocks -------------------------------------------------------------

    def run(self) -> None:
        if not self.blocks:
            self.problems.append(
                Problem(self.source, None, "title", "expected an event summary, got an empty document")
            )
            return
        first = self.title_index()
        for index in range(first):
            self.leave(index, "the title of the event first")
        self.read_title(first)
        for index in range(first + 1, len(self.blocks)):
            self.read(index)
        self.finish()

    def title_index(self) -> int:
        """The title: the first top-level heading before the first section, else the first block.

        A page saved as a document may start with its navigation ("Home", "News").
        """
        headings: list[tuple[int, int]] = []
        for index, block in enumerate(self.blocks):
            if words.section_of(block.text) is not None and block.kind != "item":
                break
            if block.kind == "heading":
                headings.append((block.level, index))
        return min(headings)[1] if headings else 0

    def read(self, index: int) -> None:
        block = self.blocks[index]
        kind = words.section_of(block.text) if block.kind != "item" else None
        if kind is not None or block.kind == "heading" or self.unknown_heading(block):
            self.heading(index, kind)
            return
        labelled = LABELLED.match(block.text)
        if labelled and self.section != "participants":
            inline = words.section_of(labelled.group("label"))
            if inline in ("resources", "stories", "next_steps") and labelled.group("value"):
                self.open_section(inline, block, None)
                self.place(index, f"{inline} (heading and first line)")
                self.inline_value(index, inline, labelled.group("value"))
                return
        handler = {
            "intro": self.intro,
            "participants": self.participant,
            "insights": self.insight,
            "objectives": self.insight,
            "takeaways": self.takeaway,
            "next_steps": self.next_step,
            "resources": self.resource,
            "stories": self.resource,
        }.get(self.section, self.unknown)
        handler(index)

    def place(self, index: int, where: str) -> None:
        self.placed[index] = where
        self.unplaced.pop(index, None)

    def leave(self, index: int, expected: str, text: str | None = None) -> None:
        block = self.blocks[index]
        self.unplaced[index] = Unplaced(block.line, text if text is not None else block.text, expected)

    def warn(self, line: int | None, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.source, line, field_name, message, Severity.WARNING))

    def error(self, line: int | None, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.source, line, field_name, message))

    # --- title and headings ------------------------------------------------------------

    def read_title(self, index: int) -> None:
        block = self.blocks[index]
        if words.section_of(block.text) is not None:
            self.error(
                block.line, "title", f"expected the title of the event first, got the heading {block.text!r}"
            )
            self.read(index)
            return
        self.title = block.text
        self.lines[("title",)] = block.line
        self.place(index, "title")
        prefix = TITLE_PREFIX.match(block.text)
        found = words.event_kind(prefix.group("prefix")) if prefix else None
        if found:
            self.event.kind = (found[0], found[1], block.line, "the title")
        cue = words.format_in(block.text)
        if cue:
            self.event.format = (cue[0], cue[1], block.line)

    def heading(self, index: int, kind: str | None) -> None:
        block = self.blocks[index]
        if kind is not None:
            self.open_section(kind, block, block.level if block.kind == "heading" else None)
            self.place(index, f"heading of {kind}")
            return
        explicit = block.kind == "heading"
        deeper = explicit and (self.section_level is None or block.level > self.section_level)
        if self.section in ("insights", "objectives") and deeper:
            self.new_topic(index, level=None)
            return
        if self.section == "intro":
            self.leave(index, f"a heading the importer knows ({SECTION_NAMES})")
            return
        if deeper:
            self.leave(index, f"a line of the section {self.section_title!r}")
            return
        self.open_section("unknown", block, block.level)
        self.leave(index, f"a heading the importer knows ({SECTION_NAMES})")

    def unknown_heading(self, block: Block) -> bool:
        """A short line that reads as a heading where every line has a form of its own.

        In a text file, headings are known only by their words; among the participants
        (where each line is "Label: ...") a line like "Agenda" opens a section of its own.
        """
        return (
            block.kind == "paragraph"
            and self.section == "participants"
            and self.pending_people is None
            and bool(SHORT_HEADING.match(block.text))
        )

    def open_section(self, kind: str, block: Block, level: int | None) -> None:
        self.section = kind
        self.section_title = words.heading_words(block.text)
        self.section_level = level
        self.objectives_open = kind == "objectives"
        self.topic_intro = None
        self.pending_people = None
        if kind == "stories":
            self.stories = (block.line, 0)
        if kind == "next_steps":
            self.explicit_next_steps = True
        if kind in ("insights", "objectives"):
            self.lines.setdefault(("topics",), block.line)

    def unknown(self, index: int) -> None:
        self.leave(
            index,
            f"a line under a heading the importer knows ({SECTION_NAMES}), not under {self.section_title!r}",
        )

    # --- the opening sentence ----------------------------------------------------------

    def intro(self, index: int) -> None:
        block = self.blocks[index]
        if self.event.organiser_line is not None or self.event.date_line is not None:
            self.leave(index, "the first section heading (Participants, ...) after the opening sentence")
            return
        sentences = [s for s in SENTENCE_END.split(block.text) if s.strip()]
        verb = re.compile(rf"\b(?:{words.ORGANISED})\b", re.IGNORECASE)
        chosen = next((s for s in sentences if verb.search(s)), None)
        if chosen is None:
            chosen = next((s for s in sentences if find_dates(s)), None)
        if chosen is None:
            self.leave(
                index,
                "the opening sentence saying who organised what and when "
                "('On 20 May, the ... organised a ...')",
            )
            return
        self.place(index, "date, organiser, type, format")
        self.opening_sentence(chosen, block.line, verb)
        rest = [s for s in sentences if s is not chosen]
        if rest:
            self.unplaced[index] = Unplaced(
                block.line,
                " ".join(rest),
                "only the opening sentence in the first paragraph (the others have no field)",
            )

    def opening_sentence(self, sentence: str, line: int, verb: re.Pattern[str]) -> None:
        dates = find_dates(sentence)
        if dates:
            self.event.date, self.event.date_line = dates[0], line
        match = verb.search(sentence)
        after = sentence
        if match:
            before = sentence[: match.start()]
            for written in dates:
                before = before.replace(written.text, " ")
            before = re.sub(r"^\s*(?:on|from|between)\b", "", before, flags=re.IGNORECASE)
            organiser = re.sub(r"^\s*(?:the)\s+", "", before.strip(" ,;"), flags=re.IGNORECASE).strip(" ,;")
            if organiser:
                self.event.organiser, self.event.organiser_line = organiser, line
            after = sentence[match.end() :]
        phrase = re.match(
            r"^\s*(?:an?|the|its|their)?\s*(?P<phrase>.+?)(?=\s+(?:on|about|in|at|for|with|to|between|entitled|titled"
            r"|under|around|dedicated|focused|focusing)\b|[,.(;:]|$)",
            after,
        )
        if phrase:
            kind = words.event_kind(phrase.group("phrase"))
            if kind:
                self.kind_found(kind, line, "the opening sentence")
        cue = words.format_in(sentence)
        if cue:
            self.event.format = (cue[0], cue[1], line)
        place = self.place_in(after)
        if place:
            self.event.place = (place, line)
        days = MULTI_DAY.search(sentence)
        if days:
            self.event.days = (DAYS[days.group("n").lower()], line)

    def kind_found(self, found: tuple[words.EventKind, str], line: int, where: str) -> None:
        kind, phrase = found
        current = self.event.kind
        if current is None:
            self.event.kind = (kind, phrase, line, where)
        elif current[0].type != kind.type and kind.exact:
            self.warn(
                line,
                "type",
                f"{where} says {phrase!r} and {current[3]} {current[1]!r}; imported as {current[0].type}",
            )

    @staticmethod
    def place_in(text: str) -> str | None:
        """The proper noun after ``in`` or ``at``: "a workshop in Santiago de Compostela, Spain, on ..."."""
        for match in re.finditer(r"\b(?:in|at)\s+(?:the\s+(?=[^\W\d_]))?", text):
            name: list[str] = []
            for token in text[match.end() :].split():
                word = token.rstrip(",.;:)")
                if not PLACE_WORD.fullmatch(word):
                    break
                if word[0].isupper() or (word in PLACE_LINKS and name and not name[-1].endswith(",")):
                    name.append(word)
                else:
                    break
                if token != word:
                    if not token.endswith(","):
                        break
                    name[-1] += ","  # a comma may add a country: "Évora, Portugal"
            while name and (name[-1].rstrip(",") in PLACE_LINKS or not name[-1].rstrip(",")):
                name.pop()
            if name:
                return " ".join(name).rstrip(",")
        return None

    # --- participants ------------------------------------------------------------------

    def participant(self, index: int) -> None:
        block = self.blocks[index]
        labelled = LABELLED.match(block.text)
        target = words.participant_field(labelled.group("label")) if labelled else None
        if target is not None and labelled is not None:
            self.place(index, f"participants.{target}")
            self.lines.setdefault(("participants", target), block.line)
            if target != "projects":
                self.people.setdefault(target, [])
            value = labelled.group("value").strip()
            self.pending_people = None if value else target
            if value:
                self.participants_of(target, value, block.line)
            return
        if self.pending_people is not None and (block.kind == "item" or not labelled):
            self.place(index, f"participants.{self.pending_people}")
            self.participants_of(self.pending_people, block.text, block.line)
            return
        self.leave(index, "a line 'Projects represented: ...', 'External speakers: ...' or 'Moderators: ...'")

    def participants_of(self, target: str, value: str, line: int) -> None:
        if target == "projects":
            self.lines.setdefault(("participants", "projects"), line)
            for acronym in split_projects(value):
                self.project(acronym, line)
            return
        people = self.people.setdefault(target, [])
        start = len(people)
        people.extend(parse_people(value))
        for n in range(start, len(people)):
            self.lines[("participants", target, n)] = line

    def project(self, acronym: str, line: int) -> None:
        project_id = self.known.get(acronym_key(acronym))
        if project_id is None:
            project_id = next(
                (i for i, a in self.new_projects.items() if acronym_key(a) == acronym_key(acronym)), None
            )
        if project_id is None:
            project_id = unique(slug(acronym) or "project", self.known_ids | set(self.new_projects))
            self.new_projects[project_id] = acronym
            self.warn(
                line,
                "participants.projects",
                f"expected the acronym of a known project, got {acronym!r}; "
                f"a new project projects/{project_id}.yaml is planned, its title to fill in",
            )
        if project_id not in self.projects:
            self.lines[("participants", "projects", len(self.projects))] = line
            self.projects.append(project_id)
            if project_id in self.new_projects:
                self.notes[("participants", "projects", len(self.projects) - 1)] = (
                    f"new project: fill in the title in projects/{project_id}.yaml"
                )

    # --- objectives, topics, findings --------------------------------------------------

    def insight(self, index: int) -> None:
        block = self.blocks[index]
        text = block.text
        self.last_insight = index
        self.insights_title = self.section_title
        current = self.topics[-1] if self.topics else None
        if block.kind == "item":
            if current is not None and current.level is not None and block.level <= current.level:
                self.new_topic(index, level=block.level)
            elif current is not None:
                self.finding(index)
            elif self.objectives_open and block.level == 1:
                self.objective(index, markdown(block.runs))
            else:
                self.new_topic(index, level=block.level)
            return
        sentence = words.OBJECTIVE_SENTENCE.match(text)
        if words.OBJECTIVES_INTRO.search(text) and current is None:
            self.place(index, "objectives (introduction)")
            self.objectives_open = True
            self.objectives_intros[index] = len(self.objectives)
            self.lines.setdefault(("objectives",), block.line)
            self.intro_hints(text, block.line)
        elif self.objectives_open and current is None and INFINITIVE.match(text):
            self.objective(index, markdown(block.runs))  # objectives written as paragraphs
        elif sentence and current is None:
            rest = sentence.group("rest")
            self.objective(index, escape(rest[0].upper() + rest[1:]))
            self.intro_hints(text, block.line)
        elif current is not None:
            self.finding(index)
        elif text.endswith(":"):
            self.place(index, "topics (introduction)")
            self.topic_intro = ("paragraph", index)
            self.intro_paragraphs[index] = 0
        else:
            self.loose.append(index)

    def intro_hints(self, text: str, line: int) -> None:
        """The kind of event and its format, as the objectives' introduction names them."""
        named = re.search(r"\bof the (?P<kind>[\w -]+?) (?:was|were|is|are)\b", text, re.IGNORECASE)
        if named:
            found = words.event_kind(named.group("kind"))
            if found and self.event.kind is None:
                self.event.kind = (found[0], found[1], line, "the objectives")
        cue = words.format_in(text)
        if cue and self.event.format is None:
            self.event.format = (cue[0], cue[1], line)

    def objective(self, index: int, text: str) -> None:
        block = self.blocks[index]
        self.place(index, f"objectives[{len(self.objectives)}]")
        self.lines[("objectives", len(self.objectives))] = block.line
        self.objectives.append((text, block.line, index))
        self.topic_intro = ("objective", len(self.objectives) - 1) if block.text.endswith(":") else None

    def new_topic(self, index: int, level: int | None) -> None:
        block = self.blocks[index]
        self.place(index, f"topics[{len(self.topics)}].title")
        self.last_insight = index
        title = block.text.rstrip(":").strip()
        taken = {topic.id for topic in self.topics}
        topic = _Topic(unique(short_slug(title), taken, "topic"), title, block.line, level)
        self.lines[("topics", len(self.topics))] = block.line
        if self.topic_intro is not None:
            kind, where = self.topic_intro
            intro_text = self.objectives[where][0] if kind == "objective" else self.blocks[where].text
            chosen = words.SELECTED_BY.search(intro_text)
            if chosen:
                topic.selected_by = chosen.group("by").strip()
            if kind == "objective":
                self.topics_introduced.setdefault(where, []).append(len(self.topics))
            else:
                self.intro_paragraphs[where] += 1
        self.topics.append(topic)

    def finding(self, index: int) -> None:
        block = self.blocks[index]
        topic = self.topics[-1]
        self.place(index, f"topics[{len(self.topics) - 1}].findings[{len(topic.findings)}]")
        topic.findings.append((markdown(block.runs), block.line, index))

    # --- takeaways, next steps, resources ----------------------------------------------

    def takeaway(self, index: int) -> None:
        block = self.blocks[index]
        if block.kind == "paragraph" and block.text.endswith(":") and not self.takeaways:
            self.place(index, "takeaways (introduction)")  # "The main takeaways were:"
            return
        self.place(index, f"takeaways[{len(self.takeaways)}]")
        self.lines[("takeaways", len(self.takeaways))] = block.line
        self.takeaways.append((markdown(block.runs), block.line))

    def next_step(self, index: int) -> None:
        block = self.blocks[index]
        self.place(index, "next_steps")
        self.lines.setdefault(("next_steps",), block.line)
        self.next_steps.append((markdown(block.runs), block.line, block.kind == "item"))

    def inline_value(self, index: int, kind: str, value: str) -> None:
        block = self.blocks[index]
        if kind == "next_steps":
            self.lines.setdefault(("next_steps",), block.line)
            self.next_steps.append((escape(value), block.line, False))
            return
        self.add_resources(block, value, [run for run in block.links])

    def resource(self, index: int) -> None:
        block = self.blocks[index]
        if block.text.endswith(":") and not block.links and not URL.search(block.text):
            self.place(index, "resources (introduction)")  # "Read more:"
            return
        self.place(index, f"resources[{len(self.resources)}]")
        self.add_resources(block, block.text, block.links)

    def add_resources(self, block: Block, text: str, links: list[Any]) -> None:
        found: list[dict[str, str]] = []
        hrefs = list(dict.fromkeys(run.href for run in links if run.href))
        if len(hrefs) > 1:
            for href in hrefs:
                title = plain(run for run in links if run.href == href)
                found.append({"title": title or href, "url": href})
        elif hrefs:
            link_text = plain(run for run in links)
            title = text
            if link_text.lower() in GENERIC_LINK_TEXTS or link_text == hrefs[0]:
                title = text.replace(link_text, "").strip(" :\u2013-()")
            found.append({"title": title or hrefs[0], "url": hrefs[0]})
        else:
            url = URL.search(text)
            if url:
                address = url.group(0)
                title = (text[: url.start()] + text[url.end() :]).strip(" :\u2013\u2014-()[]<>")
                title = re.sub(r"\(\s*\)|\s{2,}", " ", title).strip(" :\u2013\u2014-")
                href = address if not address.startswith("www.") else f"https://{address}"
                found.append({"title": title or address, "url": href})
            else:
                found.append({"title": text})
        for resource in found:
            self.lines[("resources", len(self.resources))] = block.line
            self.resources.append((resource, block.line))
        if self.section == "stories" and self.stories is not None:
            self.stories = (self.stories[0], self.stories[1] + len(found))

    # --- the end -----------------------------------------------------------------------

    def finish(self) -> None:
        self.closing_paragraph()
        for index in self.loose:
            if self.topics:
                self.leave(index, "a topic (a second-level bullet or a sub-heading) before the findings")
            else:
                self.place(index, f"takeaways[{len(self.takeaways)}]")
                block = self.blocks[index]
                self.lines[("takeaways", len(self.takeaways))] = block.line
                self.takeaways.append((markdown(block.runs), block.line))
                self.notes[("takeaways",)] = f"paragraphs of {self.insights_title!r}, which has no topics"
        for index, before in self.objectives_intros.items():
            if len(self.objectives) == before:
                self.placed.pop(index, None)
                self.leave(index, "objectives after a paragraph introducing them")
        for index, count in self.intro_paragraphs.items():
            if count == 0:
                self.placed.pop(index, None)
                self.leave(index, "topics after a paragraph ending with ':'")
        if self.stories is not None and self.stories[1] == 0:
            self.warn(
                self.stories[0], "resources", "expected stories under 'Stories', got none; nothing to import"
            )
        for index in range(len(self.blocks)):
            if index not in self.placed and index not in self.unplaced:
                self.leave(index, "a part of an event summary")

    def closing_paragraph(self) -> None:
        """The last paragraph of the insights is what happens next, when it reads so."""
        if self.explicit_next_steps or not self.topics or not self.topics[-1].findings:
            return
        text, line, index = self.topics[-1].findings[-1]
        block = self.blocks[index]
        if (
            block.kind != "paragraph"
            or index != self.last_insight
            or not words.NEXT_STEP_CUES.search(block.text)
        ):
            return
        self.topics[-1].findings.pop()
        self.placed[index] = "next_steps"
        self.next_steps.append((text, line, False))
        self.lines[("next_steps",)] = line
        self.notes[("next_steps",)] = (
            f"the closing paragraph of {self.insights_title!r} (line {line}); "
            "if it is a finding of the last topic, move it there"
        )

    # --- the result --------------------------------------------------------------------

    def result(self, session_id: str | None) -> SessionImport:
        data: dict[str, Any] = {"title": self.title or "TODO"}
        start, end = self.dates()
        data["date"] = start
        if end is not None:
            data["end_date"] = end
        session_type = self.session_type()
        data["type"] = session_type
        data["organiser"] = self.organiser()
        data["format"] = self.format(session_type)
        if self.event.place and data["format"] != "online":
            data["place"] = self.event.place[0]
            self.lines[("place",)] = self.event.place[1]
        participants = self.participants()
        if participants:
            data["participants"] = participants
        if self.objectives:
            data["objectives"] = self.objective_texts()
        if self.topics:
            data["topics"] = [self.topic_data(topic) for topic in self.topics]
            for t, topic in enumerate(self.topics):
                for f, (_text, line, _index) in enumerate(topic.findings):
                    self.lines[("topics", t, "findings", f)] = line
        if self.takeaways:
            data["takeaways"] = [text for text, _ in self.takeaways]
        if self.next_steps:
            data["next_steps"] = self.next_steps_text()
        if self.resources:
            data["resources"] = [resource for resource, _ in self.resources]
        data = {name: data[name] for name in Session.model_fields if name in data}
        chosen_id = session_id or self.default_id(session_type, start)
        if start is not None:
            self.validate(data)
        return SessionImport(
            source=self.source,
            id=chosen_id,
            data=data,
            lines=self.lines,
            warnings=sorted(
                (p for p in self.problems if not p.is_error), key=lambda p: (p.line or 0, p.field)
            ),
            unplaced=sorted(self.unplaced.values(), key=lambda u: u.line),
            new_projects=self.new_projects,
            notes=self.notes,
            placed=self.placed_lines(),
        )

    def placed_lines(self) -> dict[int, list[str]]:
        lines: dict[int, list[str]] = {}
        for index in sorted(self.placed):
            lines.setdefault(self.blocks[index].line, []).append(self.placed[index])
        return lines

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        written, line = self.event.date, self.event.date_line
        if written is None:
            self.error(
                self.lines.get(("title",)),
                "date",
                "expected the date of the event in the opening sentence "
                "('On 20 May 2021, the ... organised ...'), got none",
            )
            return None, None
        self.lines[("date",)] = line or 0
        year = written.known_year
        if year is None:
            year = self.year if self.year is not None else self.year_from_text(written, line)
        if year is None:
            return None, None
        try:
            start, end = written.dates(year)
        except ValueError:
            self.error(line, "date", f"expected a day that exists, got {written.text!r} in {year}")
            return None, None
        if end is None and self.event.days is not None and self.event.days[0] > 1:
            end = start + dt.timedelta(days=self.event.days[0] - 1)
        if end is not None:
            self.lines[("end_date",)] = line or 0
            if end < start:
                self.error(
                    line,
                    "end_date",
                    f"expected a last day on or after {start.isoformat()}, got {written.text!r}",
                )
                return start, None
        return start, end

    def year_from_text(self, written: Written, line: int | None) -> int | None:
        """The year of another full date in the document, else of a month and year ("June 2021")."""
        candidates: list[tuple[str, int, int]] = []
        later: list[tuple[str, int, int]] = []
        for block in self.blocks:
            for other in find_dates(block.text):
                if other.known_year is not None and not (block.line == line and other.start == written.start):
                    candidates.append((other.text, other.known_year, block.line))
            for text, found_year in find_years(block.text):
                later.append((text, found_year, block.line))
        chosen = candidates[0] if candidates else (later[0] if later else None)
        if chosen is None:
            self.error(
                line,
                "date",
                f"expected a year in {written.text!r}, got none, and no other date in the text has one; "
                "give the year (--year)",
            )
            return None
        text, year, where = chosen
        self.warn(
            line,
            "date",
            f"the year of {written.text!r} is missing; took {year} from {text!r} on line {where}",
        )
        self.notes[("date",)] = f"year taken from {text!r} (line {where}): check it"
        return year

    def session_type(self) -> str:
        kind = self.event.kind
        if kind is None:
            self.warn(
                self.lines.get(("title",)),
                "type",
                "expected the kind of event in the title ('Workshop: ...') or the opening sentence "
                "('... organised a workshop ...'), got none; imported as other",
            )
            self.notes[("type",)] = "no kind of event found: check it"
            return "other"
        event_kind, phrase, line, _where = kind
        self.lines[("type",)] = line
        if not event_kind.exact:
            others = ", ".join(t for t in SESSION_TYPES if t != "other")
            if event_kind.type == "other":
                message = f"{phrase!r} is none of {others}; imported as other"
            else:
                message = (
                    f"{phrase!r} is not one of the session types; imported as {event_kind.type}, the closest"
                )
            self.warn(line, "type", message)
            self.notes[("type",)] = f"from {phrase!r} (line {line}): check it"
        return event_kind.type

    def organiser(self) -> str:
        if self.event.organiser is None:
            line = self.event.date_line or self.lines.get(("title",))
            self.warn(
                line,
                "organiser",
                "expected who organised the event ('the ... organised a ...'), got none; set to TODO",
            )
            self.notes[("organiser",)] = "fill in who organised the event"
            return "TODO"
        self.lines[("organiser",)] = self.event.organiser_line or 0
        return self.event.organiser

    def format(self, session_type: str) -> str:
        if self.event.format is not None:
            self.lines[("format",)] = self.event.format[2]
            return self.event.format[0]
        if self.event.place is not None:
            self.lines[("format",)] = self.event.place[1]
            return "onsite"
        if session_type in words.ONLINE_BY_NATURE:
            return "online"
        line = self.event.date_line or self.lines.get(("title",))
        self.warn(
            line,
            "format",
            "expected 'online', 'hybrid', 'in person' or a place in the opening sentence, got none; "
            "imported as onsite",
        )
        self.notes[("format",)] = "the summary does not say: check it"
        return "onsite"

    def participants(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.projects or ("participants", "projects") in self.lines:
            result["projects"] = list(self.projects)
        for target in ("external_speakers", "moderators"):
            if target in self.people:
                result[target] = self.people[target]
        return result

    def objective_texts(self) -> list[str]:
        texts = []
        for n, (text, _line, _index) in enumerate(self.objectives):
            introduced = self.topics_introduced.get(n)
            if introduced:
                titles = "; ".join(escape(self.topics[t].title) for t in introduced)
                text = f"{text} {titles}."
            texts.append(text)
        return texts

    @staticmethod
    def topic_data(topic: _Topic) -> dict[str, Any]:
        data: dict[str, Any] = {"id": topic.id, "title": topic.title}
        if topic.selected_by:
            data["selected_by"] = topic.selected_by
        data["findings"] = [{"text": text} for text, _line, _index in topic.findings]
        return data

    def next_steps_text(self) -> str:
        chunks: list[str] = []
        previous_item = False
        for text, _line, is_item in self.next_steps:
            if is_item and previous_item:
                chunks[-1] += f"\n- {text}"
            else:
                chunks.append(f"- {text}" if is_item else text)
            previous_item = is_item
        return "\n\n".join(chunks)

    def default_id(self, session_type: str, start: dt.date | None) -> str:
        kind = session_type
        if session_type == "other" and self.event.kind is not None:
            kind = slug(self.event.kind[1]) or "event"
        elif session_type == "other":
            kind = "event"
        return f"{kind}-{start.isoformat()}" if start else kind

    def validate(self, data: dict[str, Any]) -> None:
        """Check the data with the Session model, so that the file written passes ``brief validate``."""
        try:
            Session.model_validate(data)
        except ValidationError as exc:
            doc = YamlDocument(path=Path(self.source), display=self.source, data=data, lines=self.lines)
            self.problems.extend(validation_problems(doc, Session, exc))
