"""Turn a layout's template files and the data handed to them into text, every template error located.

One Jinja environment per set of layout folders and process, so that a template is compiled
once and not again for every brief and format. Jinja still checks each template file's
modification time before using its compiled form (``auto_reload``), so ``brief watch`` sees
edited templates. ``<layout name>/file`` names a file of a layout further down the chain.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)

from brief_builder.errors import Problem, ProblemsError
from brief_builder.layouts import shown

Filters = tuple[tuple[str, Callable[..., Any]], ...]
"""Jinja filters the templates may use, as ``(name, function)`` pairs."""


def render_template(
    folders: Sequence[Path], name: str, context: Mapping[str, Any], filters: Filters = ()
) -> str:
    """Template ``name`` of the layout whose folders are ``folders``, rendered with ``context``.

    Raises ProblemsError naming the template file and line of a syntax error, or the template of
    any other error Jinja reports.
    """
    environment = _environment(tuple(folders), filters)
    try:
        return environment.get_template(name).render(context)
    except TemplateSyntaxError as error:
        problem = template_problem(folders, name, error.filename, error.lineno, error.message)
        raise ProblemsError([problem]) from error
    except TemplateError as error:
        raise ProblemsError([template_problem(folders, name, None, None, error.message)]) from error


def template_problem(
    folders: Sequence[Path], name: str, filename: str | None, line: int | None, message: str | None
) -> Problem:
    """A problem in one of a layout's templates, located as well as Jinja knows."""
    path = Path(filename) if filename else folders[0] / name
    where = shown(path, path.parent.parent) if path.is_absolute() else path.as_posix()
    return Problem(where, line, "", f"template error: {message or 'unknown'}")


@functools.lru_cache(maxsize=32)
def _environment(folders: tuple[Path, ...], filters: Filters) -> Environment:
    loader = ChoiceLoader(
        [
            FileSystemLoader([str(folder) for folder in folders]),
            PrefixLoader(_loaders_by_layout_name(folders)),
        ]
    )
    environment = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(dict(filters))
    return environment


def _loaders_by_layout_name(folders: Sequence[Path]) -> dict[str, BaseLoader]:
    """``policy-brief`` -> its folder; with two folders of one name the extended one wins."""
    return {folder.name: FileSystemLoader(str(folder)) for folder in folders}
