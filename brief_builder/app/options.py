"""The options several commands share, as decorators: defined once, so every command spells them alike."""

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


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, got {value!r}")
    return int(value)
