"""The ``brief`` command: arguments in, messages and exit codes out (the only module that prints).

Exit codes: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from brief_builder import __version__
from brief_builder.errors import BriefError, Problem, ProblemsError, UsageError, ordered, summary
from brief_builder.renderers import DEFAULT_FORMATS, FORMATS, PDF_VARIANTS, RenderOptions

if TYPE_CHECKING:  # the outline's pydantic models load only for the commands that need them
    from brief_builder.outline import Outline, RichBlock, Section

sources_option = click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=Path("sources"),
    show_default=True,
    help="Folder holding projects/, sessions/, practices/, recommendations/ and briefs/.",
)
layouts_option = click.option(
    "--layouts",
    "layouts",
    type=click.Path(path_type=Path, file_okay=False),
    multiple=True,
    help="A folder of your own layouts, searched before the built-in ones (repeatable).",
)


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
@click.option(
    "--format",
    "formats",
    default=",".join(DEFAULT_FORMATS),
    show_default=True,
    help=f"Comma-separated output formats: {', '.join(FORMATS)}.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write <brief-id>.<ext> into.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default="pdf/ua-1",
    show_default=True,
    help="PDF standard to follow: accessible (pdf/ua-1), archival (pdf/a-3u) or none.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes rendering briefs in parallel; 1 renders in this process.  [default: CPU count]",
)
@click.option(
    "--shard",
    metavar="K/N",
    default=None,
    help="Compile only the K-th of N stable slices of the briefs (for a CI matrix).",
)
@click.option("--no-cache", is_flag=True, help="Render everything; do not read or fill the build cache.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the build cache.  [default: .brief-cache next to the output folder]",
)
@sources_option
@layouts_option
@click.pass_obj
def compile_command(
    obj: dict,
    briefs: tuple[str, ...],
    all_briefs: bool,
    formats: str,
    output: Path,
    pdf_variant: str,
    jobs: int | None,
    shard: str | None,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path,
    layouts: tuple[Path, ...],
) -> int:
    """Compile BRIEFS (ids of files in sources/briefs/) into the output folder."""
    from brief_builder.batch import BatchOptions, Shard, compile_batch, default_jobs
    from brief_builder.build import Project
    from brief_builder.cache import default_cache_folder

    if not briefs and not all_briefs:
        raise click.UsageError("name one or more briefs, or use --all")
    if briefs and all_briefs:
        raise click.UsageError("name briefs or use --all, not both")
    names = [name.strip() for name in formats.split(",") if name.strip()]
    for name in names:
        if name not in FORMATS:
            raise click.BadParameter(
                f"unknown format {name!r}; expected one of {', '.join(FORMATS)}", param_hint="--format"
            )
    if shard is not None and not all_briefs:
        raise click.UsageError("--shard slices --all; do not name briefs with it")
    batch = BatchOptions(
        jobs=jobs or default_jobs(),
        cache=None if no_cache else (cache_dir or default_cache_folder(output)),
        shard=Shard.parse(shard) if shard is not None else None,
    )
    started = time.perf_counter()
    with _progress_bar(enabled=not obj["quiet"] and sys.stderr.isatty()) as progress:
        result = compile_batch(
            Project(sources=sources, layouts=layouts),
            None if all_briefs else list(briefs),
            names,
            output,
            RenderOptions(pdf_variant=pdf_variant, timestamp=_source_date_epoch()),
            batch,
            on_written=None if obj["quiet"] else progress.echo_written,
            on_up_to_date=None if obj["quiet"] else progress.echo_up_to_date,
            progress=progress,
        )
    if not obj["quiet"]:
        count = len(result.briefs)
        click.echo(
            f"compiled {count} brief{'s' if count != 1 else ''} in {time.perf_counter() - started:.1f} s"
            + (f" ({len(result.up_to_date)} up to date)" if result.up_to_date else "")
        )
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
        click.echo(f"up to date: {brief}")


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
@sources_option
@layouts_option
@click.pass_obj
def validate_command(obj: dict, strict: bool, sources: Path, layouts: tuple[Path, ...]) -> int:
    """Check every source and every brief; print every problem found."""
    from brief_builder.build import Project, validate

    validation = validate(Project(sources=sources, layouts=layouts))
    _print_problems(validation.problems)
    failed = validation.errors or (strict and validation.problems)
    if failed:
        click.echo(summary(validation.problems), err=True)
        return 1
    if not obj["quiet"]:
        library = validation.library
        click.echo(
            f"ok: {len(library.briefs)} briefs, {len(library.practices)} practices, "
            f"{len(library.recommendations)} recommendations, {len(library.sessions)} sessions, "
            f"{len(library.projects)} projects"
        )
    return 0


@cli.command(name="outline")
@click.argument("brief")
@click.option("--json", "as_json", is_flag=True, help="Print the outline as JSON.")
@click.option("--unused", is_flag=True, help="List the items of the included kinds that no rule placed.")
@sources_option
@layouts_option
def outline_command(brief: str, as_json: bool, unused: bool, sources: Path, layouts: tuple[Path, ...]) -> int:
    """Print the outline the section rules build for BRIEF."""
    from brief_builder.build import Project, validate

    validation = validate(Project(sources=sources, layouts=layouts), [brief])
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
    text = " ".join(_block_text(b) for b in blocks)
    return json.dumps(text if len(text) <= width else text[: width - 3] + "...", ensure_ascii=False)


def _block_text(block: RichBlock) -> str:
    from brief_builder.outline import ListBlock, Paragraph

    if isinstance(block, Paragraph):
        return block.text
    assert isinstance(block, ListBlock)
    return " ".join(_block_text(b) for item in block.items for b in item)


def _report_written(written: object) -> None:
    pages = getattr(written, "pages", None)
    size = getattr(written, "size", 0)
    details = f"{pages} page{'s' if pages != 1 else ''}, " if pages is not None else ""
    click.echo(f"wrote {getattr(written, 'path', '')} ({details}{_size(size)})")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _print_problems(problems: list[Problem]) -> None:
    for problem in ordered(problems):
        click.echo(str(problem), err=True)


def _source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, got {value!r}")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of exiting, so tests can call it."""
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
