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
from brief_builder.lint import PageBudget, Setting, Subject, lint, settings_for
from brief_builder.outline import ItemsBlock, MergeResult, Provenance
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
    lint: dict[str, Setting] = field(default_factory=dict)
    """The house rules' settings for this brief: defaults, brief.toml's ``[lint]``, the brief's ``lint:``."""
    sections_at: Provenance | None = None
    """The brief's ``sections`` key (else its file): where items no rule placed are reported."""
    layout_at: Provenance | None = None
    """The brief's ``layout`` key (else its file): where the page budget is reported."""
    acronyms: frozenset[str] = frozenset()
    """The projects' acronyms, which a brief needs not spell out."""

    def subject(self, pages: int | None = None) -> Subject:
        """What the house rules read of this brief; ``pages``: its compiled PDF's page count, if known."""
        outline = self.result.outline
        theme = {**self.layout.theme, **outline.meta.theme}
        budget = self.layout.pages
        return Subject(
            outline=outline,
            unused=self.result.unused(),
            sections_at=self.sections_at,
            acronyms=self.acronyms,
            logo=str(theme.get("logo") or ""),
            logo_alt=brief_labels(outline, self.layout).get("logo_alt", ""),
            budget=PageBudget(budget.min, budget.max, budget.path, budget.line) if budget else None,
            layout_at=self.layout_at,
            pages=pages,
        )

    def lint_problems(self, pages: int | None = None) -> list[Problem]:
        """The findings of the house rules on this brief, but for ``unplaced``: the validation has it."""
        rules = [rule for rule in self.lint if rule != "unplaced"]
        return lint(self.subject(pages), self.lint, only=rules)

    def budget_problems(self, pages: int) -> list[Problem]:
        """The errors of the page budget on this brief's compiled PDF of ``pages`` pages."""
        return [p for p in lint(self.subject(pages), self.lint, only=["page-budget"]) if p.is_error]

    def files_shown(self) -> set[str]:
        """The files (as problems name them) whose content this brief shows: its own, its layout's, its
        items' and sections' sources."""
        outline = self.result.outline
        shown = {outline.meta.source.path, self.layout.display}
        for section in outline.walk():
            shown.add(section.source.path)
            for block in section.blocks:
                shown.add(block.source.path)
                if isinstance(block, ItemsBlock):
                    shown.update(item.source.path for item in block.items)
        return shown


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
    project_lint = project.settings.lint if project.settings is not None else None
    what = ["compile", None if briefs is None else list(briefs), project_lint]
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
    acronyms = frozenset(item.model.acronym for item in library.projects.values() if item.model.acronym)
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
        settings, lint_problems = _lint_settings(project, entry)
        own[name].extend(lint_problems)
        validation.problems.extend(lint_problems)
        compiled = Compiled(
            result=result,
            layout=layout,
            lint=settings,
            sections_at=Provenance(path=entry.path, line=_key_line(entry, "sections"), field="sections"),
            layout_at=Provenance(path=entry.path, line=_key_line(entry, "layout"), field="layout"),
            acronyms=acronyms,
        )
        unplaced = lint(compiled.subject(), settings, only=["unplaced"])
        own[name].extend(p for p in unplaced if p.is_error)
        validation.problems.extend(unplaced)
        validation.compiled[name] = compiled
    if validation.errors:
        compiled_layouts = {name: c.layout for name, c in validation.compiled.items()}
        validation.blocked = blocked_briefs(library, compiled_layouts, own, layout_problems)
    return validation


def check_final(validation: Validation) -> None:
    """Raise NotFinalError listing every warning and lint error that keeps the validated briefs from
    being final (``--final``: every warning of the sources, those of files no brief reads too)."""
    problems = [p for p in validation.problems if not p.is_error]
    for compiled in validation.ready.values():
        problems.extend(p for p in compiled.lint_problems() if p.is_error)
    if problems:
        raise NotFinalError(list(validation.ready), problems)


def final_problems(validation: Validation, name: str) -> list[Problem]:
    """What keeps brief ``name`` from compiling as final (its ``status: final``): the warnings in the files
    it shows and its lint errors (the page budget, measured on a compiled PDF, is ``brief lint``'s)."""
    compiled = validation.compiled[name]
    shown = compiled.files_shown()
    edition = compiled.result.outline.meta.edition or ""
    problems = [
        p for p in validation.problems if not p.is_error and p.path in shown and p.edition in ("", edition)
    ]
    problems.extend(p for p in compiled.lint_problems() if p.is_error)
    return problems


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


def _key_line(entry: Entry, key: str) -> int:
    """The line of a top-level key of a brief; line 1 when the brief leaves it out."""
    data = entry.doc.data
    return (entry.line(key) if isinstance(data, dict) and key in data else None) or 1


def _lint_settings(project: Project, entry: Entry) -> tuple[dict[str, Setting], list[Problem]]:
    """The house rules' settings of a brief, and the problems of its ``lint:`` mapping (brief.toml's
    ``[lint]`` is checked when the project loads)."""
    layers = []
    if project.settings is not None:
        file = project.settings
        layers.append((file.lint, lambda key, message: file.problem(("lint", *key), message)))
    layers.append((entry.model.lint or None, lambda key, message: entry.doc.problem(("lint", *key), message)))
    settings, problems = settings_for(layers)
    return settings, [p for p in problems if p.path == entry.path]


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
