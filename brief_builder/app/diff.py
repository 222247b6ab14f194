"""Turn a brief's outlines at a git revision and in the work tree into their changes, as text or Markdown."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from brief_builder.errors import ProblemsError
from brief_builder.outline import (
    Item,
    ItemsBlock,
    ListBlock,
    Outline,
    Paragraph,
    RichBlock,
    Section,
    TextBlock,
    person_text,
)
from brief_builder.pipeline.editions import with_editions
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import Validation, validate
from brief_builder.richtext import plain_text
from brief_builder.sources.git import export_revision
from brief_builder.sources.library import load_library

Kind = Literal["added", "removed", "changed"]
SIGNS: dict[Kind, str] = {"added": "+", "removed": "-", "changed": "~"}
EXCERPT = 50
"""Characters of context shown around the first difference of a changed text."""
META_FIELDS = (
    "title",
    "subtitle",
    "date",
    "status",
    "language",
    "layout",
    "authors",
    "keywords",
    "disclaimer",
)
PATH_SEPARATOR = " \u203a "
"""Between the section titles of a Markdown location (a single right-pointing angle quote)."""
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<#!|~])")


@dataclass(frozen=True)
class Detail:
    """What changed in one field: its old and new text (empty when absent)."""

    name: str
    old: str
    new: str

    def __str__(self) -> str:
        if not self.old:
            return f"{self.name}: added {_quote(self.new)}"
        if not self.new:
            return f"{self.name}: removed {_quote(self.old)}"
        return f"{self.name}: {_quote(self.old)} -> {_quote(self.new)}"

    def markdown(self) -> str:
        name = markdown_escape(self.name)
        if not self.old:
            return f"{name}: added {_md_quote(self.new)}"
        if not self.new:
            return f"{name}: removed {_md_quote(self.old)}"
        return f"{name}: {_md_quote(self.old)} \u2192 {_md_quote(self.new)}"


@dataclass(frozen=True)
class Change:
    """One difference: what (a section, a text, an item, the brief's metadata), where, and how."""

    kind: Kind
    subject: str
    """``section "Recommendations"``, ``practices go4export "GO4EXPORT"``, ``text``, ``title`` ..."""
    where: tuple[str, ...] = ()
    """Titles of the sections it is in, outermost first; empty for the brief itself."""
    details: tuple[Detail, ...] = ()
    """What changed in it, field by field."""


@dataclass(frozen=True)
class OutlineDiff:
    brief: str
    since: str
    changes: tuple[Change, ...]


def diff_outlines(brief: str, since: str, old: Outline | None, new: Outline | None) -> OutlineDiff:
    """The changes from ``old`` to ``new`` (None: the brief did not exist), in reading order."""
    return OutlineDiff(brief=brief, since=since, changes=tuple(_changes(old, new)))


def _changes(old: Outline | None, new: Outline | None) -> Iterator[Change]:
    if old is None and new is None:
        return
    if old is None or new is None:
        outline = new or old
        assert outline is not None
        yield Change("added" if old is None else "removed", f"brief {_quote(outline.meta.title)}")
        return
    yield from _meta_changes(old, new)
    old_sections = {s.anchor: (s, path) for s, path in _walk(old.sections, ())}
    new_sections = {s.anchor: (s, path) for s, path in _walk(new.sections, ())}
    for anchor, (section, path) in new_sections.items():
        if anchor not in old_sections:
            yield Change("added", _section_subject(section), path)
        else:
            yield from _section_changes(old_sections[anchor][0], section, path)
    for anchor, (section, path) in old_sections.items():
        if anchor not in new_sections:
            yield Change("removed", _section_subject(section), path)


def _walk(sections: Sequence[Section], path: tuple[str, ...]) -> Iterator[tuple[Section, tuple[str, ...]]]:
    for section in sections:
        yield section, path
        yield from _walk(section.sections, (*path, section.title or "(untitled)"))


def _meta_changes(old: Outline, new: Outline) -> Iterator[Change]:
    before, after = old.meta.model_dump(), new.meta.model_dump()
    details = tuple(
        _detail(name, _meta_text(before[name]), _meta_text(after[name]))
        for name in META_FIELDS
        if before[name] != after[name]
    )
    if details:
        yield Change("changed", "brief", (), details)


def _meta_text(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_meta_text(v) for v in value)
    if isinstance(value, dict):
        if value.get("type") in ("paragraph", "list"):
            return _rich_text(
                [Paragraph.model_validate(value)]
                if value["type"] == "paragraph"
                else [ListBlock.model_validate(value)]
            )
        if "name" in value:
            return person_text(value["name"], value.get("role"), value.get("organisation"))
    return "" if value is None else str(value)


def _section_changes(old: Section, new: Section, path: tuple[str, ...]) -> Iterator[Change]:
    where = (*path, new.title or "(untitled)")
    details: list[Detail] = []
    if old.title != new.title:
        details.append(_detail("title", old.title or "", new.title or ""))
    if old.role != new.role:
        details.append(_detail("role", old.role or "", new.role or ""))
    old_text, new_text = _section_text(old), _section_text(new)
    if old_text != new_text:
        details.append(_text_detail("text", old_text, new_text))
    displays_old, displays_new = _displays(old), _displays(new)
    if displays_old != displays_new:
        details.append(_detail("shown as", ", ".join(displays_old), ", ".join(displays_new)))
    if details:
        yield Change("changed", _section_subject(new), path, tuple(details))
    old_items, new_items = _items(old), _items(new)
    for key, item in new_items.items():
        if key not in old_items:
            yield Change("added", _item_subject(item), where)
        else:
            item_details = tuple(_item_details(old_items[key], item))
            if item_details:
                yield Change("changed", _item_subject(item), where, item_details)
    for key, item in old_items.items():
        if key not in new_items:
            yield Change("removed", _item_subject(item), where)
    common_old = [key for key in old_items if key in new_items]
    common_new = [key for key in new_items if key in old_items]
    if common_old != common_new:
        order = _detail("order", ", ".join(k[1] for k in common_old), ", ".join(k[1] for k in common_new))
        yield Change("changed", "order of items", where, (order,))


def _section_text(section: Section) -> str:
    return "\n".join(_rich_text(b.content) for b in section.blocks if isinstance(b, TextBlock))


def _displays(section: Section) -> list[str]:
    return [f"{b.kind} as {b.display}" for b in section.blocks if isinstance(b, ItemsBlock)]


def _items(section: Section) -> dict[tuple[str, str], Item]:
    items: dict[tuple[str, str], Item] = {}
    for block in section.blocks:
        if isinstance(block, ItemsBlock):
            for item in block.items:
                items.setdefault((item.kind, item.id), item)
    return items


def _item_details(old: Item, new: Item) -> Iterator[str]:
    if old.title != new.title:
        yield _detail("title", old.title, new.title)
    old_body, new_body = _rich_text(old.body), _rich_text(new.body)
    if old_body != new_body:
        yield _text_detail("text", old_body, new_body)
    old_facts = {fact.label: fact.text for fact in old.facts}
    new_facts = {fact.label: fact.text for fact in new.facts}
    for label in dict.fromkeys([*old_facts, *new_facts]):
        if old_facts.get(label) != new_facts.get(label):
            yield _detail(label, old_facts.get(label, ""), new_facts.get(label, ""))
    if old.url != new.url:
        yield _detail("url", old.url or "", new.url or "")
    old_cited, new_cited = [c.id for c in old.citations], [c.id for c in new.citations]
    if old_cited != new_cited:
        yield _detail("evidence", ", ".join(old_cited), ", ".join(new_cited))


def _rich_text(blocks: Sequence[RichBlock]) -> str:
    return plain_text(blocks, "\n")


def _detail(name: str, old: str, new: str) -> Detail:
    return Detail(name, old, new)


def _text_detail(name: str, old: str, new: str) -> Detail:
    """A changed text, shown as the excerpts around where old and new differ."""
    if not old or not new:
        return Detail(name, old, new)
    return Detail(name, *changed_parts(old, new))


def changed_parts(old: str, new: str, context: int = EXCERPT) -> tuple[str, str]:
    """Excerpts of ``old`` and ``new`` around where they differ, with ``...`` where cut."""
    old, new = " ".join(old.split()), " ".join(new.split())
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - context // 2)
    if begin:
        begin = old.rfind(" ", 0, begin) + 1  # a whole first word (the common prefix is shared)
    return _cut(old, begin, len(old) - end, context), _cut(new, begin, len(new) - end, context)


def _cut(text: str, begin: int, stop: int, context: int) -> str:
    """``text[begin:]`` up to past ``stop`` by some context, ending on a whole word."""
    stop = max(stop + context // 2, begin + context)
    if stop < len(text):
        space = text.find(" ", stop)
        stop = len(text) if space < 0 else space
    stop = min(stop, len(text))
    return f"{'...' if begin else ''}{text[begin:stop]}{'...' if stop < len(text) else ''}"


def _quote(text: str) -> str:
    return '"' + text.replace("\n", " ") + '"'


def _md_quote(text: str) -> str:
    return "\u201c" + markdown_escape(text) + "\u201d"


def _section_subject(section: Section) -> str:
    return f"section {_quote(section.title)}" if section.title else "untitled section"


def _item_subject(item: Item) -> str:
    label = f" {_quote(item.title)}" if item.title else ""
    return f"{item.kind} {item.id}{label}"


# -- formats ----------------------------------------------------------------------------------


def format_text(diff: OutlineDiff) -> str:
    """One line per change (``~ practices x "X" in A > B``), details indented below it."""
    if not diff.changes:
        return f"{diff.brief}: no changes since {diff.since}"
    lines = [f"{diff.brief}: {_count(diff.changes)} since {diff.since}"]
    for change in diff.changes:
        where = f" in {' > '.join(change.where)}" if change.where else ""
        lines.append(f"{SIGNS[change.kind]} {change.subject}{where}")
        lines.extend(f"    {detail}" for detail in change.details)
    return "\n".join(lines)


def format_markdown(diff: OutlineDiff) -> str:
    """The changes as a Markdown list under a heading, for a pull-request comment."""
    heading = f"### Brief `{diff.brief}`: "
    if not diff.changes:
        return f"{heading}no changes since `{diff.since}`"
    lines = [f"{heading}{_count(diff.changes)} since `{diff.since}`", ""]
    for change in diff.changes:
        titles = PATH_SEPARATOR.join(markdown_escape(t) for t in change.where)
        where = f" in *{titles}*" if change.where else ""
        lines.append(f"- **{change.kind}** {markdown_escape(change.subject)}{where}")
        lines.extend(f"  - {detail.markdown()}" for detail in change.details)
    return "\n".join(lines)


def markdown_escape(text: str) -> str:
    """``text`` with the characters Markdown would interpret backslash-escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _count(changes: Sequence[Change]) -> str:
    return f"{len(changes)} change{'s' if len(changes) != 1 else ''}"


def diff_briefs(
    project: Project, briefs: Sequence[str] | None, since: str, language: str | None = None
) -> list[OutlineDiff]:
    """What changed in the outlines of ``briefs`` (all, old and new, when None) since git revision ``since``.

    The sources as they were at ``since`` are read from git into a temporary folder and go
    through the same validation; the working tree must be free of errors, the old one need not be.
    With ``language``, the outlines compared are the briefs' editions in that language (their
    translations as they were at ``since``, and as they are).
    """
    validation = _validate(project, briefs, language)
    if validation.errors:
        raise ProblemsError(validation.problems)
    with tempfile.TemporaryDirectory(prefix="brief-diff-") as folder:
        old_sources = export_revision(project.sources, since, Path(folder))
        old_project = replace(project, sources=old_sources)
        old_library = load_library(old_sources)
        names = (
            list(validation.compiled)
            if briefs is not None
            else list(dict.fromkeys([*validation.compiled, *old_library.briefs]))
        )
        known = [name for name in names if name in old_library.briefs]
        old = _validate(old_project, known, language) if known else None
        return [
            diff_outlines(
                name,
                since,
                old.compiled[name].result.outline if old and name in old.compiled else None,
                validation.compiled[name].result.outline if name in validation.compiled else None,
            )
            for name in names
        ]


def _validate(project: Project, briefs: Sequence[str] | None, language: str | None) -> Validation:
    """The validation of ``briefs``; with ``language``, its outlines those of their editions in it."""
    validation = validate(project, briefs)
    if language is None or validation.errors:
        return validation
    editions = with_editions(project, validation, language)
    compiled = {name.split(".", 1)[0]: item for name, item in editions.compiled.items()}
    return replace(editions, compiled=compiled)
