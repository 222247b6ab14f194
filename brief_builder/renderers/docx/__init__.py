"""Turn a brief outline into the bytes of a Word document whose every paragraph wears a named style.

The document is what reviewers and translators edit: headings are Word's built-in ones,
boxes and tables use table styles, and the table of contents is a real field whose entries
are already written out. The layout's fonts travel inside it (``fonts.py``), so it looks
the same on a machine without them. Same outline, layout and options give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from brief_builder.layouts.loader import Layout
from brief_builder.outline import Meta, Outline
from brief_builder.renderers import Rendered, RenderOptions
from brief_builder.renderers.docx import fonts, origins
from brief_builder.renderers.docx import styles as docx_styles
from brief_builder.renderers.docx.fonts import Face
from brief_builder.renderers.docx.oxml import xml_safe
from brief_builder.renderers.docx.places import Assets
from brief_builder.renderers.docx.scripts import ScriptFonts, script_fonts
from brief_builder.renderers.docx.styles import WordTheme
from brief_builder.renderers.docx.writer import Writer
from brief_builder.renderers.properties import core_properties, cut
from brief_builder.renderers.view import View

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_FIRST = ("[Content_Types].xml", "_rels/.rels")
FALLBACK_DATE = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def render(outline: Outline, layout: Layout, options: RenderOptions) -> Rendered:
    """The .docx file of ``outline`` styled by ``layout``, with the layout's fonts embedded."""
    source = outline.meta.source
    resolved = layout.resolve_theme(outline.meta.theme, (source.path, source.line))
    theme = WordTheme.of(resolved)
    language = outline.meta.language
    fallbacks = script_fonts(layout.fallback_fonts, language)
    document = docx.Document(io.BytesIO(_styled_template(theme, language, fallbacks)))
    faces = fonts.faces_of(layout.files(), (theme.font_body, theme.font_heading))
    assets = Assets(logo=_logo(layout, str(resolved["logo_docx"])), metrics=_metrics(faces, theme.font_body))
    writer = Writer(document, View.of(outline, layout, options), theme, assets)
    writer.write()
    origins.attach(document, writer.marker, outline.meta.id, outline.meta.edition)
    _set_properties(document, outline.meta, options)
    return Rendered(_reproducible_zip(document, faces))


def _logo(layout: Layout, name: str) -> Path | None:
    """The layout's raster logo for the document (``logo_docx``), if it has one inside its folders."""
    path = layout.find(name) if name else None
    if path is None or not any(path.resolve().is_relative_to(f.resolve()) for f in layout.folders):
        return None
    return path


def _metrics(faces: list[Face], family: str) -> tuple[fonts.Metrics, fonts.Metrics] | None:
    """The regular and bold faces' metrics of ``family``, when the layout ships both."""
    styles = {(face.bold, face.italic): face for face in faces if face.family.casefold() == family.casefold()}
    regular, bold = styles.get((False, False)), styles.get((True, False))
    return (fonts.metrics(regular), fonts.metrics(bold)) if regular and bold else None


@functools.lru_cache(maxsize=8)
def _styled_template(theme: WordTheme, language: str, fallbacks: ScriptFonts) -> bytes:
    """python-docx's template with every style of ``theme`` defined, the layout's fallback fonts in
    the East Asian and complex-script slots, saved once per process.

    Defining the styles looks each one up among the template's hundreds (about 45 ms a
    brief); every brief with the same theme, language and fallbacks starts from the same bytes instead.
    """
    document = docx.Document()
    _drop_template_leftovers(document)
    docx_styles.apply(document, theme, language, fallbacks)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _drop_template_leftovers(document: Document) -> None:
    """python-docx's template ships a thumbnail of an empty page and stale style copies."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del document.part.rels[r_id]


def _set_properties(document: Document, meta: Meta, options: RenderOptions) -> None:
    """The core properties, each cut to what Word holds (the build warned about those cut)."""
    properties = document.core_properties
    for prop in core_properties(meta):
        setattr(properties, prop.name, cut(xml_safe(prop.value)))
    properties.language = docx_styles.language_tag(meta.language)
    properties.content_status = "draft" if options.is_draft(meta) else "final"
    properties.comments = ""
    properties.last_modified_by = ""
    properties.revision = 1
    created, modified = document_dates(meta.date, options.timestamp)
    properties.created = created
    properties.modified = modified


def document_dates(date: dt.date | None, timestamp: int | None) -> tuple[dt.datetime, dt.datetime]:
    """(created, modified): the brief's date and the build time, whichever are known."""
    built = dt.datetime.fromtimestamp(timestamp, dt.UTC) if timestamp is not None else None
    dated = dt.datetime.combine(date, dt.time(), dt.UTC) if date is not None else None
    created = dated or built or FALLBACK_DATE
    return created, built or created


def _reproducible_zip(document: Document, faces: list[Face]) -> bytes:
    """The saved package, with ``faces`` embedded, re-zipped with fixed member order, dates and
    compression."""
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    fonts.embed(parts, faces)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(parts, key=_member_order):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, parts[name], compresslevel=6)
    return out.getvalue()


def _member_order(name: str) -> tuple[int, str]:
    return (ZIP_FIRST.index(name) if name in ZIP_FIRST else len(ZIP_FIRST), name)
