"""The build as a straight script: read sources -> merge rules -> outlines -> render -> write.

Everything is read, validated and rendered in memory before the first file is written,
so a failed compile leaves earlier outputs untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brief_builder.errors import Problem, ProblemsError, Severity, UsageError
from brief_builder.layouts import Layout, available, load_layout
from brief_builder.output import write_atomic
from brief_builder.renderers import FORMATS, RenderOptions, get_format
from brief_builder.rules.merge import MergeResult, merge
from brief_builder.sources.library import Entry, Library, load_library
from brief_builder.theme import theme_errors

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Project:
    """Where a build reads from."""

    sources: Path = Path("sources")
    layouts: tuple[Path, ...] = ()
    """User layout folders, searched before the built-in layouts."""


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
    library: Library
    compiled: dict[str, Compiled] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def validate(project: Project, briefs: Sequence[str] | None = None) -> Validation:
    """Read every source, then merge the named briefs (all when None); collect every problem."""
    library = load_library(project.sources)
    validation = Validation(library=library, problems=list(library.problems))
    names = list(library.briefs) if briefs is None else list(briefs)
    unknown = [name for name in names if name not in library.briefs]
    if unknown and not library.errors:
        raise UsageError(_unknown_brief(unknown[0], library))
    layouts: dict[str, Layout | None] = {}
    """Each layout the briefs use, loaded once (None when it has errors)."""
    for name in names:
        if name not in library.briefs:
            continue
        entry = library.briefs[name]
        if entry.model.layout not in available(project.layouts):
            validation.problems.append(
                entry.doc.problem(
                    ("layout",),
                    f"expected one of the layouts {', '.join(available(project.layouts))}, "
                    f"got {entry.model.layout!r}",
                )
            )
            continue
        if entry.model.layout not in layouts:
            try:
                layouts[entry.model.layout] = load_layout(entry.model.layout, project.layouts)
            except ProblemsError as exc:
                layouts[entry.model.layout] = None
                validation.problems.extend(exc.problems)
            else:
                validation.problems.extend(layouts[entry.model.layout].problems())
        layout = layouts[entry.model.layout]
        if layout is None:
            continue
        for key, message in theme_errors(entry.model.theme).items():
            validation.problems.append(entry.doc.problem(("theme", key), message))
        result = merge(library, name, layout.labels_for(entry.model.language))
        validation.problems.extend(result.problems)
        validation.problems.extend(_unused_warnings(entry, result))
        validation.compiled[name] = Compiled(result=result, layout=layout)
    return validation


def compile_briefs(
    project: Project,
    briefs: Sequence[str] | None,
    formats: Sequence[str],
    output: Path,
    options: RenderOptions,
    on_written: Callable[[Written], None] | None = None,
) -> list[Written]:
    """Compile ``briefs`` (all when None) to ``formats`` in ``output``; raise on any error."""
    chosen = [get_format(name) for name in formats]
    validation = validate(project, briefs)
    if validation.errors:
        raise ProblemsError(validation.problems)
    roots = (
        project.sources.resolve(),
        *(f.resolve() for c in validation.compiled.values() for f in c.layout.folders),
    )
    options = RenderOptions(
        pdf_variant=options.pdf_variant,
        allowed_roots=(*options.allowed_roots, *roots),
        timestamp=options.timestamp,
        extra=options.extra,
    )
    rendered: list[tuple[Written, bytes]] = []
    for name, compiled in validation.compiled.items():
        for fmt in chosen:
            LOGGER.info("rendering %s as %s", name, fmt.name)
            data, pages = fmt.render(compiled.result.outline, compiled.layout, options)
            path = output / f"{name}{fmt.suffix}"
            rendered.append(
                (Written(brief=name, format=fmt.name, path=path, size=len(data), pages=pages), data)
            )
    written = []
    for done, data in rendered:
        write_atomic(done.path, data)
        written.append(done)
        if on_written:
            on_written(done)
    return written


def _unused_warnings(entry: Entry, result: MergeResult) -> list[Problem]:
    """One warning per kind of which some items were placed by no rule of the brief."""
    warnings = []
    for kind, ids in result.unused().items():
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            warnings.append(
                Problem(
                    entry.path,
                    None,
                    "sections",
                    f"no rule placed {len(ids)} of the {kind}: {shown} "
                    f"(see brief outline {entry.id} --unused)",
                    Severity.WARNING,
                )
            )
    return warnings


def _unknown_brief(name: str, library: Library) -> str:
    known = ", ".join(sorted(library.briefs)) or "none"
    return f"unknown brief {name!r}; the briefs in {library.root} are: {known}"


__all__ = ["FORMATS", "Compiled", "Project", "Validation", "Written", "compile_briefs", "validate"]
