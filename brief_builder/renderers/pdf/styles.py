"""Turn a print page's style and link elements into WeasyPrint stylesheets, each layout file parsed once.

WeasyPrint parses every stylesheet a page links, for every page it renders: in a batch of
twenty briefs, a quarter of a second of parsing and validating the same few layout files.
Here the page's style sources leave the document and become stylesheets handed to
``render``; a linked file is parsed once per process and content.

Handed over so, they belong to the "user" origin rather than the "author" one. All of a
page's sheets move together and keep their order, and the page keeps no inline ``style``
attribute with ``!important`` (and brief-builder never asks for presentational hints), so
every declaration meets the same rivals with the same precedence, specificity and order as
before: the cascade, and the PDF, are unchanged. Pages where that cannot be promised
(cascade layers, ``@counter-style``, ``@import``, alternative or media-restricted sheets,
styles inside inline SVG) are left to WeasyPrint as they are.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import OrderedDict
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from brief_builder.renderers.pdf.engine import CSS, HTML, URLFetcher

MAX_PARSED = 16
"""Parsed layout files kept per process (a few per layout)."""
_PARSED: OrderedDict[tuple[str, str], Any] = OrderedDict()

SHARED_AT_RULES = re.compile(r"@(?:layer|counter-style|import|color-profile)\b", re.IGNORECASE)
"""At-rules whose meaning depends on the sheets of one origin sharing state."""
IMPORTANT = re.compile(r"!\s*important", re.IGNORECASE)
"""In a ``style`` attribute, it would rank differently against the moved sheets."""


def take_stylesheets(source: HTML, fetcher: URLFetcher, font_config: Any) -> list[Any] | None:
    """Remove ``source``'s style sources and return them parsed, in document order.

    None, with the page untouched, when moving them could change the cascade or a linked
    file cannot be read (WeasyPrint then reports it as usual). Other ``link`` elements
    (attachments, icons) stay where they are.
    """
    root = source.etree_element
    found: list[tuple[Element, Element]] = []
    for parent in root.iter():
        for child in parent:
            tag = child.tag if isinstance(child.tag, str) else ""
            if _is_style_source(child):
                found.append((parent, child))
            elif tag.endswith(("}style", "}link")) or IMPORTANT.search(child.get("style") or ""):
                return None
    sheets = []
    for _, element in found:
        sheet = _parse(element, source.base_url, fetcher, font_config)
        if sheet is None:
            return None
        sheets.append(sheet)
    for parent, element in found:
        parent.remove(element)
    return sheets


def _is_style_source(element: Element) -> bool:
    """A ``style`` element, or a ``link`` to a stylesheet, of type CSS: what WeasyPrint reads styles from."""
    if element.tag not in ("style", "link"):
        return False
    if element.get("type", "text/css").split(";", 1)[0].strip() != "text/css":
        return False
    return element.tag == "style" or (
        "stylesheet" in (element.get("rel") or "").lower().split() and bool(element.get("href"))
    )


def _parse(element: Element, base_url: str, fetcher: URLFetcher, font_config: Any) -> Any:
    """The stylesheet of one style source, or None to leave the page to WeasyPrint."""
    if element.get("media", "").strip() not in ("", "all", "print"):
        return None
    if element.tag == "style":
        text = _child_text(element)
        if SHARED_AT_RULES.search(text):
            return None
        return CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=font_config)
    if "alternate" in (element.get("rel") or "").lower().split():
        return None
    url = urljoin(base_url, element.get("href", "").strip())
    try:
        response = fetcher.fetch(url)
        body = response.read()
        response.close()
    except Exception:  # refused or missing: WeasyPrint logs it when it meets the link itself
        return None
    if response.content_type != "text/css" or response.charset:
        return None  # WeasyPrint refuses other types, and reads the charset: left to it
    key = (url, hashlib.sha256(body).hexdigest())
    sheet = _PARSED.get(key)
    if sheet is None:
        if SHARED_AT_RULES.search(body.decode("utf-8", errors="replace")):
            return None
        sheet = CSS(file_obj=io.BytesIO(body), base_url=url, url_fetcher=fetcher, font_config=font_config)
        _PARSED[key] = sheet
        while len(_PARSED) > MAX_PARSED:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(key)
    return sheet


def _child_text(element: Element) -> str:
    """The text directly in ``element``, as WeasyPrint reads a ``<style>``."""
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return "".join(parts)
