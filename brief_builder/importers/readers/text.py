"""Turn a plain-text or Markdown event summary into blocks: one paragraph per line.

Event summaries saved as text (by Word, or copied from a web page) hold one paragraph per
line; wrapped lines are not joined. Markdown adds ``#`` headings, list markers (``-``, ``*``,
``+``, ``1.``) nested by indentation, and inline formatting (emphasis, links), which
markdown-it reads into runs. In plain text every character is text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from brief_builder.importers.blocks import BULLET, Block, Run, bullet_level

ATX_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
MARKDOWN_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])[ \t]+(?=\S)")


def read_text(text: str, markdown: bool) -> list[Block]:
    """Blocks of ``text``, numbered by line; blank lines give none."""
    blocks: list[Block] = []
    indents: list[int] = []
    """Indentations of the open list levels, to nest items by how far they are indented."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        heading = ATX_HEADING.match(line) if markdown else None
        if heading:
            indents.clear()
            level = len(heading.group("hashes"))
            blocks.append(Block("heading", _runs(heading.group("text") or "", markdown), number, level))
            continue
        item = (MARKDOWN_ITEM.match(line) if markdown else None) or BULLET.match(line)
        if item is None:
            indents.clear()
            blocks.append(Block("paragraph", _runs(line.strip(), markdown), number))
            continue
        indent = _width(line)
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1]:
            indents.append(indent)
        level = max(len(indents), bullet_level(item.group("marker")))
        blocks.append(Block("item", _runs(line[item.end() :], markdown), number, level))
    return blocks


def _width(line: str) -> int:
    """Width of the indentation of ``line``, a tab counting as four spaces."""
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _runs(text: str, markdown: bool) -> tuple[Run, ...]:
    if not markdown:
        return (Run(text),)
    return tuple(_inline_runs(text))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _inline_runs(text: str) -> list[Run]:
    """Runs of one line of Markdown: its text with emphasis, strong emphasis and links."""
    runs: list[Run] = []
    italic = bold = 0
    href: str | None = None
    for token in _children(_parser().parseInline(text)):
        if token.type in ("em_open", "em_close"):
            italic += 1 if token.type == "em_open" else -1
        elif token.type in ("strong_open", "strong_close"):
            bold += 1 if token.type == "strong_open" else -1
        elif token.type == "link_open":
            href = str(token.attrs.get("href") or "") or None
        elif token.type == "link_close":
            href = None
        elif token.type in ("text", "code_inline", "html_inline"):
            runs.append(Run(token.content, href=href, italic=italic > 0, bold=bold > 0))
        elif token.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", href=href))
        elif token.type == "image":
            runs.append(Run(token.content, href=href))
    return runs


def _children(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens for child in (token.children or [])]
