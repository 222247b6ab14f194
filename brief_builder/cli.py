"""The ``brief`` command: arguments in, messages and exit codes out (the only module that prints).

Exit codes: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from brief_builder import __version__
from brief_builder.errors import (
    BriefError,
    NotFinalError,
    Problem,
    ProblemsError,
    Severity,
    UsageError,
    ordered,
    summary,
)
from brief_builder.renderers import DEFAULT_FORMATS, FORMATS, PDF_VARIANTS, RenderOptions

if TYPE_CHECKING:  # the outline's pydantic models load only for the commands that need them
    from brief_builder.batch import BatchOptions
    from brief_builder.build import Project, Validation, Written
    from brief_builder.outline import Outline, RichBlock, Section

sources_option = click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=Path("sources"),
    show_default=True,
    help="Folder holding projects/, sessions/, practices/, recommendations/ and briefs/.",
)


def output_option(help: str, default: Path = Path("output")) -> Callable[[Callable[..., Any]], Any]:
    """``--output DIR``: the folder a command writes into."""
    return click.option(
        "--output",
        type=click.Path(path_type=Path, file_okay=False),
        default=default,
        show_default=True,
        help=help,
    )


layouts_option = click.option(
    "--layouts",
    "layouts",
    type=click.Path(path_type=Path, file_okay=False),
    multiple=True,
    help="A folder of your own layouts, searched before the built-in ones (repeatable).",
)


def jobs_option(help: str) -> Callable[[Callable[..., Any]], Any]:
    """``--jobs N``: worker processes; None (not given) stands for ``default_jobs()``."""
    return click.option(
        "--jobs", "-j", type=click.IntRange(min=1), default=None, help=f"{help}  [default: CPU count]"
    )


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def format_names(formats: str) -> list[str]:
    """The names of a comma-separated ``--format`` value, each checked against the registry."""
    names = [name.strip() for name in formats.split(",") if name.strip()]
    for name in names:
        if name not in FORMATS:
            raise click.BadParameter(
                f"unknown format {name!r}; expected one of {', '.join(FORMATS)}", param_hint="--format"
            )
    return names


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brief")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Compile policy briefs from YAML sources to PDF, DOCX and HTML."""
    ctx.obj = {"debug": debug, "quiet": quiet}
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(name)s: %(message)s")


@cli.command(name="compile")
@click.argument("briefs", nargs=-1)
@click.option("--all", "all_briefs", is_flag=True, help="Compile every brief in the sources.")
@click.option("--site", is_flag=True, help="Also write the downloads page OUTPUT/index.html.")
@click.option(
    "--format",
    "formats",
    default=",".join(DEFAULT_FORMATS),
    show_default=True,
    help=f"Comma-separated output formats: {', '.join(FORMATS)}.",
)
@output_option("Folder to write <brief-id>.<ext> into.")
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default="pdf/ua-1",
    show_default=True,
    help="PDF standard to follow: accessible (pdf/ua-1), archival (pdf/a-3u) or none.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Compile as drafts: a DRAFT watermark on every page, a version stamp in the footer.",
)
@click.option(
    "--final",
    is_flag=True,
    help="Compile as final; refuse while any warning remains (unplaced items, TODO markers, ...).",
)
@click.option("--force", is_flag=True, help="With --final: compile even though warnings remain.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a machine-readable summary (briefs, files, warnings, errors) on stdout.",
)
@jobs_option("Worker processes rendering briefs in parallel; 1 renders in this process.")
@click.option(
    "--shard",
    metavar="K/N",
    default=None,
    help="Compile only the K-th of N stable slices of the briefs (for a CI matrix).",
)
@click.option(
    "--no-cache", is_flag=True, help="Read and render everything; do not read or fill the build cache."
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the build cache (rendered files and read sources).  [default: .brief-cache next to "
    "the output folder]",
)
@sources_option
@layouts_option
@click.pass_obj
def compile_command(
    obj: dict,
    briefs: tuple[str, ...],
    all_briefs: bool,
    site: bool,
    formats: str,
    output: Path,
    pdf_variant: str,
    draft: bool,
    final: bool,
    force: bool,
    as_json: bool,
    jobs: int | None,
    shard: str | None,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path,
    layouts: tuple[Path, ...],
) -> int:
    """Compile BRIEFS (ids of files in sources/briefs/) into the output folder.

    A brief whose status is draft compiles as a draft unless --final says otherwise.
    """
    from brief_builder.batch import BatchOptions, Shard, compile_batch
    from brief_builder.build import Project
    from brief_builder.cache import default_cache_folder

    if draft and final:
        raise click.UsageError("use --draft or --final, not both")
    if force and not final:
        raise click.UsageError("--force only applies with --final")
    if not briefs and not all_briefs:
        raise click.UsageError("name one or more briefs, or use --all")
    if briefs and all_briefs:
        raise click.UsageError("name briefs or use --all, not both")
    names = format_names(formats)
    if shard is not None and not all_briefs:
        raise click.UsageError("--shard slices --all; do not name briefs with it")
    batch = BatchOptions(
        jobs=jobs or default_jobs(),
        cache=None if no_cache else (cache_dir or default_cache_folder(output)),
        shard=Shard.parse(shard) if shard is not None else None,
    )
    options = RenderOptions(
        pdf_variant=pdf_variant,
        timestamp=_source_date_epoch(),
        draft=True if draft else False if final else None,
    )
    project = Project(sources=sources, layouts=layouts)
    chosen = None if all_briefs else list(briefs)
    if as_json:
        return _compile_json(
            project, chosen, names, output, options, batch, require_final=final and not force
        )
    started = time.perf_counter()
    with _progress_bar(enabled=not obj["quiet"] and sys.stderr.isatty()) as progress:
        result = compile_batch(
            project,
            chosen,
            names,
            output,
            options,
            batch,
            on_written=None if obj["quiet"] else progress.echo_written,
            on_up_to_date=None if obj["quiet"] else progress.echo_up_to_date,
            progress=progress,
            require_final=final and not force,
            # a refusal to compile as final lists the warnings itself
            on_validated=None if final and not force else _print_warnings,
        )
    if not obj["quiet"]:
        count = len(result.briefs)
        click.echo(
            f"compiled {count} brief{'s' if count != 1 else ''} in {time.perf_counter() - started:.1f} s"
            + (f" ({len(result.up_to_date)} up to date)" if result.up_to_date else "")
        )
    if site:
        _write_site(obj, sources, layouts, output, batch.cache)
    return 0


class _ProgressBar:
    """Briefs done / total and the brief being rendered, drawn on stderr with rich (or nothing)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        if not self.enabled or total == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("compiling"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task("", total=total)
        self.bar.start()

    def rendering(self, brief: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=brief)

    def finished(self, brief: str) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)
            if self.bar.finished:
                self.stop()  # before the "wrote" lines go to stdout

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def echo_written(self, written: object) -> None:
        _report_written(written)

    def echo_up_to_date(self, brief: str) -> None:
        _report_up_to_date(brief)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[_ProgressBar]:
    """A progress bar that is taken off the terminal however the build ends."""
    bar = _ProgressBar(enabled)
    try:
        yield bar
    finally:
        bar.stop()


@cli.command(name="validate")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-cache", is_flag=True, help="Read every source afresh; do not read or fill the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the cache of read sources.  [default: .brief-cache beside the sources folder]",
)
@sources_option
@layouts_option
@click.pass_obj
def validate_command(
    obj: dict, strict: bool, no_cache: bool, cache_dir: Path | None, sources: Path, layouts: tuple[Path, ...]
) -> int:
    """Check every source and every brief; print every problem found."""
    from brief_builder.sources.cache import SourceCache, check_sources, default_cache_folder

    cache = None if no_cache else SourceCache(cache_dir or default_cache_folder(sources))
    checked = check_sources(sources, layouts, cache)
    _print_problems(checked.problems)
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


@cli.command(name="outline")
@click.argument("brief")
@click.option("--json", "as_json", is_flag=True, help="Print the outline as JSON.")
@click.option("--unused", is_flag=True, help="List the items of the included kinds that no rule placed.")
@click.option("--no-cache", is_flag=True, help="Read every source afresh; do not read or fill the cache.")
@sources_option
@layouts_option
def outline_command(
    brief: str, as_json: bool, unused: bool, no_cache: bool, sources: Path, layouts: tuple[Path, ...]
) -> int:
    """Print the outline the section rules build for BRIEF."""
    from brief_builder.build import Project, validate
    from brief_builder.sources.cache import SourceCache, default_cache_folder

    cache = None if no_cache else SourceCache(default_cache_folder(sources))
    validation = validate(Project(sources=sources, layouts=layouts), [brief], cache)
    if validation.errors:
        raise ProblemsError(validation.problems)
    _print_problems(validation.problems)
    result = validation.compiled[brief].result
    if unused:
        for kind, ids in result.unused().items():
            for item_id in ids:
                click.echo(f"{kind}: {item_id}")
    elif as_json:
        click.echo(result.outline.model_dump_json(indent=2))
    else:
        click.echo(format_outline(result.outline))
    return 0


def _compile_json(
    project: Project,
    briefs: list[str] | None,
    formats: list[str],
    output: Path,
    options: RenderOptions,
    batch: BatchOptions,
    require_final: bool,
) -> int:
    """Compile, then print what happened as one JSON object: errors are part of it, not raised."""
    from brief_builder.batch import compile_batch

    seen: list[Validation] = []
    written: list[Written] = []
    problems: list[Problem] = []
    message = None
    try:
        written = compile_batch(
            project,
            briefs,
            formats,
            output,
            options,
            batch,
            require_final=require_final,
            on_validated=seen.append,
        ).written
        code = 0
    except NotFinalError as exc:
        code, message, problems = 1, str(exc), exc.problems
    except ProblemsError as exc:
        code, message, problems = 1, summary(exc.problems), exc.problems
    except UsageError as exc:
        code, message = 2, str(exc)
    except BriefError as exc:
        code, message = 1, str(exc)
    validation = seen[0] if seen else None
    if validation is not None and not problems:
        problems = validation.problems
    _print_annotations(problems, err=True)
    click.echo(
        json.dumps(
            compile_summary(validation, written, problems, options, code, message),
            indent=2,
            ensure_ascii=False,
        )
    )
    return code


def compile_summary(
    validation: Validation | None,
    written: Sequence[Written],
    problems: Sequence[Problem],
    options: RenderOptions,
    code: int,
    message: str | None,
) -> dict[str, Any]:
    """The ``compile --json`` object: briefs, files written, warnings, errors, the exit code."""
    compiled = validation.compiled if validation is not None else {}
    return {
        "exit_code": code,
        "message": message,
        "briefs": [
            {
                "id": name,
                "title": c.result.outline.meta.title,
                "layout": c.layout.name,
                "draft": options.is_draft(c.result.outline.meta),
            }
            for name, c in compiled.items()
        ],
        "files": [
            {
                "brief": w.brief,
                "format": w.format,
                "path": w.path.as_posix(),
                "pages": w.pages,
                "size": w.size,
            }
            for w in written
        ],
        "warnings": [_problem_object(p) for p in ordered(list(problems)) if not p.is_error],
        "errors": [_problem_object(p) for p in ordered(list(problems)) if p.is_error],
    }


def _problem_object(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "field": problem.field, "message": problem.message}


@cli.command(name="diff")
@click.argument("briefs", nargs=-1)
@click.option(
    "--all", "all_briefs", is_flag=True, help="Every brief, old and new; briefs without changes are left out."
)
@click.option("--since", default="HEAD", show_default=True, help="The git revision to compare with.")
@click.option("--markdown", is_flag=True, help="Print Markdown, for a pull-request comment.")
@sources_option
@layouts_option
def diff_command(
    briefs: tuple[str, ...],
    all_briefs: bool,
    since: str,
    markdown: bool,
    sources: Path,
    layouts: tuple[Path, ...],
) -> int:
    """Print what changed in the outline of BRIEFS between a git revision and the working tree."""
    from brief_builder.build import Project, diff_briefs
    from brief_builder.diff import format_markdown, format_text

    if not briefs and not all_briefs:
        raise click.UsageError("name one or more briefs, or use --all")
    if briefs and all_briefs:
        raise click.UsageError("name briefs or use --all, not both")
    project = Project(sources=sources, layouts=layouts)
    diffs = diff_briefs(project, None if all_briefs else list(briefs), since)
    if all_briefs:
        diffs = [d for d in diffs if d.changes]
        if not diffs:
            nothing = f"No brief changed since `{since}`." if markdown else f"no brief changed since {since}"
            click.echo(nothing)
            return 0
    render = format_markdown if markdown else format_text
    click.echo(("\n\n" if markdown else "\n").join(render(d) for d in diffs))
    return 0


def format_outline(outline: Outline) -> str:
    """The outline as an indented tree, one line per section and block, with provenance."""
    meta = outline.meta
    lines = [f"{meta.title}  [{meta.layout}, {meta.language}]  {meta.source.path}"]
    for section in outline.sections:
        _format_section(section, lines, depth=0)
    return "\n".join(lines)


def _format_section(section: Section, lines: list[str], depth: int) -> None:
    from brief_builder.outline import ItemsBlock, TextBlock

    pad = "  " * depth
    where = f"{section.source.path}:{section.source.line}"
    role = f"  [{section.role}]" if section.role else ""
    heading = f"{'#' * section.level} {section.title}" if section.title else "(untitled)"
    lines.append(f"{pad}{heading}{role}  {where}")
    for block in section.blocks:
        if isinstance(block, TextBlock):
            lines.append(f"{pad}  text: {_excerpt(block.content)}  :{block.source.line}")
        elif isinstance(block, ItemsBlock):
            lines.append(f"{pad}  {block.kind} as {block.display} ({len(block.items)}):")
            for item in block.items:
                label = item.title or _excerpt(item.body)
                lines.append(f"{pad}    - {item.id}: {label}  {item.source.path}:{item.source.line}")
    for child in section.sections:
        _format_section(child, lines, depth + 1)


def _excerpt(blocks: Sequence[RichBlock], width: int = 60) -> str:
    from brief_builder.outline import rich_texts

    text = " ".join(rich_texts(blocks))
    return json.dumps(text if len(text) <= width else text[: width - 3] + "...", ensure_ascii=False)


def _report_up_to_date(brief: str) -> None:
    click.echo(f"up to date: {brief}")


def _report_written(written: object) -> None:
    pages = getattr(written, "pages", None)
    size = getattr(written, "size", 0)
    details = f"{pages} page{'s' if pages != 1 else ''}, " if pages is not None else ""
    click.echo(f"wrote {getattr(written, 'path', '')} ({details}{_size(size)})")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _print_warnings(validation: Validation) -> None:
    """Print the warnings of a validation that goes on to compile (its errors stop it and print)."""
    if not validation.errors:
        _print_problems([p for p in validation.problems if not p.is_error])


def _print_problems(problems: list[Problem]) -> None:
    for problem in ordered(problems):
        click.echo(str(problem), err=True)
    _print_annotations(problems)


def _print_annotations(problems: Sequence[Problem], err: bool = False) -> None:
    """In GitHub Actions, each problem again as a workflow command, so that it shows on the diff."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for problem in ordered(list(problems)):
        click.echo(github_annotation(problem), err=err)


def github_annotation(problem: Problem) -> str:
    """``::error file=sources/x.yaml,line=3,title=field::message`` (GitHub's workflow command)."""
    level = "warning" if problem.severity is Severity.WARNING else "error"
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
        if problem.column is not None:
            properties.append(f"col={problem.column}")
    if problem.field:
        properties.append(f"title={_escape_property(problem.field)}")
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, got {value!r}")
    return int(value)


# --- the downloads page and editor support (issue 6) ----------------------------------


@cli.command(name="site")
@output_option("Folder to compile every brief into and write index.html in.")
@jobs_option("Worker processes rendering briefs in parallel; 1 renders in this process.")
@click.option(
    "--no-cache", is_flag=True, help="Read and render everything; do not read or fill the build cache."
)
@sources_option
@layouts_option
@click.pass_obj
def site_command(
    obj: dict, output: Path, jobs: int | None, no_cache: bool, sources: Path, layouts: tuple[Path, ...]
) -> int:
    """Compile every brief and write the downloads page.

    Every brief is compiled to PDF, DOCX and HTML, then OUTPUT/index.html lists them.
    """
    from brief_builder.batch import BatchOptions, compile_batch
    from brief_builder.build import Project
    from brief_builder.cache import default_cache_folder
    from brief_builder.site import DOWNLOADS

    cache = None if no_cache else default_cache_folder(output)
    compile_batch(
        Project(sources=sources, layouts=layouts),
        None,
        [kind.format for kind in DOWNLOADS],
        output,
        RenderOptions(timestamp=_source_date_epoch()),
        BatchOptions(jobs=jobs or default_jobs(), cache=cache),
        on_written=None if obj["quiet"] else _report_written,
        on_up_to_date=None if obj["quiet"] else _report_up_to_date,
        on_validated=_print_warnings,
    )
    _write_site(obj, sources, layouts, output, cache)
    return 0


def _write_site(
    obj: dict, sources: Path, layouts: tuple[Path, ...], output: Path, cache: Path | None
) -> None:
    """Write the downloads page of what ``output`` holds and say so (``cache``: the build cache's folder)."""
    from brief_builder.build import Project
    from brief_builder.site import build_site
    from brief_builder.sources.cache import SourceCache

    project = Project(sources=sources, layouts=layouts)
    index, briefs = build_site(project, output, SourceCache(cache) if cache is not None else None)
    if not obj["quiet"]:
        missing = [b.id for b in briefs if not b.thumbnail]
        note = f"; no thumbnail for {', '.join(missing)}" if missing else ""
        click.echo(f"wrote {index} ({len(briefs)} brief{'s' if len(briefs) != 1 else ''}{note})")


@cli.command(name="schema")
@output_option("Folder to write <kind>.schema.json into.", default=Path("sources/.schemas"))
@click.pass_obj
def schema_command(obj: dict, output: Path) -> int:
    """Write the JSON Schemas of the source files, for editors."""
    from brief_builder.output import write_atomic
    from brief_builder.sources.schema import render_schemas

    for name, data in render_schemas().items():
        write_atomic(output / name, data)
        if not obj["quiet"]:
            click.echo(f"wrote {output / name}")
    return 0


@cli.command(name="new")
@click.argument(
    "kind", metavar="KIND", type=click.Choice(["session", "practice", "recommendation", "project", "brief"])
)
@click.argument("item_id", metavar="ID")
@sources_option
@click.pass_obj
def new_command(obj: dict, kind: str, item_id: str, sources: Path) -> int:
    """Scaffold a new source with every field explained.

    Writes SOURCES/<kind>s/ID.yaml; KIND is session, practice, recommendation, project or brief.
    """
    import re

    from brief_builder.output import create_new, write_atomic
    from brief_builder.sources.models import ID_PATTERN
    from brief_builder.sources.scaffold import PLACEHOLDER, scaffold
    from brief_builder.sources.schema import FOLDER, FOLDERS, file_name, render_schemas

    if not re.match(ID_PATTERN, item_id):
        raise UsageError(f"ID: expected lowercase letters, digits and hyphens (go4export), got {item_id!r}")
    if not sources.is_dir():
        raise UsageError(f"--sources: expected a sources folder, got nothing at {sources}")
    path = sources / FOLDERS[kind] / f"{item_id}.yaml"
    create_new(path, scaffold(kind).encode("utf-8"))
    if not obj["quiet"]:
        click.echo(f"wrote {path}: replace every {PLACEHOLDER}, then run brief validate")
    schemas = sources / FOLDER
    if not (schemas / file_name(kind)).is_file():  # the file's first line points there
        for name, data in render_schemas().items():
            write_atomic(schemas / name, data)
        if not obj["quiet"]:
            click.echo(f"wrote {schemas}/ (the JSON Schemas editors check sources with)")
    return 0


@cli.command(name="watch")
@click.argument("brief")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 to serve the preview on (0: any free port).",
)
@click.option(
    "--format",
    "formats",
    default="html",
    show_default=True,
    help=f"Comma-separated formats to recompile on every save ({', '.join(FORMATS)}); "
    "the HTML is always among them: it is what the preview shows.",
)
@output_option("Folder to compile <brief-id>.html (and the other formats) into.")
@click.option("--no-cache", is_flag=True, help="Read every source afresh on every rebuild.")
@sources_option
@layouts_option
@click.pass_obj
def watch_command(
    obj: dict,
    brief: str,
    port: int,
    formats: str,
    output: Path,
    no_cache: bool,
    sources: Path,
    layouts: tuple[Path, ...],
) -> int:
    """Rebuild BRIEF on every save and serve its HTML.

    Watches the sources and layouts, recompiles OUTPUT/BRIEF.html (and, with --format, the
    PDF or DOCX beside it, for a viewer that reloads the file) after each save and serves
    the HTML on 127.0.0.1 with a page that reloads itself.
    """
    from brief_builder.build import Project
    from brief_builder.cache import default_cache_folder
    from brief_builder.watch import Build, Watcher

    def report(build: Build) -> None:
        """One line per rebuild; the problems of a failed one exactly as ``brief validate`` prints them."""
        cause = f" after changes to {', '.join(build.changed)}" if build.changed else ""
        if not build.ok:
            _print_problems(build.problems)
            click.echo(summary(build.problems), err=True)
            click.echo(f"build {build.version} failed{cause}", err=True)
        elif not obj["quiet"]:
            wrote = ", ".join(str(path) for path in build.paths)
            click.echo(f"build {build.version}: wrote {wrote}{cause} in {build.seconds:.1f} s")

    project = Project(sources=sources, layouts=layouts)
    cache = None if no_cache else default_cache_folder(output)
    options = RenderOptions(timestamp=_source_date_epoch())
    watcher = Watcher(project, brief, output, options, cache, format_names(formats))
    first = watcher.rebuild()
    try:
        url = watcher.serve(port)
    except OSError as exc:
        raise UsageError(f"--port: cannot serve on 127.0.0.1:{port}: {exc.strerror}") from exc
    try:
        report(first)
        click.echo(f"serving {url} (watching {', '.join(str(f) for f in watcher.folders())}; Ctrl-C stops)")
        watcher.watch(report)
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        watcher.close()
    return 0


GC_THRESHOLDS = (50_000, 20, 10)
"""Collect cyclic garbage less often than Python's default (700, 10, 10). A compile allocates
millions of short-lived layout objects, and the frequent collections this causes walk the
long-lived ones again and again: an 80-page brief compiles about a fifth faster, with the
same peak memory. Worker processes inherit the setting."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of exiting, so tests can call it."""
    gc.set_threshold(*GC_THRESHOLDS)
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="brief", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        return 2
    except click.UsageError as exc:
        exc.show()
        return 2
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo("aborted", err=True)
        return 1
    except ProblemsError as exc:
        _print_problems(exc.problems)
        click.echo(summary(exc.problems), err=True)
        return 1
    except NotFinalError as exc:
        _print_problems(exc.problems)
        click.echo(f"brief: error: {exc}", err=True)
        return 1
    except UsageError as exc:
        click.echo(f"brief: error: {exc}", err=True)
        return 2
    except BriefError as exc:
        click.echo(f"brief: error: {exc}", err=True)
        return 1
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"brief: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True
        )
        return 1
    return code if isinstance(code, int) else 0
