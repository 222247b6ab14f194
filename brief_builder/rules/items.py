"""Turn library entries into candidates that rules filter, sort and group, each with its outline item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from brief_builder.dates import format_date_range
from brief_builder.outline import Citation, Fact, Item, Paragraph, Provenance, Run, person_text
from brief_builder.richtext import to_plain, to_rich
from brief_builder.sources.library import Entry, Library
from brief_builder.sources.yaml import dotted

DEFAULT_LABELS = {
    "project": "Project",
    "location": "Location",
    "timescale": "Timescale",
    "results": "Results",
    "audience": "Audience",
    "website": "Website",
    "acronym": "Acronym",
    "title": "Title",
    "programme": "Programme",
    "projects_represented": "Projects represented",
    "external_speakers": "External speakers",
    "moderators": "Moderators",
    "none": "none",
    "session": "Session",
    "date": "Date",
    "session_type": "Event",
    "format": "Format",
    "organiser": "Organiser",
    "place": "Place",
    "topic": "Topic",
    "finding": "Finding",
    "objective": "Objective",
    "next_step": "Next step",
    "resource": "Resource",
}


@dataclass(frozen=True)
class Candidate:
    """An item a rule may place, with the values its filters, sorts and groups look at.

    The outline item (Markdown parsed, facts labelled) is built only when a rule places
    it: a brief uses a few items of a library of thousands.
    """

    id: str
    make: Callable[[], Item]
    """Builds the outline item."""
    attrs: Mapping[str, tuple[str, ...]]
    """Filter name (``topics``, ``country``, ...) -> the item's values."""
    sort: Mapping[str, Any]
    """Sort field -> key."""
    groups: Mapping[str, tuple[tuple[str, str], ...]]
    """``group_by`` value -> the item's groups as ``(key, title)``."""
    order: tuple[Any, ...] = field(default=())
    """Position in the default order."""

    @cached_property
    def item(self) -> Item:
        return self.make()


Labels = Mapping[str, str]


def candidates(library: Library, kind: str, labels: Labels, language: str = "en") -> list[Candidate]:
    """Every item of ``kind`` in the library, in default order, worded in ``language``."""
    label = Labeller(labels, language)
    found = list(BUILDERS[kind](library, label))
    return sorted(found, key=lambda c: c.order)


FIRST_COLUMNS = {
    "projects": "acronym",
    "findings": "finding",
    "objectives": "objective",
    "next_steps": "next_step",
    "resources": "resource",
}
"""The label heading a table's first column, by kind: the title, else what the row shows (items
without a title show their text there)."""


def first_column(kind: str, labels: Labels) -> str:
    """Header of the title column of a table of ``kind``."""
    return _labeller(labels)(FIRST_COLUMNS.get(kind, "title"))


@dataclass(frozen=True)
class Labeller:
    """The layout's fixed texts in the brief's language, with English defaults."""

    labels: Labels
    language: str = "en"
    """The brief's language: dates are written in it."""

    def __call__(self, key: str) -> str:
        return self.labels.get(key) or DEFAULT_LABELS.get(key, key)

    def date(self, value: dt.date, end: dt.date | None = None) -> str:
        """``20 May 2021`` (or ``22-23 November 2018``, to ``end``) in the brief's language (CLDR),
        unless the labels override dates."""
        return format_date_range(value, end, self.language, self.labels)

    def value(self, prefix: str, value: str) -> str:
        """A choice from a fixed list in words: the label ``<prefix>_<value>``, else the value itself."""
        return self.labels.get(f"{prefix}_{value}") or value.replace("-", " ").replace("_", " ").capitalize()


def _labeller(labels: Labels) -> Labeller:
    return Labeller(labels)


def _source(entry: Entry, *path: str | int) -> Provenance:
    return Provenance(path=entry.path, line=entry.line(*path) if path else 1)


def _field(entry: Entry, *path: str | int) -> Provenance:
    """Where the field at ``path`` of ``entry``'s file is, named as problems name it."""
    return Provenance(path=entry.path, line=entry.line(*path), field=dotted(path, entry.doc.data))


def _title_key(text: str) -> str:
    return text.casefold()


def _practices(library: Library, label: Labeller) -> Iterator[Candidate]:
    for entry in library.practices.values():
        p = entry.model
        project = library.projects.get(p.project)
        acronym = project.model.acronym if project else p.project
        yield Candidate(
            id=entry.id,
            make=partial(_practice_item, entry, acronym, label),
            attrs={
                "ids": (entry.id,),
                "topics": tuple(p.topics),
                "themes": tuple(p.themes),
                "projects": (p.project,),
                "country": (p.location.country,),
                "status": (p.status,),
            },
            sort={
                "title": _title_key(p.title),
                "id": entry.id,
                "country": p.location.country,
                "project": acronym.casefold(),
                "start": str(p.timescale.start if p.timescale else ""),
            },
            groups={
                "topic": tuple((t, t) for t in p.topics),
                "theme": tuple((t, t) for t in p.themes),
                "project": ((p.project, acronym),),
                "country": ((p.location.country, p.location.country),),
            },
            order=(_title_key(p.title), entry.id),
        )


def _practice_item(entry: Entry, acronym: str, label: Labeller) -> Item:
    p = entry.model
    place = ", ".join(part for part in (p.location.city, p.location.region, p.location.country) if part)
    facts = [
        Fact(label=label("project"), text=acronym, source=_field(entry, "project")),
        Fact(label=label("location"), text=place, source=_field(entry, "location")),
    ]
    if p.timescale and (p.timescale.start or p.timescale.end):
        span = _span(p.timescale.start, p.timescale.end)
        facts.append(Fact(label=label("timescale"), text=span, source=_field(entry, "timescale")))
    if p.evidence_of_success:
        results = to_plain(p.evidence_of_success)
        facts.append(Fact(label=label("results"), text=results, source=_field(entry, "evidence_of_success")))
    if p.url:
        facts.append(Fact(label=label("website"), text=_host(p.url), href=p.url, source=_field(entry, "url")))
    return Item(
        kind="practices",
        id=entry.id,
        title=p.title,
        body=to_rich(p.summary),
        facts=facts,
        url=p.url,
        source=_source(entry),
        sources={"title": _field(entry, "title"), "body": _field(entry, "summary")},
    )


def _recommendations(library: Library, label: Labeller) -> Iterator[Candidate]:
    for entry in library.recommendations.values():
        r = entry.model
        yield Candidate(
            id=entry.id,
            make=partial(_recommendation_item, library, entry, label),
            attrs={"ids": (entry.id,), "topics": tuple(r.topics), "audience": tuple(r.audience)},
            sort={"title": _title_key(r.title), "id": entry.id},
            groups={
                "topic": tuple((t, t) for t in r.topics),
                "audience": tuple((a, a) for a in r.audience),
            },
            order=(_title_key(r.title), entry.id),
        )


def _recommendation_item(library: Library, entry: Entry, label: Labeller) -> Item:
    r = entry.model
    audience = Fact(label=label("audience"), text="; ".join(r.audience), source=_field(entry, "audience"))
    citations = [_citation(library, cited) for cited in r.evidence]
    return Item(
        kind="recommendations",
        id=entry.id,
        title=r.title,
        body=to_rich(r.text),
        facts=[audience] if r.audience else [],
        citations=[c for c in citations if c],
        source=_source(entry),
        sources={"title": _field(entry, "title"), "body": _field(entry, "text")},
    )


def _citation(library: Library, cited: str) -> Citation | None:
    if cited in library.practices:
        practice = library.practices[cited].model
        return Citation(id=cited, kind="practices", title=practice.title, href=practice.url)
    if cited in library.sessions:
        session = library.sessions[cited].model
        return Citation(id=cited, kind="sessions", title=f"{session.title} ({session.date.isoformat()})")
    return None


def _projects(library: Library, label: Labeller) -> Iterator[Candidate]:
    for entry in library.projects.values():
        p = entry.model
        facts = [Fact(label=label("title"), text=p.title, source=_field(entry, "title"))]
        if p.programme:
            facts.append(Fact(label=label("programme"), text=p.programme, source=_field(entry, "programme")))
        if p.url:
            website = Fact(label=label("website"), text=_host(p.url), href=p.url, source=_field(entry, "url"))
            facts.append(website)
        yield Candidate(
            id=entry.id,
            make=partial(
                Item,
                kind="projects",
                id=entry.id,
                title=p.acronym,
                facts=facts,
                url=p.url,
                source=_source(entry),
                sources={"title": _field(entry, "acronym")},
            ),
            attrs={"ids": (entry.id,), "topics": tuple(p.topics), "projects": (entry.id,)},
            sort={"title": _title_key(p.acronym), "id": entry.id, "project": _title_key(p.acronym)},
            groups={"topic": tuple((t, t) for t in p.topics)},
            order=(_title_key(p.acronym), entry.id),
        )


def _session_attrs(entry: Entry, item_id: str, **extra: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {
        "ids": (item_id,),
        "sessions": (entry.id,),
        "projects": tuple(entry.model.participants.projects),
        **extra,
    }


def _session_order(entry: Entry, *position: int) -> tuple[Any, ...]:
    return (entry.model.date.isoformat(), entry.id, *position)


def _findings(library: Library, label: Labeller) -> Iterator[Candidate]:
    for entry in library.sessions.values():
        s = entry.model
        for t, topic in enumerate(s.topics):
            for f, finding in enumerate(topic.findings):
                item_id = f"{entry.id}/{topic.id}/{f + 1}"
                yield Candidate(
                    id=item_id,
                    make=partial(
                        _text_item,
                        "findings",
                        item_id,
                        finding.text,
                        _source(entry, "topics", t, "findings", f),
                        _field(entry, "topics", t, "findings", f, "text"),
                    ),
                    attrs=_session_attrs(entry, item_id, topics=(topic.id,), tags=tuple(finding.tags)),
                    sort={"date": s.date.isoformat(), "id": item_id, "title": _title_key(topic.title)},
                    groups={"topic": ((f"{entry.id}/{topic.id}", topic.title),)},
                    order=_session_order(entry, t, f),
                )


def _text_item(kind: str, item_id: str, text: str, source: Provenance, body: Provenance) -> Item:
    """An item whose body is one Markdown text of a session (a finding, an objective, ...)."""
    return Item(kind=kind, id=item_id, body=to_rich(text), source=source, sources={"body": body})


def _session_texts(
    kind: str, field_name: str, prefix: str
) -> Callable[[Library, Labeller], Iterator[Candidate]]:
    """Builder of candidates for a session's list of Markdown texts (objectives, takeaways)."""

    def build(library: Library, label: Labeller) -> Iterator[Candidate]:
        for entry in library.sessions.values():
            for n, text in enumerate(getattr(entry.model, field_name)):
                item_id = f"{entry.id}/{prefix}-{n + 1}"
                yield Candidate(
                    id=item_id,
                    make=partial(
                        _text_item,
                        kind,
                        item_id,
                        text,
                        _source(entry, field_name, n),
                        _field(entry, field_name, n),
                    ),
                    attrs=_session_attrs(entry, item_id),
                    sort={"date": entry.model.date.isoformat(), "id": item_id},
                    groups={},
                    order=_session_order(entry, n),
                )

    return build


def _next_steps(library: Library, label: Labeller) -> Iterator[Candidate]:
    for entry in library.sessions.values():
        if entry.model.next_steps:
            item_id = f"{entry.id}/next-steps"
            yield Candidate(
                id=item_id,
                make=partial(
                    _text_item,
                    "next_steps",
                    item_id,
                    entry.model.next_steps,
                    _source(entry, "next_steps"),
                    _field(entry, "next_steps"),
                ),
                attrs=_session_attrs(entry, item_id),
                sort={"date": entry.model.date.isoformat(), "id": item_id},
                groups={},
                order=_session_order(entry),
            )


def _resources(library: Library, label: Labeller) -> Iterator[Candidate]:
    for entry in library.sessions.values():
        for n, link in enumerate(entry.model.resources):
            item_id = f"{entry.id}/resource-{n + 1}"
            body = [Paragraph(runs=[Run(text=link.title, href=link.url)])]
            yield Candidate(
                id=item_id,
                make=partial(
                    Item,
                    kind="resources",
                    id=item_id,
                    body=body,
                    url=link.url,
                    source=_source(entry, "resources", n),
                    sources={"body": _field(entry, "resources", n, "title")},
                ),
                attrs=_session_attrs(entry, item_id),
                sort={"date": entry.model.date.isoformat(), "id": item_id, "title": _title_key(link.title)},
                groups={},
                order=_session_order(entry, n),
            )


def _details(library: Library, label: Labeller) -> Iterator[Candidate]:
    """Each session's date (or dates), kind of event, format, place and organiser, one item each."""
    for entry in library.sessions.values():
        session = entry.model
        rows = [
            ("date", label("date"), label.date(session.date, session.end_date)),
            ("type", label("session_type"), label.value("type", session.type)),
            ("format", label("format"), label.value("format", session.format)),
            *([("place", label("place"), session.place)] if session.place else []),
            ("organiser", label("organiser"), session.organiser),
        ]
        for n, (key, title, text) in enumerate(rows):
            item_id = f"{entry.id}/{key}"
            yield Candidate(
                id=item_id,
                make=partial(
                    Item,
                    kind="details",
                    id=item_id,
                    title=title,
                    body=[Paragraph(runs=[Run(text=text)])],
                    source=_source(entry, key),
                    sources={"body": _field(entry, key)},
                ),
                attrs=_session_attrs(entry, item_id),
                sort={"date": session.date.isoformat(), "id": item_id},
                groups={},
                order=_session_order(entry, n),
            )


def _participants(library: Library, label: Labeller) -> Iterator[Candidate]:
    for entry in library.sessions.values():
        people = entry.model.participants
        acronyms = [
            library.projects[p].model.acronym if p in library.projects else p for p in people.projects
        ]
        rows = [
            ("projects", label("projects_represented"), ", ".join(acronyms), "participants", "projects"),
            (
                "external-speakers",
                label("external_speakers"),
                "; ".join(_person(p) for p in people.external_speakers),
                "participants",
                "external_speakers",
            ),
            (
                "moderators",
                label("moderators"),
                "; ".join(_person(p) for p in people.moderators),
                "participants",
                "moderators",
            ),
        ]
        for n, (suffix, title, text, *path) in enumerate(rows):
            item_id = f"{entry.id}/{suffix}"
            body = [Paragraph(runs=[Run(text=text or label("none"))])]
            yield Candidate(
                id=item_id,
                make=partial(
                    Item,
                    kind="participants",
                    id=item_id,
                    title=title,
                    body=body,
                    source=_source(entry, *path),
                    sources={"body": _field(entry, *path)},
                ),
                attrs=_session_attrs(entry, item_id),
                sort={"date": entry.model.date.isoformat(), "id": item_id},
                groups={},
                order=_session_order(entry, n),
            )


def _person(person: Any) -> str:
    return person_text(person.name, person.role, person.organisation)


def _span(start: Any, end: Any) -> str:
    first = str(getattr(start, "year", start)) if start else ""
    last = str(getattr(end, "year", end)) if end else ""
    if first and last:
        return first if first == last else f"{first}\u2013{last}"
    return f"{first}\u2013" if first else f"\u2013{last}"


def _host(url: str) -> str:
    """``https://www.example.org/a/b`` -> ``example.org/a/b``: a short, readable link text."""
    text = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return text.removeprefix("mailto:")


BUILDERS: dict[str, Callable[[Library, Labeller], Iterator[Candidate]]] = {
    "practices": _practices,
    "recommendations": _recommendations,
    "projects": _projects,
    "findings": _findings,
    "takeaways": _session_texts("takeaways", "takeaways", "takeaway"),
    "objectives": _session_texts("objectives", "objectives", "objective"),
    "participants": _participants,
    "details": _details,
    "next_steps": _next_steps,
    "resources": _resources,
}
