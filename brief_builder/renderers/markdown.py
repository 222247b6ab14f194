"""Turn an outline into Pandoc Markdown: a YAML metadata block, headings, boxes, tables and notes.

The export is meant for ``pandoc -f markdown``: boxes become fenced divs, tables pipe
tables, recommendations numbered lists, the sources an item cites footnotes. All text
is escaped so that nothing in a source is read as Markdown syntax by pandoc.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from urllib.parse import quote

from brief_builder.layouts.loader import Layout
from brief_builder.outline import (
    Fact,
    Item,
    ItemsBlock,
    ListBlock,
    Outline,
    RichBlock,
    Run,
    Section,
)
from brief_builder.renderers import Rendered, RenderOptions
from brief_builder.renderers.view import View, allowed_href, fact_for, run_in_mark

INDENT = "    "
"""Continuation indent of list items: four spaces, as pandoc asks."""

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@&\"])")
"""ASCII punctuation that pandoc reads as syntax anywhere in a line."""
_SMART = re.compile(r"-(?=-)|\.(?=\.\.)")
"""Dashes and dots that pandoc's ``smart`` extension would turn into dashes and ellipses."""
_LINE_START = re.compile(r"^(?:[-+:=%>]|\(?[0-9]+[.)]\s|\(?[a-zA-Z][.)]\s|\(?[ivxlcdmIVXLCDM]+[.)]\s)")
"""What turns the start of a line into a list, quote, definition or title block."""


def render(outline: Outline, layout: Layout, options: RenderOptions) -> Rendered:
    """The brief as UTF-8 Pandoc Markdown."""
    return Rendered(MarkdownWriter(View.of(outline, layout, options)).document().encode("utf-8"))


# --- escaping -----------------------------------------------------------------------------


def escape(text: str) -> str:
    """``text`` on one line, every character pandoc could read as markup backslash-escaped."""
    text = " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
    return _SMART.sub(lambda m: "\\" + m.group(0), _SPECIAL.sub(r"\\\1", text))


def escape_line_start(text: str) -> str:
    """Escape what would make ``text``, placed at the start of a line, a block of its own."""
    match = _LINE_START.match(text)
    if not match:
        return text
    marker = match.group(0).rstrip()
    return text[: len(marker) - 1] + "\\" + text[len(marker) - 1 :]


def link_target(href: str | None) -> str | None:
    """``href`` made safe for ``[text](target)``, or None where no format links (``allowed_href``)."""
    allowed = allowed_href(href)
    return quote(allowed, safe="/:#?&=%@+,;~!$*'") if allowed else None


def yaml_string(text: str) -> str:
    """A double-quoted YAML string whose content pandoc reads as escaped Markdown."""
    return json.dumps(escape(text), ensure_ascii=False)


# --- inline text --------------------------------------------------------------------------


def inline(runs: Sequence[Run]) -> str:
    """Runs as Markdown: emphasis, strong, code and links (one link per run of one target)."""
    parts: list[str] = []
    index = 0
    while index < len(runs):
        href = link_target(runs[index].href)
        end = index
        while end < len(runs) and link_target(runs[end].href) == href:
            end += 1
        text = "".join(run_text(run) for run in runs[index:end])
        parts.append(f"[{text}]({href})" if href else text)
        index = end
    return escape_line_start("".join(parts))


def run_text(run: Run) -> str:
    """One run with its formatting; a line break in it becomes a backslash at the end of a line."""
    lines = [formatted(line, run) for line in run.text.split("\n")]
    return "\\\n".join([lines[0], *(escape_line_start(line) for line in lines[1:])])


def formatted(text: str, run: Run) -> str:
    """``text`` with the run's formatting; spaces stay outside the markers so that pandoc sees them."""
    core = text.strip()
    if not core:
        return escape(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    marked = code_span(core) if run.code else escape(core)
    if run.em:
        marked = f"*{marked}*"
    if run.strong:
        marked = f"**{marked}**"
    return f"{escape(lead)}{marked}{escape(trail)}"


def code_span(text: str) -> str:
    """``text`` between enough backticks that none inside can close it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def rich(blocks: Sequence[RichBlock]) -> Iterator[str]:
    """Paragraphs and lists as Markdown chunks, to be separated by blank lines."""
    for block in blocks:
        if isinstance(block, ListBlock):
            yield markdown_list(block)
        else:
            text = inline(block.runs)
            if text.strip():
                yield text


def markdown_list(block: ListBlock) -> str:
    """A bullet or ordered list; nested blocks are indented four spaces."""
    entries = []
    for number, entry in enumerate(block.items, start=block.start):
        marker = f"{number}." if block.ordered else "-"
        entries.append(list_entry(marker, list(rich(entry))))
    return "\n\n".join(entries)


def list_entry(marker: str, chunks: Sequence[str]) -> str:
    """``marker`` then the first chunk; the others indented beneath it."""
    if not chunks:
        return marker
    first, *rest = chunks
    lines = [f"{marker} {indent(first, len(marker) + 1).lstrip()}"]
    lines.extend(indent(chunk, len(INDENT)) for chunk in rest)
    return "\n\n".join(lines)


def indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line else line for line in text.split("\n"))


# --- the document -------------------------------------------------------------------------


class MarkdownWriter:
    """Writes one outline; keeps the anchors of the items and the numbered notes."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.outline = view.outline
        self.labels = view.labels
        self.anchors = view.anchors

    def document(self) -> str:
        chunks = [self.metadata()]
        for section in self.outline.sections:
            chunks.extend(self.section(section))
        if self.outline.meta.disclaimer:
            chunks.append("::: disclaimer")
            chunks.extend(rich(self.outline.meta.disclaimer))
            chunks.append(":::")
        return "\n\n".join(chunks) + "\n"

    def metadata(self) -> str:
        meta = self.outline.meta
        lines = ["---", f"title: {yaml_string(meta.title)}"]
        if meta.subtitle:
            lines.append(f"subtitle: {yaml_string(meta.subtitle)}")
        if meta.authors:
            lines.append("author:")
            lines.extend(f"  - {yaml_string(person.name)}" for person in meta.authors)
        if meta.date:
            lines.append(f"date: {yaml_string(self.view.date_text() or '')}")
        lines.append(f"lang: {json.dumps(meta.language)}")
        if meta.keywords:
            lines.append("keywords:")
            lines.extend(f"  - {yaml_string(keyword)}" for keyword in meta.keywords)
        lines.append("---")
        return "\n".join(lines)

    def section(self, section: Section) -> Iterator[str]:
        if section.title:
            classes = f" .{section.role}" if section.role else ""
            level = min(section.level, 6)
            yield f"{'#' * level} {escape(section.title)} {{#{section.anchor}{classes}}}"
        for block in section.blocks:
            if isinstance(block, ItemsBlock):
                yield from self.items(block, section)
            else:
                yield from rich(block.content)
        yield from self.footnotes(section)
        for child in section.sections:
            yield from self.section(child)

    def footnotes(self, section: Section) -> Iterator[str]:
        for note in self.view.section_notes(section):
            title = escape(note.citation.title)
            target = link_target(note.href)
            yield f"[^{note.number}]: [{title}]({target})" if target else f"[^{note.number}]: {title}"

    def note_refs(self, section: Section, item: Item) -> str:
        numbers = [note.number for note in self.view.notes_of(section, item.citations)]
        return "".join(f"[^{number}]" for number in numbers)

    def anchor_span(self, item: Item) -> str:
        """``[]{#anchor}`` at the item's first appearance, so that notes can link to it."""
        anchor = self.anchors.place(item)
        return f"[]{{#{anchor}}}" if anchor else ""

    # --- the five displays

    def items(self, block: ItemsBlock, section: Section) -> Iterator[str]:
        if block.display == "boxes":
            yield from self.boxes(block, section)
        elif block.display == "table":
            yield self.table(block)
        elif block.display in ("list", "numbered"):
            yield self.item_list(block, section)
        else:
            for item in block.items:
                chunks = self.run_in(item, ".", section)
                chunks[0] = self.anchor_span(item) + chunks[0]
                yield from chunks

    def boxes(self, block: ItemsBlock, section: Section) -> Iterator[str]:
        kicker = self.labels.get(f"box_{block.kind}", "")
        for item in block.items:
            anchor = self.anchors.place(item)
            attributes = (f"#{anchor} " if anchor else "") + f".box .{block.kind}"
            yield f"::: {{{attributes}}}"
            if kicker:
                yield f"*{escape(kicker)}*"
            if item.title:
                yield f"**{escape(item.title)}**{self.note_refs(section, item)}"
            yield from rich(item.body)
            yield from self.facts_and_more(item, title_linked=False)
            yield ":::"

    def item_list(self, block: ItemsBlock, section: Section) -> str:
        entries = []
        for item in block.items:
            marker = f"{self.view.item_number(block, item)}." if block.display == "numbered" else "-"
            if block.display == "numbered":
                chunks = [f"{self.lead(item)}{self.note_refs(section, item)}"] if item.title else []
                chunks.extend(rich(item.body))
                chunks.extend(self.facts_and_more(item, title_linked=bool(item.title)))
            else:
                chunks = self.run_in(item, ":", section)
            chunks = chunks or [""]
            chunks[0] = self.anchor_span(item) + chunks[0]
            entries.append(list_entry(marker, chunks))
        return "\n\n".join(entries)

    def run_in(self, item: Item, mark: str, section: Section) -> list[str]:
        """The title as a bold lead-in to the first paragraph (``Title: body``)."""
        body = list(rich(item.body))
        first = item.body[0] if item.body else None
        if item.title and first is not None and not isinstance(first, ListBlock) and body:
            separator = f"{run_in_mark(item.title, mark)} "
            chunks = [f"{self.lead(item)}{self.note_refs(section, item)}{separator}{body[0]}", *body[1:]]
        elif item.title:
            chunks = [f"{self.lead(item)}{self.note_refs(section, item)}", *body]
        else:
            chunks = body
        chunks.extend(self.facts_and_more(item, title_linked=bool(item.title)))
        return chunks or [""]

    def lead(self, item: Item) -> str:
        title = escape(item.title)
        target = link_target(self.view.title_href(item))
        return f"**[{title}]({target})**" if target else f"**{title}**"

    def facts_and_more(self, item: Item, title_linked: bool) -> list[str]:
        """The item's facts, one per line, then "More information" unless already linked."""
        chunks = []
        if item.facts:
            chunks.append("\\\n".join(f"**{escape(f.label)}:** {fact_text(f)}" for f in item.facts))
        target = link_target(self.view.more_href(item, title_linked))
        if target:
            chunks.append(f"[{escape(self.labels.get('more', 'More information'))}]({target})")
        return chunks

    def table(self, block: ItemsBlock) -> str:
        """A pipe table; the columns with one value in every row become its caption (``: ...``)."""
        shape = self.view.table(block)
        columns = shape.columns
        rows = [
            "| " + " | ".join(escape(column) for column in columns) + " |",
            "|" + "|".join("---" for _ in columns) + "|",
        ]
        for item in block.items:
            target = link_target(self.view.title_href(item))
            head = escape(self.view.row_title(item))
            title = f"[{head}]({target})" if target else head
            cells = [self.anchor_span(item) + title]
            for column in columns[1:]:
                fact = fact_for(item, column)
                cells.append(fact_text(fact) if fact else "")
            rows.append("| " + " | ".join(cells) + " |")
        table = "\n".join(rows)
        if shape.shared:
            caption = "; ".join(f"{escape(fact.label)}: {fact_text(fact)}" for fact in shape.shared)
            table += f"\n\n: {caption}"
        return table


def fact_text(fact: Fact) -> str:
    target = link_target(fact.href)
    return f"[{escape(fact.text)}]({target})" if target else escape(fact.text)
