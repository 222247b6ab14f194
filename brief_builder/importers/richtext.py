"""Turn the runs of a block into the Markdown of a source field, or into plain text.

Text is escaped where Markdown would read it as syntax (``*``, ``_`` at a word's edge,
backticks, brackets, a leading ``#`` or ``1.``), so a plain-text line shows as written;
links and emphasis found in HTML, DOCX or Markdown become Markdown links and emphasis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from brief_builder.importers.blocks import Run, collapse

INLINE_SPECIAL = re.compile(r"([\\`*\[\]<])")
UNDERSCORE_AT_EDGE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
ENTITY = re.compile(r"&(?=#?\w+;)")
LEADING_BLOCK = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+](?=\s)|\d{1,9}(?=[.)]\s))")
"""What would start a heading, quote, list or numbered list at the start of a paragraph."""


def escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text."""
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = UNDERSCORE_AT_EDGE.sub(r"\\_", text)
    text = ENTITY.sub(r"\\&", text)
    match = LEADING_BLOCK.match(text)
    if match:
        marker = match.group(1)
        text = f"{marker}\\{text[len(marker) :]}" if marker[0].isdigit() else f"\\{text}"
    return text


def plain(runs: Iterable[Run]) -> str:
    """The text of the runs, whitespace collapsed."""
    return collapse("".join(run.text for run in runs))


def markdown(runs: Iterable[Run]) -> str:
    """The runs as one paragraph of Markdown: escaped text, ``*emphasis*``, ``**strong**``, links."""
    pieces: list[str] = []
    for text, href, italic, bold in _merged(runs):
        lead = " " if text[:1] == " " else ""
        trail = " " if text[-1:] == " " and len(text) > 1 else ""
        core = text.strip()
        if not core:
            pieces.append(" ")
            continue
        shown = escape(core)
        if bold and italic:
            shown = f"***{shown}***"
        elif bold:
            shown = f"**{shown}**"
        elif italic:
            shown = f"*{shown}*"
        if href:
            shown = f"[{shown}]({_target(href)})"
        pieces.append(f"{lead}{shown}{trail}")
    return re.sub(r" {2,}", " ", "".join(pieces)).strip()


def _merged(runs: Iterable[Run]) -> list[tuple[str, str | None, bool, bool]]:
    """Adjacent runs of the same formatting joined, whitespace collapsed (ends kept as one space)."""
    merged: list[tuple[str, str | None, bool, bool]] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text.replace("\u00a0", " "))
        if not text:
            continue
        if merged and not text.strip() and merged[-1][1] == run.href:
            merged[-1] = (merged[-1][0] + text, *merged[-1][1:])  # a space takes the formatting before it
            continue
        key = (run.href, run.italic, run.bold)
        if merged and (merged[-1][1], merged[-1][2], merged[-1][3]) == key:
            merged[-1] = (merged[-1][0] + text, *key)
        else:
            merged.append((text, *key))
    return merged


def _target(href: str) -> str:
    """A link target as Markdown writes it: in angle brackets when it has spaces or parentheses."""
    if re.search(r"[\s()<>]", href):
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href
