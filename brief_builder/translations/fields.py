"""Turn a source item's data into its translatable fields, and name each by a unit key.

One table says which texts a reader sees: the fields the rules put into outlines. A unit
key is ``<kind>/<id>:<field path>`` (``practices/go4export:summary``,
``sessions/x:topics[1].findings[0].text``) for the texts of one item, and
``terms/<vocabulary>:<term>`` for the values that rules also filter and group by (topics,
themes, audiences, countries): a term is translated once for the whole library, so that
every item of a group keeps one heading and every filter keeps matching the same items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from brief_builder.sources.yaml import FieldPath, dotted, parse_dotted

ITEM_KINDS = ("briefs", "sessions", "practices", "recommendations", "projects")
"""Source kinds whose items have translatable texts, in the order units are listed."""
TERMS = "terms"
VOCABULARIES = ("topics", "themes", "audience", "countries")
"""Term vocabularies. ``topics`` is shared by practices, projects and recommendations, as rules are."""

TERM_FIELDS: dict[str, dict[tuple[str, ...], str]] = {
    "practices": {("topics",): "topics", ("themes",): "themes", ("location", "country"): "countries"},
    "recommendations": {("topics",): "topics", ("audience",): "audience"},
    "projects": {("topics",): "topics"},
}
"""Kind -> field (without list indexes) -> the vocabulary of its values."""

GROUPING_VOCABULARY = {"topic": "topics", "theme": "themes"}
"""``group_by`` values whose headings are terms that are shown only when a rule groups by them."""
SHOWN_VOCABULARIES = {"practices": ("countries",), "recommendations": ("audience",)}
"""Vocabularies every placed item shows (a practice's location, a recommendation's audience)."""

WHERE_VOCABULARY = {"topics": "topics", "themes": "themes", "audience": "audience", "country": "countries"}
"""Filters of a rule (``where``) whose values are terms, for the kinds in TERM_KINDS."""
TERM_KINDS = ("practices", "recommendations", "projects")
"""Kinds whose ``where.topics`` are terms (for findings they are topic ids)."""

KEY = re.compile(r"^(?P<kind>[a-z]+)/(?P<item>[^:/\s]+):(?P<field>.+)$", re.DOTALL)
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""An item id, as ``sources.models.ID_PATTERN`` says (a test checks they agree: the models load pydantic)."""
WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<[a-z]+:[^>]*>|https?://\S+")


@dataclass(frozen=True)
class Field:
    """One translatable text of an item, as it stands in the source."""

    path: FieldPath
    text: str
    markdown: bool
    shown_by: tuple[str, ...]
    """What places it: the ids of the outline items that show it (a session's findings,
    objectives, ...), ``item`` for the item itself, ``citation`` for its title cited by a
    recommendation, ``brief`` for a brief's own texts."""


def item_key(kind: str, item: str, path: FieldPath) -> str:
    return f"{kind}/{item}:{dotted(path)}"


def term_key(vocabulary: str, term: str) -> str:
    return f"{TERMS}/{vocabulary}:{term}"


@dataclass(frozen=True)
class Key:
    """A unit key taken apart: ``kind``, ``item`` (an id or a vocabulary) and ``field`` (a path or a term)."""

    kind: str
    item: str
    field: str
    path: FieldPath = ()
    """The field path of an item unit; empty for a term."""

    @property
    def is_term(self) -> bool:
        return self.kind == TERMS


def parse_key(key: str) -> Key | str:
    """The parts of a unit key, or what is wrong with it (``expected ..., got ...``)."""
    match = KEY.match(key)
    if match is None:
        return f"expected a unit key like practices/<id>:<field> or terms/topics:<term>, got {key!r}"
    kind, item, field = match["kind"], match["item"], match["field"]
    if kind == TERMS:
        if item not in VOCABULARIES:
            return f"expected a vocabulary of terms ({', '.join(VOCABULARIES)}), got {item!r} in {key!r}"
        if field != field.strip() or not field:
            return f"expected a term without surrounding spaces, got {key!r}"
        return Key(kind, item, field)
    if kind not in ITEM_KINDS:
        return f"expected a kind of source ({', '.join(ITEM_KINDS)}, {TERMS}), got {kind!r} in {key!r}"
    if not ID.match(item):
        return f"expected an id of lowercase letters, digits and hyphens, got {item!r} in {key!r}"
    path = parse_dotted(field)
    if path is None or not is_translatable(kind, path):
        return (
            f"expected a translatable field of {kind} ({', '.join(SHAPES[kind])}), got {field!r} in {key!r}"
        )
    return Key(kind, item, field, path)


SHAPES: dict[str, tuple[str, ...]] = {
    "briefs": (
        "title",
        "subtitle",
        "authors[].role",
        "authors[].organisation",
        "keywords[]",
        "disclaimer",
        "sections[]...title",
        "sections[]...text",
    ),
    "sessions": (
        "title",
        "organiser",
        "objectives[]",
        "topics[].title",
        "topics[].findings[].text",
        "takeaways[]",
        "next_steps",
        "resources[].title",
        "participants.external_speakers[].role",
        "participants.external_speakers[].organisation",
        "participants.moderators[].role",
        "participants.moderators[].organisation",
    ),
    "practices": ("title", "summary", "location.region", "location.city", "evidence_of_success"),
    "recommendations": ("title", "text"),
    "projects": ("title", "programme"),
}
"""The translatable fields of each kind: the texts the rules put into outlines. Names,
acronyms, ids, URLs and dates are not translated; a practice's description and the other
fields no rule shows are not units until a rule shows them."""


def _shape(path: FieldPath) -> str:
    text = dotted(tuple("[]" if isinstance(part, int) else part for part in path))
    return text.replace(".[]", "[]")


def is_translatable(kind: str, path: FieldPath) -> bool:
    shape = _shape(path)
    if kind == "briefs":
        nested = re.fullmatch(r"(?:sections\[\]\.)+(title|text)", shape)
        if nested:
            return True
    return shape in SHAPES[kind]


def normalised(text: str) -> str:
    """A source text as a unit holds it: without the leading and trailing blank space YAML leaves."""
    return text.strip()


def word_count(text: str) -> int:
    """Words of a text as translators count them: runs of letters and digits, link targets left out."""
    return len(WORD.findall(LINK_TARGET.sub(" ", text)))


# --- walking an item's data ------------------------------------------------------------


def item_fields(kind: str, item: str, data: Mapping[str, Any]) -> Iterator[Field]:
    """Every translatable field of one item, in the order of its kind's table."""
    yield from WALKERS[kind](item, data)


def _text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    return value if isinstance(value, str) and value.strip() else None


def _list(data: Any, name: str) -> list[Any]:
    value = data.get(name) if isinstance(data, Mapping) else None
    return value if isinstance(value, list) else []


def _map(data: Any, name: str) -> Mapping[str, Any]:
    value = data.get(name) if isinstance(data, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _people(base: FieldPath, people: list[Any], shown_by: tuple[str, ...]) -> Iterator[Field]:
    for n, person in enumerate(people):
        if isinstance(person, Mapping):
            for name in ("role", "organisation"):
                if text := _text(person, name):
                    yield Field((*base, n, name), text, False, shown_by)


def _briefs(item: str, data: Mapping[str, Any]) -> Iterator[Field]:
    shown = ("brief",)
    for name in ("title", "subtitle"):
        if text := _text(data, name):
            yield Field((name,), text, False, shown)
    yield from _people(("authors",), _list(data, "authors"), shown)
    for n, keyword in enumerate(_list(data, "keywords")):
        if isinstance(keyword, str) and keyword.strip():
            yield Field(("keywords", n), keyword, False, shown)
    if text := _text(data, "disclaimer"):
        yield Field(("disclaimer",), text, True, shown)
    yield from _rules(("sections",), _list(data, "sections"))


TITLE_OF_BRIEF = "brief-title"
"""What shows a session's title as the title of a brief that names the session and has none."""


def _rules(base: FieldPath, rules: list[Any]) -> Iterator[Field]:
    for n, rule in enumerate(rules):
        if not isinstance(rule, Mapping):
            continue
        if text := _text(rule, "title"):
            yield Field((*base, n, "title"), text, False, ("brief",))
        if text := _text(rule, "text"):
            yield Field((*base, n, "text"), text, True, ("brief",))
        yield from _rules((*base, n, "sections"), _list(rule, "sections"))


def _sessions(item: str, data: Mapping[str, Any]) -> Iterator[Field]:
    if text := _text(data, "title"):
        yield Field(("title",), text, False, ("citation", TITLE_OF_BRIEF))
    if text := _text(data, "organiser"):
        yield Field(("organiser",), text, False, (f"{item}/organiser",))
    for n, text in enumerate(_list(data, "objectives")):
        if isinstance(text, str) and text.strip():
            yield Field(("objectives", n), text, True, (f"{item}/objective-{n + 1}",))
    for t, topic in enumerate(_list(data, "topics")):
        if not isinstance(topic, Mapping):
            continue
        findings = [f for f in _list(topic, "findings") if isinstance(f, Mapping)]
        shown = tuple(f"{item}/{topic.get('id')}/{f + 1}" for f in range(len(findings)))
        if text := _text(topic, "title"):
            yield Field(("topics", t, "title"), text, False, shown)
        for f, finding in enumerate(findings):
            if text := _text(finding, "text"):
                yield Field(("topics", t, "findings", f, "text"), text, True, (shown[f],))
    for n, text in enumerate(_list(data, "takeaways")):
        if isinstance(text, str) and text.strip():
            yield Field(("takeaways", n), text, True, (f"{item}/takeaway-{n + 1}",))
    if text := _text(data, "next_steps"):
        yield Field(("next_steps",), text, True, (f"{item}/next-steps",))
    for n, link in enumerate(_list(data, "resources")):
        if isinstance(link, Mapping) and (text := _text(link, "title")):
            yield Field(("resources", n, "title"), text, False, (f"{item}/resource-{n + 1}",))
    participants = _map(data, "participants")
    for name, suffix in (("external_speakers", "external-speakers"), ("moderators", "moderators")):
        yield from _people(("participants", name), _list(participants, name), (f"{item}/{suffix}",))


Walker = Callable[[str, Mapping[str, Any]], Iterator[Field]]


def _simple(*fields: tuple[tuple[str, ...], bool], cited: bool = False) -> Walker:
    """A walker over fixed fields ``(path, is Markdown)``; ``cited``: the title also shows in citations."""

    def walk(item: str, data: Mapping[str, Any]) -> Iterator[Field]:
        for path, markdown in fields:
            holder: Any = data
            for name in path[:-1]:
                holder = _map(holder, name)
            if text := _text(holder, path[-1]):
                shown = ("item", "citation") if cited and path == ("title",) else ("item",)
                yield Field(path, text, markdown, shown)

    return walk


WALKERS: dict[str, Walker] = {
    "briefs": _briefs,
    "sessions": _sessions,
    "practices": _simple(
        (("title",), False),
        (("summary",), True),
        (("location", "region"), False),
        (("location", "city"), False),
        (("evidence_of_success",), True),
        cited=True,
    ),
    "recommendations": _simple((("title",), False), (("text",), True)),
    "projects": _simple((("title",), False), (("programme",), False)),
}


def item_terms(kind: str, data: Mapping[str, Any]) -> Iterator[tuple[str, FieldPath, str]]:
    """``(vocabulary, field path, term)`` of every term an item holds."""
    for field, vocabulary in TERM_FIELDS.get(kind, {}).items():
        holder: Any = data
        for name in field[:-1]:
            holder = _map(holder, name)
        value = holder.get(field[-1]) if isinstance(holder, Mapping) else None
        if isinstance(value, str) and value.strip():
            yield vocabulary, field, normalised(value)
        elif isinstance(value, list):
            for n, term in enumerate(value):
                if isinstance(term, str) and term.strip():
                    yield vocabulary, (*field, n), normalised(term)
