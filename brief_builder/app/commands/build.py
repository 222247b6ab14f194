"""The commands that build outputs, ``compile``, ``site`` and ``watch``: arguments in, pipeline calls out."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from brief_builder.app.options import (
    cache_dir_option,
    format_names,
    jobs_option,
    layouts_option,
    output_option,
    overwrite_option,
    source_date_epoch,
    sources_option,
)
from brief_builder.app.reports import (
    compile_summary,
    print_annotations,
    print_problems,
    print_warnings,
    progress_bar,
    report_up_to_date,
    report_written,
)
from brief_builder.errors import (
    BriefError,
    NotCompiledError,
    NotFinalError,
    Problem,
    ProblemsError,
    UsageError,
    summary,
)
from brief_builder.renderers import DEFAULT_FORMATS, FORMATS, PDF_VARIANTS, RenderOptions

if TYPE_CHECKING:
    from brief_builder.pipeline.project import Project
    from brief_builder.pipeline.render import BatchOptions
    from brief_builder.pipeline.validate import Validation, Written


@click.command(name="compile")
@click.argument("briefs", nargs=-1)
@click.option("--all", "all_briefs", is_flag=True, help="Compile every brief in the sources.")
@click.option("--site", is_flag=True, help="Also write the downloads page OUTPUT/index.html.")
@click.option(
    "--format",
    "formats",
    default=None,
    help=f"Comma-separated output formats: {', '.join(FORMATS)}.  "
    f"[default: brief.toml's formats, else {','.join(DEFAULT_FORMATS)}]",
)
@output_option("Folder to write <brief-id>.<ext> into.")
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default="pdf/ua-1",
    show_default=True,
    help="PDF standard to follow: accessible (pdf/ua-1), archival (pdf/a-3u), both (pdf/a-3u+ua-1) or none.",
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
@click.option(
    "--force",
    is_flag=True,
    help="Compile as final even though warnings or lint errors remain (--final, or a brief of status final).",
)
@overwrite_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a machine-readable summary (briefs, files, warnings, errors) on stdout.",
)
@click.option(
    "--language",
    metavar="LANG",
    default=None,
    help="Build only the edition in LANG (BRIEF.LANG.pdf, ...; the brief itself when LANG is its own).  "
    "[default: the brief and an edition in each of its languages:]",
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
@cache_dir_option("rendered files and read sources")
@sources_option
@layouts_option
@click.pass_obj
def compile_command(
    obj: dict,
    briefs: tuple[str, ...],
    all_briefs: bool,
    site: bool,
    formats: str | None,
    output: Path | None,
    pdf_variant: str,
    draft: bool,
    final: bool,
    force: bool,
    overwrite: bool,
    as_json: bool,
    language: str | None,
    jobs: int | None,
    shard: str | None,
    no_cache: bool,
    cache_dir: Path | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Compile BRIEFS (ids of files in sources/briefs/) into the output folder.

    A brief whose status is draft compiles as a draft unless --final says otherwise. A brief
    whose status is final is checked as --final checks it: while a warning or a lint error
    remains, nothing is written for it and the command fails (unless --force).
    """
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.render import BatchOptions, Shard, compile_batch

    if draft and final:
        raise click.UsageError("use --draft or --final, not both")
    if force and draft:
        raise click.UsageError("--force applies to briefs compiled as final, not with --draft")
    if not briefs and not all_briefs:
        raise click.UsageError("name one or more briefs, or use --all")
    if briefs and all_briefs:
        raise click.UsageError("name briefs or use --all, not both")
    given_formats = format_names(formats) if formats is not None else None
    if language is not None:
        from brief_builder.pipeline.translating import check_language

        check_language(language)
    if shard is not None and not all_briefs:
        raise click.UsageError("--shard slices --all; do not name briefs with it")
    project = load_project(
        sources=sources, layouts=layouts, output=output, cache=cache_dir, formats=given_formats, jobs=jobs
    )
    names = list(project.formats or DEFAULT_FORMATS)
    output = project.output
    guarded: tuple[Path, ...] = ()
    if site:
        from brief_builder.app.site import site_files, site_layout

        site_layout(project)  # a problem with the page's layout stops the command before it compiles
        guarded = site_files(project, output)
    batch = BatchOptions(
        jobs=project.worker_count,
        cache=None if no_cache else project.cache_folder,
        shard=Shard.parse(shard) if shard is not None else None,
        language=language,
        manifest=project.manifest,
        overwrite=overwrite,
        guarded=guarded,
    )
    options = RenderOptions(
        pdf_variant=pdf_variant,
        timestamp=source_date_epoch(),
        draft=True if draft else False if final else None,
    )
    chosen = None if all_briefs else list(briefs)
    if as_json:
        return compile_json(project, chosen, names, output, options, batch, final=final, force=force)
    started = time.perf_counter()
    with progress_bar(enabled=not obj["quiet"] and sys.stderr.isatty()) as progress:
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
            refuse_unfinished=not force,
            # a refusal to compile as final lists the warnings itself
            on_validated=None if final and not force else print_warnings,
        )
    if not obj["quiet"]:
        editions = sum("." in name for name in result.briefs)  # ``brief.fr``: ids have no dots
        count = len(result.briefs) - editions
        done = [f"{count} brief{'s' if count != 1 else ''}"] if count or not editions else []
        done += [f"{editions} edition{'s' if editions != 1 else ''}"] if editions else []
        seconds = time.perf_counter() - started
        click.echo(
            f"compiled {' and '.join(done)} in {seconds:.1f} s"
            + (f" ({len(result.up_to_date)} up to date)" if result.up_to_date else "")
            + (f"; {len(result.not_compiled)} not compiled" if result.not_compiled else "")
        )
    if site:
        write_site(obj, project, batch.cache, overwrite)
    result.raise_for_errors()
    return 0


def compile_json(
    project: Project,
    briefs: list[str] | None,
    formats: list[str],
    output: Path,
    options: RenderOptions,
    batch: BatchOptions,
    final: bool,
    force: bool,
) -> int:
    """Compile, then print what happened as one JSON object: errors are part of it, not raised."""
    from brief_builder.pipeline.render import compile_batch

    seen: list[Validation] = []
    written: list[Written] = []
    problems: list[Problem] = []
    not_compiled: dict[str, list[str]] = {}
    message = None
    try:
        result = compile_batch(
            project,
            briefs,
            formats,
            output,
            options,
            batch,
            require_final=final and not force,
            refuse_unfinished=not force,
            on_validated=seen.append,
        )
        written, problems, not_compiled = result.written, result.problems, result.not_compiled
        code = 1 if any(p.is_error for p in problems) else 0
        message = summary(problems) if code else None
        if not code and result.refused:
            refusal = NotFinalError(list(result.refused), [p for ps in result.refused.values() for p in ps])
            code, message = 1, str(refusal)
            problems = [*dict.fromkeys([*(seen[0].problems if seen else []), *refusal.problems])]
            not_compiled = {name: sorted({p.path for p in ps}) for name, ps in result.refused.items()}
    except NotFinalError as exc:
        code, message, problems, not_compiled = 1, str(exc), exc.problems, exc.not_compiled
    except NotCompiledError as exc:
        code, message, problems, not_compiled = 1, summary(exc.problems), exc.problems, exc.not_compiled
    except ProblemsError as exc:
        code, message, problems = 1, summary(exc.problems), exc.problems
    except UsageError as exc:
        code, message = 2, str(exc)
    except BriefError as exc:
        code, message = 1, str(exc)
    validation = seen[0] if seen else None
    if validation is not None and not problems:
        problems = validation.problems
    print_annotations(problems, err=True)
    click.echo(
        json.dumps(
            compile_summary(validation, written, problems, options, code, message, not_compiled),
            indent=2,
            ensure_ascii=False,
        )
    )
    return code


@click.command(name="site")
@output_option("Folder to compile every brief into and write index.html in.")
@jobs_option("Worker processes rendering briefs in parallel; 1 renders in this process.")
@click.option(
    "--no-cache", is_flag=True, help="Read and render everything; do not read or fill the build cache."
)
@overwrite_option
@cache_dir_option("rendered files and read sources")
@sources_option
@layouts_option
@click.pass_obj
def site_command(
    obj: dict,
    output: Path | None,
    jobs: int | None,
    no_cache: bool,
    overwrite: bool,
    cache_dir: Path | None,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Compile every brief and write the downloads page.

    Every brief is compiled to PDF, DOCX and HTML, then OUTPUT/index.html lists them.
    """
    from brief_builder.app.site import DOWNLOADS, site_files, site_layout
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.render import BatchOptions, compile_batch

    project = load_project(sources=sources, layouts=layouts, output=output, cache=cache_dir, jobs=jobs)
    site_layout(project)  # a problem with the page's layout stops the command before it compiles
    cache = None if no_cache else project.cache_folder
    result = compile_batch(
        project,
        None,
        [kind.format for kind in DOWNLOADS],
        project.output,
        RenderOptions(timestamp=source_date_epoch()),
        BatchOptions(
            jobs=project.worker_count,
            cache=cache,
            manifest=project.manifest,
            overwrite=overwrite,
            guarded=site_files(project, project.output),
        ),
        on_written=None if obj["quiet"] else report_written,
        on_up_to_date=None if obj["quiet"] else report_up_to_date,
        refuse_unfinished=True,
        on_validated=print_warnings,
    )
    write_site(obj, project, cache, overwrite)
    result.raise_for_errors()
    return 0


def write_site(obj: dict, project: Project, cache: Path | None, overwrite: bool) -> None:
    """Write the downloads page of what the output folder holds and say so (``cache``: the cache's
    folder; ``overwrite``: replace a page edited since it was written)."""
    from brief_builder.app.site import build_site
    from brief_builder.pipeline.memo import SourceCache

    sources_cache = SourceCache(cache) if cache is not None else None
    index, briefs = build_site(project, project.output, sources_cache, overwrite)
    if not obj["quiet"]:
        missing = [b.id for b in briefs if not b.thumbnail]
        note = f"; no thumbnail for {', '.join(missing)}" if missing else ""
        click.echo(f"wrote {index} ({len(briefs)} brief{'s' if len(briefs) != 1 else ''}{note})")


@click.command(name="watch")
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
@click.option(
    "--language",
    metavar="LANG",
    default=None,
    help="Preview the edition in LANG (BRIEF.LANG.html).  [default: the brief in its own language]",
)
@click.option("--no-cache", is_flag=True, help="Read every source afresh on every rebuild.")
@overwrite_option
@sources_option
@layouts_option
@click.pass_obj
def watch_command(
    obj: dict,
    brief: str,
    port: int,
    formats: str,
    output: Path | None,
    language: str | None,
    no_cache: bool,
    overwrite: bool,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Rebuild BRIEF on every save and serve its HTML.

    Watches the sources and layouts, recompiles OUTPUT/BRIEF.html (and, with --format, the
    PDF or DOCX beside it, for a viewer that reloads the file) after each save and serves
    the HTML on 127.0.0.1 with a page that reloads itself. A file changed since it was written
    (a PDF annotated in a viewer) is not replaced, unless --overwrite: the rebuild says so and
    the preview shows the rebuilt page all the same.
    """
    from brief_builder.app.watch import Build, Watcher
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.written import changed_message

    def report(build: Build) -> None:
        """One line per rebuild; the problems of a failed one exactly as ``brief validate`` prints them."""
        cause = f" after changes to {', '.join(build.changed)}" if build.changed else ""
        if not build.ok:
            print_problems(build.problems)
            click.echo(summary(build.problems), err=True)
            click.echo(f"build {build.version} failed{cause}", err=True)
        else:
            if build.problems:
                print_problems(build.problems)
                click.echo(summary(build.problems) + " (in files this brief does not read)", err=True)
            for path in build.kept:
                click.echo(f"brief: warning: {changed_message(path)}", err=True)
            if not obj["quiet"]:
                wrote = ", ".join(str(path) for path in build.paths) or "nothing"
                click.echo(f"build {build.version}: wrote {wrote}{cause} in {build.seconds:.1f} s")

    names = format_names(formats)
    project = load_project(sources=sources, layouts=layouts, output=output)
    cache = None if no_cache else project.cache_folder
    options = RenderOptions(timestamp=source_date_epoch())
    watcher = Watcher(
        project, brief, project.output, options, cache, names, language, project.manifest, overwrite
    )
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
