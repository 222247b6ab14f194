"""Turn a merged brief into the findings of each house rule of policy briefs, located at their field.

Every rule is a pure function of the brief (its outline, what no rule placed, its layout's
page budget, its compiled page count) and of its options; ``RULES`` is the one registry of
rule ids, defaults and checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from brief_builder.lint.config import RuleSpec
from brief_builder.lint.text import runs, texts
from brief_builder.outline import ItemsBlock, ListBlock, Outline, Provenance, Section, TextBlock
from brief_builder.richtext import rich_texts

TODO = re.compile(r"\bTODO\b")
"""The marker authors leave in text still to be written."""
PLACEHOLDER_ALT = re.compile(
    r"(?:logo|logotipo|logotype|logotyp|image|img|picture|bild|imagen|immagine|icon|graphic|figure)?\s*\d*",
    re.IGNORECASE,
)
"""Alt texts that say an image is there, not what it shows ("Logo", "image 1")."""
VAGUE_LINKS = frozenset({"here", "click here", "read more", "more", "link", "this link", "click", "this"})
"""Link texts that do not say where the link goes."""
URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]*[A-Z](?:-[0-9]+)?)s?\b")
"""An acronym as used: two or more capitals, maybe a plural ``s`` (``SMEs``) or a number (``COVID-19``)."""
SPELLED_OUT = re.compile(r"\w[\w'-]*\s+\(([A-Z][A-Z0-9]*[A-Z](?:-[0-9]+)?)s?\)")
"""An acronym in brackets after the words it stands for: ``European Regional Development Fund (ERDF)``."""
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])")
EXCERPT = 60


@dataclass(frozen=True)
class PageBudget:
    """The pages a layout allows a brief (``pages: {min: 4, max: 8}`` in its layout.yaml)."""

    min: int | None
    max: int | None
    path: str
    line: int | None


@dataclass(frozen=True)
class Subject:
    """What the rules read of one brief."""

    outline: Outline
    unused: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Kind -> the ids of the items of included kinds no rule placed."""
    sections_at: Provenance | None = None
    """The brief's ``sections`` (else its file), where ``unplaced`` reports."""
    acronyms: frozenset[str] = frozenset()
    """The projects' acronyms, which need no spelling out."""
    logo: str = ""
    logo_alt: str = ""
    budget: PageBudget | None = None
    layout_at: Provenance | None = None
    """The brief's ``layout`` (else its file), where ``page-budget`` reports."""
    pages: int | None = None
    """The compiled PDF's page count; None when no compiled PDF is known."""


Finding = tuple[Provenance, str]
"""Where (the field or rule concerned) and what, as the end of a ``path:line: rule-id: message``."""
Check = Callable[[Subject, Mapping[str, Any]], Iterator[Finding]]


def key_messages(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    for section in subject.outline.walk():
        if section.role != "key-messages":
            continue
        count = _entries(section)
        low, high = options["min"], options["max"]
        if not low <= count <= high:
            yield section.source, f"expected {low} to {high} key messages, got {count}"


def _entries(section: Section) -> int:
    """How many messages a section holds: the entries of its lists (else its paragraphs) and its items."""
    count = 0
    for block in section.blocks:
        if isinstance(block, ItemsBlock):
            count += len(block.items)
        elif isinstance(block, TextBlock):
            lists = [b for b in block.content if isinstance(b, ListBlock)]
            count += sum(len(b.items) for b in lists) if lists else len(block.content)
    return count + sum(_entries(child) for child in section.sections)


def page_budget(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    budget, pages = subject.budget, subject.pages
    if pages is None:
        return
    low = options.get("min") or (budget.min if budget else None)
    high = options.get("max") or (budget.max if budget else None)
    where = subject.layout_at or subject.outline.meta.source
    if budget is not None and (low, high) == (budget.min, budget.max):
        origin = f" ({subject.outline.meta.layout}'s pages, {budget.path}:{budget.line})"
    else:
        origin = " (the brief's lint settings)" if (low, high) != (None, None) else ""
    if low is not None and pages < low:
        yield where, f"expected at least {low} pages in the PDF{origin}, got {pages}"
    if high is not None and pages > high:
        yield where, f"expected at most {high} pages in the PDF{origin}, got {pages}"


def recommendation_length(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from _lengths(subject, "recommendations", "recommendation", options["max"])


def summary_length(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    yield from _lengths(subject, "practices", "summary", options["max"])


def _lengths(subject: Subject, kind: str, what: str, most: int) -> Iterator[Finding]:
    for item in _items(subject.outline, kind):
        words = len(" ".join(rich_texts(item.body)).split())
        if words > most:
            where = item.sources.get("body") or item.source
            yield where, f"expected a {what} of at most {most} words, got {words}"


def link_text(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    previous = None
    text = ""
    links: list[tuple[Provenance, str, str]] = []
    for where, _, run in runs(subject.outline):
        if run.href is not None and previous is not None and run.href == previous[1] and where == previous[0]:
            text += run.text
            links[-1] = (where, run.href, text)
        elif run.href is not None:
            text = run.text
            links.append((where, run.href, text))
        previous = (where, run.href) if run.href is not None else None
    for where, href, shown in links:
        plain = " ".join(shown.split()).strip(" .:").lower()
        if plain in VAGUE_LINKS:
            yield where, f"expected link text that says where the link goes, got {shown.strip()!r} ({href})"
        elif URL_TEXT.match(shown.strip()) or shown.strip() == href:
            yield where, f"expected link text that says where the link goes, got the bare address {href}"


def acronym_first_use(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    known = {*subject.acronyms, *options["known"]}
    first_use: dict[str, tuple[int, int, Provenance]] = {}
    spelled: dict[str, tuple[int, int]] = {}
    for order, (where, _, text) in enumerate(texts(subject.outline)):
        for match in SPELLED_OUT.finditer(text):
            spelled.setdefault(match.group(1), (order, match.start(1)))
        for match in ACRONYM.finditer(text):
            first_use.setdefault(match.group(1), (order, match.start(1), where))
    for acronym, (order, position, where) in first_use.items():
        if acronym in known or acronym not in spelled:
            continue
        if (order, position) < spelled[acronym]:
            yield (
                where,
                f"expected {acronym} to be spelled out where it is first used, got it spelled out later",
            )


def alt_text(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    logo, alt = subject.logo.strip(), subject.logo_alt.strip()
    if logo and PLACEHOLDER_ALT.fullmatch(alt):
        source = subject.outline.meta.source
        got = repr(alt) if alt else "nothing"
        where = Provenance(path=source.path, line=source.line, field="labels.logo_alt")
        yield (
            where,
            f"expected alt text for the logo {logo!r} saying what it shows (the publisher's name), got {got}",
        )


def empty_section(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    for section in subject.outline.walk():
        if section.title and _is_empty(section):
            yield section.source, f"expected text or items in the section {section.title!r}, got nothing"


def _is_empty(section: Section) -> bool:
    for block in section.blocks:
        if isinstance(block, ItemsBlock) and block.items:
            return False
        if isinstance(block, TextBlock) and any(t.strip() for t in rich_texts(block.content)):
            return False
    return all(_is_empty(child) for child in section.sections)


def placed_twice(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    first: dict[tuple[str, str], Provenance] = {}
    for section in subject.outline.walk():
        for block in section.blocks:
            if not isinstance(block, ItemsBlock):
                continue
            rule = (block.source.path, block.source.line)
            for item in block.items:
                seen = first.setdefault((item.kind, item.id), block.source)
                if (seen.path, seen.line) != rule:
                    yield (
                        block.source,
                        (
                            f"expected each item placed once, got {item.kind} {item.id!r} placed again "
                            f"(first by the rule at line {seen.line})"
                        ),
                    )


def sentence_length(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    most = options["max"]
    for where, _, text in texts(subject.outline):
        for sentence in SENTENCE_END.split(text):
            words = len(sentence.split())
            if words > most:
                yield where, f"expected sentences of at most {most} words, got {words}: {_excerpt(sentence)}"


def unplaced(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    where = subject.sections_at or subject.outline.meta.source
    for kind, ids in subject.unused.items():
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            message = f"no rule placed {len(ids)} of the {kind}: {shown} "
            yield where, message + f"(see brief outline {subject.outline.meta.id} --unused)"


def todo(subject: Subject, options: Mapping[str, Any]) -> Iterator[Finding]:
    for where, name, text in texts(subject.outline):
        if TODO.search(text):
            yield (
                Provenance(path=where.path, line=where.line, field=name),
                (f"expected no TODO marker, got {_todo_excerpt(text)}"),
            )


def _items(outline: Outline, kind: str) -> Iterator[Any]:
    for section in outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock) and block.kind == kind:
                yield from block.items


def _excerpt(text: str) -> str:
    part = " ".join(text.split())
    return f'"{part[:EXCERPT].rstrip()}..."' if len(part) > EXCERPT else f'"{part}"'


def _todo_excerpt(text: str) -> str:
    """The words around the first TODO, quoted."""
    match = TODO.search(text)
    start = max(0, match.start() - EXCERPT // 2) if match else 0
    part = " ".join(text[start : start + EXCERPT].split())
    prefix = "..." if start else ""
    suffix = "..." if start + EXCERPT < len(text) else ""
    return f'"{prefix}{part}{suffix}"'


RULES: dict[str, tuple[RuleSpec, Check]] = {
    spec.id: (spec, check)
    for spec, check in (
        (
            RuleSpec(
                "key-messages",
                "warning",
                "3 to 6 key messages in the section with role key-messages",
                {"min": 3, "max": 6},
            ),
            key_messages,
        ),
        (
            RuleSpec(
                "page-budget",
                "error",
                "the compiled PDF within the pages its layout allows (policy-brief 4-8, event-summary 1-2); "
                "min and max set other bounds (0: the layout's)",
                {"min": 0, "max": 0},
            ),
            page_budget,
        ),
        (
            RuleSpec("recommendation-length", "warning", "recommendations of at most max words", {"max": 60}),
            recommendation_length,
        ),
        (
            RuleSpec("summary-length", "warning", "practice summaries of at most max words", {"max": 80}),
            summary_length,
        ),
        (
            RuleSpec(
                "link-text",
                "warning",
                'link text that says where it goes: not "here", "click here", "read more" or a bare address',
            ),
            link_text,
        ),
        (
            RuleSpec(
                "acronym-first-use",
                "warning",
                "an acronym spelled out where it is first used, not "
                "later (the projects' acronyms and known ones excepted)",
                {"known": ()},
            ),
            acronym_first_use,
        ),
        (
            RuleSpec(
                "alt-text", "error", 'the logo has alt text saying what it shows, not "logo" or "image"'
            ),
            alt_text,
        ),
        (RuleSpec("empty-section", "error", "every titled section has text or items"), empty_section),
        (RuleSpec("placed-twice", "warning", "no item placed by two rules"), placed_twice),
        (
            RuleSpec("sentence-length", "warning", "sentences of at most max words", {"max": 40}),
            sentence_length,
        ),
        (
            RuleSpec(
                "unplaced", "warning", "every item of the kinds the brief includes is placed by some rule"
            ),
            unplaced,
        ),
        (RuleSpec("todo", "error", "no TODO marker in the text"), todo),
    )
}
"""Every rule: its id, default severity and options, and its check."""

SPECS: dict[str, RuleSpec] = {rule_id: spec for rule_id, (spec, _) in RULES.items()}

__all__ = ["RULES", "SPECS", "PageBudget", "Subject"]
