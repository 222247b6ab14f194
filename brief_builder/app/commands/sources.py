"""The commands that read sources: ``validate``, ``lint``, ``outline``, ``diff``, ``new`` and ``schema``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from brief_builder.app.options import cache_dir_option, layouts_option, output_option, sources_option
from brief_builder.app.reports import format_outline, print_problems
from brief_builder.errors import ProblemsError, UsageError, summary

if TYPE_CHECKING:
    from brief_builder.pipeline.project import Project


@click.command(name="validate")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-cache", is_flag=True, help="Read every source afresh; do not read or fill the cache.")
@cache_dir_option("read sources")
@sources_option
@layouts_option
@click.pass_obj
def validate_command(
    obj: dict,
    strict: bool,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Check every source and every brief; print every problem found."""
    from brief_builder.pipeline.memo import SourceCache, check_sources
    from brief_builder.pipeline.project import load_project

    project = load_project(sources=sources, layouts=layouts, cache=cache_dir)
    cache = None if no_cache else SourceCache(project.cache_folder)
    checked = check_sources(project, cache)
    print_problems(checked.problems)
    failed = any(p.is_error for p in checked.problems) or (strict and checked.problems)
    if failed:
        click.echo(summary(checked.problems), err=True)
        return 1
    if not obj["quiet"]:
        counts = checked.counts
        click.echo(
            f"ok: {counts['briefs']} briefs, {counts['practices']} practices, "
            f"{counts['recommendations']} recommendations, {counts['sessions']} sessions, "
            f"{counts['projects']} projects"
        )
    return 0


@click.command(name="outline")
@click.argument("brief")
@click.option("--json", "as_json", is_flag=True, help="Print the outline as JSON.")
@click.option("--unused", is_flag=True, help="List the items of the included kinds that no rule placed.")
@click.option("--no-cache", is_flag=True, help="Read every source afresh; do not read or fill the cache.")
@cache_dir_option("read sources")
@sources_option
@layouts_option
def outline_command(
    brief: str,
    as_json: bool,
    unused: bool,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Print the outline the section rules build for BRIEF."""
    from brief_builder.pipeline.memo import SourceCache
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.validate import validate

    project = load_project(sources=sources, layouts=layouts, cache=cache_dir)
    cache = None if no_cache else SourceCache(project.cache_folder)
    validation = validate(project, [brief], cache)
    if brief not in validation.ready:  # errors in files the brief reads
        raise ProblemsError(validation.problems)
    print_problems(validation.problems)
    result = validation.compiled[brief].result
    if unused:
        for kind, ids in result.unused().items():
            for item_id in ids:
                click.echo(f"{kind}: {item_id}")
    elif as_json:
        click.echo(result.outline.model_dump_json(indent=2))
    else:
        click.echo(format_outline(result.outline))
    if validation.errors:  # in files the brief does not read: still an error to fix
        click.echo(summary(validation.problems), err=True)
        return 1
    return 0


@click.command(name="diff")
@click.argument("briefs", nargs=-1)
@click.option(
    "--all", "all_briefs", is_flag=True, help="Every brief, old and new; briefs without changes are left out."
)
@click.option("--since", default="HEAD", show_default=True, help="The git revision to compare with.")
@click.option("--markdown", is_flag=True, help="Print Markdown, for a pull-request comment.")
@click.option(
    "--language", metavar="LANG", default=None, help="Compare the briefs' editions in LANG instead."
)
@sources_option
@layouts_option
def diff_command(
    briefs: tuple[str, ...],
    all_briefs: bool,
    since: str,
    markdown: bool,
    language: str | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Print what changed in the outline of BRIEFS between a git revision and the working tree.

    With --language, what changed in their editions in LANG (sources and translations alike).
    """
    from brief_builder.app.diff import diff_briefs, format_markdown, format_text
    from brief_builder.pipeline.project import load_project

    if not briefs and not all_briefs:
        raise click.UsageError("name one or more briefs, or use --all")
    if briefs and all_briefs:
        raise click.UsageError("name briefs or use --all, not both")
    project = load_project(sources=sources, layouts=layouts)
    diffs = diff_briefs(project, None if all_briefs else list(briefs), since, language)
    if all_briefs:
        diffs = [d for d in diffs if d.changes]
        if not diffs:
            nothing = f"No brief changed since `{since}`." if markdown else f"no brief changed since {since}"
            click.echo(nothing)
            return 0
    render = format_markdown if markdown else format_text
    click.echo(("\n\n" if markdown else "\n").join(render(d) for d in diffs))
    return 0


@click.command(name="schema")
@output_option("Folder to write <kind>.schema.json into.", default="the sources folder's .schemas/")
@click.pass_obj
def schema_command(obj: dict, output: Path | None) -> int:
    """Write the JSON Schemas of the source files, for editors."""
    from brief_builder.pipeline.output import write_atomic
    from brief_builder.pipeline.project import load_project
    from brief_builder.sources.schema import FOLDER, render_schemas

    if output is None:
        output = load_project().sources / FOLDER
    for name, data in render_schemas().items():
        write_atomic(output / name, data)
        if not obj["quiet"]:
            click.echo(f"wrote {output / name}")
    return 0


@click.command(name="new")
@click.argument(
    "kind", metavar="KIND", type=click.Choice(["session", "practice", "recommendation", "project", "brief"])
)
@click.argument("item_id", metavar="ID")
@click.option("--layout", default=None, help="For a brief: the layout it is rendered with.")
@click.option(
    "--session", default=None, help="For a brief: the session it reports on (its title and date are taken)."
)
@sources_option
@layouts_option
@click.pass_obj
def new_command(
    obj: dict,
    kind: str,
    item_id: str,
    layout: str | None,
    session: str | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Scaffold a new source with every field explained.

    Writes SOURCES/<kind>s/ID.yaml; KIND is session, practice, recommendation, project or brief.
    A brief of a layout that has section rules (event-summary) and a session needs nothing
    else: brief new brief ID --layout event-summary --session SESSION.
    """
    import re

    from brief_builder.pipeline.output import create_new
    from brief_builder.pipeline.project import load_project
    from brief_builder.sources.models import ID_PATTERN
    from brief_builder.sources.scaffold import PLACEHOLDER, scaffold
    from brief_builder.sources.schema import FOLDERS

    if not re.match(ID_PATTERN, item_id):
        raise UsageError(f"ID: expected lowercase letters, digits and hyphens (go4export), got {item_id!r}")
    if kind != "brief" and (layout or session):
        raise UsageError(f"--layout and --session: expected a new brief, got a new {kind}")
    project = load_project(sources=sources, layouts=layouts)
    sources = project.sources
    if not sources.is_dir():
        raise UsageError(f"--sources: expected a sources folder, got nothing at {sources}")
    values, required = brief_fields(project, layout, session) if kind == "brief" else ({}, None)
    path = sources / FOLDERS[kind] / f"{item_id}.yaml"
    create_new(path, scaffold(kind, values, required).encode("utf-8"))
    if not obj["quiet"]:
        todo = f"replace every {PLACEHOLDER}, then run" if required != [] else "then run"
        click.echo(f"wrote {path}: {todo} brief validate")
    ensure_schemas(sources, [kind], quiet=obj["quiet"])
    return 0


def ensure_schemas(sources: Path, kinds: list[str], quiet: bool) -> None:
    """Write ``sources/.schemas/`` when the schema of one of ``kinds`` is missing there: the first
    line of every file brief-builder writes points at it."""
    from brief_builder.pipeline.output import write_atomic
    from brief_builder.sources.schema import FOLDER, file_name, render_schemas

    schemas = sources / FOLDER
    if all((schemas / file_name(kind)).is_file() for kind in kinds):
        return
    for name, data in render_schemas().items():
        write_atomic(schemas / name, data)
    if not quiet:
        click.echo(f"wrote {schemas}/ (the JSON Schemas editors check sources with)")


def brief_fields(
    project: Project, layout: str | None, session: str | None
) -> tuple[dict[str, str], list[str]]:
    """The fields a new brief is written with, and those it must still be given (``TODO``).

    A brief needs a title unless it names a session, and sections unless its layout has them.
    """
    import difflib

    from brief_builder.errors import ProblemsError
    from brief_builder.layouts.loader import available, load_layout, unknown_layout

    name = layout or "policy-brief"
    if name not in available(project.layouts):
        raise UsageError(f"--layout: {unknown_layout(name, available(project.layouts))}")
    if session is not None:
        sessions = sorted(p.stem for p in (project.sources / "sessions").glob("*.yaml"))
        if not sessions:
            raise UsageError(
                f"--session: expected the id of a session, got {session!r}; there is none yet "
                f"(brief new session {session} writes one)"
            )
        if session not in sessions:
            close = difflib.get_close_matches(session, sessions, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(
                f"--session: expected one of the sessions {', '.join(sessions)}, got {session!r}{hint}"
            )
    try:
        has_rules = load_layout(name, project.layouts).rules is not None
    except ProblemsError:
        has_rules = False  # brief validate says what is wrong with the layout
    values = {key: value for key, value in (("layout", layout), ("session", session)) if value}
    required = [key for key, needed in (("title", session is None), ("sections", not has_rules)) if needed]
    return values, required


@click.command(name="lint")
@click.argument("briefs", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: path:line: rule-id: message; json: one object; github: workflow annotations.",
)
@click.option("--no-cache", is_flag=True, help="Read every source afresh; measure no page count.")
@cache_dir_option("read sources and rendered files (where the page budget is measured)")
@sources_option
@layouts_option
def lint_command(
    briefs: tuple[str, ...],
    output_format: str,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Check BRIEFS (all without any) against the house rules of policy briefs.

    Each finding is printed at the line of the field or rule concerned, with its rule's id
    (see README "House rules"); the command fails when a rule with severity error finds
    something. Rules are set in brief.toml's [lint] and in a brief's lint: mapping.
    """
    import json

    from brief_builder.app.options import source_date_epoch
    from brief_builder.app.reports import github_annotation, lint_line, problem_object
    from brief_builder.errors import ordered
    from brief_builder.pipeline.linting import lint_briefs
    from brief_builder.pipeline.project import load_project
    from brief_builder.renderers import RenderOptions

    project = load_project(sources=sources, layouts=layouts, cache=cache_dir)
    cache = None if no_cache else project.cache_folder
    report = lint_briefs(project, list(briefs) or None, cache, RenderOptions(timestamp=source_date_epoch()))
    problems = ordered(report.problems)
    if output_format == "json":
        found = [{**problem_object(p), "rule": p.field, "severity": str(p.severity)} for p in problems]
        click.echo(json.dumps({"briefs": report.briefs, "problems": found, "notes": report.notes}, indent=2))
    elif output_format == "github":
        for problem in problems:
            click.echo(github_annotation(problem))
        for note in report.notes:
            click.echo(f"::notice::{note}")
    else:
        for problem in problems:
            click.echo(lint_line(problem))
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        errors = len(report.errors)
        count = f"{len(problems)} finding{'s' if len(problems) != 1 else ''}"
        click.echo(
            f"linted {len(report.briefs)} brief{'s' if len(report.briefs) != 1 else ''}: {count}"
            f" ({errors} error{'s' if errors != 1 else ''})",
            err=True,
        )
    return 1 if report.errors else 0
