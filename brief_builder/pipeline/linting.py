"""Turn the briefs into the findings of the house rules (``brief lint``), their pages read from the cache.

The rules read the merged briefs of a validation; the page budget reads the page count the
build cache holds for the PDF ``brief compile`` would write now (same outline, layout and
options). Nothing is rendered here: a brief without such a PDF has its page budget skipped,
with a note saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from brief_builder.errors import NotCompiledError, Problem
from brief_builder.lint import lint
from brief_builder.pipeline.memo import SourceCache
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.render_cache import BuildCache, layout_digest, outline_digest, render_key
from brief_builder.pipeline.validate import Compiled, validate, with_stamp
from brief_builder.renderers import RenderOptions


@dataclass
class LintReport:
    briefs: list[str] = field(default_factory=list)
    """The briefs linted."""
    problems: list[Problem] = field(default_factory=list)
    """The rules' findings, and the errors that kept briefs from being linted."""
    notes: list[str] = field(default_factory=list)
    """What was not checked, and why (``page-budget`` without a compiled PDF)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def lint_briefs(
    project: Project, briefs: Sequence[str] | None, cache: Path | None, options: RenderOptions
) -> LintReport:
    """Lint ``briefs`` (all when None); ``cache``: the cache folder (None: no sources cache, no pages);
    ``options``: those ``brief compile`` would render with, to find its PDF in the build cache."""
    validation = validate(
        project, None if briefs is None else list(briefs), SourceCache(cache) if cache else None
    )
    if validation.errors and not validation.ready:
        raise NotCompiledError(validation.problems, validation.not_compiled)
    report = LintReport(problems=list(validation.errors))
    options = with_stamp(project, validation, options, cache)
    build = BuildCache(cache) if cache is not None else None
    for name, compiled in validation.ready.items():
        report.briefs.append(name)
        pages = None
        budget = compiled.lint["page-budget"]
        if budget.enabled and (compiled.layout.pages is not None or any(budget.options.values())):
            pages = _cached_pages(build, compiled, options) if build is not None else None
            if pages is None:
                report.notes.append(
                    f"page-budget: not checked for {name}: the build cache holds no PDF of it as it is now "
                    f"(brief compile {name} --format pdf makes one)"
                )
        report.problems.extend(lint(compiled.subject(pages), compiled.lint))
    return report


def _cached_pages(cache: BuildCache, compiled: Compiled, options: RenderOptions) -> int | None:
    """The page count of the PDF the build cache holds for the brief as it is now, if any: as
    ``brief compile`` renders it by its status, or with that status asked for (``--draft`` of a
    draft, ``--final`` of a final brief: the same pages)."""
    outline_hash, layout_hash = outline_digest(compiled.result.outline), layout_digest(compiled.layout)
    as_asked = replace(options, draft=options.is_draft(compiled.result.outline.meta))
    for variant in (options, as_asked):
        hit = cache.get(render_key(outline_hash, layout_hash, variant, "pdf"))
        if hit is not None:
            return hit.pages
    return None
