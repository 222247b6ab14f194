"""Turn a library and a catalog into the library of one language's edition, saying what stays untranslated.

The rules then merge the translated library exactly as they merge the source one, so every
renderer, group heading and document property gets the translated text. Each unit whose
translation is missing or out of date keeps its source text, with a warning located where
the source text stands. Terms (topics, themes, audiences, countries) are translated in every
item and in the briefs' filters alike, so a rule places the same items in every edition.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from brief_builder.cldr import country_name
from brief_builder.errors import Problem, Severity
from brief_builder.sources.library import Entry, Library
from brief_builder.sources.messages import validation_problems
from brief_builder.sources.models import KINDS
from brief_builder.sources.yaml import FieldPath, YamlDocument, dotted, parse_dotted
from brief_builder.translations.catalog import Catalog, Translation
from brief_builder.translations.fields import (
    TERM_FIELDS,
    TERM_KINDS,
    TERMS,
    WHERE_VOCABULARY,
    item_terms,
    parse_key,
)
from brief_builder.translations.lookup import State, look_up, untranslated_warning
from brief_builder.translations.units import Unit


def translate_library(
    library: Library, catalog: Catalog, units: Sequence[Unit]
) -> tuple[Library, list[Problem]]:
    """The library with ``units`` in the catalog's language, and the problems met.

    ``units`` are those of the briefs being built (``brief_units``); those briefs become
    editions in the catalog's language. Problems: one warning per unit that keeps its
    source text, warnings for term translations that would make two terms one, and errors
    for translations their field does not accept (a link to ``javascript:``). The source
    library is left as it is.
    """
    language = catalog.language
    problems: list[Problem] = []
    texts: dict[tuple[str, str], dict[FieldPath, tuple[str, Translation | None]]] = {}
    for unit in units:
        lookup = look_up(unit, catalog)
        if lookup.state is not State.TRANSLATED:
            problems.append(untranslated_warning(unit, lookup.state, language))
        elif unit.kind != TERMS and lookup.text is not None:
            path = parse_dotted(unit.field)
            if path is not None:
                texts.setdefault((unit.kind, unit.item), {})[path] = (lookup.text, lookup.translation)
    terms = term_translations(library, catalog, problems)
    translated = replace(library, problems=list(library.problems))
    for kind in KINDS:
        setattr(translated, kind, dict(getattr(library, kind)))
    for kind in TERM_KINDS:
        entries: dict[str, Entry] = getattr(translated, kind)
        for item, entry in entries.items():
            if (kind, item) not in texts:
                entries[item] = _with_terms(kind, entry, terms)
    briefs = {unit.item for unit in units if unit.kind == "briefs"}
    for (kind, item), fields in texts.items():
        entries = getattr(translated, kind)
        if item in entries:
            entries[item] = _rebuilt(kind, entries[item], fields, terms, language, problems)
    for item in briefs - {item for kind, item in texts if kind == "briefs"}:
        if item in translated.briefs:
            translated.briefs[item] = _rebuilt(
                "briefs", translated.briefs[item], {}, terms, language, problems
            )
    return translated, problems


TermMap = Mapping[tuple[str, str], str]
"""``(vocabulary, term)`` -> its translation."""


def term_translations(
    library: Library, catalog: Catalog, problems: list[Problem]
) -> dict[tuple[str, str], str]:
    """Every term translation that keeps the terms apart: the catalog's, then CLDR's country names.

    A translation that equals another term of its vocabulary, or the translation of another
    term, would merge two groups and change what filters place: it is not used (a warning
    at its entry) and both terms keep their source text.
    """
    language = catalog.language
    vocabulary: dict[str, set[str]] = {}
    for kind in TERM_FIELDS:
        for entry in getattr(library, kind).values():
            for name, _path, term in item_terms(kind, entry.doc.data):
                vocabulary.setdefault(name, set()).add(term)
    for entry in library.briefs.values():
        for name, value in _where_terms(entry.doc.data):
            vocabulary.setdefault(name, set()).add(value)
    chosen: dict[tuple[str, str], tuple[str, Translation | None]] = {}
    for key, translation in catalog.translations.items():
        parsed = parse_key(key)
        if isinstance(parsed, str) or not parsed.is_term or not translation.text or translation.fuzzy:
            continue
        if parsed.field in vocabulary.get(parsed.item, ()):
            chosen[(parsed.item, parsed.field)] = (translation.text, translation)
    for term in vocabulary.get("countries", ()):
        if ("countries", term) not in chosen and (name := country_name(term, language)):
            chosen[("countries", term)] = (name, None)
    result: dict[tuple[str, str], str] = {}
    for name, terms in vocabulary.items():
        mine = {
            term: chosen[(name, term)]
            for term in terms
            if (name, term) in chosen and chosen[(name, term)][0] != term
        }
        owners: dict[str, list[str]] = {}
        for term, (text, _) in mine.items():
            owners.setdefault(text.casefold(), []).append(term)
        taken = {term.casefold() for term in terms}
        for term, (text, translation) in sorted(mine.items()):
            others = [t for t in owners[text.casefold()] if t != term]
            clash = text.casefold() in taken and text.casefold() != term.casefold()
            if others or clash:
                if translation is not None:
                    what = f"the translation of {others[0]!r}" if others else f"the {name} term {text!r}"
                    problems.append(
                        Problem(
                            translation.path,
                            translation.line,
                            "msgstr",
                            f"expected a translation no other {name} term has, got {text!r}, also {what}; "
                            f"{term!r} stays untranslated",
                            Severity.WARNING,
                        )
                    )
                continue
            result[(name, term)] = text
    return result


def _where_terms(data: Any) -> Iterable[tuple[str, str]]:
    """``(vocabulary, value)`` of each term a brief's rules filter on."""
    for where, name, vocabulary in _term_filters(data):
        value = where.get(name)
        for term in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            if isinstance(term, str) and term.strip():
                yield vocabulary, term.strip()


def _term_filters(data: Any) -> Iterable[tuple[Any, str, str]]:
    """``(where, filter name, vocabulary)`` of every filter on terms in a brief's rules."""
    for rule, _path in _rules(data):
        where = rule.get("where")
        if rule.get("include") in TERM_KINDS and isinstance(where, Mapping):
            for name, vocabulary in WHERE_VOCABULARY.items():
                yield where, name, vocabulary


def _rules(data: Any, base: FieldPath = ("sections",)) -> Iterable[tuple[Mapping[str, Any], FieldPath]]:
    rules = data.get(base[-1]) if isinstance(data, Mapping) else None
    for n, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, Mapping):
            yield rule, (*base, n)
            yield from _rules(rule, (*base, n, "sections"))


def _with_terms(kind: str, entry: Entry, terms: TermMap) -> Entry:
    """``entry`` with its terms translated (a copy of its model: term translations need no validation)."""
    updates: dict[str, Any] = {}
    model = entry.model
    for field, vocabulary in TERM_FIELDS[kind].items():
        if field == ("location", "country"):
            country = model.location.country
            new = terms.get((vocabulary, country.strip()))
            if new is not None:
                updates["location"] = model.location.model_copy(update={"country": new})
            continue
        values = getattr(model, field[0])
        new_values = [terms.get((vocabulary, value.strip()), value) for value in values]
        if new_values != values:
            updates[field[0]] = new_values
    if not updates:
        return entry
    return Entry(entry.id, model.model_copy(update=updates), entry.doc)


def _rebuilt(
    kind: str,
    entry: Entry,
    fields: Mapping[FieldPath, tuple[str, Translation | None]],
    terms: TermMap,
    language: str,
    problems: list[Problem],
) -> Entry:
    """``entry`` validated again from its data with translated ``fields`` and terms.

    A translation its field refuses is an error located in the PO file, and the field
    keeps its source text.
    """
    model: type[BaseModel] = KINDS[kind]
    accepted = dict(fields)
    for _attempt in range(2):
        data = copy.deepcopy(entry.doc.data)
        for path, (text, _) in accepted.items():
            _set(data, path, text)
        _translate_terms(kind, data, terms)
        if kind == "briefs":
            data["language"] = language
        try:
            return Entry(entry.id, model.model_validate(data), entry.doc)
        except ValidationError as exc:
            refused = _refused(exc, data, model, accepted, entry.doc)
            problems.extend(refused.values())
            if not refused:
                break
            for path in refused:
                accepted.pop(path, None)
    return entry


def _refused(
    exc: ValidationError,
    data: Any,
    model: type[BaseModel],
    accepted: Mapping[FieldPath, tuple[str, Translation | None]],
    doc: YamlDocument,
) -> dict[FieldPath, Problem]:
    """The translated fields the model refuses, each with its problem located at its PO entry."""
    refused: dict[FieldPath, Problem] = {}
    for path, (_, translation) in accepted.items():
        if translation is None:
            continue
        located = YamlDocument(
            path=doc.path, display=translation.path, data=data, lines={path: translation.line}
        )
        for problem in validation_problems(located, model, exc):
            if problem.field == dotted(path):
                refused[path] = problem
    return refused


def _set(data: Any, path: FieldPath, value: str) -> None:
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value


def _translate_terms(kind: str, data: dict[str, Any], terms: TermMap) -> None:
    """Translate the terms of an item's data in place; for a brief, the terms its rules filter on."""
    if kind == "briefs":
        for where, name, vocabulary in _term_filters(data):
            value = where.get(name)
            if isinstance(value, str):
                where[name] = terms.get((vocabulary, value.strip()), value)
            elif isinstance(value, list):
                where[name] = [
                    terms.get((vocabulary, v.strip()), v) if isinstance(v, str) else v for v in value
                ]
        return
    for vocabulary, path, term in list(item_terms(kind, data)):
        if (vocabulary, term) in terms:
            _set(data, path, terms[(vocabulary, term)])
