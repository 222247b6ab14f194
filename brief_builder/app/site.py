"""Turn the briefs' outlines and their compiled files into a downloads page: output/index.html.

Titles, dates, languages and statuses come from the outlines (the same pipeline that
compiles the briefs); page counts, sizes and the thumbnail of page 1 come from the files
in the output folder. Thumbnails are rendered from the compiled PDF with pypdfium2; when
it is missing or fails, the page is written without thumbnails. The page is a layout like
the briefs' (``layouts/site/``, found by its ``site.yaml``): a user's layouts folder may
replace or extend it, brief.toml's ``[site]`` names it and gives the title and introduction.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from brief_builder.cldr import capitalised, file_size, format_number, language_name, plural_category
from brief_builder.dates import format_date
from brief_builder.errors import ProblemsError, ProjectFileError, UsageError
from brief_builder.layouts.loader import SITE_LAYOUT, Layout, available, load_layout
from brief_builder.layouts.templates import render_template
from brief_builder.outline import Outline, RichBlock
from brief_builder.pipeline.memo import SourceCache
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.render import all_brief_ids
from brief_builder.pipeline.validate import validate
from brief_builder.pipeline.written import write_recorded
from brief_builder.renderers import FORMATS

LOGGER = logging.getLogger(__name__)

TEMPLATE = SITE_LAYOUT.page
STYLESHEET = "site.css"
INDEX = "index.html"
THUMBNAILS = "thumbnails"
THUMBNAIL_WIDTH = 320
"""Pixels across a thumbnail: twice the width it is shown at, for sharp screens."""
PAGE_LANGUAGE = "en"
"""The language of the page's own words (its template's): its dates, language names, sizes, page
counts and plurals follow CLDR's rules for it (``91 KB``, ``1.5 MB``, ``1 brief``, ``2 briefs``)."""


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DownloadKind:
    format: str
    """A name of the output format registry."""
    label: str
    mime: str

    @property
    def suffix(self) -> str:
        return FORMATS[self.format].suffix


DOWNLOADS: tuple[DownloadKind, ...] = (
    DownloadKind("pdf", "PDF", "application/pdf"),
    DownloadKind("docx", "Word (DOCX)", DOCX_MIME),
    DownloadKind("html", "Web page (HTML)", "text/html"),
)
"""The files a brief may be downloaded as, in the order they are offered."""


@dataclass(frozen=True)
class Download:
    kind: DownloadKind
    href: str
    """Relative to the page, so it works from disk and from any static host."""
    size: int


@dataclass(frozen=True)
class Edition:
    """A brief's edition in another language, as the page offers it."""

    language: str
    name: str
    """The language's name in that language, from CLDR (``Français``, ``Deutsch``)."""
    downloads: tuple[Download, ...]


@dataclass(frozen=True)
class SiteBrief:
    """One brief as the downloads page shows it."""

    id: str
    title: str
    subtitle: str | None
    date: dt.date | None
    date_text: str | None
    language: str
    language_name: str
    layout: str
    status: str
    pages: int | None
    downloads: tuple[Download, ...]
    thumbnail: bytes | None
    thumbnail_href: str | None
    editions: tuple[Edition, ...] = ()
    """Its editions in other languages that have compiled files, in the order the brief lists them."""


def build_site(
    project: Project, output: Path, cache: SourceCache | None = None, overwrite: bool = False
) -> tuple[Path, list[SiteBrief]]:
    """Read every brief's outline and compiled files, then write the downloads page.

    With the source ``cache`` a compile of every brief just filled, the outlines are not
    merged again. A page or thumbnail that changed since it was written is not replaced
    (OutputChangedError) unless ``overwrite``.
    """
    layout = site_layout(project)
    validation = validate(project, None, cache)
    ready = validation.ready  # a brief that errors keep from compiling is left off the page
    if validation.errors and not ready:
        raise ProblemsError(validation.problems)
    briefs = collect({name: c.result.outline for name, c in ready.items()}, output)
    page = render_index(briefs, layout, project.site_title, to_intro(project.site.intro))
    return write_site(briefs, output, page, project.manifest, overwrite), briefs


def site_layout(project: Project) -> Layout:
    """The layout of the downloads page brief.toml names (``site``: the built-in one, or the user's)."""
    name = project.site_layout
    names = available(project.layouts, SITE_LAYOUT)
    if name not in names:
        message = f"expected one of the layouts of the downloads page {', '.join(names)}, got {name!r}"
        if project.settings is not None:
            raise ProjectFileError([project.settings.problem(("site", "layout"), message)])
        raise UsageError(f"site.layout: {message}")
    layout = load_layout(name, project.layouts, SITE_LAYOUT)
    problems = layout.problems()
    if problems:
        raise ProblemsError(problems)
    return layout


def to_intro(text: str | None) -> list[RichBlock]:
    """brief.toml's ``site.intro`` (Markdown) as rich text."""
    from brief_builder.richtext import to_rich

    return to_rich(text) if text else []


def collect(outlines: Mapping[str, Outline], output: Path) -> list[SiteBrief]:
    """Every brief with at least one compiled file in ``output``, newest first."""
    briefs = []
    for name, outline in outlines.items():
        downloads = _downloads(output, name)
        if not downloads:
            LOGGER.info("%s has no compiled file in %s; left off the downloads page", name, output)
            continue
        pdf = output / f"{name}.pdf"
        pages, thumbnail = read_pdf(pdf) if pdf.is_file() else (None, None)
        meta = outline.meta
        briefs.append(
            SiteBrief(
                id=name,
                title=meta.title,
                subtitle=meta.subtitle,
                date=meta.date,
                date_text=format_date(meta.date, PAGE_LANGUAGE, {}) if meta.date else None,
                language=meta.language,
                language_name=capitalised(language_name(meta.language, PAGE_LANGUAGE)),
                layout=meta.layout,
                status=meta.status,
                pages=pages,
                downloads=downloads,
                thumbnail=thumbnail,
                thumbnail_href=f"{THUMBNAILS}/{name}.png" if thumbnail else None,
                editions=_editions(output, name, meta.languages[1:]),
            )
        )
    briefs.sort(key=lambda b: (-(b.date or dt.date.min).toordinal(), b.title.casefold(), b.id))
    return briefs


def _downloads(output: Path, name: str) -> tuple[Download, ...]:
    """The files of ``name`` (a brief, or an edition ``brief.fr``) compiled in ``output``."""
    return tuple(
        Download(kind, f"{name}{kind.suffix}", (output / f"{name}{kind.suffix}").stat().st_size)
        for kind in DOWNLOADS
        if (output / f"{name}{kind.suffix}").is_file()
    )


def _editions(output: Path, name: str, languages: Sequence[str]) -> tuple[Edition, ...]:
    """The brief's editions with some file in ``output``, each named in its own language."""
    found = []
    for language in languages:
        downloads = _downloads(output, f"{name}.{language}")
        if downloads:
            found.append(Edition(language, capitalised(language_name(language)), downloads))
    return tuple(found)


def read_pdf(path: Path) -> tuple[int | None, bytes | None]:
    """The page count of a compiled PDF and a PNG of its first page; ``None`` for what cannot be read."""
    try:
        import pypdfium2
    except ImportError:
        LOGGER.warning("pypdfium2 is not installed: no page counts or thumbnails on the downloads page")
        return None, None
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        LOGGER.warning("%s: cannot read the PDF (%s): no page count or thumbnail", path, exc)
        return None, None
    try:
        pages = len(document)
        page = document[0]
        bitmap = page.render(scale=THUMBNAIL_WIDTH / page.get_width())
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, format="PNG", optimize=True)
        return pages, buffer.getvalue()
    except Exception as exc:  # a thumbnail is a nicety: never fail the page for it
        LOGGER.warning("%s: cannot render page 1 (%s): no thumbnail", path, exc)
        return len(document), None
    finally:
        document.close()


def render_index(
    briefs: Sequence[SiteBrief], layout: Layout, title: str, intro: Sequence[RichBlock] = ()
) -> bytes:
    """The downloads page as UTF-8 HTML, its stylesheet (the layout's ``site.css``, if any) inlined.

    The template's filters write figures as CLDR does in the page's language: ``size`` a file
    size, ``number`` a count, ``plural`` a count's plural category (``one``, ``other``...).
    """
    stylesheet = layout.find(STYLESHEET)
    css = Markup(stylesheet.read_text(encoding="utf-8") if stylesheet else "")  # the layout's own file
    context = {"briefs": briefs, "title": title, "intro": list(intro), "css": css, "language": PAGE_LANGUAGE}
    return render_template(layout.folders, TEMPLATE, context, FILTERS).encode("utf-8")


def _size(size: int) -> str:
    return file_size(size, PAGE_LANGUAGE)


def _number(value: int | float) -> str:
    return format_number(value, PAGE_LANGUAGE)


def _plural(count: int | float) -> str:
    return plural_category(count, PAGE_LANGUAGE)


FILTERS = (("size", _size), ("number", _number), ("plural", _plural))
"""The page template's filters (the same functions every time: the template environment is cached by them)."""


def site_files(project: Project, output: Path) -> tuple[Path, ...]:
    """Every file the downloads page may write in ``output``: the page and a thumbnail per brief."""
    return (output / INDEX, *(output / THUMBNAILS / f"{name}.png" for name in all_brief_ids(project.sources)))


def write_site(
    briefs: Sequence[SiteBrief],
    output: Path,
    page: bytes,
    manifest: Path | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the thumbnails and the page ``index.html`` into ``output`` (all or none, recorded in
    ``manifest``; none when one changed since it was written, unless ``overwrite``); return the
    page's path."""
    files = [
        (output / brief.thumbnail_href, brief.thumbnail)
        for brief in briefs
        if brief.thumbnail and brief.thumbnail_href
    ]
    write_recorded([*files, (output / INDEX, page)], manifest, overwrite)
    return output / INDEX
