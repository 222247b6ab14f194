"""Turn briefs into what their translators need: their units, exchange files, status rows and imports.

``brief translate`` works on what the briefs' rules place (one validation, served from the
source cache when nothing changed), then reads only the YAML documents and PO files of the
items placed: no source model is loaded to count or export units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief_builder.errors import NotCompiledError, OutputError, ProblemsError, UsageError
from brief_builder.pipeline.memo import SourceCache
from brief_builder.pipeline.output import write_atomic
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate
from brief_builder.sources.snapshot import take_snapshot
from brief_builder.translations import (
    ImportResult,
    Status,
    Unit,
    brief_units,
    catalog_languages,
    export_units,
    import_units,
    language_folder,
    read_catalog,
    read_documents,
    translation_status,
    union,
)
from brief_builder.translations.fields import TERMS
from brief_builder.translations.units import SourceDocuments

LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A BCP 47 tag, as a brief's ``language`` takes it."""


@dataclass(frozen=True)
class Placed:
    """The briefs asked for, what their rules place, and their documents."""

    briefs: dict[str, dict[str, set[str]]]
    """Brief -> kind -> ids its rules placed."""
    documents: SourceDocuments

    def source_language(self, brief: str) -> str:
        data = self._data(brief)
        language = data.get("language")
        return language if isinstance(language, str) else "en"

    def languages(self, brief: str) -> list[str]:
        """The languages of a brief's editions (its ``languages:``), without its own."""
        data = self._data(brief)
        listed = data.get("languages")
        own = self.source_language(brief)
        values = listed if isinstance(listed, list) else []
        return list(dict.fromkeys(v for v in values if isinstance(v, str) and v != own))

    def units(self, brief: str, language: str) -> list[Unit]:
        return brief_units(self.documents, brief, self.briefs[brief], language)

    def _data(self, brief: str) -> Mapping[str, Any]:
        doc = self.documents.documents.get("briefs", {}).get(brief)
        return doc.data if doc is not None and isinstance(doc.data, Mapping) else {}


def placed_briefs(project: Project, briefs: Sequence[str] | None, cache: Path | None) -> Placed:
    """What the rules of ``briefs`` (every brief when None) place; NotCompiledError when some cannot merge."""
    snapshot = take_snapshot(project.sources)
    validation = validate(project, briefs, SourceCache(cache) if cache is not None else None, snapshot)
    names = list(briefs) if briefs is not None else sorted(validation.compiled)
    missing = {
        name: files for name, files in validation.not_compiled.items() if name not in validation.compiled
    }
    if missing and (briefs is not None or not validation.compiled):
        raise NotCompiledError(validation.problems, missing)
    placed = {name: validation.compiled[name].result.placed for name in names if name in validation.compiled}
    return Placed(briefs=placed, documents=read_documents(project.sources, placed, snapshot))


def check_language(language: str) -> None:
    import re

    if not re.match(LANGUAGE, language):
        raise UsageError(f"--language: expected a BCP 47 language tag such as fr or de-AT, got {language!r}")


def exchange_file(placed: Placed, language: str, format: str) -> bytes:
    """The XLIFF or PO file of every unit the briefs need in ``language``, each once."""
    check_language(language)
    sources = {placed.source_language(brief) for brief in placed.briefs}
    if len(sources) > 1:
        raise UsageError(
            f"expected briefs written in one language, got {', '.join(sorted(sources))}: export them apart"
        )
    source = sources.pop() if sources else "en"
    if source == language:
        raise UsageError(f"--language: the briefs are written in {language!r}; choose another language")
    units = union(*(placed.units(brief, language) for brief in placed.briefs))
    catalog = read_catalog(placed.documents.root, language, _owners(units))
    about = ", ".join(f"the brief {brief}" for brief in placed.briefs)
    return export_units(units, catalog, format, source_language=source, about=about)


def status_rows(placed: Placed, language: str | None) -> list[Status]:
    """One row per brief and language: ``language``, else the brief's editions, else every catalog's."""
    root = placed.documents.root
    if language is not None:
        check_language(language)
    stored = catalog_languages(root)
    rows = []
    for brief in placed.briefs:
        own = placed.source_language(brief)
        chosen = [language] if language else placed.languages(brief) or [x for x in stored if x != own]
        for lang in chosen:
            units = placed.units(brief, lang)
            rows.append(translation_status(brief, units, read_catalog(root, lang, _owners(units))))
    return rows


def keep_unimported(project: Project, path: Path) -> None:
    """Refuse (OutputError) to replace ``path`` while it holds translations not yet imported.

    An exchange file a translator filled in is their work until ``brief translate import``
    has taken it in: exporting over it again is allowed once nothing in it is new to the
    catalog (it was imported, or is still empty), never while it would lose something.
    """
    from brief_builder.sources.library import load_library

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        result = import_units(data, str(path), load_library(project.sources), None)
    except ProblemsError:
        result = None
    if result is None or any(problem.is_error for problem in result.problems):
        raise OutputError(
            f"{path}: not an exchange file brief-builder can read; not replaced "
            "(choose another --output, or run again with --overwrite to replace it)"
        )
    pending = len(result.added) + len(result.updated)
    if pending:
        folder = language_folder(project.sources, result.language)
        raise OutputError(
            f"{path}: holds {pending} {result.language} translation{'s' if pending != 1 else ''} "
            f"not yet in {folder}/; not replaced (import them with `brief translate import {path}`, "
            "or run again with --overwrite to replace it)"
        )


def import_file(project: Project, path: Path, language: str | None, dry_run: bool = False) -> ImportResult:
    """Merge an exchange file into ``sources/translations/``: every changed PO file written, each atomically.

    Every file's new bytes are made before the first is written, so a file that cannot be
    read or a broken catalog file stops the import with nothing written.
    """
    from brief_builder.sources.library import load_library

    if language is not None:
        check_language(language)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from exc
    result = import_units(data, str(path), load_library(project.sources), language)
    if not dry_run:
        for target, content in result.files.items():
            write_atomic(target, content)
    return result


def _owners(units: Sequence[Unit]) -> set[tuple[str, str]]:
    return {(unit.kind, unit.item) for unit in units if unit.kind != TERMS}
