"""Turn the source fields of a Word document's texts into hidden bookmarks and a mapping part, and back.

Every paragraph, list item and table cell written from one source text field has its runs
between the two ends of a hidden bookmark (``_bb<key>_<n>``: Word hides bookmarks whose name
starts with ``_``; Word and LibreOffice keep them when they save). The key names the field;
a custom XML part (``urn:brief-builder:origins``, also kept by both) maps each key to the
source file, line and field path, a fingerprint of the field's compiled text and the text the
document showed when compiled. Content controls (``w:sdt``) were measured and rejected:
LibreOffice 7.4 drops block-level ones and the tags of inline ones when it saves.

``read_body`` walks a document body once and gives what each field's bookmarks now hold
(tracked insertions and deletions both ways), the comments anchored in it and the
paragraphs outside every field; the compile stores its own reading in the mapping, so a
document nobody edited reads back exactly as stored.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from brief_builder.outline import Provenance

PREFIX = "_bb"
NAMESPACE = "urn:brief-builder:origins"
FIRST_ID = 100_000
"""Bookmark ids of origins start here, above those of link targets (counted from 0)."""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ITEM_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
MARKDOWN_SPECIAL = re.compile(r"[\\*\[\]`]|(?<![^\W_])_|_(?![^\W_])")
"""Characters Markdown would read as formatting: ``_`` only where it can start or end emphasis."""
BLOCK_START = re.compile(r"^(?:[#>+-]|\d+[.)])")
"""A paragraph's start that Markdown would read as a heading, quote or list item."""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def field_key(path: str, name: str) -> str:
    """The short key of field ``name`` of file ``path``: 10 hex digits of their sha256."""
    return hashlib.sha256(f"{path}\0{name}".encode()).hexdigest()[:10]


def fingerprint(text: str) -> str:
    """What the mapping stores of a field's compiled text, to tell later whether it changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Origin:
    """One source field as the mapping part records it."""

    key: str
    path: str
    line: int | None
    field: str
    rich: bool
    """Markdown (a summary, a body) rather than plain text (a title, a fact)."""
    fingerprint: str
    paragraphs: tuple[str, ...] = ()
    """The field's paragraphs as the compiled document showed them."""


class Marker:
    """Opens and closes the bookmarks of origins while the writer adds runs; remembers each field."""

    def __init__(self, texts: dict[tuple[str, str], str]):
        self.texts = texts
        self.origins: dict[str, Origin] = {}
        self.counts: dict[str, int] = {}
        self.next_id = FIRST_ID

    def open(self, p: etree._Element, source: Provenance | None, rich: bool) -> int | None:
        """Start an origin's bookmark at the end of paragraph ``p``; its id, or None when ``source``
        names no field."""
        if source is None or source.field is None:
            return None
        key = field_key(source.path, source.field)
        if key not in self.origins:
            text = self.texts.get((source.path, source.field), "")
            self.origins[key] = Origin(key, source.path, source.line, source.field, rich, fingerprint(text))
        number = self.counts.get(key, 0)
        self.counts[key] = number + 1
        bookmark_id, self.next_id = self.next_id, self.next_id + 1
        start = etree.SubElement(p, _w("bookmarkStart"))
        start.set(_w("id"), str(bookmark_id))
        start.set(_w("name"), f"{PREFIX}{key}_{number}")
        return bookmark_id

    def close(self, p: etree._Element, bookmark_id: int | None) -> None:
        if bookmark_id is not None:
            etree.SubElement(p, _w("bookmarkEnd")).set(_w("id"), str(bookmark_id))


# -- reading a body -------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of text with one formatting; ``change`` is ``ins`` or ``del`` inside a tracked change."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    change: str | None = None


@dataclass(frozen=True)
class Tracked:
    key: str | None
    kind: str
    """``ins`` or ``del``."""
    author: str
    date: str
    text: str


@dataclass
class BodyParagraph:
    """One paragraph's share of one field (or of no field): its pieces and its list marker."""

    key: str | None
    lead: str
    pieces: list[Piece] = field(default_factory=list)

    def text(self, rich: bool, accepted: bool = True) -> str:
        dropped = "ins" if not accepted else "del"
        pieces = [p for p in self.pieces if p.change != dropped]
        if not rich:
            return "".join(p.text for p in pieces)
        text = markdown(pieces)
        start = BLOCK_START.match(text) if not self.lead else None
        if start is not None:  # a paragraph that starts like a list item or heading stays a paragraph
            mark = start[0]
            text = f"{mark[:-1]}\\{mark[-1]}{text[len(mark) :]}" if mark[0].isdigit() else f"\\{text}"
        return self.lead + text


@dataclass
class Reading:
    """What a body holds: each field's paragraphs, tracked changes, comment anchors, the rest."""

    fields: dict[str, list[BodyParagraph]] = field(default_factory=dict)
    outside: list[tuple[str | None, str]] = field(default_factory=list)
    """(key of the field before, text) of each paragraph that holds no field's text."""
    tracked: list[Tracked] = field(default_factory=list)
    comments: dict[str, str | None] = field(default_factory=dict)
    """Comment id -> key of the field it is anchored in (or follows)."""
    names: set[str] = field(default_factory=set)
    """Every origin bookmark name found."""
    whole: set[str] = field(default_factory=set)
    """Origin bookmarks holding every piece of text of their paragraph."""

    def field_text(self, key: str, rich: bool, accepted: bool = True) -> tuple[str, ...]:
        return tuple(p.text(rich, accepted) for p in self.fields.get(key, []))


def _on(element: etree._Element | None) -> bool:
    if element is None:
        return False
    return element.get(_w("val"), "true") not in ("0", "false", "off")


LIST_LEADS = (("Bullet", "- "), ("Number", "1. "), ("Continue", "   "))


def _lead(p: etree._Element) -> str:
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    name = style.get(_w("val"), "") if style is not None else ""
    if name.startswith("Recommendation"):
        return ""
    return next((lead for word, lead in LIST_LEADS if word in name), "")


class _Walker:
    def __init__(self, targets: Callable[[str], str | None], whole: frozenset[str]):
        self.targets = targets
        self.whole = whole
        self.reading = Reading()
        self.open: dict[str, tuple[str, str]] = {}
        """Bookmark id -> (name, key), of the origin bookmarks open at this point."""
        self.here: list[str] = []
        """Names of the origin bookmarks open in the paragraph being read."""
        self.last: str | None = None

    def key(self) -> str | None:
        return next(reversed(self.open.values()))[1] if self.open else None

    def paragraph(self, p: etree._Element) -> None:
        lead = _lead(p)
        sequence: list[tuple[str | None, Piece]] = []
        self.here = [name for name, _ in self.open.values()]
        self._inline(p, lambda piece: sequence.append((self.key(), piece)), href=None, change=None)
        keys = list(dict.fromkeys(key for key, _ in sequence if key is not None))
        if len(keys) == 1 and self.here:
            if all(key is not None for key, _ in sequence):
                self.reading.whole.update(self.here)
            elif all(name in self.whole for name in self.here):
                # text typed at either end of a paragraph that held one field's text only, outside its
                # bookmark (where Word and LibreOffice put what is typed after a bookmark's end)
                sequence = [(keys[0], piece) for _, piece in sequence]
        shares: dict[str | None, BodyParagraph] = {}
        for key, piece in sequence:
            shares.setdefault(key, BodyParagraph(key, lead)).pieces.append(piece)
        for key, share in shares.items():
            if key is None:
                text = "".join(piece.text for piece in share.pieces if piece.change != "del").strip()
                if text:
                    self.reading.outside.append((self.last, text))
            else:
                self.reading.fields.setdefault(key, []).append(share)
        if keys:
            self.last = keys[-1]
        elif self.key() is not None:
            self.last = self.key()
        if not shares and self.key() is not None:  # an empty paragraph inside a field's bookmark
            self.reading.fields.setdefault(self.key(), []).append(BodyParagraph(self.key(), lead))

    def _inline(
        self, parent: etree._Element, add: Callable[[Piece], None], href: str | None, change: str | None
    ) -> None:
        for child in parent:
            tag = child.tag
            if tag == _w("r"):
                self._run(child, add, href, change)
            elif tag == _w("bookmarkStart"):
                name = child.get(_w("name"), "")
                if name.startswith(PREFIX):
                    self.reading.names.add(name)
                    self.here.append(name)
                    self.open[child.get(_w("id"), "")] = (name, name[len(PREFIX) :].rpartition("_")[0])
                    self.last = self.key()
            elif tag == _w("bookmarkEnd"):
                self.open.pop(child.get(_w("id"), ""), None)
            elif tag == _w("hyperlink"):
                r_id = child.get(f"{{{R}}}id")
                self._inline(child, add, self.targets(r_id) if r_id else None, change)
            elif tag in (_w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")):
                kind = "ins" if tag in (_w("ins"), _w("moveTo")) else "del"
                texts: list[Piece] = []

                def keep(piece: Piece, texts: list[Piece] = texts) -> None:
                    texts.append(piece)
                    add(piece)

                key = self.key() or self.last
                self._inline(child, keep, href, kind)
                self.reading.tracked.append(
                    Tracked(
                        key,
                        kind,
                        child.get(_w("author"), ""),
                        child.get(_w("date"), ""),
                        "".join(p.text for p in texts),
                    )
                )
            elif tag in (_w("commentRangeStart"), _w("commentReference")):
                self.reading.comments.setdefault(child.get(_w("id"), ""), self.key() or self.last)
            elif tag in (_w("smartTag"), _w("sdt"), _w("sdtContent"), _w("customXml"), _w("fldSimple")):
                self._inline(child, add, href, change)

    def _run(
        self, r: etree._Element, add: Callable[[Piece], None], href: str | None, change: str | None
    ) -> None:
        props = r.find(_w("rPr"))
        bold = _on(props.find(_w("b"))) if props is not None else False
        italic = _on(props.find(_w("i"))) if props is not None else False
        style = props.find(_w("rStyle")) if props is not None else None
        code = style is not None and style.get(_w("val")) == "Code"
        for child in r:
            tag = child.tag
            if tag in (_w("t"), _w("delText")):
                text = child.text or ""
            elif tag == _w("tab"):
                text = "\t"
            elif tag in (_w("br"), _w("cr")):
                text = "\n"
            elif tag == _w("noBreakHyphen"):
                text = "\u2011"
            elif tag == _w("commentReference"):
                self.reading.comments.setdefault(child.get(_w("id"), ""), self.key() or self.last)
                continue
            else:
                continue
            if text:
                add(Piece(text, bold, italic, code, href, change))


def read_body(
    body: etree._Element, targets: Callable[[str], str | None], whole: frozenset[str] = frozenset()
) -> Reading:
    """What ``body`` (a ``w:body``) holds, read in document order; ``targets`` maps a
    relationship id to the URL of a link; ``whole`` names the bookmarks that held all of their
    paragraph's text when compiled."""
    walker = _Walker(targets, whole)
    for p in _paragraphs(body):
        walker.paragraph(p)
    return walker.reading


def _paragraphs(element: etree._Element) -> Iterator[etree._Element]:
    """Every ``w:p`` under ``element`` in reading order, those in table cells and content controls too
    (not those of text boxes and deleted table rows' nested content)."""
    for child in element:
        if child.tag == _w("p"):
            yield child
        elif child.tag in (_w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("sdtContent"), _w("customXml")):
            yield from _paragraphs(child)


def markdown(pieces: Sequence[Piece]) -> str:
    """``pieces`` as Markdown: bold ``**``, italic ``*``, code in backticks, links ``[text](url)``."""
    out: list[str] = []
    groups: list[tuple[str | None, list[Piece]]] = []
    for piece in pieces:
        if groups and groups[-1][0] == piece.href:
            groups[-1][1].append(piece)
        else:
            groups.append((piece.href, [piece]))
    for href, group in groups:
        inner = _formatted(group)
        out.append(f"[{inner}]({href})" if href and inner.strip() else inner)
    return "".join(out)


def _formatted(pieces: Sequence[Piece]) -> str:
    merged: list[list] = []
    for piece in pieces:
        style = (piece.bold, piece.italic, piece.code)
        if merged and merged[-1][0] == style:
            merged[-1][1] += piece.text
        else:
            merged.append([style, piece.text])
    out = []
    for (bold, italic, code), text in merged:
        if code:
            out.append(f"`{text}`")
            continue
        escaped = MARKDOWN_SPECIAL.sub(lambda m: f"\\{m[0]}", text)
        core = escaped.strip()
        if not core or not (bold or italic):
            out.append(escaped)
            continue
        mark = "***" if bold and italic else "**" if bold else "*"
        left = escaped[: len(escaped) - len(escaped.lstrip())]
        right = escaped[len(escaped.rstrip()) :]
        out.append(f"{left}{mark}{core}{mark}{right}")
    return "".join(out)


def joined(paragraphs: Sequence[str]) -> str:
    """A field's paragraphs as one Markdown text: list items on lines of their own, blank lines between
    paragraphs."""
    text = ""
    for index, paragraph in enumerate(paragraphs):
        if index:
            # a new item of a list goes on the next line; a further paragraph of an item, after a blank one
            item = paragraph.startswith(("- ", "1. ")) and paragraphs[index - 1].startswith(
                ("- ", "1. ", "   ")
            )
            text += "\n" if item else "\n\n"
        text += paragraph
    return text


# -- the mapping part -----------------------------------------------------------------------


def attach(document: Document, marker: Marker, brief: str, edition: str | None = None) -> None:
    """Add the mapping of ``marker``'s origins to ``document``: read its body as written, store it
    (``edition``: the language of a translated edition, whose texts come from its translations)."""
    part = document.part
    reading = read_body(document.element.body, lambda r_id: _target(part, r_id))
    root = etree.Element(f"{{{NAMESPACE}}}origins", nsmap={None: NAMESPACE})
    root.set("version", "1")
    root.set("brief", brief)
    if edition:
        root.set("edition", edition)
    for key, origin in marker.origins.items():
        element = etree.SubElement(root, f"{{{NAMESPACE}}}field")
        element.set("key", key)
        element.set("path", origin.path)
        if origin.line is not None:
            element.set("line", str(origin.line))
        element.set("name", origin.field)
        element.set("rich", "1" if origin.rich else "0")
        element.set("fingerprint", origin.fingerprint)
        for text in reading.field_text(key, origin.rich):
            etree.SubElement(element, f"{{{NAMESPACE}}}p").text = text
    known = sorted({text_hash(text) for _, text in reading.outside})
    etree.SubElement(root, f"{{{NAMESPACE}}}known").text = " ".join(known)
    etree.SubElement(root, f"{{{NAMESPACE}}}whole").text = " ".join(sorted(reading.whole))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{brief}")).upper() + "}"
    props = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{item_id}"'
        f' xmlns:ds="{DS}"><ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode()
    package = part.package
    item_name = package.next_partname("/customXml/item%d.xml")
    props_name = PackURI(item_name.replace("/item", "/itemProps"))
    item = Part(item_name, "application/xml", blob, package)
    item.relate_to(Part(props_name, ITEM_PROPS_TYPE, props, package), RT.CUSTOM_XML_PROPS)
    part.relate_to(item, RT.CUSTOM_XML)


def _target(part: object, r_id: str) -> str | None:
    rel = part.rels.get(r_id)  # type: ignore[attr-defined]
    return rel.target_ref if rel is not None and rel.is_external else None


@dataclass(frozen=True)
class Mapping:
    """The mapping part read back: the brief's id, each field by key, the texts outside fields."""

    brief: str
    origins: dict[str, Origin]
    known: frozenset[str]
    """Hashes of the texts outside every field when compiled (headings, labels, separators)."""
    whole: frozenset[str] = frozenset()
    """Bookmarks that held all of their paragraph's text when compiled."""
    edition: str | None = None
    """The language of a translated edition (its texts come from sources/translations/), else None."""


def read_mapping(blob: bytes) -> Mapping | None:
    """The mapping in a custom XML part's bytes, or None when the part is not brief-builder's."""
    try:
        root = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return None
    if root.tag != f"{{{NAMESPACE}}}origins":
        return None
    origins = {}
    for element in root.iterfind(f"{{{NAMESPACE}}}field"):
        key = element.get("key", "")
        line = element.get("line")
        origins[key] = Origin(
            key=key,
            path=element.get("path", ""),
            line=int(line) if line and line.isdigit() else None,
            field=element.get("name", ""),
            rich=element.get("rich") == "1",
            fingerprint=element.get("fingerprint", ""),
            paragraphs=tuple(p.text or "" for p in element.iterfind(f"{{{NAMESPACE}}}p")),
        )
    known = root.findtext(f"{{{NAMESPACE}}}known") or ""
    whole = root.findtext(f"{{{NAMESPACE}}}whole") or ""
    return Mapping(
        root.get("brief", ""),
        origins,
        frozenset(known.split()),
        frozenset(whole.split()),
        root.get("edition") or None,
    )
