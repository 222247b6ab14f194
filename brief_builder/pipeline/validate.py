"""Read sources and merge each brief's rules into outlines ready to render, collecting every problem.

The build's first stages: sources -> library -> outlines (with their layouts). ``batch.py``
renders and writes them; nothing here writes a file.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from brief_builder.errors import (
    NotFinalError,
    Problem,
    ProblemsError,
    Severity,
    UsageError,
    closest,
    listed,
    shortened,
)
from brief_builder.layouts.loader import Layout, available, load_layout, unknown_layout
from brief_builder.outline import MergeResult
from brief_builder.pipeline.checks import final_warnings
from brief_builder.pipeline.memo import SourceCache, remembered
from brief_builder.pipeline.project import Project
from brief_builder.renderers import FORMATS, RenderOptions, Stamp
from brief_builder.renderers.view import brief_labels
from brief_builder.sources.git import read_version
from brief_builder.sources.snapshot import Snapshot, take_snapshot

if TYPE_CHECKING:
    from brief_builder.sources.library import Entry, Library

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Compiled:
    """A brief ready to render: its outline, its layout and any warnings."""

    result: MergeResult
    layout: Layout


@dataclass(frozen=True)
class Written:
    brief: str
    format: str
    path: Path
    size: int
    pages: int | None = None


@dataclass
class Validation:
    counts: dict[str, int]
    """Kind -> number of valid items in the library."""
    compiled: dict[str, Compiled] = field(default_factory=dict)
    """Every brief merged (blocked ones too: ``brief outline`` shows them)."""
    problems: list[Problem] = field(default_factory=list)
    blocked: dict[str, list[str]] = field(default_factory=dict)
    """Merged brief -> the files whose errors keep it from compiling (``pipeline/scope.py``)."""
    skipped: dict[str, list[str]] = field(default_factory=dict)
    """Brief asked for that could not even be merged -> the files whose errors keep it (its own, its
    layout's)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ready(self) -> dict[str, Compiled]:
        """The merged briefs that no error keeps from compiling."""
        return {name: c for name, c in self.compiled.items() if name not in self.blocked}

    @property
    def not_compiled(self) -> dict[str, list[str]]:
        """Every brief asked for that cannot compile -> the files whose errors keep it."""
        return {**self.skipped, **self.blocked}


def validate(
    project: Project,
    briefs: Sequence[str] | None = None,
    cache: SourceCache | None = None,
    snapshot: Snapshot | None = None,
) -> Validation:
    """Read every source, then merge the named briefs (all when None); collect every problem.

    With a source ``cache``, files read before are not parsed again, and when no source
    file, layout file or brief asked for changed, the stored validation is the result.
    """
    if snapshot is None:  # read every file in one pass, even without a cache: fewer calls per file
        snapshot = take_snapshot(project.sources)
    what = ["compile", None if briefs is None else list(briefs)]
    return remembered(
        cache,
        snapshot,
        project.layouts,
        what,
        Validation,
        lambda: _validate(project, briefs, cache, snapshot),
    )


def _validate(
    project: Project, briefs: Sequence[str] | None, cache: SourceCache | None, snapshot: Snapshot | None
) -> Validation:
    # Only a fresh validation needs the rules and the source models: a stored one is read
    # back without them.
    from brief_builder.pipeline.scope import blocked_briefs
    from brief_builder.rules.merge import CandidatePools, merge
    from brief_builder.sources.library import load_library

    readings = cache.readings(project.sources) if cache is not None and snapshot is not None else None
    library = load_library(project.sources, readings, snapshot)
    validation = Validation(counts=library.counts(), problems=list(library.problems))
    if briefs is None:  # every brief, those whose file has errors too (to say they are not compiled)
        names = sorted({*library.briefs, *library.broken.get("briefs", set())})
    else:
        names = list(briefs)
    pools = CandidatePools(library)
    unknown = [name for name in names if name not in library.briefs]
    if unknown and not library.errors:
        raise UsageError(_unknown_brief(unknown[0], library))
    layouts: dict[str, Layout | None] = {}
    """Each layout the briefs use, loaded once (None when it has errors)."""
    layout_problems: dict[str, list[Problem]] = {}
    own: dict[str, list[Problem]] = {}
    """Brief -> the problems met merging it, which block it alone."""
    for name in names:
        if name not in library.briefs:
            validation.skipped[name] = [f"{library.display(library.root / 'briefs')}/{name}.yaml"]
            continue
        entry = library.briefs[name]
        if entry.model.layout not in available(project.layouts):
            validation.problems.append(
                entry.doc.problem(
                    ("layout",),
                    unknown_layout(entry.model.layout, available(project.layouts))
                    + _unsearched_hint(project, entry.model.layout),
                )
            )
            validation.skipped[name] = [entry.path]
            continue
        if entry.model.layout not in layouts:
            try:
                layouts[entry.model.layout] = load_layout(entry.model.layout, project.layouts)
            except ProblemsError as exc:
                layouts[entry.model.layout] = None
                layout_problems[entry.model.layout] = exc.problems
                validation.problems.extend(exc.problems)
            else:
                layout_problems[entry.model.layout] = layouts[entry.model.layout].problems()
                validation.problems.extend(layout_problems[entry.model.layout])
        layout = layouts[entry.model.layout]
        if layout is None:
            validation.skipped[name] = sorted(
                {p.path for p in layout_problems[entry.model.layout] if p.is_error}
            )
            continue
        theme_at = functools.partial(_theme_line, entry)
        own[name] = layout.theme_problems(entry.model.theme, theme_at)
        if entry.model.theme:
            own[name] += layout.contrast_problems(entry.model.theme, theme_at)
        validation.problems.extend(own[name])
        validation.problems.extend(_untranslated_warning(entry, layout))
        result = merge(
            library,
            name,
            layout.labels_for(entry.model.language),
            pools,
            layout_rules=layout.rules,
            rules_layout=layout.rules_layout,
        )
        own[name].extend(result.problems)
        validation.problems.extend(result.problems)
        validation.problems.extend(_unused_warnings(entry, result))
        validation.compiled[name] = Compiled(result=result, layout=layout)
    if validation.errors:
        compiled_layouts = {name: c.layout for name, c in validation.compiled.items()}
        validation.blocked = blocked_briefs(library, compiled_layouts, own, layout_problems)
    return validation


def check_final(validation: Validation) -> None:
    """Raise NotFinalError listing every warning that keeps the validated briefs from being final."""
    warnings = [p for p in validation.problems if not p.is_error]
    for compiled in validation.ready.values():
        meta = compiled.result.outline.meta
        theme = {**compiled.layout.theme, **meta.theme}
        labels = brief_labels(compiled.result.outline, compiled.layout)
        warnings.extend(final_warnings(compiled.result.outline, theme, labels))
    if warnings:
        raise NotFinalError(list(validation.ready), warnings)


def with_stamp(
    project: Project, validation: Validation, options: RenderOptions, cache: Path | None = None
) -> RenderOptions:
    """``options`` with the version stamp drafts show, read from git when some brief is a draft."""
    drafts = [c for c in validation.compiled.values() if options.is_draft(c.result.outline.meta)]
    if options.stamp is not None or not drafts:
        return options
    version = read_version(project.sources, ignore=[cache] if cache is not None else [])
    return replace(options, stamp=Stamp(date=build_date(options.timestamp), version=str(version or "")))


def build_date(timestamp: int | None) -> dt.date:
    """The day of ``timestamp`` (``SOURCE_DATE_EPOCH``) in UTC, else today's."""
    moment = dt.datetime.now(dt.UTC) if timestamp is None else dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.date()


def _theme_line(entry: Entry, key: str) -> tuple[str, int | None]:
    """The brief file and the line of its theme value ``key``."""
    return entry.path, entry.line("theme", key)


def _untranslated_warning(entry: Entry, layout: Layout) -> list[Problem]:
    """A warning when some of the layout's labels would show in English in a brief of another language."""
    language = entry.model.language
    missing = layout.untranslated(language)
    if not missing:
        return []
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    total = len(layout.labels.get("en", {}))
    got = "none" if len(missing) == total else f"{total - len(missing)} of {total}"
    message = (
        f"expected the layout {layout.name} to have labels in {language!r}, got {got}: "
        f"{shown} show in English; add them under labels.{language.split('-')[0]} "
        f"of a layout that extends {layout.name}"
    )
    return [entry.doc.problem(("language",), message, Severity.WARNING)]


def _unused_warnings(entry: Entry, result: MergeResult) -> list[Problem]:
    """One warning per kind of which some items were placed by no rule of the brief."""
    warnings = []
    for kind, ids in result.unused().items():
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            message = f"no rule placed {len(ids)} of the {kind}: {shown} "
            message += f"(see brief outline {entry.id} --unused)"
            warnings.append(entry.doc.problem(("sections",), message, Severity.WARNING))
    return warnings


def _unsearched_hint(project: Project, name: str) -> str:
    """A hint when a layout of that name lies beside the sources but is in no folder searched."""
    folder = project.sources.absolute().parent / "layouts"
    if not (folder / name / "layout.yaml").is_file():
        return ""
    return f" ({folder / name} is not searched: add its folder to brief.toml's layouts, or use --layouts)"


def _unknown_brief(name: str, library: Library) -> str:
    known = sorted(library.briefs)
    hint = closest(name, known)
    return f"unknown brief {shortened(name)!r}{hint}; the briefs in {library.root} are: {listed(known)}"


__all__ = [
    "FORMATS",
    "Compiled",
    "Project",
    "Validation",
    "Written",
    "validate",
]
