"""Turn the opening sentence and the participants of an event summary into what they say of the event."""

from __future__ import annotations

import re

from brief_builder.importers import vocabulary as words
from brief_builder.importers.dates import find_dates
from brief_builder.importers.people import acronym_key, parse_people, split_projects
from brief_builder.importers.session_data import (
    DAYS,
    LABELLED,
    MULTI_DAY,
    PLACE_LINKS,
    PLACE_WORD,
    SENTENCE_END,
    Unplaced,
)
from brief_builder.importers.slugs import slug, unique


class OpeningReader:
    """The part of the parser that reads the opening sentence (date, organiser, kind, format,
    place) and the participants (projects, speakers, moderators)."""

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
