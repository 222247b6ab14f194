"""The ``review`` command: a reviewed DOCX or PDF in, its edits printed (or applied to the sources) out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from brief_builder.app.options import layouts_option, sources_option
from brief_builder.errors import BriefError, UsageError

if TYPE_CHECKING:
    from brief_builder.review.docx import DocxReview
    from brief_builder.review.edits import Edit, Where


@click.command(name="review")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the edits as JSON.")
@click.option("--apply", "apply_edits", is_flag=True, help="Write the changed text into the YAML sources.")
@click.option(
    "--reject-tracked",
    is_flag=True,
    help="With --apply: keep the original text of tracked changes (by default they count as accepted).",
)
@click.option(
    "--partial",
    is_flag=True,
    help="With --apply: write the fields without conflicts even when others have one.",
)
@sources_option
@layouts_option
@click.pass_obj
def review_command(
    obj: dict,
    file: Path,
    as_json: bool,
    apply_edits: bool,
    reject_tracked: bool,
    partial: bool,
    sources: Path | None,
    layouts: tuple[Path, ...],
) -> int:
    """Report what reviewers changed in FILE, a DOCX or PDF that brief compile wrote.

    For a DOCX: every source field whose text changed (with a word diff), tracked changes,
    comments and text typed outside any field, each at its source file, line and field; with
    --apply, the changed text goes into the YAML sources. For a PDF (named <brief-id>.pdf):
    sticky notes, highlights, strike-outs and replacements, at the field they sit on.
    """
    if (reject_tracked or partial) and not apply_edits:
        raise click.UsageError("--reject-tracked and --partial only apply with --apply")
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    if file.suffix.lower() == ".pdf":
        if apply_edits:
            raise click.UsageError("--apply reads DOCX files; a PDF's annotations are only reported")
        edits = pdf_review(file, sources, layouts)
    elif file.suffix.lower() == ".docx":
        from brief_builder.review.docx import read_docx

        review = read_docx(file)
        edits = review.edits()
        if apply_edits and review.mapping.edition:
            raise BriefError(
                f"{file}: the {review.mapping.edition} edition of {review.mapping.brief}: its texts come from"
                f" sources/translations/{review.mapping.edition}/, which --apply does not write (the sources"
                " hold the brief's own language); brief review without --apply lists the edits to carry over"
            )
    else:
        raise UsageError(f"{file}: expected a .docx or .pdf file that brief compile wrote")
    outcome = apply_review(review, sources, layouts, reject_tracked, partial) if apply_edits else None
    if as_json:
        data: dict[str, object] = {"file": str(file), "edits": [e.as_json() for e in edits]}
        if outcome is not None:
            data["written"] = [str(path) for path in outcome.written]
            data["refused"] = [
                {"path": w.path, "line": w.line, "field": w.field, "reason": why}
                for w, why in outcome.refused
            ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_edits(file, edits)
        if outcome is not None:
            print_outcome(obj, outcome, partial)
    return 1 if outcome is not None and outcome.refused else 0


@dataclass
class Outcome:
    """What ``--apply`` did: the files written, the fields refused (with why), how many it could write."""

    written: list[Path]
    refused: list[tuple[Where, str]]
    writable: int


def pdf_review(file: Path, sources: Path | None, layouts: tuple[Path, ...]) -> list[Edit]:
    """The annotations of ``file``, placed at the fields of the brief it is named after."""
    from brief_builder.errors import BriefError
    from brief_builder.pipeline.project import load_project
    from brief_builder.pipeline.validate import validate
    from brief_builder.review.pdf import pdf_edits, read_annotations

    annotations = read_annotations(file)
    brief = file.stem
    validation = validate(load_project(sources=sources, layouts=layouts), [brief])
    if brief not in validation.compiled:
        raise BriefError(f"{file}: no brief {brief!r} in the sources to place its annotations in")
    return pdf_edits(annotations, validation.compiled[brief].result.outline)


def print_edits(file: Path, edits: list[Edit]) -> None:
    from brief_builder.review.edits import word_diff

    if not edits:
        click.echo(f"{file}: no changes")
        return
    for edit in edits:
        where = str(edit.where) if edit.where is not None else str(file)
        click.echo(f"{where}: {edit.summary()}")
        if edit.kind == "changed":
            for line in word_diff(edit.old, edit.new).split("\n"):
                if line.strip():
                    click.echo(f"    {line}")


def apply_review(
    review: DocxReview,
    sources: Path | None,
    layouts: tuple[Path, ...],
    reject_tracked: bool,
    partial: bool,
) -> Outcome:
    """Check the changed fields against the sources; write them unless some are refused (or ``partial``)."""
    from brief_builder.pipeline.project import load_project
    from brief_builder.review.apply import plan, write

    project = load_project(sources=sources, layouts=layouts)
    result = plan(review, project, accept_tracked=not reject_tracked)
    written = write(result) if partial or not result.conflicts else []
    return Outcome(written, result.conflicts, len(result.applied))


def print_outcome(obj: dict, outcome: Outcome, partial: bool) -> None:
    for where, reason in outcome.refused:
        click.echo(f"{where}: {reason}", err=True)
    if outcome.refused and not partial:
        others = outcome.writable
        more = f"; --partial writes the other {others} field{'s' if others != 1 else ''}" if others else ""
        click.echo(f"nothing written: {len(outcome.refused)} field(s) refused{more}", err=True)
        return
    for path in outcome.written:
        click.echo(f"wrote {path}")
    if not outcome.written and not outcome.refused and not obj["quiet"]:
        click.echo("no changed text to write")
