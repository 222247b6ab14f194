"""The ``translate`` commands: briefs in, exchange files for translators out; their files back in; status."""

from __future__ import annotations

from pathlib import Path

import click

from brief_builder.app.options import cache_dir_option, layouts_option, sources_option
from brief_builder.app.reports import print_import, print_status
from brief_builder.errors import ProblemsError, UsageError

language_option = click.option(
    "--language", metavar="LANG", default=None, help="Language to translate into (a BCP 47 tag: fr, de-AT)."
)
no_cache_option = click.option("--no-cache", is_flag=True, help="Read every source afresh.")


@click.group(name="translate")
def translate_group() -> None:
    """Exchange the briefs' translations with translators' tools (XLIFF, PO) and count them."""


@translate_group.command(name="export")
@click.argument("briefs", nargs=-1, required=True)
@click.option(
    "--language", metavar="LANG", required=True, help="Language to translate into (a BCP 47 tag: fr, de-AT)."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["xliff", "po"]),
    default="xliff",
    show_default=True,
    help="XLIFF 1.2 for CAT tools, or one gettext PO file for PO editors.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write  [default: standard output]",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace --output even when it holds translations not yet imported.",
)
@no_cache_option
@cache_dir_option("read sources")
@sources_option
@layouts_option
def export_command(
    briefs: tuple[str, ...],
    language: str,
    format_name: str,
    output: Path | None,
    overwrite: bool,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Write the units BRIEFS need in LANG, each once, existing translations as targets.

    An --output file that holds translations not yet imported is left as it is (exit 1)
    unless --overwrite.
    """
    from brief_builder.pipeline.output import write_atomic
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.translating import exchange_file, keep_unimported, placed_briefs

    project = load_project(sources=sources, layouts=layouts, cache=cache_dir)
    placed = placed_briefs(project, list(briefs), None if no_cache else project.cache_folder)
    data = exchange_file(placed, language, format_name)
    if output is not None and not overwrite:
        keep_unimported(project, output)
    if output is None:
        click.echo(data, nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output}", err=True)
    return 0


@translate_group.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--language",
    metavar="LANG",
    default=None,
    help="Language of the translations  [default: the file's target language]",
)
@click.option("--dry-run", is_flag=True, help="Report what the import would change; write nothing.")
@sources_option
@click.pass_obj
def import_command(obj: dict, file: Path, language: str | None, dry_run: bool, sources: Path | None) -> int:
    """Merge the translations of an XLIFF or PO FILE into SOURCES/translations/LANG/.

    Reports, located in FILE, the units the sources do not have, those whose source text
    changed since the export and the empty ones; never drops a translation; writes nothing
    when FILE or a translation file it changes cannot be read.
    """
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.translating import import_file

    project = load_project(sources=sources)
    if not project.sources.is_dir():
        raise UsageError(f"--sources: {project.sources} is not a folder")
    result = import_file(project, file, language, dry_run)
    errors = [p for p in result.problems if p.is_error]
    if errors:
        raise ProblemsError(result.problems)
    print_import(result, project.sources, dry_run, quiet=obj["quiet"])
    return 0


@translate_group.command(name="status")
@click.argument("briefs", nargs=-1)
@language_option
@click.option("--json", "as_json", is_flag=True, help="Print the rows as a JSON list of objects.")
@no_cache_option
@cache_dir_option("read sources")
@sources_option
@layouts_option
def status_command(
    briefs: tuple[str, ...],
    language: str | None,
    as_json: bool,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Count, per brief and language, the units and words, translated, stale and missing.

    Without BRIEFS, every brief; without --language, each brief's editions (its languages:),
    else every language of SOURCES/translations/.
    """
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.translating import placed_briefs, status_rows

    project = load_project(sources=sources, layouts=layouts, cache=cache_dir)
    placed = placed_briefs(project, list(briefs) or None, None if no_cache else project.cache_folder)
    print_status(status_rows(placed, language), as_json)
    return 0
