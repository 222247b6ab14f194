"""Turn WeasyPrint's tagged PDF into a PDF/UA structure tree: one element per HTML element, artifacts, scopes.

A pikepdf pass over the bytes WeasyPrint wrote with element keys (``internals.py``):

- merges the elements that are fragments of one HTML element (a paragraph or a list on two
  pages, an inline item on two lines; the ``Part`` of ``<main>`` on every page) and hoists an
  element that is its parent's own anonymous box, so that each reads as one;
- drops empty grouping elements (a draft's watermark box: an artifact drawn as a background)
  and the header row a table repeats on each page it continues on;
- marks as ``/Artifact /Pagination`` what belongs to no element of the tree: the running head,
  "Page X of Y", a draft's marks in the margins, a repeated table header;
- gives every list item its ``LBody`` and every table header cell its ``/Scope``;
- sets the Print flag and a description (``/Contents``: what the link is called, not its
  target) on every link annotation;
- removes the private keys; ``saved`` writes it deterministically: the same input, the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

KEY = "/BBKey"
NAME = "/BBName"
"""The private keys ``internals.element_keys`` stamps; none is left in the saved file."""
PRINT_FLAG = 4
"""Annotation flag bit 3: printed, as the reader sees it on screen."""
REPEATED_GROUPS = ("/THead", "/TFoot")
"""Table row groups WeasyPrint repeats on every page a table continues on."""
GROUPING = ("/Div", "/NonStruct", "/Span", "/Sect", "/Art", "/Part")
"""Elements that only group others: one without content says nothing and may go (an empty table
cell or list item stays, as the structure of its table or list)."""
STRUCTURE_KEYS = ("/S", "/K")
BDC = re.compile(rb"(?m)^/(\w+)\n<</MCID (\d+)>>\nBDC$")
"""A marked-content sequence as pydyf writes it: its tag and MCID on lines of their own."""
PAGINATION = b"/Artifact\n<</Type /Pagination>>\nBDC"


@dataclass
class Repairs:
    """What the pass changed, counted (for the log and the tests)."""

    merged: int = 0
    dropped: int = 0
    artifacts: int = 0
    list_bodies: int = 0
    scopes: int = 0
    links: int = 0
    keyed: bool = False
    """Whether WeasyPrint's elements carried keys (without them nothing can be merged)."""


def repair(pdf: pikepdf.Pdf) -> Repairs:
    """Repair the structure tree of ``pdf`` in place (see the module's docstring); what changed."""
    root = pdf.Root.get("/StructTreeRoot")
    repairs = Repairs()
    if root is None:
        return repairs
    tree = Tree(pdf, root)
    repairs.keyed = any(KEY in element for element in tree.walk())
    for document in [kid for kid in kids(root) if is_element(kid)]:
        # empty elements first: a draft's watermark box on every page would keep the pages' Parts apart
        repairs.dropped += tree.drop(document, repeated=False)
        tree.normalise(document)
        # a table's header rows repeat under the merged table; without them its bodies meet
        repeats = tree.drop(document, repeated=True)
        if repeats:
            tree.normalise(document)
        repairs.dropped += repeats
    repairs.merged = len(tree.replaced)
    tree.remap_parent_tree()
    reachable = tree.elements()
    repairs.artifacts = tree.artifact_orphans({element.objgen for element in reachable})
    repairs.list_bodies = sum(tree.give_body(element) for element in reachable if element.S == "/LI")
    repairs.scopes = sum(set_scope(element) for element in reachable if element.S == "/TH")
    repairs.links = describe_annotations(pdf, reachable)
    for element in tree.elements():
        for key in (KEY, NAME):
            if key in element:
                del element[key]
    return repairs


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def saved(pdf: pikepdf.Pdf) -> bytes:
    """The bytes of ``pdf``, the same for the same content: its identifier's first half kept (the
    brief's), the second a hash of the content; streams already compressed left as they are."""
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        fix_metadata_version=False,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=True,
    )
    return out.getvalue()


def kids(element: Dictionary) -> list[Any]:
    """The ``/K`` of an element (or of the tree's root) as a list."""
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def is_element(obj: Any) -> bool:
    """Whether ``obj`` is a structure element (not a marked-content or object reference)."""
    return isinstance(obj, Dictionary) and "/S" in obj and obj.get("/Type", Name.StructElem) == "/StructElem"


def key_of(obj: Any) -> int | None:
    return int(obj[KEY]) if is_element(obj) and KEY in obj else None


def same_element(a: Any, b: Any) -> bool:
    """Whether two structure elements are fragments of one HTML element (same key and tag)."""
    return key_of(a) is not None and key_of(a) == key_of(b) and a.S == b.S


@dataclass
class Tree:
    """The structure tree being repaired, and which elements were merged into which."""

    pdf: pikepdf.Pdf
    root: Dictionary
    replaced: dict[tuple[int, int], Dictionary] = field(default_factory=dict)
    """Merged-away element -> the one that holds its content now."""

    def walk(self) -> Iterator[Dictionary]:
        """Every element reachable from the root, in reading order."""
        stack = [kid for kid in reversed(kids(self.root)) if is_element(kid)]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(kid for kid in reversed(kids(element)) if is_element(kid))

    def elements(self) -> list[Dictionary]:
        return list(self.walk())

    # -- merging ------------------------------------------------------------------------------

    def drop(self, element: Dictionary, repeated: bool) -> int:
        """Remove, below ``element``, the elements without content, or (``repeated``) the repeats
        of a table's header and footer rows, whose content then belongs to no element: artifacts."""
        dropped, kept, seen = 0, [], set()
        for kid in kids(element):
            if is_element(kid):
                dropped += self.drop(kid, repeated)
                if (
                    (kid.S in REPEATED_GROUPS and key_of(kid) in seen)
                    if repeated
                    else self.is_empty_group(kid)
                ):
                    dropped += 1
                    continue
                seen.add(key_of(kid))
            kept.append(kid)
        if dropped:
            element.K = Array(kept)
        return dropped

    @staticmethod
    def is_empty_group(element: Dictionary) -> bool:
        return element.S in GROUPING and not kids(element)

    def normalise(self, element: Dictionary) -> None:
        """Merge adjacent fragments of one HTML element among ``element``'s children, and hoist
        a child that is ``element``'s own anonymous box; then the same below (so that merging two
        pages' ``Part`` merges their sections, then their paragraphs, along the seam)."""
        merged: list[Any] = []
        for kid in kids(element):
            if same_element(kid, element):
                merged.extend(self.take(kid, element))
            elif merged and same_element(kid, merged[-1]):
                previous = merged[-1]
                previous.K = Array([*kids(previous), *self.take(kid, previous)])
            else:
                merged.append(kid)
        element.K = Array(merged)
        for kid in merged:
            if is_element(kid):
                self.normalise(kid)

    def take(self, source: Dictionary, target: Dictionary) -> list[Any]:
        """``source``'s children, moved to ``target``; a bare MCID of another page becomes a
        marked-content reference naming its page."""
        self.replaced[source.objgen] = target
        same_page = "/Pg" in source and "/Pg" in target and source.Pg.objgen == target.Pg.objgen
        moved = []
        for kid in kids(source):
            if isinstance(kid, int) and not same_page:
                kid = self.pdf.make_indirect(Dictionary(Type=Name.MCR, Pg=source.Pg, MCID=kid))
            elif is_element(kid):
                kid.P = target
            moved.append(kid)
        return moved

    def survivor(self, obj: Any) -> Any:
        while isinstance(obj, Dictionary) and obj.objgen in self.replaced:
            obj = self.replaced[obj.objgen]
        return obj

    def remap_parent_tree(self) -> None:
        """Point the ParentTree's entries (content of each page, annotations) at the survivors."""
        nums = self.parent_tree()
        for index in range(1, len(nums), 2):
            value = nums[index]
            if isinstance(value, Array):
                nums[index] = Array([self.survivor(ref) for ref in value])
            elif isinstance(value, Dictionary):
                nums[index] = self.survivor(value)

    def parent_tree(self) -> Array:
        """The flat ``/Nums`` of the ParentTree (WeasyPrint writes no ``/Kids``)."""
        return self.root.ParentTree.Nums

    # -- artifacts, lists ----------------------------------------------------------------------

    def artifact_orphans(self, reachable: set[tuple[int, int]]) -> int:
        """Marked content whose element is not in the tree becomes a pagination artifact, and
        its ParentTree entry null."""
        nums = self.parent_tree()
        pages = self.pdf.pages
        count = 0
        for index in range(0, len(nums), 2):
            number, value = int(nums[index]), nums[index + 1]
            if not isinstance(value, Array) or number >= len(pages):
                continue
            orphans = {
                mcid
                for mcid, ref in enumerate(value)
                if isinstance(ref, Dictionary) and self.survivor(ref).objgen not in reachable
            }
            if not orphans:
                continue
            for stream in content_streams(pages[number].obj):
                rewrite_marks(stream, orphans)
            nums[index + 1] = Array([None if mcid in orphans else ref for mcid, ref in enumerate(value)])
            count += len(orphans)
        return count

    def give_body(self, item: Dictionary) -> bool:
        """Put the children of list item ``item`` other than its label into one ``LBody``
        (WeasyPrint sets block children of an ``<li>`` beside its ``Lbl``)."""
        children = kids(item)
        loose = [i for i, kid in enumerate(children) if not (is_element(kid) and kid.S in ("/Lbl", "/LBody"))]
        if not loose:
            return False
        body = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item))
        if "/Pg" in item:
            body.Pg = item.Pg
        for i in loose:
            if is_element(children[i]):
                children[i].P = body
        body.K = Array([children[i] for i in loose])
        kept = [kid for i, kid in enumerate(children) if i not in loose]
        kept.insert(sum(1 for i in range(loose[0]) if i not in loose), body)
        item.K = Array(kept)
        return True


def content_streams(page: Dictionary) -> Iterator[pikepdf.Stream]:
    """A page's content streams and those of the form XObjects it draws."""
    contents = page.get("/Contents")
    yield from (contents if isinstance(contents, Array) else [contents] if contents is not None else [])
    xobjects = page.get("/Resources", Dictionary()).get("/XObject", Dictionary())
    for _, xobject in xobjects.items():
        if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
            yield xobject


def rewrite_marks(stream: pikepdf.Stream, mcids: set[int]) -> None:
    """Turn the marked-content sequences ``mcids`` of ``stream`` into pagination artifacts.

    Only the few operators that open them change; pydyf writes each on lines of its own, so a
    byte substitution is exact (and far cheaper than parsing the stream and writing it back).
    """
    content = stream.read_bytes()
    new, count = BDC.subn(lambda m: PAGINATION if int(m.group(2)) in mcids else m.group(0), content)
    if count and new != content:
        stream.write(new)


def set_scope(cell: Dictionary) -> bool:
    """``/Scope`` of a table header cell: Column in the header rows, Row elsewhere."""
    row = cell.get("/P")
    group = row.get("/P") if isinstance(row, Dictionary) else None
    scope = Name.Column if isinstance(group, Dictionary) and group.get("/S") == "/THead" else Name.Row
    attributes = cell.get("/A")
    owners = list(attributes) if isinstance(attributes, Array) else [] if attributes is None else [attributes]
    table = next((o for o in owners if isinstance(o, Dictionary) and o.get("/O") == "/Table"), None)
    if table is None:
        table = Dictionary(O=Name.Table)
        owners.append(table)
        cell.A = table if len(owners) == 1 else Array(owners)
    table.Scope = scope
    return True


def describe_annotations(pdf: pikepdf.Pdf, elements: list[Dictionary]) -> int:
    """The Print flag on every annotation, and on each link its description: what the link is
    called (``/BBName``: its accessible name in the HTML), not where it points."""
    names: dict[tuple[int, int], str] = {}
    for element in elements:
        if element.S == "/Link" and NAME in element:
            for kid in kids(element):
                if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
                    names[kid.Obj.objgen] = str(element[NAME])
    described = 0
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG
            name = names.get(annotation.objgen)
            if annotation.get("/Subtype") == "/Link" and name:
                annotation.Contents = pikepdf.String(name)
                described += 1
    return described
