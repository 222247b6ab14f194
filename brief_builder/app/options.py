"""The options several commands share, as decorators: defined once, so every command spells them alike.

Options that brief.toml can set have no default of their own: not given, they are None, and
``pipeline.project.load_project`` takes the file's value or the default.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from brief_builder.errors import UsageError
from brief_builder.renderers import FORMATS

sources_option = click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder holding projects/, sessions/, practices/, recommendations/ and briefs/.  "
    "[default: brief.toml's sources, else ./sources]",
)


def output_option(help: str, default: str = "brief.toml's output, else ./output") -> Callable[..., Any]:
    """``--output DIR``: the folder a command writes into."""
    return click.option(
        "--output",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help=f"{help}  [default: {default}]",
    )


layouts_option = click.option(
    "--layouts",
    "layouts",
    type=click.Path(path_type=Path, file_okay=False),
    multiple=True,
    help="A folder of your own layouts, searched before the built-in ones (repeatable; replaces "
    "brief.toml's layouts).",
)


def jobs_option(help: str) -> Callable[[Callable[..., Any]], Any]:
    """``--jobs N``: worker processes; None (not given) stands for brief.toml's jobs, else one per CPU."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help=f"{help}  [default: brief.toml's jobs, else the CPU count]",
    )


overwrite_option = click.option(
    "--overwrite",
    is_flag=True,
    help="Replace output files even when they changed since brief-builder wrote them (a reviewed DOCX, "
    "an annotated PDF, an edited index.html).",
)


def cache_dir_option(what: str) -> Callable[[Callable[..., Any]], Any]:
    """``--cache-dir DIR``: the cache folder; None (not given): brief.toml's cache, else the default."""
    return click.option(
        "--cache-dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help=f"Folder of the cache of {what}.  [default: brief.toml's cache, else .brief-cache beside the "
        "sources folder]",
    )


def format_names(formats: str) -> list[str]:
    """The names of a comma-separated ``--format`` value, each checked against the registry."""
    names = [name.strip() for name in formats.split(",") if name.strip()]
    for name in names:
        if name not in FORMATS:
            raise click.BadParameter(
                f"unknown format {name!r}; expected one of {', '.join(FORMATS)}", param_hint="--format"
            )
    return names


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, got {value!r}")
    return int(value)
