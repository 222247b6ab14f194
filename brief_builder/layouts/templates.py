"""Turn a layout's template files and the data handed to them into text, every template error located.

Templates run in the sandbox of ``layouts.sandbox`` (no way out to Python internals or to files
outside the layout folders). Any error a template raises while rendering (an undefined name, a
division by zero, a template that extends itself) is a problem at that template's file and line.

One Jinja environment per set of layout folders and process, so that a template is compiled
once and not again for every brief and format. Jinja still checks each template file's
modification time before using its compiled form (``auto_reload``), so ``brief watch`` sees
edited templates. ``<layout name>/file`` names a file of a layout further down the chain.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)

from brief_builder.errors import Problem, ProblemsError, shortened
from brief_builder.layouts import shown
from brief_builder.layouts.sandbox import InsideLoader, LayoutSandbox

Filters = tuple[tuple[str, Callable[..., Any]], ...]
"""Jinja filters the templates may use, as ``(name, function)`` pairs."""


def render_template(
    folders: Sequence[Path], name: str, context: Mapping[str, Any], filters: Filters = ()
) -> str:
    """Template ``name`` of the layout whose folders are ``folders``, rendered with ``context``.

    Raises ProblemsError naming the template file and line of a syntax error, and of any error
    raised while the template renders (the innermost template line running when it was raised).
    """
    environment = sandbox(tuple(folders), filters)
    try:
        return environment.get_template(name).render(context)
    except ProblemsError:
        raise  # a helper's own problem (a stylesheet the layout lacks), already located
    except TemplateSyntaxError as error:
        problem = template_problem(folders, name, error.filename, error.lineno, error.message)
        raise ProblemsError([problem]) from error
    except Exception as error:  # a template is a layout's code: whatever it raises is its problem
        filename, line = _template_frame(error)
        raise ProblemsError([template_problem(folders, name, filename, line, error_text(error))]) from error


def error_text(error: BaseException) -> str:
    """What went wrong in a template, in words, cut to a readable length."""
    if isinstance(error, RecursionError):
        return "templates nested too deeply: a template that extends, includes or calls itself?"
    text = getattr(error, "message", None) or str(error)
    if isinstance(error, TemplateError):
        return shortened(text)
    return shortened(f"{text} ({type(error).__name__})" if text else type(error).__name__)


def _template_frame(error: BaseException) -> tuple[str | None, int | None]:
    """The file and line of the innermost template frame of ``error``'s traceback, if any."""
    found: tuple[str | None, int | None] = (None, None)
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename  # Jinja rewrites a template's frames to its file and line
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = (filename, line)
    return found


def template_problem(
    folders: Sequence[Path], name: str, filename: str | None, line: int | None, message: str | None
) -> Problem:
    """A problem in one of a layout's templates, located as well as Jinja knows."""
    path = Path(filename) if filename else folders[0] / name
    where = shown(path, path.parent.parent) if path.is_absolute() else path.as_posix()
    return Problem(where, line, "template", message or "unknown error")


@functools.lru_cache(maxsize=32)
def sandbox(folders: tuple[Path, ...], filters: Filters = ()) -> LayoutSandbox:
    """The sandboxed environment over a layout's folders (one per set of folders and process)."""
    loader = ChoiceLoader(
        [
            InsideLoader(folders, folders),
            PrefixLoader(_loaders_by_layout_name(folders)),
        ]
    )
    environment = LayoutSandbox(
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
    return {folder.name: InsideLoader((folder,), folders) for folder in folders}
