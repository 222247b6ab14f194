"""Turn a validation's errors into the briefs they keep from compiling: a broken file blocks what reads it.

A brief reads its own file, its layout, its session, the files of the kinds its rules include
(only the sessions and ids the rules name, when they name some) and, through references,
the files those name: a practice's project, a session's participating projects, a
recommendation's evidence. An error in any of them blocks the brief; an error in a file it
does not read leaves it to compile. An error that belongs to no file of the sources (a missing
sources folder) blocks every brief.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from brief_builder.errors import Problem
from brief_builder.layouts.loader import Layout
from brief_builder.sources.models import KINDS, Brief, Rule
from brief_builder.sources.references import REFERENCES, reference_values
from brief_builder.sources.vocabulary import SESSION_KINDS

if TYPE_CHECKING:
    from brief_builder.sources.library import Entry, Library

FileKey = tuple[str, str | None]
"""``(kind folder, id)``; ``(kind, None)`` stands for every file of the kind."""


def blocked_briefs(
    library: Library,
    layouts: Mapping[str, Layout],
    own: Mapping[str, Sequence[Problem]],
    layout_problems: Mapping[str, Sequence[Problem]],
) -> dict[str, list[str]]:
    """Brief -> the files whose errors keep it from compiling, for every merged brief that has some.

    ``layouts``: merged brief -> its layout; ``own``: brief -> the problems met merging it (in
    its file, or in its layout's rules); ``layout_problems``: layout name -> its problems.
    """
    by_file: dict[FileKey, set[str]] = {}
    everywhere: set[str] = set()
    for problem in library.problems:
        if problem.is_error:
            key = file_key(library, problem.path)
            (everywhere if key is None else by_file.setdefault(key, set())).add(problem.path)
    blocked = {}
    for name, layout in layouts.items():
        reasons = set(everywhere)
        reasons.update(p.path for p in own.get(name, ()) if p.is_error)
        reasons.update(p.path for p in layout_problems.get(layout.name, ()) if p.is_error)
        if by_file:
            read = files_read(library, library.briefs[name], layout)
            for (kind, item_id), paths in by_file.items():
                if (kind, None) in read or (kind, item_id) in read:
                    reasons.update(paths)
        if reasons:
            blocked[name] = sorted(reasons)
    return blocked


def file_key(library: Library, path: str) -> FileKey | None:
    """The kind and id of the source file shown as ``path``; None when it is no file of a kind folder."""
    for kind in KINDS:
        prefix = f"{library.display(library.root / kind)}/"
        if path.startswith(prefix) and "/" not in path[len(prefix) :]:
            return kind, path[len(prefix) :].removesuffix(".yaml")
    return None


def files_read(library: Library, entry: Entry[Brief], layout: Layout) -> set[FileKey]:
    """Every file whose content brief ``entry`` may show, following references."""
    brief = entry.model
    read: set[FileKey] = {("briefs", entry.id)}
    if brief.session:
        read.add(("sessions", brief.session))
    for rule in _rules(entry, layout):
        read.update(_rule_reads(rule, brief.session))
    return _with_references(library, read)


def _rules(entry: Entry[Brief], layout: Layout) -> list[Rule]:
    """Every rule the brief is merged by (its own, else its layout's), nested ones too."""
    if entry.model.sections is not None:
        rules = list(entry.model.sections)
    elif layout.rules is not None:
        rules = [Rule.model_validate(rule) for rule in layout.rules.data["sections"]]
    else:
        rules = []
    found: list[Rule] = []
    while rules:
        rule = rules.pop()
        found.append(rule)
        rules.extend(rule.sections)
    return found


def _rule_reads(rule: Rule, session: str | None) -> set[FileKey]:
    if rule.include is None:
        return set()
    if rule.include in SESSION_KINDS:
        named = _values(rule.where.sessions) or ([session] if session else [])
        return {("sessions", s) for s in named} if named else {("sessions", None)}
    ids = _values(rule.where.ids)
    return {(rule.include, i) for i in ids} if ids else {(rule.include, None)}


def _values(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _with_references(library: Library, read: set[FileKey]) -> set[FileKey]:
    """``read`` with the files its files refer to, and those theirs refer to, ..."""
    done: set[FileKey] = set()
    todo = list(read)
    while todo:
        key = todo.pop()
        if key in done:
            continue
        done.add(key)
        kind, item_id = key
        documents = library.documents.get(kind, {})
        if item_id is None:
            chosen = list(documents.values())
        else:
            chosen = [documents[item_id]] if item_id in documents else []
        for document in chosen:
            for pattern, targets in REFERENCES.get(kind, ()):
                for value in reference_values(document.data, pattern):
                    todo.extend((target, value) for target in targets if (target, None) not in done)
    return done
