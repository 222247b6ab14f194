"""The ``import`` commands: an event summary or a spreadsheet of practices in, new source files out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from brief_builder.app.commands.sources import ensure_schemas
from brief_builder.app.options import sources_option
from brief_builder.app.reports import print_problems
from brief_builder.errors import BriefError, UsageError

if TYPE_CHECKING:
    from brief_builder.importers import ImportPlan
    from brief_builder.sources.library import Library

dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Print the files the import would write instead of writing them."
)
force_option = click.option("--force", is_flag=True, help="Overwrite files that exist already.")
input_file = click.argument("file", type=click.Path(path_type=Path, dir_okay=False))


@click.group(name="import")
def import_group() -> None:
    """Turn documents that exist into sources: event summaries and spreadsheets of good practices."""


@import_group.command(name="session")
@input_file
@click.option("--id", "session_id", metavar="ID", help="Id of the session  [default: kind and ISO date]")
@click.option("--year", type=click.IntRange(1900, 2999), help="Year of a date written without one.")
@click.option("--brief", is_flag=True, help="Also write an event-summary brief of the session.")
@click.option("--strict", is_flag=True, help="Refuse when a line of the summary could not be placed.")
@dry_run_option
@force_option
@sources_option
@click.pass_obj
def import_session_command(
    obj: dict,
    file: Path,
    session_id: str | None,
    year: int | None,
    brief: bool,
    strict: bool,
    dry_run: bool,
    force: bool,
    sources: Path | None,
) -> int:
    """Import an event summary (.txt, .md, .html, .docx) as SOURCES/sessions/ID.yaml.

    Every line of FILE is placed in the session or listed as not placed, with its line number.
    Projects are matched by acronym; an unknown one gets a new project file to fill in.
    """
    from brief_builder.importers import known_projects_of, read_session, session_plan

    sources = _sources(sources)
    projects = _library(sources).projects
    imported = read_session(
        file, year=year, known_projects=known_projects_of(projects), session_id=session_id, strict=strict
    )
    print_problems(imported.problems)
    return _carry_out(obj, session_plan(imported, brief=brief), sources, dry_run=dry_run, force=force)


@import_group.command(name="practices")
@input_file
@click.option("--project", metavar="PROJECT", help="Project (id or acronym) of the rows that name none.")
@click.option("--skip-invalid", is_flag=True, help="Leave out the rows with errors and import the others.")
@dry_run_option
@force_option
@sources_option
@click.pass_obj
def import_practices_command(
    obj: dict,
    file: Path,
    project: str | None,
    skip_invalid: bool,
    dry_run: bool,
    force: bool,
    sources: Path | None,
) -> int:
    """Import good practices from a spreadsheet (.csv, .xlsx), one row each, as SOURCES/practices/*.yaml.

    Columns are named by the practice fields (title, project, country, summary, themes, ...) or
    by the Interreg Europe good practice database's labels. Nothing is written while any row
    has an error, unless --skip-invalid.
    """
    from brief_builder.importers import known_projects_of, practices_plan, read_practices

    sources = _sources(sources)
    library = _library(sources)
    imported = read_practices(
        file,
        project=project,
        known_projects=known_projects_of(library.projects),
        existing_ids={*library.practices, *library.sessions, *library.documents.get("practices", {})},
        skip_invalid=skip_invalid,
    )
    print_problems(imported.problems)
    code = _carry_out(obj, practices_plan(imported), sources, dry_run=dry_run, force=force)
    if imported.skipped_rows and not obj["quiet"]:
        rows = ", ".join(str(row) for row in imported.skipped_rows)
        click.echo(f"skipped {len(imported.skipped_rows)} rows with errors: {rows}")
    return code


def _sources(given: Path | None) -> Path:
    """The sources folder of ``--sources``, else of brief.toml, else ``./sources``."""
    from brief_builder.pipeline.project import load_project

    return load_project(sources=given).sources


def _library(sources: Path) -> Library:
    """The sources read so far, for the ids and acronyms an import matches against."""
    from brief_builder.sources.library import load_library

    if not sources.is_dir():
        raise UsageError(f"--sources: expected a sources folder, got nothing at {sources}")
    return load_library(sources)


def _carry_out(obj: dict, plan: ImportPlan, sources: Path, *, dry_run: bool, force: bool) -> int:
    """Print the plan (``--dry-run``) or write it; never overwrite a file without ``force``."""
    from brief_builder.pipeline.output import write_atomic

    if dry_run:
        for path, text in plan.files.items():
            click.echo(f"--- {sources / path}")
            click.echo(text, nl=not text.endswith("\n"))
        return 0
    existing = plan.existing(sources)
    if existing and not force:
        shown = ", ".join(str(sources / path) for path in existing)
        raise BriefError(f"refusing to overwrite {shown}: edit them, choose another --id, or use --force")
    for path, text in plan.files.items():
        write_atomic(sources / path, text.encode("utf-8"))
        if not obj["quiet"]:
            click.echo(f"wrote {sources / path}")
    kinds = sorted({path.split("/")[0].removesuffix("s") for path in plan.files})
    ensure_schemas(sources, kinds, quiet=obj["quiet"])
    if not obj["quiet"] and plan.files:
        click.echo("check the files (comments say what was inferred), then run brief validate")
    return 0
