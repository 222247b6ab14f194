"""Read a tagged PDF back as assistive technology does: the structure tree (pikepdf), the text and
position of every marked-content sequence (pypdfium2), and the checks PDF/UA asks of them."""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pikepdf import Array, Dictionary

HEADINGS = {f"/H{n}" for n in range(1, 7)}
PLACEHOLDER_ALT = re.compile(
    r"\s*(?:image|picture|logo|logotipo|icon|figure|graphic)?\s*\d*\s*", re.IGNORECASE
)
INSERTED_HYPHEN = ("\u2010", "\x02", "\u00ad")
"""What WeasyPrint draws where hyphenation breaks a word (``hyphenate-character``, U+2010), as
pdfium reads it back (U+0002, its mark of a hyphen at a line's end); a source's hyphen is U+002D."""


@dataclass(frozen=True)
class Mark:
    """One piece of page content: its page, MCID (None in an artifact or unmarked), text and box."""

    page: int
    mcid: int | None
    artifact: bool
    text: str
    bounds: tuple[float, float, float, float]
    """left, bottom, right, top in points."""
    font_size: float = 0.0


@dataclass
class Tagged:
    """A PDF's structure tree and content, indexed for the checks."""

    pdf: pikepdf.Pdf
    marks: list[Mark]
    elements: list[Dictionary] = field(default_factory=list)
    """Every element reachable from the root, in reading order."""
    parents: dict[tuple[int, int], Dictionary] = field(default_factory=dict)
    pages: dict[tuple[int, int], int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Tagged:
        pdf = pikepdf.open(path)
        tagged = cls(pdf, list(read_marks(path)))
        tagged.pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        stack = [(kid, root) for kid in reversed(kids(root)) if is_element(kid)]
        while stack:
            element, parent = stack.pop()
            tagged.elements.append(element)
            tagged.parents[element.objgen] = parent
            stack.extend((kid, element) for kid in reversed(kids(element)) if is_element(kid))
        return tagged

    def of(self, tag: str) -> list[Dictionary]:
        return [e for e in self.elements if e.get("/S") == tag]

    def parent(self, element: Dictionary) -> Dictionary:
        return self.parents[element.objgen]

    def ancestors(self, element: Dictionary) -> Iterator[Dictionary]:
        while element.objgen in self.parents:
            element = self.parents[element.objgen]
            if is_element(element):
                yield element

    def content(self, element: Dictionary, page: int | None = None) -> Iterator[tuple[int, int]]:
        """(page, MCID) of every marked-content sequence of ``element``, in order."""
        page = self.pages[element.Pg.objgen] if "/Pg" in element else page
        for kid in kids(element):
            if isinstance(kid, int):
                yield (page, kid)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                yield (self.pages[kid.Pg.objgen], int(kid.MCID))
            elif is_element(kid):
                yield from self.content(kid, page)

    def text(self, element: Dictionary, on_page: int | None = None) -> str:
        texts = self.texts()
        return "".join(texts.get(key, "") for key in self.content(element) if on_page in (None, key[0]))

    def texts(self) -> dict[tuple[int, int], str]:
        found: dict[tuple[int, int], str] = {}
        for mark in self.marks:
            if mark.mcid is not None:
                found[(mark.page, mark.mcid)] = found.get((mark.page, mark.mcid), "") + mark.text
        return found

    def owned(self) -> set[tuple[int, int]]:
        return {key for element in self.elements for key in self.content(element)}

    def annotations(self) -> list[Dictionary]:
        return [a for page in self.pdf.pages for a in page.obj.get("/Annots", Array())]

    def owner_of(self) -> dict[tuple[int, int], Dictionary]:
        """Annotation -> the element whose ``/K`` holds its object reference."""
        owners = {}
        for element in self.elements:
            for kid in kids(element):
                if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
                    owners[kid.Obj.objgen] = element
        return owners

    def problems(self) -> list[str]:
        """What PDF/UA (and WCAG 1.3.1, 2.4.4) asks of the tree that this file breaks."""
        problems = []
        owned = self.owned()
        for mark in self.marks:
            if mark.text.strip() and not mark.artifact and mark.mcid is None:
                problems.append(f"page {mark.page + 1}: text outside marked content: {mark.text!r}")
            elif mark.mcid is not None and (mark.page, mark.mcid) not in owned:
                problems.append(f"page {mark.page + 1}: content of no element: {mark.text!r}")
        if any("/BBKey" in e or "/BBName" in e for e in self.elements):
            problems.append("private keys left in the tree")
        for item in self.of("/LI"):
            if self.parent(item).get("/S") != "/L":
                problems.append(f"LI outside a list: {self.text(item)!r}")
            if not any(is_element(k) and k.S == "/LBody" for k in kids(item)):
                problems.append(f"LI without LBody: {self.text(item)!r}")
        for element in self.of("/L"):
            for kid in kids(element):
                if is_element(kid) and kid.S not in ("/LI", "/L", "/Caption"):
                    problems.append(f"list child {kid.S}: {self.text(kid)!r}")
        for heading in self.elements:
            if heading.S in HEADINGS and any(a.S in HEADINGS for a in self.ancestors(heading)):
                problems.append(f"heading inside a heading: {self.text(heading)!r}")
        if len(self.of("/Part")) > 1:
            problems.append(f"{len(self.of('/Part'))} Parts: <main> split by its pages")
        for cell in self.of("/TH"):
            attributes = cell.get("/A")
            owners = list(attributes) if isinstance(attributes, Array) else [attributes]
            if not any(isinstance(a, Dictionary) and "/Scope" in a for a in owners):
                problems.append(f"TH without /Scope: {self.text(cell)!r}")
        for figure in self.of("/Figure"):
            if PLACEHOLDER_ALT.fullmatch(str(figure.get("/Alt", ""))):
                problems.append(f"Figure with placeholder alt text: {str(figure.get('/Alt', ''))!r}")
        owners = self.owner_of()
        for annotation in self.annotations():
            if not int(annotation.get("/F", 0)) & 4:
                problems.append("annotation without the Print flag")
            if annotation.get("/Subtype") != "/Link":
                continue
            owner = owners.get(annotation.objgen)
            if owner is None or owner.S != "/Link":
                problems.append(f"link annotation owned by {owner.S if owner else 'nothing'}")
            contents = str(annotation.get("/Contents", ""))
            dest = str(annotation.get("/Dest", ""))
            if not contents.strip() or (dest and contents == dest) or re.fullmatch(r"[\w-]+-\d+", contents):
                problems.append(f"link described by {contents!r}")
        problems.extend(self.page_end_problems())
        return problems

    def page_end_problems(self) -> list[str]:
        """A page (but the last) whose text, in reading order, ends in a hyphen hyphenation inserted."""
        texts = self.texts()
        last: dict[int, str] = {}
        for element in self.elements[:1]:
            for key in self.content(element):
                if texts.get(key, "").strip():
                    last[key[0]] = texts[key]
        return [
            f"word broken across the turn of page {page + 1}: ...{text[-30:]!r}"
            for page, text in sorted(last.items())
            if page < len(self.pdf.pages) - 1 and text.rstrip().endswith(INSERTED_HYPHEN)
        ]


def rules_alone_at_page_tops(path: Path, tagged: Tagged) -> list[str]:
    """Horizontal rules standing alone at the head of a page (but the first): a thin band of ink
    between the running head and the page's first text, with white below it, where that text
    is not a heading (a rule may open a section). Read from the rendered page, since a border is
    drawn in many ways; a box's background reaching down to its text is no rule."""
    found = []
    owned = tagged.owned()
    in_headings = {key for e in tagged.elements if e.S in HEADINGS for key in tagged.content(e)}
    document = pdfium.PdfDocument(path)
    scale = 2.0
    try:
        for page in range(1, len(document)):
            marks = [m for m in tagged.marks if m.page == page and m.text.strip()]
            texts = [m for m in marks if (m.page, m.mcid) in owned]
            if not texts:
                continue
            first = max(texts, key=lambda m: m.bounds[3])
            if (first.page, first.mcid) in in_headings:
                continue
            height = document[page].get_height()
            ceiling = min(
                (m.bounds[1] for m in marks if m.artifact and m.bounds[1] > height / 2), default=height
            )
            image = document[page].render(scale=scale).to_pil().convert("L")
            top, bottom = int((height - ceiling) * scale) + 2, int((height - first.bounds[3]) * scale) - 1
            pixels = image.crop((0, top, image.width, max(bottom, top))).tobytes()
            rows = [
                longest_ink(pixels[y * image.width : (y + 1) * image.width]) >= 20 * scale
                for y in range(max(bottom - top, 0))
            ]
            bands = [len(band) for band in "".join("x" if r else " " for r in rows).split()]
            ends_in_white = bool(rows) and not rows[-1]
            if bands and ends_in_white and min(bands) <= 3 * scale:
                found.append(f"page {page + 1}: a rule above {first.text!r}")
    finally:
        document.close()
    return found


INK = re.compile(rb"[\x00-\xf9]+")
"""Grey levels darker than paper (below 250)."""


def longest_ink(row: bytes) -> int:
    """The longest run of inked pixels in a row of a greyscale image."""
    return max((len(run) for run in INK.findall(row)), default=0)


def kids(element: Any) -> list[Any]:
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def is_element(obj: Any) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj and obj.get("/Type", "/StructElem") == "/StructElem"


def read_marks(path: Path) -> Iterator[Mark]:
    """Every page object that draws text or a path, with its marked-content id and text; what a
    form XObject draws is in the marked content the form is drawn in."""
    document = pdfium.PdfDocument(path)
    try:
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            inherited: dict[int | None, tuple[bool, int | None]] = {None: (False, None)}
            for obj in page.get_objects(max_depth=8):
                outer_artifact, outer_mcid = inherited[address(obj.container)]
                mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj.raw)
                mcid = mcid if mcid >= 0 else outer_mcid
                artifact = outer_artifact or "Artifact" in mark_names(obj.raw)
                if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
                    inherited[address(obj)] = (artifact, mcid)
                if obj.type not in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH):
                    continue
                text, size = "", 0.0
                if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                    text = object_text(obj.raw, textpage.raw)
                    value = ctypes.c_float()
                    pdfium_c.FPDFTextObj_GetFontSize(obj.raw, value)
                    size = value.value * abs(obj.get_matrix().get()[3] or 1)
                yield Mark(number, None if artifact else mcid, artifact, text, tuple(obj.get_bounds()), size)
    finally:
        document.close()


def address(obj: Any) -> int | None:
    return None if obj is None else ctypes.cast(obj.raw, ctypes.c_void_p).value


def mark_names(raw: Any) -> list[str]:
    names = []
    for index in range(pdfium_c.FPDFPageObj_CountMarks(raw)):
        mark = pdfium_c.FPDFPageObj_GetMark(raw, index)
        length = ctypes.c_ulong()
        pdfium_c.FPDFPageObjMark_GetName(mark, None, 0, length)
        buffer = (ctypes.c_ushort * (length.value // 2))()
        pdfium_c.FPDFPageObjMark_GetName(mark, buffer, length.value, length)
        names.append(bytes(buffer).decode("utf-16-le").rstrip("\x00"))
    return names


def object_text(raw: Any, textpage: Any) -> str:
    length = pdfium_c.FPDFTextObj_GetText(raw, textpage, None, 0)
    buffer = (ctypes.c_ushort * (length // 2))()
    pdfium_c.FPDFTextObj_GetText(raw, textpage, buffer, length)
    return bytes(buffer).decode("utf-16-le").rstrip("\x00")
