"""Turn a unit and a catalog into the unit's state: translated, out of date (stale) or missing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from brief_builder.cldr import country_name
from brief_builder.errors import Problem, Severity
from brief_builder.translations.catalog import Catalog, Translation
from brief_builder.translations.fields import TERMS
from brief_builder.translations.units import Unit


class State(StrEnum):
    TRANSLATED = "translated"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class Lookup:
    """What the catalog holds for one unit."""

    state: State
    text: str | None = None
    """The translation to show (TRANSLATED only)."""
    translation: Translation | None = None
    """The entry found: the one used, or the out-of-date one."""


def look_up(unit: Unit, catalog: Catalog) -> Lookup:
    """Whether ``unit`` has an up-to-date translation in ``catalog``, and which.

    Up to date: not fuzzy, not empty, and made from the source text as it is now. A field
    that moved (a finding inserted before it) keeps the translation of its unchanged text
    from its item's other entries. A country CLDR names needs no entry.
    """
    found = catalog.get(unit.key)
    if found is not None and found.text and not found.fuzzy and found.source == unit.source:
        return Lookup(State.TRANSLATED, found.text, found)
    if unit.kind == TERMS:
        if unit.item == "countries" and (name := country_name(unit.source, catalog.language)):
            return Lookup(State.TRANSLATED, name)
    else:
        moved = catalog.by_source(unit.kind, unit.item).get(unit.source)
        if moved is not None:
            return Lookup(State.TRANSLATED, moved.text, moved)
    if found is not None and found.text:
        return Lookup(State.STALE, None, found)
    return Lookup(State.MISSING)


def untranslated_warning(unit: Unit, state: State, language: str) -> Problem:
    """``sources/practices/x.yaml:12: warning: summary: no fr translation`` (or ``... is out of date``)."""
    message = (
        f"no {language} translation" if state is State.MISSING else f"{language} translation is out of date"
    )
    return Problem(unit.path, unit.line, unit.field, message, Severity.WARNING)
