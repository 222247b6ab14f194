"""Turn an outline and a layout into an HTML page: standalone for screen, or the input of the PDF."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from brief_builder.errors import Problem, ProblemsError
from brief_builder.layouts.loader import PAGE_TEMPLATE, Layout
from brief_builder.layouts.templates import render_template
from brief_builder.layouts.theme import Theme
from brief_builder.outline import Outline, Run, Section
from brief_builder.renderers import Rendered, RenderOptions
from brief_builder.renderers.view import (
    View,
    allowed_href,
    brief_labels,
    fact_for,
    run_in_mark,
    slug,
    watermark_text,
)

LOGGER = logging.getLogger(__name__)

Media = Literal["screen", "print"]

FONT_KEYS = ("font_body", "font_heading")
CONTENTS_DEPTH = 3
"""Deepest section level listed in the table of contents (as in the DOCX)."""
WATERMARK_URL = "brief-builder:watermark.svg"
"""Where the print HTML finds a draft's watermark; pdf.py's fetcher serves it from memory."""
WATERMARK_COLOUR = "#b00020"
WATERMARK_OPACITY = 0.13


def render(outline: Outline, layout: Layout, options: RenderOptions) -> Rendered:
    """The brief as a standalone UTF-8 web page."""
    return Rendered(render_html(outline, layout, options).encode("utf-8"))


def render_html(outline: Outline, layout: Layout, options: RenderOptions, media: Media = "screen") -> str:
    """The brief as HTML, styled for a browser (``screen``) or for WeasyPrint (``print``)."""
    view = BriefView.build(outline, layout, options, media)
    page = render_template(layout.folders, PAGE_TEMPLATE, view.context(), FILTERS)
    return without_blank_lines(page)


def without_blank_lines(html: str) -> str:
    """Drop the empty lines that template tags leave; HTML collapses that whitespace anyway."""
    return re.sub(r"\n[ \t]*(?=\n)", "", html)


# --- theme -------------------------------------------------------------------------------


def merged_theme(outline: Outline, layout: Layout) -> Theme:
    """The brief's theme: its layout's values with its own overrides (checked by the one theme table)."""
    return layout.resolve_theme(outline.meta.theme, (outline.meta.source.path, outline.meta.source.line))


def theme_variables(
    theme: Mapping[str, str], fallback_fonts: Mapping[str, Sequence[str]] | None = None
) -> Markup:
    """``--primary: #1f3a68; ...`` for a ``:root`` rule; values were checked by merged_theme. An
    empty value (no logo) is left out: CSS has no empty custom property. ``--font-fallback``
    lists the layout's fallback font families (by script), for the font stacks to end with."""
    families = dict.fromkeys(family for names in (fallback_fonts or {}).values() for family in names)
    stack = ", ".join(css_string(family) for family in families) or "sans-serif"
    declarations = [f"--font-fallback: {stack};"]
    for key, value in sorted(theme.items()):
        if not str(value).strip():
            continue
        css_value = css_string(value) if key in FONT_KEYS else value
        declarations.append(f"--{key.replace('_', '-')}: {css_value};")
    return Markup(" ".join(declarations))


def css_string(text: str) -> Markup:
    """``text`` as a double-quoted CSS string that cannot end its rule or its ``<style>``."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&\n\r\f' or ord(char) < 0x20 else char for char in str(text)
    )
    return Markup(f'"{escaped}"')


FILTERS = (("css_string", css_string),)
"""Filters the page templates may use."""


# --- text --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkGroup:
    """Consecutive runs that share one link target (or none)."""

    href: str | None
    runs: tuple[Run, ...]


def link_groups(runs: list[Run]) -> list[LinkGroup]:
    """Group consecutive runs with the same ``href`` so that they share one ``<a>``."""
    groups: list[LinkGroup] = []
    for run in runs:
        href = allowed_href(run.href)
        if groups and groups[-1].href == href:
            groups[-1] = LinkGroup(href, (*groups[-1].runs, run))
        else:
            groups.append(LinkGroup(href, (run,)))
    return groups


# --- the view handed to the templates ------------------------------------------------------


@dataclass
class BriefView:
    """Everything the templates read: the outline, what every format shows alike, and small helpers."""

    view: View
    layout: Layout
    media: Media
    theme: Theme
    created: str | None
    """W3C date-time written as the document's creation date, for reproducible PDFs."""

    @classmethod
    def build(cls, outline: Outline, layout: Layout, options: RenderOptions, media: Media) -> BriefView:
        return cls(
            view=View.of(outline, layout, options),
            layout=layout,
            media=media,
            theme=merged_theme(outline, layout),
            created=creation_date(outline, options),
        )

    def context(self) -> dict[str, Any]:
        view = self.view
        meta = view.outline.meta
        top, right, bottom, left = self.theme.margins_css()
        css = self.theme.css()
        return {
            "outline": view.outline,
            "meta": meta,
            "layout_name": self.layout.name,
            "media": self.media,
            "theme": css,
            "theme_variables": theme_variables(
                {key: css[key] for key in self.theme.given}, self.layout.fallback_fonts
            ),
            "margins": {"top": top, "right": right, "bottom": bottom, "left": left},
            "labels": view.labels,
            "date_text": view.date_text(),
            "authors_text": ", ".join(person.name for person in meta.authors),
            "contents": [s for s in view.outline.walk() if s.title and s.level <= CONTENTS_DEPTH],
            "contents_depth": CONTENTS_DEPTH,
            "show_contents": self.theme["toc"],
            "link_groups": link_groups,
            "safe_href": allowed_href,
            "place_item": view.anchors.place,
            "notes_for": view.section_notes,
            "notes_of": view.notes_of,
            "item_number": view.item_number,
            "note_gap": view.note_gap,
            "note_name": view.note_name,
            "more_href": view.more_href,
            "more_name": view.more_name,
            "title_href": view.title_href,
            "row_title": view.row_title,
            "fact_for": fact_for,
            "table_columns": view.table_columns,
            "table_view": view.table,
            "colophon": view.colophon(),
            "lead_separator": lambda title, mark: f"{run_in_mark(title, mark)} ",
            "heading_level": heading_level,
            "slug": slug,
            "created": self.created,
            "draft": view.draft,
            "stamp_text": view.stamp,
            "watermark_url": self.watermark_url(),
            "stylesheet": self.stylesheet,
            "asset_url": self.asset_url,
        }

    def watermark_url(self) -> str:
        """The watermark image: a ``data:`` URL in a standalone page, generated for print."""
        if not self.view.draft:
            return ""
        if self.media == "print":
            return WATERMARK_URL
        svg = watermark_svg(self.view.watermark()).encode("utf-8")
        return f"data:image/svg+xml;base64,{base64.b64encode(svg).decode('ascii')}"

    def stylesheet(self, name: str) -> Markup:
        """A layout stylesheet: linked by file URL for print, inlined for a standalone page."""
        path = self._layout_file(name)
        if self.media == "print":
            return Markup('<link rel="stylesheet" href="{}">').format(path.resolve().as_uri())
        css = path.read_text(encoding="utf-8").replace("</", "<\\/")
        return Markup("<style>\n{}</style>").format(Markup(css))

    def asset_url(self, name: str) -> str:
        """A layout file (a logo): its file URL for print, a ``data:`` URL for a standalone page."""
        path = self._layout_file(name)
        if self.media == "print":
            return path.resolve().as_uri()
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    def _layout_file(self, name: str) -> Path:
        path = self.layout.find(name)
        if path is not None and not _inside(path, self.layout.folders):
            path = None
        if path is None:
            raise ProblemsError(
                [
                    Problem(
                        self.layout.display,
                        None,
                        "templates",
                        f"expected a file {name!r} in {', '.join(f.name for f in self.layout.folders)}",
                    )
                ]
            )
        return path


def watermark_svg(text: str) -> str:
    """A square SVG with ``text`` across its diagonal, faint, sized to fit: a draft's watermark.

    The word is SVG text, so the PDF holds it as real (searchable) text; drawn as a background
    it is marked as an artifact, outside the document's tag tree.
    """
    size = min(30.0, 120.0 / (0.62 * max(len(text), 1)))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<text x="50" y="50" transform="rotate(-45 50 50)" text-anchor="middle" '
        f'dominant-baseline="central" font-family="\'Source Sans 3\', sans-serif" font-weight="700" '
        f'font-size="{size:.1f}" fill={quoteattr(WATERMARK_COLOUR)} fill-opacity="{WATERMARK_OPACITY}">'
        f"{escape(text)}</text></svg>"
    )


def generated_files(outline: Outline, layout: Layout, options: RenderOptions) -> dict[str, tuple[str, bytes]]:
    """Files the print HTML links to that the renderer makes itself: URL -> (media type, bytes)."""
    if not options.is_draft(outline.meta):
        return {}
    labels = brief_labels(outline, layout)
    return {WATERMARK_URL: ("image/svg+xml", watermark_svg(watermark_text(labels)).encode("utf-8"))}


def creation_moment(outline: Outline, options: RenderOptions) -> dt.datetime | None:
    """``options.timestamp``, else the brief's date at midnight, in UTC; None without either."""
    if options.timestamp is not None:
        return dt.datetime.fromtimestamp(options.timestamp, tz=dt.UTC)
    if outline.meta.date is not None:
        return dt.datetime.combine(outline.meta.date, dt.time(), tzinfo=dt.UTC)
    return None


def creation_date(outline: Outline, options: RenderOptions) -> str | None:
    """The creation moment as a W3C date-time for ``<meta name="dcterms.created">``."""
    moment = creation_moment(outline, options)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _inside(path: Path, folders: Sequence[Path]) -> bool:
    """Whether ``path``, symlinks resolved, lies in one of ``folders``."""
    real = path.resolve()
    return any(real.is_relative_to(folder.resolve()) for folder in folders)


def heading_level(section: Section, below: int = 0) -> int:
    """``<hN>`` of a section (h1 is the brief's title, so level 1 gets h2), or ``below`` it."""
    return min(section.level + 1 + below, 6)
