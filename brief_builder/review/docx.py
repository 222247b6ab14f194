"""Turn a compiled DOCX a reviewer edited into edits: changed fields, tracked changes, comments, new text.

The DOCX says where each text came from (``renderers/docx/origins``): its hidden bookmarks
delimit each source field's text and its mapping part holds what each field showed when it
was compiled. What a field's bookmarks hold now, compared with that, is what the reviewer changed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from brief_builder.errors import BriefError
from brief_builder.renderers.docx.origins import (
    Mapping,
    Origin,
    Reading,
    joined,
    read_body,
    read_mapping,
    text_hash,
)
from brief_builder.review.edits import Edit, Where

NOT_OURS = (
    "holds no brief-builder origins: brief compile did not write it (or a version before brief review"
    " did); brief review reads the DOCX files brief compile writes"
)


@dataclass(frozen=True)
class DocxReview:
    """A reviewed DOCX read: its mapping, what its body holds now, its comments by id."""

    path: Path
    mapping: Mapping
    reading: Reading
    comments: dict[str, tuple[str, str, str]]
    """Comment id -> (author, date, text)."""

    def where(self, key: str | None) -> Where | None:
        origin = self.mapping.origins.get(key or "")
        return None if origin is None else _where(origin)

    def text(self, origin: Origin, accept_tracked: bool = True) -> str:
        """The field's text in the document now: Markdown for rich text, plain text else."""
        paragraphs = self.reading.field_text(origin.key, origin.rich, accepted=accept_tracked)
        return _text(origin, paragraphs)

    def compiled_text(self, origin: Origin) -> str:
        return _text(origin, origin.paragraphs)

    def changed(self, accept_tracked: bool = True) -> list[tuple[Origin, str, str]]:
        """(origin, text when compiled, text now) of every field whose text differs."""
        found = []
        for origin in self.mapping.origins.values():
            old, new = self.compiled_text(origin), self.text(origin, accept_tracked)
            if old != new:
                found.append((origin, old, new))
        return found

    def edits(self) -> list[Edit]:
        """Every edit, in the order of the fields: changes, tracked changes, comments, new text."""
        edits: list[Edit] = []
        for origin, old, new in self.changed():
            present = origin.key in self.reading.fields
            edits.append(Edit("changed" if present else "removed", _where(origin), old=old, new=new))
        for tracked in self.reading.tracked:
            kind = "insertion" if tracked.kind == "ins" else "deletion"
            text = {"new": tracked.text} if tracked.kind == "ins" else {"old": tracked.text}
            edits.append(
                Edit(kind, self.where(tracked.key), author=tracked.author, date=tracked.date, **text)
            )
        for comment_id, (author, date, text) in self.comments.items():
            edits.append(
                Edit(
                    "comment",
                    self.where(self.reading.comments.get(comment_id)),
                    author=author,
                    date=date,
                    note=text,
                )
            )
        for key, text in self.reading.outside:
            if text_hash(text) not in self.mapping.known:
                edits.append(Edit("new-text", self.where(key), new=text))
        order = {key: n for n, key in enumerate(self.mapping.origins)}
        return sorted(edits, key=lambda e: order.get(e.where.key, -1) if e.where else -1)


def _where(origin: Origin) -> Where:
    return Where(origin.path, origin.line, origin.field, origin.key)


def _text(origin: Origin, paragraphs: tuple[str, ...]) -> str:
    if origin.rich:
        return joined(paragraphs)
    return " ".join(" ".join(paragraphs).split())


def read_docx(path: Path) -> DocxReview:
    """Read ``path``; BriefError when it is no DOCX or one that brief compile did not write."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BriefError(f"{path}: not a DOCX file that can be read ({exc})") from None
    except OSError as exc:
        raise BriefError(f"{path}: cannot read: {exc.strerror}") from None
    mapping = None
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith("/customXml/item") and "Props" not in str(part.partname):
            mapping = read_mapping(part.blob)
            if mapping is not None:
                break
    if mapping is None:
        raise BriefError(f"{path}: {NOT_OURS}")
    part = document.part

    def target(r_id: str) -> str | None:
        rel = part.rels.get(r_id)
        return rel.target_ref if rel is not None and rel.is_external else None

    reading = read_body(document.element.body, target, mapping.whole)
    comments = {}
    for comment in document.comments:  # python-docx reads them (an empty list without a comments part)
        stamp = comment.timestamp.isoformat() if comment.timestamp else ""
        comments[str(comment.comment_id)] = (comment.author or "", stamp, comment.text.strip())
    return DocxReview(path, mapping, reading, comments)
