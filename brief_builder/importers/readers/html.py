"""Turn an HTML event summary into blocks: ``h1``-``h6`` headings, list items, paragraphs.

Read with the standard library's HTML parser. Items nest by the ``ul``/``ol`` they are
in; a ``br`` ends a block as a new line would in text; links and emphasis are kept as
runs. What is not the summary (``head``, ``script``, ``style``, a page's ``nav``, ``aside`` and
``footer``) is skipped.
"""

from __future__ import annotations

from html.parser import HTMLParser

from brief_builder.importers.blocks import Block, BlockKind, Run

HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = frozenset({"p", "div", "li", "td", "th", "dt", "dd", "blockquote", "pre", "caption", "figcaption"})
"""Elements whose text is a block of its own (nested ones end the text before them)."""
LISTS = frozenset({"ul", "ol"})
INSIDE_ITEMS = frozenset({"p", "div"})
CLOSE_PARAGRAPH = frozenset({*HEADINGS, "p", "div", "ul", "ol", "li", "table", "blockquote", "pre", "dl"})
"""Start tags that end an open ``p`` (HTML needs no ``</p>`` before them)."""
"""Elements that, directly inside a list item or heading, hold its text."""
SKIPPED = frozenset(
    {"head", "script", "style", "template", "noscript", "nav", "aside", "footer", "svg", "math"}
)
"""Elements that are not the summary: the page's head, scripts, and its navigation and footer."""
ITALIC = frozenset({"em", "i", "cite"})
BOLD = frozenset({"strong", "b"})
VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source"}
)


def read_html(text: str) -> list[Block]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.flush()
    return reader.blocks


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.kind: BlockKind = "paragraph"
        self.level = 0
        self.line = 1
        self.open: list[tuple[str, BlockKind, int, int]] = []
        """Open block elements: tag, the kind and level of the block they make, the lists around them."""
        self.lists = 0
        self.skipping = 0
        self.italic = 0
        self.bold = 0
        self.links: list[str | None] = []

    # --- elements ---------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "br":
            self.flush()
            self.line = self.getpos()[0]
        elif tag in HEADINGS or tag in BLOCKS:
            self.flush()
            self._implied_ends(tag)
            kind, level = self._kind_of(tag)
            self.open.append((tag, kind, level, self.lists))
            self._start(kind, level)
        elif tag in LISTS:
            self.flush()
            self._implied_ends(tag)
            self.lists += 1
        elif tag in ITALIC:
            self.italic += 1
        elif tag in BOLD:
            self.bold += 1
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skipping:
            self.flush()
            self.line = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag in VOID:
            return
        if tag in HEADINGS or tag in BLOCKS:
            self.flush()
            if any(entry[0] == tag for entry in self.open):
                while self.open and self.open.pop()[0] != tag:
                    pass
            self._continue_outer()
        elif tag in LISTS:
            self.flush()
            # Items left open (``<li>`` needs no end tag) end with their list.
            while self.open and self.open[-1][3] >= self.lists:
                self.open.pop()
            self.lists = max(0, self.lists - 1)
            self._continue_outer()
        elif tag in ITALIC:
            self.italic = max(0, self.italic - 1)
        elif tag in BOLD:
            self.bold = max(0, self.bold - 1)
        elif tag == "a" and self.links:
            self.links.pop()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.runs and not data.strip():
            return
        if not self.runs:
            self.line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        href = next((link for link in reversed(self.links) if link), None) if self.links else None
        self.runs.append(Run(data, href=href, italic=self.italic > 0, bold=self.bold > 0))

    # --- blocks -----------------------------------------------------------------------

    def _implied_ends(self, tag: str) -> None:
        """End what HTML ends without an end tag: a paragraph before a block, an item before the next."""
        if self.open and self.open[-1][0] == "p" and tag in CLOSE_PARAGRAPH:
            self.open.pop()
        if tag == "li":
            while self.open and self.open[-1][3] >= self.lists and "li" in (e[0] for e in self.open):
                if self.open.pop()[0] == "li":
                    break

    def _continue_outer(self) -> None:
        """Text after a nested block, still inside the outer one, continues the outer one."""
        kind, level = (self.open[-1][1], self.open[-1][2]) if self.open else ("paragraph", 0)
        self._start(kind, level)

    def _kind_of(self, tag: str) -> tuple[BlockKind, int]:
        if tag in HEADINGS:
            return "heading", HEADINGS[tag]
        if tag == "li":
            return "item", max(1, self.lists)
        if tag in INSIDE_ITEMS and self.open and self.open[-1][1] in ("item", "heading"):
            return self.open[-1][1], self.open[-1][2]  # <li><p>text</p></li>, as LibreOffice and CMSs write
        return "paragraph", 0

    def _start(self, kind: BlockKind, level: int) -> None:
        self.kind, self.level = kind, level
        self.line = self.getpos()[0]

    def flush(self) -> None:
        """End the block being read, if it has any text."""
        if any(run.text.strip() for run in self.runs):
            self.blocks.append(Block(self.kind, tuple(self.runs), self.line, self.level))
        self.runs = []
