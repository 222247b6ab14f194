"""Turn a library and what a brief's rules placed into the translation units that brief needs.

A unit is one source text a reader of the brief sees, named by its key (see ``fields``),
with the file and line where the source text stands. Only the source documents' data and
line numbers are used (``library.documents``), never the models, so ``read_documents``
can read just the files some briefs show instead of the whole library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as default
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from brief_builder.cldr import locale, territory_code
from brief_builder.errors import Problem, Severity, relative
from brief_builder.sources.yaml import FieldPath, YamlDocument, dotted, read_yaml
from brief_builder.translations.fields import (
    GROUPING_VOCABULARY,
    ID,
    ITEM_KINDS,
    SHOWN_VOCABULARIES,
    TERMS,
    TITLE_OF_BRIEF,
    VOCABULARIES,
    Key,
    item_fields,
    item_key,
    item_terms,
    normalised,
    parse_key,
    term_key,
    word_count,
)
from brief_builder.translations.fields import Field as SourceField

if TYPE_CHECKING:
    from brief_builder.sources.library import Library
    from brief_builder.sources.snapshot import Snapshot
    from brief_builder.translations.catalog import Catalog

SESSION_KINDS = ("findings", "takeaways", "objectives", "participants", "next_steps", "resources", "details")
"""Kinds of placed item that come from sessions (their ids start with the session's id)."""


@dataclass(frozen=True)
class Unit:
    """One translatable source text: its key, the text, and where it stands."""

    key: str
    source: str
    """The source text (Markdown kept as Markdown), without surrounding blank space."""
    path: str
    """The source file as shown in messages: ``sources/practices/go4export.yaml``."""
    line: int | None
    field: str
    """The field path in that file, ``topics[0].findings[1].text`` (a term: where it is first met)."""
    markdown: bool
    kind: str
    """``briefs``, ``sessions``, ``practices``, ``recommendations``, ``projects`` or ``terms``."""
    item: str
    """The item's id (a term: its vocabulary)."""
    order: int
    """Position among the units of its item (its PO file lists them in this order)."""

    @property
    def words(self) -> int:
        return word_count(self.source)

    @property
    def location(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    @property
    def sort_key(self) -> tuple[int, str, int, str]:
        kind = ITEM_KINDS.index(self.kind) if self.kind in ITEM_KINDS else len(ITEM_KINDS)
        item = self.item if self.kind != TERMS else f"{VOCABULARIES.index(self.item):02d}"
        return (kind, item, self.order, self.key)


def _item_unit(kind: str, item: str, doc: YamlDocument, field: SourceField, order: int) -> Unit:
    return Unit(
        key=item_key(kind, item, field.path),
        source=normalised(field.text),
        path=doc.display,
        line=doc.line_of(field.path),
        field=dotted(field.path),
        markdown=field.markdown,
        kind=kind,
        item=item,
        order=order,
    )


def _term_unit(vocabulary: str, term: str, doc: YamlDocument, path: FieldPath) -> Unit:
    return Unit(
        key=term_key(vocabulary, term),
        source=term,
        path=doc.display,
        line=doc.line_of(path),
        field=dotted(path),
        markdown=False,
        kind=TERMS,
        item=vocabulary,
        order=0,
    )


class Documents(Protocol):
    """What units are read from: kind -> id -> the item's YAML document (a Library has them)."""

    @property
    def documents(self) -> Mapping[str, Mapping[str, YamlDocument]]: ...


@dataclass
class SourceDocuments:
    """The YAML documents of the items some briefs show, read without validating them."""

    root: Path
    documents: dict[str, dict[str, YamlDocument]] = default(default_factory=dict)


def read_documents(
    root: Path, placed: Mapping[str, Mapping[str, Iterable[str]]], snapshot: Snapshot | None = None
) -> SourceDocuments:
    """Read the documents ``brief_units`` needs for the briefs of ``placed`` (brief -> kind -> ids).

    Only those files are read (from the ``snapshot``'s bytes when it holds them), and no
    model is validated: a brief's units come from its validation's placements and these
    documents, at a fraction of the cost of loading the whole library.
    """
    found = SourceDocuments(root=root)
    shown = relative(root, root)

    def read(kind: str, item: str) -> YamlDocument | None:
        if item in found.documents.get(kind, {}):
            return found.documents[kind][item]
        name = f"{kind}/{item}.yaml"
        raw = snapshot.raw.get(name) if snapshot is not None else None
        path = root / kind / f"{item}.yaml"
        if raw is None and not path.is_file():
            return None
        doc = read_yaml(path, root, display=f"{shown}/{name}", raw=raw)
        found.documents.setdefault(kind, {})[item] = doc
        return doc

    for brief, kinds in placed.items():
        brief_doc = read("briefs", brief)
        if (session := _session_titling(brief_doc)) is not None:
            read("sessions", session)
        for kind in ("practices", "recommendations", "projects"):
            for item in kinds.get(kind, ()):
                read(kind, item)
        for kind in SESSION_KINDS:
            for item_id in kinds.get(kind, ()):
                read("sessions", item_id.split("/", 1)[0])
        for item in kinds.get("recommendations", ()):
            doc = read("recommendations", item)
            evidence = doc.data.get("evidence") if doc is not None and isinstance(doc.data, Mapping) else None
            for cited in evidence if isinstance(evidence, list) else ():
                if isinstance(cited, str) and ID.match(cited) and read("practices", cited) is None:
                    read("sessions", cited)
    return found


def brief_units(
    library: Documents, brief: str, placed: Mapping[str, Iterable[str]], language: str | None = None
) -> list[Unit]:
    """The units brief ``brief`` needs: its own texts and those of the items its rules placed.

    ``library`` is the Library, or the SourceDocuments ``read_documents`` gives (only the
    documents are read). ``placed`` is what the merge placed, kind -> ids
    (``MergeResult.placed``). Countries
    that CLDR names are no units (their names come from CLDR), unless ``language`` is one
    CLDR does not know.
    """
    documents = library.documents
    brief_doc = documents.get("briefs", {}).get(brief)
    if brief_doc is None or not isinstance(brief_doc.data, Mapping):
        return []
    wanted: dict[tuple[str, str], set[str]] = {("briefs", brief): {"brief"}}
    """(kind, id) of each item that shows texts -> what of it shows (see Field.shown_by)."""
    if (session := _session_titling(brief_doc)) is not None:
        wanted[("sessions", session)] = {TITLE_OF_BRIEF}
    for kind in ("practices", "recommendations", "projects"):
        for item in placed.get(kind, ()):
            wanted.setdefault((kind, item), set()).add("item")
    for item in placed.get("recommendations", ()):
        doc = documents.get("recommendations", {}).get(item)
        evidence = doc.data.get("evidence") if doc is not None and isinstance(doc.data, Mapping) else None
        for cited in evidence if isinstance(evidence, list) else ():
            for kind in ("practices", "sessions"):
                if isinstance(cited, str) and cited in documents.get(kind, {}):
                    wanted.setdefault((kind, cited), set()).add("citation")
    for kind in SESSION_KINDS:
        for item_id in placed.get(kind, ()):
            wanted.setdefault(("sessions", item_id.split("/", 1)[0]), set()).add(item_id)
    grouped = _groupings(brief_doc.data)
    cldr_countries = language is None or locale(language) is not None
    units: dict[str, Unit] = {}
    for (kind, item), shown in sorted(
        wanted.items(), key=lambda pair: (ITEM_KINDS.index(pair[0][0]), pair[0][1])
    ):
        doc = documents.get(kind, {}).get(item)
        if doc is None or not isinstance(doc.data, Mapping):
            continue
        for order, field in enumerate(item_fields(kind, item, doc.data)):
            if shown.intersection(field.shown_by):
                unit = _item_unit(kind, item, doc, field, order)
                units.setdefault(unit.key, unit)
        if "item" not in shown:
            continue
        for vocabulary, path, term in item_terms(kind, doc.data):
            if vocabulary not in SHOWN_VOCABULARIES.get(kind, ()) and (kind, vocabulary) not in grouped:
                continue
            if vocabulary == "countries" and cldr_countries and territory_code(term) is not None:
                continue
            unit = _term_unit(vocabulary, term, doc, path)
            units.setdefault(unit.key, unit)
    return sorted(units.values(), key=lambda unit: unit.sort_key)


def _session_titling(brief: YamlDocument | None) -> str | None:
    """The session whose title a brief without one takes (merge's meta), if any."""
    data = brief.data if brief is not None else None
    if not isinstance(data, Mapping) or _has_text(data.get("title")):
        return None
    session = data.get("session")
    return session if isinstance(session, str) and ID.match(session) else None


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _groupings(data: Mapping[str, Any]) -> set[tuple[str, str]]:
    """``(kind, vocabulary)`` of every rule of a brief that groups items by a term (topic, theme)."""
    found: set[tuple[str, str]] = set()
    pending = list(data.get("sections") or [])
    while pending:
        rule = pending.pop()
        if not isinstance(rule, Mapping):
            continue
        vocabulary = GROUPING_VOCABULARY.get(str(rule.get("group_by")))
        if vocabulary and isinstance(rule.get("include"), str):
            found.add((rule["include"], vocabulary))
        pending.extend(rule.get("sections") or [])
    return found


def union(*groups: Iterable[Unit]) -> list[Unit]:
    """The units of several briefs, each once, in the order of their files."""
    units: dict[str, Unit] = {}
    for group in groups:
        for unit in group:
            units.setdefault(unit.key, unit)
    return sorted(units.values(), key=lambda unit: unit.sort_key)


def find_unit(library: Library, key: str, terms: Mapping[tuple[str, str], Unit] | None = None) -> Unit | str:
    """The unit ``key`` names in the library as it is now, or why there is none (``expected ..., got ...``).

    ``terms`` (from ``library_terms``) spares the scan of the library for every term.
    """
    parsed = parse_key(key)
    if isinstance(parsed, str):
        return parsed
    if parsed.is_term:
        found = (terms if terms is not None else library_terms(library)).get((parsed.item, parsed.field))
        if found is None:
            return f"expected a term that some source has, got {parsed.field!r} in {key!r}"
        return found
    return _find_item_unit(library, parsed, key)


def _find_item_unit(library: Library, parsed: Key, key: str) -> Unit | str:
    doc = library.documents.get(parsed.kind, {}).get(parsed.item)
    if doc is None or not isinstance(doc.data, Mapping):
        return f"expected the id of one of the {parsed.kind}, got unknown id {parsed.item!r} in {key!r}"
    for order, field in enumerate(item_fields(parsed.kind, parsed.item, doc.data)):
        if field.path == parsed.path:
            return _item_unit(parsed.kind, parsed.item, doc, field, order)
    return f"expected a field that {doc.display} has, got {parsed.field!r} in {key!r}"


def library_terms(library: Library) -> dict[tuple[str, str], Unit]:
    """``(vocabulary, term)`` -> the unit of every term some item of the library holds (first met)."""
    found: dict[tuple[str, str], Unit] = {}
    for kind in ITEM_KINDS:
        for _item, doc in sorted(library.documents.get(kind, {}).items()):
            if isinstance(doc.data, Mapping):
                for vocabulary, path, term in item_terms(kind, doc.data):
                    if (vocabulary, term) not in found:
                        found[(vocabulary, term)] = _term_unit(vocabulary, term, doc, path)
    return found


def unused_translations(library: Library, catalog: Catalog) -> list[Problem]:
    """A warning for each translation in ``catalog`` whose unit the sources no longer have.

    Such an entry is kept (an item renamed back finds it again) but no edition uses it;
    a translator can delete it, or mark it obsolete (``#~``) as msgmerge does.
    """
    terms = library_terms(library)
    problems = []
    for key, translation in sorted(
        catalog.translations.items(), key=lambda pair: (pair[1].path, pair[1].line)
    ):
        found = find_unit(library, key, terms)
        if isinstance(found, str):
            problems.append(
                Problem(translation.path, translation.line, "msgctxt", f"{found}; unused", Severity.WARNING)
            )
    return problems
