"""Turn what the pipeline reports (problems, files written, outlines, progress) into terminal or CI lines.

Every function here prints through click; the commands call them, nothing below the app does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from brief_builder.cldr import file_size
from brief_builder.errors import Problem, Severity, ordered

if TYPE_CHECKING:  # the outline's pydantic models load only for the commands that need them
    from brief_builder.outline import Outline, RichBlock, Section
    from brief_builder.pipeline.validate import Validation, Written
    from brief_builder.renderers import RenderOptions


def report_up_to_date(brief: str) -> None:
    click.echo(f"up to date: {brief}")


def report_written(written: object) -> None:
    pages = getattr(written, "pages", None)
    size = getattr(written, "size", 0)
    details = f"{pages} page{'s' if pages != 1 else ''}, " if pages is not None else ""
    click.echo(f"wrote {getattr(written, 'path', '')} ({details}{file_size(size)})")


def print_warnings(validation: Validation) -> None:
    """Print the warnings of a validation that goes on to compile (its errors stop it and print)."""
    if not validation.errors:
        print_problems([p for p in validation.problems if not p.is_error])


def print_problems(problems: list[Problem]) -> None:
    for problem in ordered(problems):
        click.echo(str(problem), err=True)
    print_annotations(problems)


def print_not_compiled(not_compiled: Mapping[str, Sequence[str]]) -> None:
    """One line per brief that errors kept from compiling, naming the files to fix."""
    for brief, files in not_compiled.items():
        because = f" (errors in {', '.join(files)})" if files else ""
        click.echo(f"not compiled: {brief}{because}", err=True)


def print_annotations(problems: Sequence[Problem], err: bool = False) -> None:
    """In GitHub Actions, each problem again as a workflow command, so that it shows on the diff."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for problem in ordered(list(problems)):
        click.echo(github_annotation(problem), err=err)


def lint_line(problem: Problem) -> str:
    """``path:line: rule-id: message`` (``rule-id: warning: message`` for a rule of severity warning)."""
    where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
    warning = "warning: " if problem.severity is Severity.WARNING else ""
    return f"{where}: {problem.field}: {warning}{problem.message}"


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


def compile_summary(
    validation: Validation | None,
    written: Sequence[Written],
    problems: Sequence[Problem],
    options: RenderOptions,
    code: int,
    message: str | None,
    not_compiled: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The ``compile --json`` object: briefs, files written, briefs not compiled (and the files whose
    errors kept them), warnings, errors, the exit code."""
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
        "not_compiled": [{"id": name, "files": list(files)} for name, files in (not_compiled or {}).items()],
        "warnings": [problem_object(p) for p in ordered(list(problems)) if not p.is_error],
        "errors": [problem_object(p) for p in ordered(list(problems)) if p.is_error],
    }


def problem_object(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "field": problem.field, "message": problem.message}


def format_outline(outline: Outline) -> str:
    """The outline as an indented tree, one line per section and block, with provenance."""
    meta = outline.meta
    lines = [f"{meta.title}  [{meta.layout}, {meta.language}]  {meta.source.path}"]
    if meta.rules_layout:
        lines.append(f"rules: from the layout {meta.rules_layout} (the brief has no sections of its own)")
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
    from brief_builder.richtext import plain_text

    text = plain_text(blocks)
    return json.dumps(text if len(text) <= width else text[: width - 3] + "...", ensure_ascii=False)


class ProgressBar:
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
        report_written(written)

    def echo_up_to_date(self, brief: str) -> None:
        report_up_to_date(brief)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[ProgressBar]:
    """A progress bar that is taken off the terminal however the build ends."""
    bar = ProgressBar(enabled)
    try:
        yield bar
    finally:
        bar.stop()


def print_import(result: Any, sources: Any, dry_run: bool, quiet: bool = False) -> None:
    """The warnings of an import, the files it writes (or would) and its summary line."""
    print_problems(result.problems)
    if quiet:
        return
    verb = "would write" if dry_run else "wrote"
    for path in sorted(result.files):
        click.echo(f"{verb} {path}")
    click.echo(result.summary())


def print_status(rows: Sequence[Any], as_json: bool) -> None:
    """``brief translate status``: an aligned table, or the rows as a JSON list."""
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
        return
    from brief_builder.translations import status_table

    click.echo(status_table(rows))
