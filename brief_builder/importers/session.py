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

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brief_builder.errors import Problem, ProblemsError, Severity, UsageError
from brief_builder.importers import vocabulary as words
from brief_builder.importers.assemble import SessionAssembly
from brief_builder.importers.blocks import Block
from brief_builder.importers.opening import OpeningReader
from brief_builder.importers.people import acronym_key
from brief_builder.importers.readers import read_blocks
from brief_builder.importers.richtext import escape, markdown, plain
from brief_builder.importers.session_data import (
    GENERIC_LINK_TEXTS,
    INFINITIVE,
    LABELLED,
    SECTION_NAMES,
    SHORT_HEADING,
    TITLE_PREFIX,
    URL,
    Event,
    SessionImport,
    Topic,
    Unplaced,
)
from brief_builder.importers.slugs import short_slug, unique
from brief_builder.sources.models import ID_PATTERN
from brief_builder.sources.yaml import FieldPath


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


class _Parser(OpeningReader, SessionAssembly):
    """Walks the blocks once, placing each; the opening sentence, participants and the result
    are read and assembled by the two mixins."""

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
        self.event = Event()
        self.projects: list[str] = []
        self.new_projects: dict[str, str] = {}
        self.people: dict[str, list[dict[str, str]]] = {}
        self.objectives: list[tuple[str, int, int]] = []
        """Markdown, line and block index of each objective."""
        self.topics: list[Topic] = []
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
        topic = Topic(unique(short_slug(title), taken, "topic"), title, block.line, level)
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
