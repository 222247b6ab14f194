"""Check that ids named in sources exist: a library -> the problems of its references."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from brief_builder.errors import Problem

if TYPE_CHECKING:
    from brief_builder.sources.library import Entry, Library


def check_references(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    projects = library.projects
    for entry in library.practices.values():
        _expect(problems, entry, ("project",), entry.model.project, projects, "project")
    for entry in library.sessions.values():
        for index, project in enumerate(entry.model.participants.projects):
            _expect(problems, entry, ("participants", "projects", index), project, projects, "project")
    evidence = {**library.practices, **library.sessions}
    for shared in sorted(set(library.practices) & set(library.sessions)):
        problems.append(
            library.sessions[shared].doc.problem(
                (),
                f"expected ids unique across practices and sessions, got {shared!r} in both",
            )
        )
    for entry in library.recommendations.values():
        for index, cited in enumerate(entry.model.evidence):
            _expect(problems, entry, ("evidence", index), cited, evidence, "practice or session")
    for entry in library.briefs.values():
        if entry.model.session is not None:
            _expect(problems, entry, ("session",), entry.model.session, library.sessions, "session")
    return problems


def _expect(problems: list[Problem], entry: Entry, path: tuple, value: str, known: dict, what: str) -> None:
    if value in known:
        return
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    problems.append(entry.doc.problem(path, f"expected the id of a {what}, got unknown id {value!r}{hint}"))
