"""Turn a validation of briefs into one with their editions in other languages, ready to render.

A brief that lists ``languages: [fr, de]`` has, beside its own outline, one edition per
language: its library translated from ``sources/translations/<language>/`` and merged with
the layout's labels in that language. An edition is compiled as ``BRIEF.fr``: the batch
renders, caches and writes it exactly as a brief (``output/BRIEF.fr.pdf``). Each unit an
edition lacks a translation of keeps its source text, with a warning where that text stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from brief_builder.errors import Problem, Severity, unseen
from brief_builder.layouts.loader import Layout
from brief_builder.pipeline.memo import SourceCache
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import Compiled, Validation

if TYPE_CHECKING:
    from brief_builder.sources.library import Library
    from brief_builder.sources.snapshot import Snapshot


def edition_name(brief: str, language: str) -> str:
    """``sme.fr``: the name an edition compiles under (ids have no dots, so none is a brief's)."""
    return f"{brief}.{language}"


def edition_languages(compiled: Compiled, language: str | None) -> tuple[bool, list[str]]:
    """Whether the brief's own outline is built, and the languages of the editions to build.

    Without ``language``: its own and every language it lists. With one: only that
    language (its own outline when it is the brief's language).
    """
    meta = compiled.result.outline.meta
    if language is None:
        return True, [lang for lang in meta.languages if lang != meta.language]
    if language == meta.language:
        return True, []
    return False, [language]


def with_editions(
    project: Project,
    validation: Validation,
    language: str | None = None,
    cache: SourceCache | None = None,
    snapshot: Snapshot | None = None,
    library: Library | None = None,
) -> Validation:
    """``validation`` with the editions of its ready briefs (only ``language``'s when given).

    The briefs' own outlines stay (unless ``language`` names another one); the problems
    gain those of the editions: untranslated and out-of-date units, labels the layout lacks
    in the language, broken translation files (which keep the edition from compiling).
    ``library``, when given, is the sources already loaded.
    """
    wanted: dict[str, list[str]] = {}
    kept: dict[str, Compiled] = {}
    for name, compiled in validation.compiled.items():
        if name in validation.blocked:
            kept[name] = compiled
            continue
        own, languages = edition_languages(compiled, language)
        if own:
            kept[name] = compiled
        for lang in languages:
            wanted.setdefault(lang, []).append(name)
    if not wanted:
        return replace(validation, compiled=kept) if len(kept) != len(validation.compiled) else validation
    if library is None:
        library = _library(project, cache, snapshot)
    problems = list(validation.problems)
    blocked = dict(validation.blocked)
    for lang, briefs in sorted(wanted.items()):
        editions, found, broken = build_editions(library, validation.compiled, briefs, lang)
        kept.update(editions)
        problems.extend(replace(problem, edition=lang) for problem in unseen(found, problems))
        for name in broken:
            blocked[edition_name(name, lang)] = broken[name]
    return replace(validation, compiled=kept, problems=problems, blocked=blocked)


def translation_problems(
    project: Project,
    validation: Validation,
    cache: SourceCache | None = None,
    snapshot: Snapshot | None = None,
) -> list[Problem]:
    """What ``brief validate`` says of the translations, beside the problems of ``validation``.

    The editions' problems, as compiling every brief would meet them (untranslated and
    out-of-date units, labels the layout lacks, broken files they read), then those of
    every file under ``sources/translations/``, read or not by an edition: files that cannot
    be parsed, files and folders that are ignored, entries whose unit the sources no longer
    have. Each problem is given once.
    """
    from brief_builder.translations import catalog_languages, read_catalog, unused_translations

    languages = catalog_languages(project.sources)
    # Without translation files the library is loaded only for a brief that has editions.
    library = _library(project, cache, snapshot) if languages else None
    edited = with_editions(project, validation, None, cache, snapshot, library)
    problems = edited.problems[len(validation.problems) :]
    if library is not None:
        for language in languages:
            catalog = read_catalog(project.sources, language)
            problems.extend([*catalog.problems, *unused_translations(library, catalog)])
    return unseen(problems)


def _library(project: Project, cache: SourceCache | None, snapshot: Snapshot | None) -> Library:
    from brief_builder.sources.library import load_library
    from brief_builder.sources.snapshot import take_snapshot

    if snapshot is None:
        snapshot = take_snapshot(project.sources)
    readings = cache.readings(project.sources) if cache is not None else None
    return load_library(project.sources, readings, snapshot)


def build_editions(
    library: Library, compiled: Mapping[str, Compiled], briefs: Sequence[str], language: str
) -> tuple[dict[str, Compiled], list[Problem], dict[str, list[str]]]:
    """The editions of ``briefs`` in ``language``, the problems met, and the editions errors block.

    The units of all the briefs are translated in one pass, so a unit several briefs show
    is warned about once, and the rules of every brief merge the same translated library.
    """
    from brief_builder.rules.merge import CandidatePools, merge
    from brief_builder.sources.library import Entry
    from brief_builder.translations import brief_units, read_catalog, translate_library, union
    from brief_builder.translations.fields import TERMS

    units = union(*(brief_units(library, name, compiled[name].result.placed, language) for name in briefs))
    catalog = read_catalog(library.root, language, {(u.kind, u.item) for u in units if u.kind != TERMS})
    translated, problems = translate_library(library, catalog, units)
    problems = [*catalog.problems, *problems]
    errors = sorted({p.path for p in problems if p.is_error})
    for name in briefs:
        entry = translated.briefs[name]
        if entry.model.language != language:
            translated.briefs[name] = Entry(
                entry.id, entry.model.model_copy(update={"language": language}), entry.doc
            )
    pools = CandidatePools(translated)
    editions: dict[str, Compiled] = {}
    blocked: dict[str, list[str]] = {}
    for name in briefs:
        source = compiled[name]
        layout = source.layout
        problems.extend(label_warnings(library, name, layout, language))
        result = merge(
            translated,
            name,
            layout.labels_for(language),
            pools,
            layout_rules=layout.rules,
            rules_layout=layout.rules_layout,
        )
        meta = result.outline.meta.model_copy(
            update={"languages": source.result.outline.meta.languages, "edition": language}
        )
        outline = result.outline.model_copy(update={"meta": meta})
        problems.extend(result.problems)
        editions[edition_name(name, language)] = replace(source, result=replace(result, outline=outline))
        if errors or any(p.is_error for p in result.problems):
            blocked[name] = errors or sorted({p.path for p in result.problems if p.is_error})
    return editions, problems, blocked


def label_warnings(library: Library, brief: str, layout: Layout, language: str) -> list[Problem]:
    """A warning when the layout lacks some labels in the edition's language (they show in English)."""
    missing = layout.untranslated(language)
    if not missing:
        return []
    entry = library.briefs[brief]
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    message = (
        f"expected the layout {layout.name} to have labels in {language!r}, "
        f"got none for {shown}: they show in English in the {language} edition"
    )
    return [entry.doc.problem(("languages",), message, Severity.WARNING)]
