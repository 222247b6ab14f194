"""The registry of output formats: each format's Renderer turns an outline and a layout into one file.

Renderers are imported only when their format is asked for, so that ``brief validate``
never pays for loading WeasyPrint or python-docx.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from brief_builder.errors import Problem, UsageError

if TYPE_CHECKING:  # imported for type hints only: `brief --help` must not pay for pydantic models
    from brief_builder.layouts.loader import Layout
    from brief_builder.outline import Meta, Outline

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u", "pdf/a-3u+ua-1", "none")
"""Accessible (PDF/UA-1), archival (PDF/A-3u), both, or a plain tagged PDF."""


@dataclass(frozen=True)
class Stamp:
    """The version stamp in a draft's footer: the day it was built and the commit it was built from."""

    date: dt.date
    version: str = ""
    """Short commit, ``+dirty`` when the work tree had changes (``abc1234+dirty``); empty outside git."""


@dataclass(frozen=True)
class RenderOptions:
    """Choices that change the bytes of an output."""

    pdf_variant: str = "pdf/ua-1"
    """WeasyPrint PDF variant, or ``none`` for a plain PDF."""
    allowed_roots: tuple[Path, ...] = ()
    """Folders a renderer may read files from (sources, layouts); nothing else is fetched."""
    timestamp: int | None = None
    """Seconds since the epoch written as the creation date (``SOURCE_DATE_EPOCH``)."""
    extra: dict[str, str] = field(default_factory=dict)
    draft: bool | None = None
    """Render as a draft (watermark, version stamp) or as final; None follows the brief's status."""
    stamp: Stamp | None = None
    """The version stamp a draft shows in its footer; None shows none."""

    def is_draft(self, meta: Meta) -> bool:
        """Whether the brief of ``meta`` renders as a draft: the option if set, else its status."""
        return meta.status == "draft" if self.draft is None else self.draft


class Rendered(NamedTuple):
    """What a renderer gives: the file's bytes and, for a paged format that knows it, its page count."""

    data: bytes
    pages: int | None = None


class Renderer(Protocol):
    """Turn a brief's outline and its layout into one file; every renderer module's ``render``."""

    def __call__(self, outline: Outline, layout: Layout, options: RenderOptions, /) -> Rendered: ...


@dataclass(frozen=True)
class Format:
    """An output format: its name, file suffix and the module whose ``render`` is its Renderer."""

    name: str
    suffix: str
    description: str
    module: str
    """Imported only when a file of this format is rendered."""
    checks: str = ""
    """A module whose ``warnings(outline)`` says what a file of this format will lose of a brief,
    imported without the renderer: the build warns before it renders, and for a cached file too."""

    def renderer(self) -> Renderer:
        renderer: Renderer = importlib.import_module(self.module).render
        return renderer

    def render(self, outline: Outline, layout: Layout, options: RenderOptions) -> Rendered:
        return self.renderer()(outline, layout, options)

    def warnings(self, outline: Outline) -> list[Problem]:
        if not self.checks:
            return []
        found: list[Problem] = importlib.import_module(self.checks).warnings(outline)
        return found


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("pdf", ".pdf", "PDF for download and print (WeasyPrint)", "brief_builder.renderers.pdf"),
        Format(
            "docx",
            ".docx",
            "Word document for review and translation",
            "brief_builder.renderers.docx",
            checks="brief_builder.renderers.properties",
        ),
        Format("html", ".html", "standalone web page", "brief_builder.renderers.html"),
        Format("md", ".md", "Pandoc Markdown, for pandoc and text tools", "brief_builder.renderers.markdown"),
    )
}
DEFAULT_FORMATS = ("pdf", "docx")


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r}; expected one of {', '.join(FORMATS)}") from None
