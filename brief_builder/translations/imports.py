"""Turn an exchange file a translator sends back into the new contents of the catalog files.

Nothing is written here: the result maps each PO file to write to its bytes, for the
output step to write atomically. Existing translations are never dropped: an empty target
keeps the one there is, and a target made from a source text that has changed since the
export does not replace an up-to-date translation (it is stored as fuzzy otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brief_builder.errors import Problem, ProblemsError, Severity
from brief_builder.translations.catalog import Catalog, po_path, read_catalog
from brief_builder.translations.exchange import Exchange, read_exchange
from brief_builder.translations.fields import TERMS, normalised, parse_key
from brief_builder.translations.lookup import State, look_up
from brief_builder.translations.po import Stored, update_file
from brief_builder.translations.units import Unit, find_unit, library_terms

if TYPE_CHECKING:
    from brief_builder.sources.library import Library


@dataclass
class ImportResult:
    """What importing an exchange file changes, and what it reports."""

    language: str
    files: dict[Path, bytes] = field(default_factory=dict)
    """Each catalog file to write -> its new bytes (only files that change)."""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Keys of units the sources do not have (skipped)."""
    changed: list[str] = field(default_factory=list)
    """Keys of units whose source text changed since the export."""
    empty: list[str] = field(default_factory=list)
    """Keys of units without a translation in the file (skipped; an existing translation is kept)."""
    problems: list[Problem] = field(default_factory=list)
    """One warning per unknown, changed or empty unit, located in the imported file."""

    def summary(self) -> str:
        """``imported 12 fr translations (3 new, 9 updated), 2 unchanged; 1 unknown, ...``."""
        done = len(self.added) + len(self.updated)
        text = f"imported {done} {self.language} translation{'s' if done != 1 else ''}"
        text += f" ({len(self.added)} new, {len(self.updated)} updated)"
        extra = [f"{len(self.unchanged)} unchanged"] if self.unchanged else []
        for count, what in (
            (len(self.unknown), "unknown"),
            (len(self.changed), "changed since the export"),
            (len(self.empty), "empty"),
        ):
            if count:
                extra.append(f"{count} {what}")
        return text + (f"; {', '.join(extra)}" if extra else "")


def import_units(data: bytes, name: str, library: Library, language: str | None = None) -> ImportResult:
    """Read an XLIFF or PO file and merge it into the catalog of its language (read from ``library.root``).

    Raises ProblemsError when the file cannot be used or a catalog file it would change has
    errors (rewriting it would lose what could not be read).
    """
    exchange = read_exchange(data, name, language)
    owners = {_owner(unit.key) for unit in exchange.units}
    catalog = read_catalog(library.root, exchange.language, [owner for owner in owners if owner is not None])
    return merge_exchange(exchange, library, catalog)


def _owner(key: str) -> tuple[str, str] | None:
    parsed = parse_key(key)
    return None if isinstance(parsed, str) else (parsed.kind, parsed.item if parsed.kind != TERMS else "")


def merge_exchange(exchange: Exchange, library: Library, catalog: Catalog) -> ImportResult:
    """The catalog files ``exchange`` changes, every unit reported (``catalog`` holds the files' texts)."""
    result = ImportResult(language=exchange.language, problems=list(exchange.problems))
    name = exchange.name
    terms = library_terms(library)
    changes: dict[Path, list[Stored]] = {}
    current: dict[Path, dict[str, Unit]] = {}
    seen: set[str] = set()
    for incoming in exchange.units:

        def warn(message: str, line: int | None = incoming.line, key: str = incoming.key) -> None:
            result.problems.append(Problem(name, line, key, message, Severity.WARNING))

        if incoming.key in seen:
            warn("expected each unit once, got it again; the first one is used")
            continue
        seen.add(incoming.key)
        unit = find_unit(library, incoming.key, terms)
        if isinstance(unit, str):
            result.unknown.append(incoming.key)
            warn(f"{unit}; skipped")
            continue
        existing = look_up(unit, catalog)
        if incoming.untranslated or not incoming.target:
            result.empty.append(incoming.key)
            kept = "; the existing translation is kept" if existing.state is not State.MISSING else ""
            warn(f"no translation; skipped{kept}")
            continue
        stored = Stored(unit, incoming.target, fuzzy=incoming.fuzzy)
        if normalised(incoming.source) != unit.source:
            result.changed.append(incoming.key)
            if existing.state is State.TRANSLATED:
                warn("the source text changed since the export; the up-to-date translation is kept")
                continue
            stored = Stored(unit, incoming.target, fuzzy=True, previous=normalised(incoming.source))
            warn(
                f"the source text changed since the export (now {unit.location}); stored as fuzzy for review"
            )
        before = catalog.get(unit.key)
        if stored.fuzzy and stored.previous is None and before is not None:
            # still to review: keep saying which source text the translation was made from
            previous = before.source if before.source != unit.source else before.previous
            stored = Stored(unit, stored.text, fuzzy=True, previous=previous)
        if before is not None and (before.source, before.text, before.fuzzy) == (
            unit.source,
            stored.text,
            stored.fuzzy,
        ):
            result.unchanged.append(incoming.key)
            continue
        (result.updated if before is not None else result.added).append(incoming.key)
        path = po_path(catalog.root, catalog.language, unit.kind, unit.item)
        changes.setdefault(path, []).append(stored)
        current.setdefault(path, {})[unit.key] = unit
    broken = [p for p in catalog.errors if any(p.path == _display(library, path) for path in changes)]
    if broken:
        raise ProblemsError(broken)
    for path, stored in changes.items():
        owner = stored[0].unit
        about = "the terms of the sources" if owner.kind == TERMS else owner.path
        units_here = {**_units_of_file(library, catalog, path, terms), **current[path]}
        result.files[path] = update_file(catalog.texts.get(path), catalog.language, about, stored, units_here)
    return result


def _display(library: Library, path: Path) -> str:
    return library.display(path)


def _units_of_file(
    library: Library, catalog: Catalog, path: Path, terms: dict[tuple[str, str], Unit]
) -> dict[str, Unit]:
    """The current unit of each entry a catalog file already holds (for its references and order)."""
    found: dict[str, Unit] = {}
    display = library.display(path)
    for key, translation in catalog.translations.items():
        if translation.path == display:
            unit = find_unit(library, key, terms)
            if not isinstance(unit, str):
                found[key] = unit
    return found
