"""Pydantic models of the source files: what each kind of YAML file may and must contain.

Every model forbids unknown keys, so a misspelt field is an error rather than silence.
Long text fields hold Markdown; they are parsed when the outline is built.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from brief_builder.richtext import allowed_link, bad_links
from brief_builder.sources.vocabulary import Display
from brief_builder.sources.vocabulary import ItemKind as IncludeKind

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _check_url(value: str) -> str:
    if not allowed_link(value):
        raise ValueError(f"expected an http, https or mailto URL, got {value!r}")
    if not value.lower().startswith("mailto:") and not re.match(r"^https?://[^/\s]+", value, re.IGNORECASE):
        raise ValueError(f"expected a URL with a host, got {value!r}")
    if re.search(r"\s", value):
        raise ValueError(f"expected a URL without spaces, got {value!r}")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Plain text that must not be empty."""


def _check_markdown(value: str) -> str:
    bad = bad_links(value)
    if bad:
        raise ValueError(f"expected links to http, https or mailto URLs, got {bad[0]!r}")
    return value


class _MarkdownField:
    """Marks the Markdown fields of the models, which ``markdown_texts`` finds."""


MARKDOWN = _MarkdownField()
Markdown = Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_markdown), MARKDOWN]
"""CommonMark text: emphasis, links, lists and paragraphs."""
Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_url)]


class SourceModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Person(SourceModel):
    name: Text
    """Full name."""
    role: Text | None = None
    """Role or job title, e.g. "thematic expert, SME competitiveness"."""
    organisation: Text | None = None
    """Organisation the person speaks for."""


class Link(SourceModel):
    title: Text
    """Text of the link, meaningful on its own."""
    url: Url | None = None
    """http, https or mailto address; leave out for material that has no link (yet)."""


# --- projects -------------------------------------------------------------------------


class Project(SourceModel):
    """A cooperation project (``sources/projects/<id>.yaml``)."""

    acronym: Text
    """Short name used in boxes and tables, e.g. "SCALE UP"."""
    title: Text
    """Full name of the project."""
    programme: Text | None = None
    """Funding programme, e.g. "Interreg Europe"."""
    url: Url | None = None
    """Project website."""
    topics: list[Text] = []
    """Topics the project works on."""


# --- sessions -------------------------------------------------------------------------


class Finding(SourceModel):
    text: Markdown
    """One insight from the discussion of a topic."""
    tags: list[Text] = []
    """Free labels for filtering findings in section rules."""


class Topic(SourceModel):
    id: Id
    """Id of the topic within the session, used by ``where: topics``."""
    title: Text
    """Title of the topic as discussed."""
    selected_by: Text | None = None
    """How the topic was chosen, e.g. "preliminary poll"."""
    findings: list[Finding] = []
    """What the participants found on this topic."""


class Participants(SourceModel):
    projects: list[Id] = []
    """Ids of the projects represented."""
    external_speakers: list[Person] = []
    """Speakers from outside the projects."""
    moderators: list[Person] = []
    """Who moderated the session, with their role."""


SessionType = Literal["community-brainstorming", "webinar", "workshop", "peer-review", "other"]


class Session(SourceModel):
    """A policy-learning event and its findings (``sources/sessions/<id>.yaml``)."""

    title: Text
    """Title of the event."""
    date: dt.date
    """Day of the event (ISO date, e.g. 2021-05-20); its first day if it lasted several."""
    end_date: dt.date | None = None
    """Last day of an event that lasted several days (ISO date); leave out for one day."""
    type: SessionType
    """Kind of event."""
    organiser: Text
    """Who organised it."""
    format: Literal["online", "onsite", "hybrid"]
    """Where it took place."""
    place: Text | None = None
    """City or venue of an onsite or hybrid event, e.g. "Lisbon"."""
    participants: Participants = Participants()
    """Who took part."""
    objectives: list[Markdown] = []
    """What the session set out to do."""
    topics: list[Topic] = []
    """Topics discussed, each with its findings."""
    takeaways: list[Markdown] = []
    """Messages to take away, across topics."""
    next_steps: Markdown | None = None
    """What happens next with the results."""
    resources: list[Link] = []
    """Further reading and related material."""

    @field_validator("end_date")
    @classmethod
    def _not_before_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("date")
        if end is not None and isinstance(start, dt.date) and end < start:
            raise ValueError(f"expected a date on or after {start.isoformat()}, got {end.isoformat()}")
        return end


# --- practices ------------------------------------------------------------------------


class Location(SourceModel):
    country: Text
    """Country name, e.g. "Italy"."""
    region: Text | None = None
    """Region, e.g. "Emilia-Romagna"."""
    city: Text | None = None
    """City, if the practice is local."""


class Timescale(SourceModel):
    start: int | dt.date | None = None
    """Year or date the practice started."""
    end: int | dt.date | None = None
    """Year or date it ended; leave out if ongoing."""


class Practice(SourceModel):
    """A good practice collected by a project (``sources/practices/<id>.yaml``)."""

    title: Text
    """Name of the practice."""
    project: Id
    """Id of the project that collected it."""
    location: Location
    """Where it is carried out."""
    summary: Markdown
    """A few sentences saying what the practice is."""
    themes: list[Text] = []
    """Broad policy themes, e.g. "SME competitiveness"."""
    topics: list[Text] = []
    """Narrower topics, e.g. "internationalisation"."""
    institution: Text | None = None
    """Main institution running the practice."""
    description: Markdown | None = None
    """Detailed description ("about this good practice")."""
    timescale: Timescale | None = None
    """When it ran."""
    resources_needed: Markdown | None = None
    """Money or staff needed, e.g. per year."""
    evidence_of_success: Markdown | None = None
    """Measured results, e.g. "755 companies co-financed"."""
    difficulties: Markdown | None = None
    """Difficulties encountered."""
    transferability: Markdown | None = None
    """Potential for learning or transfer."""
    expert_opinion: Markdown | None = None
    """The platform expert's validation note."""
    url: Url | None = None
    """Website of the practice."""
    status: Literal["submitted", "validated"] = "submitted"
    """Validation status: approved by the project, then validated by platform experts."""


# --- recommendations ------------------------------------------------------------------


class Recommendation(SourceModel):
    """A policy recommendation (``sources/recommendations/<id>.yaml``)."""

    title: Text
    """The recommendation in one line."""
    text: Markdown
    """What should happen, and why."""
    audience: list[Text] = []
    """Who should act, e.g. "regional authorities"."""
    topics: list[Text] = []
    """Topics it concerns."""
    evidence: list[Id] = []
    """Ids of the practices or sessions it rests on."""


# --- briefs ---------------------------------------------------------------------------

GroupBy = Literal["topic", "project", "country", "audience", "theme"]
OneOrMany = Text | list[Text]


class Where(SourceModel):
    """Filters of a rule; all must hold. A list matches if any of its values matches."""

    ids: OneOrMany | None = None
    """Item ids; without ``sort``, items come in the order listed here."""
    topics: OneOrMany | None = None
    """Topics (a practice's or recommendation's topics, a finding's topic id)."""
    themes: OneOrMany | None = None
    """Practice themes."""
    tags: OneOrMany | None = None
    """Finding tags."""
    projects: OneOrMany | None = None
    """Project ids (a practice's project, a session's participating projects)."""
    sessions: OneOrMany | None = None
    """Session ids (for findings, takeaways and other session content)."""
    country: OneOrMany | None = None
    """Practice country."""
    audience: OneOrMany | None = None
    """Recommendation audience."""
    status: OneOrMany | None = None
    """Practice status (submitted, validated)."""


class Rule(SourceModel):
    """One section of a brief, and what it places."""

    title: Text | None = None
    """Heading of the section; without one, the rule adds to its parent section."""
    text: Markdown | None = None
    """Markdown written for the brief itself, shown before any items."""
    role: Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None = None
    """A role the layout styles specially, e.g. ``key-messages``."""
    include: IncludeKind | None = None
    """Which kind of item this section places."""
    where: Where = Where()
    """Filters on the items."""
    sort: OneOrMany | None = None
    """Field(s) to sort by; ``-field`` for descending."""
    group_by: GroupBy | None = None
    """One sub-section per group, titled from the group."""
    limit: Annotated[int, Field(ge=1)] | None = None
    """At most this many items."""
    min: Annotated[int, Field(ge=0)] | None = None
    """At least this many items, or the brief does not compile."""
    as_: Display | None = Field(default=None, alias="as")
    """How items are shown: boxes, list, numbered, table or paragraphs."""
    sections: list[Rule] = []
    """Nested sections."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True
    )


LintSetting = bool | str | dict[str, bool | str | int | list[str]]
"""A lint rule's setting as written (checked against the rules by ``lint/config.py``)."""


class Brief(SourceModel):
    """A brief: its metadata and section rules (``sources/briefs/<id>.yaml``)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        # for editors: a brief names its title, or a session whose title it takes
        json_schema_extra={"anyOf": [{"required": ["title"]}, {"required": ["session"]}]},
    )

    title: Text | None = None
    """Title on the cover and in the document properties; without one, the session's title."""
    subtitle: Text | None = None
    """Line under the title."""
    date: dt.date | None = None
    """Publication date; without one, the session's date (when the brief names a session)."""
    status: Literal["draft", "final"] = "draft"
    """Draft or final."""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    """Language of the brief as a BCP 47 tag, e.g. en, fr, de-AT."""
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]] = []
    """Other languages to publish the brief in, e.g. ``[fr, de]``: ``brief compile`` writes
    ``BRIEF.fr.pdf`` beside ``BRIEF.pdf``, from the translations in ``translations/fr/``."""
    layout: Id = "policy-brief"
    """Layout to render with (a folder of ``layouts/``)."""
    authors: list[Person] = []
    """Who wrote it."""
    session: Id | None = None
    """The session an event summary reports on; session content defaults to it, and so do the
    title and date."""
    keywords: list[Text] = []
    """Keywords for the document properties."""
    disclaimer: Markdown | None = None
    """Closing legal text, e.g. the EU funding disclaimer."""
    theme: dict[str, str | int | float] = {}
    """Theme values of the layout this brief overrides, e.g. ``primary: "#00594f"``."""
    sections: Annotated[list[Rule], Field(min_length=1)] | None = None
    """Section rules, in order; without them, the layout's (``event-summary`` has them)."""
    lint: dict[str, LintSetting] = {}
    """House rules of ``brief lint`` set for this brief: ``rule-id: off``, ``error`` or ``warning``, or
    a mapping of ``severity`` and the rule's options, e.g. ``sentence-length: {max: 30}``."""


class LayoutRules(SourceModel):
    """The ``sections`` of a ``layout.yaml``: the rules of the briefs that have none of their own."""

    sections: Annotated[list[Rule], Field(min_length=1)]
    """Section rules, in order, written as in a brief."""


KINDS: dict[str, type[SourceModel]] = {
    "projects": Project,
    "sessions": Session,
    "practices": Practice,
    "recommendations": Recommendation,
    "briefs": Brief,
}
"""Each folder of ``sources/`` and the model its files follow."""


def markdown_texts(
    model: type[BaseModel], data: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every Markdown text of ``data`` (a file read for ``model``, valid or not) and its field's path."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in data:
            yield from _texts(info.annotation, tuple(info.metadata), data[key], (*path, key))


def _texts(
    annotation: Any, metadata: tuple[Any, ...], value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    origin = get_origin(annotation)
    if any(mark is MARKDOWN for mark in metadata):
        if isinstance(value, str):
            yield path, value
    elif origin is Annotated:
        inner, *marks = get_args(annotation)
        yield from _texts(inner, tuple(marks), value, path)
    elif origin in (Union, types.UnionType):
        found = dict(item for arg in get_args(annotation) for item in _texts(arg, (), value, path))
        yield from found.items()
    elif origin is list and isinstance(value, list):
        (item_type,) = get_args(annotation)
        for index, item in enumerate(value):
            yield from _texts(item_type, (), item, (*path, index))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from markdown_texts(annotation, value, path)
