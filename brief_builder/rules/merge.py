"""Merge validated sources by a brief's section rules (or its layout's) into its outline.

A pure function of the library, the brief and the layout's labels and rules: same inputs,
same outline. Every problem with the rules is collected; none stops the merge early.

A brief without ``sections`` takes its layout's. Those rules are written for every brief of
the layout, so they place what the session (or library) has: a layout's rule that places
nothing gives no section and no warning, a title that names one of the layout's labels
shows that label in the brief's language, and problems are located in the layout's file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from brief_builder.errors import Problem, Severity
from brief_builder.outline import (
    Block,
    Fact,
    Item,
    ItemsBlock,
    MergeResult,
    Meta,
    Outline,
    Person,
    Provenance,
    Section,
    TextBlock,
)
from brief_builder.richtext import to_rich
from brief_builder.rules.items import Candidate, candidates, first_column
from brief_builder.sources.library import Entry, Library
from brief_builder.sources.models import Brief, Rule, Where
from brief_builder.sources.vocabulary import SESSION_KINDS
from brief_builder.sources.yaml import FieldPath, YamlDocument, dotted

DEFAULT_DISPLAY = {
    "practices": "boxes",
    "recommendations": "numbered",
    "projects": "table",
    "findings": "list",
    "takeaways": "list",
    "objectives": "list",
    "participants": "list",
    "next_steps": "paragraphs",
    "resources": "list",
    "details": "list",
}
KIND_NAMES = {"next_steps": "next steps"}


class CandidatePools:
    """The candidates of each kind of a library, built once per set of labels and shared by briefs.

    Candidates are immutable (their outline item is built once, when first placed), so the
    briefs merged from one library in one validation can share them.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self._pools: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[Candidate]] = {}

    def get(self, kind: str, labels: Mapping[str, str], language: str = "en") -> list[Candidate]:
        key = (kind, language, tuple(sorted(labels.items())))
        if key not in self._pools:
            self._pools[key] = candidates(self.library, kind, labels, language)
        return self._pools[key]


def merge(
    library: Library,
    brief_id: str,
    labels: Mapping[str, str],
    pools: CandidatePools | None = None,
    *,
    layout_rules: YamlDocument | None = None,
    rules_layout: str | None = None,
) -> MergeResult:
    """Build the outline of brief ``brief_id`` from ``library``.

    ``pools`` shares the candidates between the briefs merged from one library;
    ``layout_rules`` is the ``layout.yaml`` (of the layout ``rules_layout``) whose ``sections``
    a brief without any takes.
    """
    entry = library.briefs[brief_id]
    problems: list[Problem] = []
    if entry.model.sections is not None:
        rules, doc, from_layout = entry.model.sections, entry.doc, None
    elif layout_rules is not None:
        rules = [Rule.model_validate(rule) for rule in layout_rules.data["sections"]]
        doc, from_layout = layout_rules, rules_layout or entry.model.layout
    else:
        rules, doc, from_layout = [], entry.doc, None
        problems.append(
            entry.doc.problem(
                ("sections",),
                f"expected section rules, since the layout {entry.model.layout} has none, got nothing",
            )
        )
    merger = _Merger(library, entry, labels, pools or CandidatePools(library), doc, from_layout)
    sections = merger.sections(rules, ("sections",), level=1)
    meta, meta_problems = _meta(entry, labels, library, from_layout)
    return MergeResult(
        outline=Outline(meta=meta, sections=sections),
        problems=[*problems, *meta_problems, *merger.problems],
        placed=merger.placed,
        available={kind: merger.in_scope(kind, cands) for kind, cands in merger.pools.items()},
    )


def _meta(
    entry: Entry[Brief], labels: Mapping[str, str], library: Library, rules_layout: str | None
) -> tuple[Meta, list[Problem]]:
    """What the brief says about itself; a title and date it leaves out are its session's."""
    brief = entry.model
    session = library.sessions.get(brief.session) if brief.session else None
    title = brief.title or (session.model.title if session else None)
    problems = []
    if title is None:
        if not brief.session:  # an unknown or broken session is reported where it is named
            problems.append(
                entry.doc.problem(
                    ("title",), "expected a value (a brief without a session needs one), got nothing"
                )
            )
        title = entry.id
    meta = Meta(
        id=entry.id,
        title=title,
        subtitle=brief.subtitle,
        date=brief.date or (session.model.date if session else None),
        status=brief.status,
        language=brief.language,
        languages=list(dict.fromkeys([brief.language, *brief.languages])),
        layout=brief.layout,
        authors=[Person(**person.model_dump()) for person in brief.authors],
        disclaimer=to_rich(brief.disclaimer),
        keywords=list(brief.keywords),
        theme={key: str(value) for key, value in brief.theme.items()},
        labels=dict(labels),
        source=Provenance(path=entry.path, line=1),
        sources={
            name: Provenance(path=entry.path, line=entry.line(name), field=name)
            for name in ("title", "subtitle", "disclaimer")
            if getattr(brief, name)
        },
        rules_layout=rules_layout,
    )
    return meta, problems


class _Merger:
    def __init__(
        self,
        library: Library,
        entry: Entry[Brief],
        labels: Mapping[str, str],
        shared: CandidatePools,
        doc: YamlDocument,
        from_layout: str | None,
    ) -> None:
        self.library = library
        self.shared = shared
        self.entry = entry
        self.labels = labels
        self.doc = doc
        """The file the rules are written in (the brief's, or its layout's), for lines and problems."""
        self.from_layout = from_layout
        """The layout the rules come from; None when they are the brief's own."""
        self.problems: list[Problem] = []
        self.pools: dict[str, list[Candidate]] = {}
        self.placed: dict[str, set[str]] = {}
        self.anchors: set[str] = set()
        self.unreadable: dict[str, _Unread | None] = {}

    # --- sections -----------------------------------------------------------------

    def sections(self, rules: list[Rule], path: FieldPath, level: int) -> list[Section]:
        made = (self.section(rule, (*path, index), level) for index, rule in enumerate(rules))
        return [section for section in made if section is not None]

    def section(self, rule: Rule, path: FieldPath, level: int) -> Section | None:
        """The section of ``rule``; None for a layout's rule that placed nothing (nor has text)."""
        source = self.source(path)
        title = self.labels.get(rule.title, rule.title) if self.from_layout and rule.title else rule.title
        blocks: list[Block] = []
        if rule.text:
            blocks.append(TextBlock(content=to_rich(rule.text), source=self.source((*path, "text"))))
        child_level = level + 1 if rule.title else level
        groups: list[Section] = []
        if rule.include:
            items = self.select(rule, path)
            display = rule.as_ or DEFAULT_DISPLAY[rule.include]
            if rule.group_by:
                groups = self.grouped(rule, path, items, display, child_level)
            elif items:
                blocks.append(self.items_block(rule.include, display, [c.item for c in items], source))
        elif rule.where != Where() or rule.sort or rule.group_by or rule.limit or rule.min or rule.as_:
            self.error(
                (*path, "include"),
                "expected the kind of item to place, since the rule filters, "
                "sorts or shows items, got nothing",
            )
        children = self.sections(rule.sections, (*path, "sections"), child_level)
        if self.from_layout and not blocks and not groups and not children:
            return None
        return Section(
            title=title,
            anchor=self.anchor(title, path),
            level=level,
            role=rule.role,
            blocks=blocks,
            sections=[*groups, *children],
            source=source,
        )

    def grouped(
        self,
        rule: Rule,
        path: FieldPath,
        items: list[Candidate],
        display: str,
        level: int,
    ) -> list[Section]:
        assert rule.include is not None and rule.group_by is not None
        order: list[tuple[str, str]] = []
        members: dict[str, list[Item]] = {}
        for candidate in items:
            for key, title in candidate.groups.get(rule.group_by, ()):
                if key not in members:
                    order.append((key, title))
                    members[key] = []
                members[key].append(candidate.item)
        source = self.source(path)
        heading = self.source((*path, "group_by"))  # a group's title comes from its items
        order = [(key, self.group_title(rule.group_by, key, title)) for key, title in order]
        return [
            Section(
                title=title,
                anchor=self.anchor(title, path),
                level=level,
                source=heading,
                blocks=[self.items_block(rule.include, display, members[key], source)],
            )
            for key, title in order
        ]

    def group_title(self, group_by: str, key: str, title: str) -> str:
        """A group's heading: the layout's label ``<group_by>_<value>`` (``audience_managing-authorities``)
        when it has one, else the value as the items write it, with a capital first letter when it is
        a plain lowercase value ("managing authorities" -> "Managing authorities")."""
        if title != key:  # a display value of its own: a project's acronym, a session topic's title
            return title
        label = self.labels.get(f"{group_by}_{_label_key(key)}")
        if label:
            return label
        return title[:1].upper() + title[1:] if title[:1].islower() else title

    def items_block(self, kind: str, display: str, items: list[Item], source: Provenance) -> ItemsBlock:
        columns: list[str] = []
        if display == "table":
            columns = [first_column(kind, self.labels)]
            for item in items:
                columns.extend(f.label for f in item.facts if f.label not in columns)
        return ItemsBlock(kind=kind, display=display, columns=columns, items=items, source=source)

    # --- selecting items ------------------------------------------------------------

    def pool(self, kind: str) -> list[Candidate]:
        if kind not in self.pools:
            self.pools[kind] = self.shared.get(kind, self.labels, self.entry.model.language)
        return self.pools[kind]

    def select(self, rule: Rule, path: FieldPath) -> list[Candidate]:
        kind = rule.include
        assert kind is not None
        pool = self.pool(kind)
        filters = self.filters(rule, kind)
        chosen = [c for c in pool if all(self.matches(c, name, values) for name, values in filters.items())]
        reported = len(self.problems)
        written = rule.where.model_dump(exclude_none=True)
        for name, values in filters.items():
            if name in written:  # not the brief's session, a default the rule did not write
                self.check_filter(kind, pool, name, values, (*path, "where", name))
        if rule.sort:
            chosen = self.sorted(chosen, rule.sort, kind, (*path, "sort"))
        elif filters.get("ids"):
            position = {item_id: n for n, item_id in enumerate(filters["ids"])}
            chosen.sort(key=lambda c: position[c.id])
        if rule.group_by and pool and not any(rule.group_by in c.groups for c in pool):
            valid = sorted({g for c in pool for g in c.groups})
            self.error(
                (*path, "group_by"),
                f"expected a grouping that {_name(kind)} have "
                f"({', '.join(valid) or 'none'}), got {rule.group_by!r}",
            )
        if rule.limit is not None:
            chosen = chosen[: rule.limit]
        if rule.min is not None and len(chosen) < rule.min:
            self.error(
                (*path, "min"),
                f"expected the rule to place at least {rule.min} {_name(kind)}, got {len(chosen)}",
            )
        quiet = self.from_layout is not None  # a layout's rule shows what there is, if anything
        if (
            not chosen
            and rule.min is None
            and len(self.problems) == reported
            and self.complete(kind)
            and not quiet
        ):
            self.warn(path, f"the rule placed no {_name(kind)}")
        self.placed.setdefault(kind, set()).update(c.id for c in chosen)
        return chosen

    def in_scope(self, kind: str, pool: list[Candidate]) -> list[str]:
        """The ids of ``pool`` the brief is about: of session content, its session's (if it names one)."""
        session = self.entry.model.session
        if kind not in SESSION_KINDS or not session:
            return [c.id for c in pool]
        return [c.id for c in pool if session in c.attrs.get("sessions", ())]

    def filters(self, rule: Rule, kind: str) -> dict[str, tuple[str, ...]]:
        filters = {
            name: (value,) if isinstance(value, str) else tuple(value)
            for name, value in rule.where.model_dump(exclude_none=True).items()
        }
        if kind in SESSION_KINDS and "sessions" not in filters and self.entry.model.session:
            filters["sessions"] = (self.entry.model.session,)
        return filters

    @staticmethod
    def matches(candidate: Candidate, name: str, values: tuple[str, ...]) -> bool:
        have = candidate.attrs.get(name, ())
        return any(value in have for value in values)

    def check_filter(
        self,
        kind: str,
        pool: list[Candidate],
        name: str,
        values: tuple[str, ...],
        path: FieldPath,
    ) -> None:
        known = sorted({v for c in pool for v in c.attrs.get(name, ())})
        if not any(name in c.attrs for c in pool) and pool:
            valid = sorted({a for c in pool for a in c.attrs})
            self.error(
                path, f"expected a filter that applies to {_name(kind)} ({', '.join(valid)}), got {name!r}"
            )
            return
        unread = self.unread(kind)
        if unread is None:
            return  # a value may belong to an item of a file that could not be read at all
        for value in values:
            if value not in known and not unread.mentions(value):
                shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
                self.error(
                    path,
                    f"expected a value that some of the {_name(kind)} have "
                    f"({shown or 'there are none'}), got {value!r}",
                )

    def sorted(
        self, chosen: list[Candidate], sort: str | list[str], kind: str, path: FieldPath
    ) -> list[Candidate]:
        fields = [sort] if isinstance(sort, str) else list(sort)
        valid = sorted({key for c in self.pool(kind) for key in c.sort})
        for spec in reversed(fields):
            name = spec.removeprefix("-")
            if valid and name not in valid:
                self.error(path, f"expected a sort field of {_name(kind)} ({', '.join(valid)}), got {spec!r}")
                continue
            chosen = sorted(
                chosen,
                key=lambda c, n=name: (c.sort.get(n) is None, c.sort.get(n) or ""),
                reverse=spec.startswith("-"),
            )
        return chosen

    # --- helpers ----------------------------------------------------------------------

    def complete(self, kind: str) -> bool:
        """Whether every file holding items of ``kind`` could be read."""
        return not self.library.broken.get(_folder(kind))

    def unread(self, kind: str) -> _Unread | None:
        """What the files of ``kind`` that have errors hold, or None when one holds no mapping."""
        folder = _folder(kind)
        if folder not in self.unreadable:
            self.unreadable[folder] = _unread(self.library, folder)
        return self.unreadable[folder]

    def anchor(self, title: str | None, path: FieldPath) -> str:
        base = _slug(title) if title else "section-" + "-".join(str(p) for p in path if isinstance(p, int))
        anchor, n = base, 2
        while anchor in self.anchors:
            anchor, n = f"{base}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor

    def source(self, path: FieldPath) -> Provenance:
        doc = self.doc
        return Provenance(path=doc.display, line=doc.line_of(path), field=dotted(path, doc.data))

    def error(self, path: FieldPath, message: str) -> None:
        self.problems.append(self.doc.problem(path, self._for_brief(message)))

    def warn(self, path: FieldPath, message: str) -> None:
        self.problems.append(self.doc.problem(path, self._for_brief(message), Severity.WARNING))

    def _for_brief(self, message: str) -> str:
        """A problem with a layout's rule says which brief met it (the layout's file is everyone's)."""
        if self.from_layout is None:
            return message
        return f"{message} (in brief {self.entry.id}, which takes the rules of the layout {self.from_layout})"


def _name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def _folder(kind: str) -> str:
    """The folder of sources whose files hold the items of ``kind``."""
    return "sessions" if kind in SESSION_KINDS else kind


@dataclass(frozen=True)
class _Unread:
    """The ids and every text of the files of one folder that have errors.

    A rule's filter value is reported as unknown although such files exist, unless one of
    them mentions it: a value that is only in an invalid file is not a typo of the rule.
    """

    ids: frozenset[str]
    texts: frozenset[str]

    def mentions(self, value: str) -> bool:
        item = value.split("/", 1)[0]  # a finding's id starts with its session's
        return value in self.texts or item in self.ids


def _unread(library: Library, folder: str) -> _Unread | None:
    """The ids and texts of ``folder``'s files with errors, or None if one of them holds no mapping."""
    ids = library.broken.get(folder, set())
    documents = library.documents.get(folder, {})
    if any(item_id not in documents for item_id in ids):
        return None  # a syntax error, or not a mapping: its values are unknown
    texts: set[str] = set()
    for item_id in ids:
        texts.update(_texts(documents[item_id].data))
    return _Unread(ids=frozenset(ids), texts=frozenset(texts))


def _texts(data: object) -> Iterator[str]:
    """Every text anywhere in ``data`` (values of any depth, as read from the file)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _texts(value)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "section"


__all__ = ["Fact", "MergeResult", "merge"]


def _label_key(value: str) -> str:
    """A group value as a label key: lowercase, words joined by hyphens (``managing-authorities``)."""
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")
