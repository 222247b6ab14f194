"""Turn what exists outside brief-builder into source files: event summaries and spreadsheets.

- :func:`read_session` reads an event summary (``.txt``, ``.md``, ``.html``, ``.docx``) into
  a :class:`SessionImport`: the session's data, what was inferred, the lines not placed;
  :func:`session_plan` turns it into the files to write (the session, new projects and,
  with ``brief=True``, an event-summary brief).
- :func:`read_practices` reads a ``.csv`` or ``.xlsx`` of good practices into a
  :class:`PracticesImport`; :func:`practices_plan` gives one file per practice.

Nothing here writes files: a plan maps paths inside the sources folder to their text, and
the command writes them through the output step.
"""

from brief_builder.importers.emit import (
    ImportPlan,
    brief_yaml,
    new_project_yaml,
    practice_yaml,
    practices_plan,
    session_plan,
    session_yaml,
)
from brief_builder.importers.practices import PracticesImport, read_practices
from brief_builder.importers.session import (
    SessionImport,
    Unplaced,
    known_projects_of,
    parse_session,
    read_session,
)

__all__ = [
    "ImportPlan",
    "PracticesImport",
    "SessionImport",
    "Unplaced",
    "brief_yaml",
    "known_projects_of",
    "new_project_yaml",
    "parse_session",
    "practice_yaml",
    "practices_plan",
    "read_practices",
    "read_session",
    "session_plan",
    "session_yaml",
]
