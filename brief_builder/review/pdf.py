"""Turn the annotations on a compiled PDF (sticky notes, highlights, strike-outs, replacements) into edits.

pikepdf reads the annotations as Acrobat, Okular and Preview write them: ``/Text`` (a sticky
note; ``/FreeText``, text typed on the page, counts as one), ``/Highlight``, ``/Underline``,
``/Squiggly``, ``/StrikeOut`` and ``/Caret`` (an insertion point; with a strike-out it points
to, a replacement). pypdfium2 reads the text
under each one's QuadPoints (for a note or a caret, the line beside it), and that text is
looked up among the texts of the brief's source fields, as the outline has them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2

from brief_builder.errors import BriefError
from brief_builder.outline import Outline, field_values
from brief_builder.review.edits import Edit, EditKind, Where
from brief_builder.richtext import plain_text

KINDS: dict[str, EditKind] = {
    "/Text": "note",
    "/FreeText": "note",
    "/Highlight": "highlight",
    "/Underline": "highlight",
    "/Squiggly": "highlight",
    "/StrikeOut": "strike-out",
    "/Caret": "replacement",
}
MATCHED = 0.6
"""Share of an annotated text that must be found in one field for the edit to be placed there."""


@dataclass(frozen=True)
class FieldText:
    where: Where
    text: str
    """Its plain text, white space made single spaces."""


@dataclass(frozen=True)
class Annotation:
    kind: EditKind
    text: str
    """The text under it (or beside it)."""
    author: str
    date: str
    contents: str
    replaced: str = ""
    """For a replacement: the struck-out text it replaces."""


def read_annotations(path: Path) -> list[Annotation]:
    """The review annotations of every page, in page order; BriefError for a PDF that cannot be read
    or that brief compile did not write."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        raise BriefError(f"{path}: not a PDF file that can be read ({exc})") from None
    with pdf:
        if str(pdf.docinfo.get("/Creator", "")) != "brief-builder":
            raise BriefError(
                f"{path}: was not written by brief compile (its Creator is not brief-builder);"
                " brief review reads the PDF files brief compile writes"
            )
        document = pypdfium2.PdfDocument(str(path))
        try:
            found = []
            for number, page in enumerate(pdf.pages):
                annots = page.obj.get("/Annots")
                if not annots:
                    continue
                text_page = document[number].get_textpage()
                width = float(page.mediabox[2])
                replaced = {
                    annot.get("/IRT").objgen: annot
                    for annot in annots
                    if annot.get("/Subtype") == "/Caret" and annot.get("/IRT") is not None
                }
                for annot in annots:
                    annotation = _annotation(annot, text_page, width, replaced)
                    if annotation is not None:
                        found.append(annotation)
        finally:
            document.close()
    return found


def _annotation(
    annot: pikepdf.Dictionary,
    text_page: pypdfium2.PdfTextPage,
    width: float,
    replaced: dict[tuple[int, int], pikepdf.Dictionary],
) -> Annotation | None:
    kind = KINDS.get(str(annot.get("/Subtype")))
    if kind is None:
        return None
    if kind == "replacement" and annot.get("/IRT") is not None:
        return None  # told with the strike-out it replaces
    author, date, contents = (str(annot.get(key, "")) for key in ("/T", "/M", "/Contents"))
    quads = [float(v) for v in annot.get("/QuadPoints", [])]
    if kind in ("highlight", "strike-out") and quads:
        text = " ".join(_under(text_page, quads[i : i + 8]) for i in range(0, len(quads) - 7, 8))
    else:
        _, bottom, _, top = (float(v) for v in annot.Rect)
        text = text_page.get_text_bounded(0, bottom, width, top)
    text = " ".join(text.split())
    caret = replaced.get(annot.objgen) if kind == "strike-out" else None
    if caret is not None:
        new = str(caret.get("/Contents", "")) or contents
        return Annotation("replacement", text, author, date.removeprefix("D:"), new, replaced=text)
    return Annotation(kind, text, author, date.removeprefix("D:"), contents)


def _under(text_page: pypdfium2.PdfTextPage, quad: Sequence[float]) -> str:
    xs, ys = quad[0::2], quad[1::2]
    return text_page.get_text_bounded(min(xs), min(ys), max(xs), max(ys))


def plain_fields(outline: Outline) -> list[FieldText]:
    """The plain text of every source field the brief shows, in reading order."""
    found: dict[tuple[str, str], FieldText] = {}
    for source, value in field_values(outline):
        text = value if isinstance(value, str) else plain_text(value)
        key = (source.path, str(source.field))
        if key not in found and text.strip():
            found[key] = FieldText(Where(source.path, source.line, str(source.field)), " ".join(text.split()))
    return list(found.values())


def locate(text: str, fields: Sequence[FieldText]) -> Where | None:
    """The field holding ``text``: the one containing it, else the one sharing most of it."""
    if not text:
        return None
    wanted = text.casefold()
    for candidate in fields:
        if wanted in candidate.text.casefold():
            return candidate.where
    best, size = None, 0
    for candidate in fields:
        match = difflib.SequenceMatcher(None, wanted, candidate.text.casefold(), autojunk=False)
        longest = match.find_longest_match(0, len(wanted), 0, len(candidate.text)).size
        if longest > size:
            best, size = candidate.where, longest
    return best if size >= MATCHED * min(len(wanted), 40) else None


def pdf_edits(annotations: Sequence[Annotation], outline: Outline) -> list[Edit]:
    """Each annotation as an edit at the source field its text belongs to."""
    fields = plain_fields(outline)
    edits = []
    for annotation in annotations:
        where = locate(annotation.text if annotation.kind != "replacement" else annotation.replaced, fields)
        edits.append(
            Edit(
                annotation.kind,
                where,
                old=annotation.replaced or (annotation.text if annotation.kind != "note" else ""),
                new=annotation.contents if annotation.kind == "replacement" else "",
                author=annotation.author,
                date=annotation.date,
                note="" if annotation.kind == "replacement" else annotation.contents,
            )
        )
    return edits
