"""Turn WeasyPrint 70's private box tree into what the PDF post-pass needs: element keys, page-end hyphens.

WeasyPrint writes nothing of an HTML element into the structure elements it makes (only the
tag, the page, the content and, for images and table cells, a few attributes), and it builds
the tree page by page and line by line: a paragraph split by a page turn, or an inline
element split over two lines, becomes two elements that nothing in the PDF ties together.
So while it writes, ``element_keys`` stamps every structure element with a private
``/BBKey`` naming the element (or pseudo-element) its box comes from, and every link with
``/BBName``, what the link is called: its ``aria-label``, else the text of the whole ``<a>``.
``structure.py`` merges on the keys and removes them.

``hyphenated_page_ends`` reads the laid-out pages: the elements whose last line on a page
ends in a hyphen that hyphenation inserted (a word broken across a page turn).

This is the only module that touches WeasyPrint's internals (``weasyprint.pdf.tags
._build_box_tree``, ``Page._page_box`` and the box classes), all of WeasyPrint 70
(pyproject pins ``weasyprint>=70,<71``). ``supported()`` says whether they are still as
expected; the PDF renderer then leaves the keys out (and the PDF less repaired, with a
warning) rather than fail, and ``tests/test_pdf_structure.py`` fails loudly.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import pydyf

from brief_builder.renderers.pdf.engine import boxes
from brief_builder.renderers.pdf.engine import pdf_tags as tags

LOGGER = logging.getLogger(__name__)

KEY = "BBKey"
NAME = "BBName"
"""Private keys of the structure elements, removed by the post-pass."""
BUILD_BOX_TREE_PARAMETERS = ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags")
"""The signature of ``weasyprint.pdf.tags._build_box_tree`` the keys are stamped around."""


@lru_cache(maxsize=1)
def supported() -> str | None:
    """None when WeasyPrint's internals are those this module knows, else what changed."""
    function = getattr(tags, "_build_box_tree", None)
    if function is None or not inspect.isgeneratorfunction(function):
        return "weasyprint.pdf.tags._build_box_tree is gone or no longer a generator"
    parameters = tuple(inspect.signature(function).parameters)
    if parameters != BUILD_BOX_TREE_PARAMETERS:
        return f"weasyprint.pdf.tags._build_box_tree takes {parameters}, not {BUILD_BOX_TREE_PARAMETERS}"
    for name in ("LineBox", "TextBox", "ParentBox", "BlockBox", "MarginBox"):
        if not hasattr(boxes, name):
            return f"weasyprint.formatting_structure.boxes.{name} is gone"
    return None


@contextmanager
def element_keys() -> Iterator[dict[int, Any]]:
    """While WeasyPrint writes a PDF, stamp its structure elements with element keys (see the
    module's docstring); yields key -> the HTML element it names."""
    elements: dict[int, Any] = {}
    problem = supported()
    if problem is not None:
        LOGGER.warning("PDF structure left as WeasyPrint writes it: %s", problem)
        yield elements
        return
    original = tags._build_box_tree
    keys: dict[tuple[int, str], int] = {}

    def keyed(box: Any, parent: Any, pdf: Any, page_number: Any, nums: Any, annotations: Any, tags_: Any):
        inner = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
        element = getattr(inner, "element", None)
        for struct in original(box, parent, pdf, page_number, nums, annotations, tags_):
            if element is not None:
                identity = (id(element), str(inner.element_tag))
                key = keys.setdefault(identity, len(keys) + 1)
                elements[key] = element  # keeps the element alive, so that its id() stays its own
                struct[KEY] = key
                if struct.get("S") == "/Link" and getattr(inner, "link_annotation", None) is not None:
                    struct[NAME] = pydyf.String(link_name(element))
            yield struct

    tags._build_box_tree = keyed  # WeasyPrint's recursion looks the function up by this name
    try:
        yield elements
    finally:
        tags._build_box_tree = original


def link_name(element: Any) -> str:
    """What a link is called: its ``aria-label``, else its whole text, spaces collapsed."""
    label = element.get("aria-label") if hasattr(element, "get") else None
    text = label if label and label.strip() else "".join(element.itertext())
    return " ".join(text.split())


def hyphenated_page_ends(document: Any) -> list[Any]:
    """The HTML elements whose last line on a page (not the last page) ends in a hyphen that
    hyphenation inserted: a word broken across a page turn."""
    found = []
    for page in document.pages[:-1]:
        line, block = _last_line(page._page_box, None)
        if line is None or block is None or block.element is None:
            continue
        texts = [box for box in line.descendants() if isinstance(box, boxes.TextBox)]
        if texts and texts[-1].text.endswith(texts[-1].style["hyphenate_character"]):
            found.append(block.element)
    return found


def _last_line(box: Any, block: Any) -> tuple[Any, Any]:
    """The last line box in the flow of ``box`` (margin boxes, floats and positioned boxes left
    out) and the block box holding it."""
    if isinstance(box, boxes.LineBox):
        return box, block
    for child in reversed(getattr(box, "children", [])):
        if isinstance(child, boxes.MarginBox) or not isinstance(child, boxes.ParentBox):
            continue
        if child.style["position"] in ("absolute", "fixed") or child.style["float"] != "none":
            continue
        found = _last_line(child, child if isinstance(child, boxes.BlockBox) else block)
        if found[0] is not None:
            return found
    return None, None
