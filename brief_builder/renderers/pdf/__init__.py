"""Turn an outline and a layout into PDF bytes with WeasyPrint, reading only allowed local files.

WeasyPrint lays the print page out (again, with the paragraph's words kept whole, when a
word would break across a page turn) and writes it tagged; ``structure.py`` then repairs the
structure tree for PDF/UA and ``conformance.py`` adds the PDF/UA claim to a PDF/A file.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from brief_builder.errors import UsageError
from brief_builder.layouts.loader import Layout
from brief_builder.outline import Outline
from brief_builder.renderers import PDF_VARIANTS, Rendered, RenderOptions
from brief_builder.renderers.html import creation_moment, generated_files, render_html
from brief_builder.renderers.pdf.breaks import with_break_opportunities
from brief_builder.renderers.pdf.conformance import claim_pdfua
from brief_builder.renderers.pdf.engine import HTML, FontConfiguration, URLFetcher, URLFetcherResponse
from brief_builder.renderers.pdf.internals import element_keys, hyphenated_page_ends
from brief_builder.renderers.pdf.structure import open_pdf, repair, saved
from brief_builder.renderers.pdf.styles import take_stylesheets

LOGGER = logging.getLogger(__name__)

FONT_CONFIGURATION = FontConfiguration()
"""Shared by every render so that fonts found once are not looked up again."""
VARIANTS: Mapping[str, tuple[str | None, bool]] = {
    "pdf/ua-1": ("pdf/ua-1", False),
    "pdf/a-3u": ("pdf/a-3u", False),
    "pdf/a-3u+ua-1": ("pdf/a-3u", True),
    "none": (None, False),
}
"""Each of PDF_VARIANTS: the variant WeasyPrint writes, and whether the PDF/UA-1 claim is added
to it (every variant is tagged and gets the same structure repairs)."""
MAX_LAYOUTS = 4
"""Layouts of one brief at most: each further one keeps whole the words of one more paragraph
that a page turn would break (which may move a later break by a line)."""
KEEP_WORDS_WHOLE = "hyphens: manual"


class _MissingGlyphs(logging.Filter):
    """Holds back WeasyPrint's ``.notdef glyph`` lines: the build's glyph check names the field instead."""

    def __init__(self) -> None:
        super().__init__()
        self.characters: dict[str, None] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if ".notdef glyph" not in message:
            return True
        self.characters.update(dict.fromkeys(re.findall(r'"(.+?)" \(U\+', message)))
        return False


@contextmanager
def missing_glyphs(brief: str) -> Iterator[None]:
    """Keep WeasyPrint's bare ``.notdef glyph`` lines (one per character, naming no brief) from the user."""
    logger = logging.getLogger("weasyprint")
    held = _MissingGlyphs()
    logger.addFilter(held)
    try:
        yield
    finally:
        logger.removeFilter(held)
        if held.characters:
            LOGGER.info("%s: drawn as empty boxes: %s", brief, "".join(held.characters))


def render(outline: Outline, layout: Layout, options: RenderOptions) -> Rendered:
    """The brief as a tagged, reproducible PDF, and its number of pages."""
    html = with_break_opportunities(render_html(outline, layout, options, media="print"))
    fetcher = LocalFileFetcher(
        [*options.allowed_roots, *layout.folders], generated_files(outline, layout, options)
    )
    source = HTML(string=html, base_url=folder_url(layout.folders[0]), url_fetcher=fetcher)
    settings = write_options(outline, options)
    font_config = settings.pop("font_config")
    stylesheets = take_stylesheets(source, fetcher, font_config)
    with source_date_epoch(creation_seconds(outline, options)), missing_glyphs(outline.meta.id):
        document = source.render(font_config=font_config, stylesheets=stylesheets, **settings)
        for _ in range(MAX_LAYOUTS - 1):
            broken = hyphenated_page_ends(document)
            if not broken:
                break
            for element in broken:
                keep_words_whole(element)
            LOGGER.info("%s: a word broke across a page turn; laying the brief out again", outline.meta.id)
            document = source.render(font_config=font_config, stylesheets=stylesheets, **settings)
        with element_keys():
            data = document.write_pdf(**settings)
    pdf = open_pdf(data)
    repairs = repair(pdf)
    LOGGER.debug("%s: structure repairs %s", outline.meta.id, repairs)
    if VARIANTS[options.pdf_variant][1]:
        claim_pdfua(pdf)
    return Rendered(saved(pdf), len(document.pages))


def keep_words_whole(element: Any) -> None:
    """Lay ``element`` (an HTML element of the print page) out without hyphenation."""
    style = (element.get("style") or "").strip().rstrip(";")
    element.set("style", f"{style}; {KEEP_WORDS_WHOLE}" if style else KEEP_WORDS_WHOLE)


def creation_seconds(outline: Outline, options: RenderOptions) -> int:
    """Seconds since the epoch of the brief's creation moment, 0 when it has none."""
    moment = creation_moment(outline, options)
    return int(moment.timestamp()) if moment else 0


@contextmanager
def source_date_epoch(seconds: int) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` while WeasyPrint writes, unless the caller already has.

    fontTools stamps the fonts it rewrites (instances of a variable font a layout bundles) with the
    current time; with ``SOURCE_DATE_EPOCH`` set it uses that instead, and the PDF stays
    reproducible.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def folder_url(folder: Path) -> str:
    """The ``file:`` URL of a folder, with the trailing slash that relative URLs need."""
    return folder.resolve().as_uri() + "/"


def write_options(outline: Outline, options: RenderOptions) -> dict[str, Any]:
    """Keyword arguments of ``write_pdf``: variant, fixed identifier, tags, shared fonts."""
    if options.pdf_variant not in PDF_VARIANTS:
        raise UsageError(
            f"unknown PDF variant {options.pdf_variant!r}; expected one of {', '.join(PDF_VARIANTS)}"
        )
    return {
        "pdf_variant": VARIANTS[options.pdf_variant][0],
        "pdf_identifier": pdf_identifier(outline),
        "pdf_tags": True,
        "font_config": FONT_CONFIGURATION,
    }


def pdf_identifier(outline: Outline) -> bytes:
    """A file identifier that depends only on the brief's id (and its edition's language), so that
    builds are reproducible and each edition is a document of its own."""
    edition = f".{outline.meta.edition}" if outline.meta.edition else ""
    return hashlib.sha256(f"brief-builder:{outline.meta.id}{edition}".encode()).hexdigest()[:32].encode()


class FetchRefusedError(ValueError):
    """A URL that the renderer may not read; WeasyPrint logs it and goes on without it."""


class LocalFileFetcher(URLFetcher):
    """Fetch ``file:`` URLs inside a few folders (symlinks resolved) and nothing else.

    ``generated`` maps the URLs of files the renderer made itself (a draft's watermark) to
    their media type and bytes; they are served from memory.
    """

    def __init__(
        self, roots: Sequence[Path], generated: Mapping[str, tuple[str, bytes]] | None = None
    ) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = tuple(dict.fromkeys(Path(root).resolve() for root in roots))
        self.generated = dict(generated or {})

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.generated:
            mime, body = self.generated[url]
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
        path = self.allowed_path(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"Content-Type": mime}
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers=headers)

    def allowed_path(self, url: str) -> Path:
        """The real path of ``url``; raise FetchRefusedError unless it is a file in a root."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise FetchRefusedError(f"refused to fetch {_short(url)}: only local files are read")
        if parts.netloc not in ("", "localhost"):
            raise FetchRefusedError(f"refused to fetch {_short(url)}: not a local file")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefusedError(f"refused to fetch {path}: outside the allowed folders")
        if not path.is_file():
            raise FetchRefusedError(f"refused to fetch {path}: not a file")
        return path


def _short(url: str) -> str:
    return url if len(url) <= 80 else f"{url[:77]}..."
