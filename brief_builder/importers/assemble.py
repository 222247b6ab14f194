"""Turn what the parser placed into a session's data, checked by the Session model: the SessionImport."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from brief_builder.importers import vocabulary as words
from brief_builder.importers.dates import Written, find_dates, find_years
from brief_builder.importers.richtext import escape
from brief_builder.importers.session_data import (
    SESSION_TYPES,
    SessionImport,
    Topic,
)
from brief_builder.importers.slugs import slug
from brief_builder.sources.messages import validation_problems
from brief_builder.sources.models import Session
from brief_builder.sources.yaml import YamlDocument


class SessionAssembly:
    """The part of the parser that assembles the session's data once every block is placed."""

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
    def topic_data(topic: Topic) -> dict[str, Any]:
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
