"""Turn imported items into the text of source files, and into the plan of files to write.

Every file opens like those ``brief new`` writes (a line naming its JSON Schema for
editors), then says where it was imported from and what a person should check. The
command writes the plan's files through the output step; nothing here touches the disk
except :meth:`ImportPlan.existing`, which looks for files the plan would overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brief_builder.errors import Problem
from brief_builder.importers.yamltext import comment_lines, dump, scalar
from brief_builder.sources.scaffold import PLACEHOLDER, scaffold
from brief_builder.sources.schema import FOLDER, file_name

if TYPE_CHECKING:
    from brief_builder.importers.practices import ImportedPractice, PracticesImport
    from brief_builder.importers.session import SessionImport


@dataclass(frozen=True)
class ImportPlan:
    """The files an import writes: path inside the sources folder -> text, in writing order."""

    files: dict[str, str] = field(default_factory=dict)

    def existing(self, sources: Path) -> list[str]:
        """The planned paths that already exist under ``sources`` (refused without ``--force``)."""
        return [path for path in self.files if (sources / path).exists()]


def session_plan(imported: SessionImport, *, brief: bool = False) -> ImportPlan:
    """The session's file, a file for each new project it names and, with ``brief``, its event summary."""
    files = {f"sessions/{imported.id}.yaml": session_yaml(imported)}
    for project_id, acronym in imported.new_projects.items():
        files[f"projects/{project_id}.yaml"] = new_project_yaml(acronym, imported.source)
    if brief:
        files[f"briefs/{imported.id}.yaml"] = brief_yaml(imported)
    return ImportPlan(files)


def practices_plan(imported: PracticesImport) -> ImportPlan:
    """One file per practice read, in the order of the rows."""
    return ImportPlan(
        {f"practices/{p.id}.yaml": practice_yaml(p, imported.source) for p in imported.practices}
    )


def session_yaml(imported: SessionImport) -> str:
    """The session's YAML file: a header saying what to check, then the data in the model's order."""
    lines = [_schema_line("session"), f"# Imported by brief import session from {imported.source}."]
    checks = [_check(problem) for problem in imported.warnings]
    if checks:
        lines.append("# Check against the document, then run brief validate:")
        lines.extend(line for check in checks for line in comment_lines(f"- {check}"))
    if imported.unplaced:
        lines.append("# Not imported, as no field of a session holds them (copy what matters by hand):")
        for unplaced in imported.unplaced:
            lines.extend(comment_lines(f"- line {unplaced.line}: {unplaced.text}"))
    else:
        lines.append("# Every line of the document is in this file.")
    return "\n".join(lines) + "\n" + dump(imported.data, imported.notes)


def brief_yaml(imported: SessionImport) -> str:
    """An event-summary brief of the session: its layout places the session's content, no rules needed."""
    data: dict[str, Any] = {"layout": "event-summary", "session": imported.id}
    note = (
        f"Event summary of sessions/{imported.id}.yaml, imported by brief import session from "
        f"{imported.source}. The event-summary layout places the session's content: its details, "
        "participants, objectives, insights by topic, next steps and resources; the title and date "
        "are the session's. Add a title, subtitle, authors and keywords as you need, and `sections` "
        "to place the content otherwise."
    )
    lines = [_schema_line("brief"), *comment_lines(note)]
    return "\n".join(lines) + "\n" + dump(data)


def new_project_yaml(acronym: str, source: str | None = None) -> str:
    """A new project with its acronym and a ``TODO`` title, like ``brief new project`` writes."""
    text = scaffold("project")
    origin = f", which found it in {source}" if source else ""
    note = (
        f"Created by brief import session{origin}: fill in the title; uncomment the optional fields you need."
    )
    text = text.replace(
        f"# Replace every {PLACEHOLDER}; uncomment the optional fields you need.",
        "\n".join(comment_lines(note)),
        1,
    )
    return text.replace(f"\nacronym: {PLACEHOLDER}\n", f"\nacronym: {scalar(acronym)}\n", 1)


def practice_yaml(practice: ImportedPractice, source: str) -> str:
    """One practice's YAML file, saying which row of which file it came from."""
    lines = [
        _schema_line("practice"),
        f"# Imported by brief import practices from {source}, row {practice.row}.",
    ]
    checks = [_check(replace(problem, line=None)) for problem in practice.warnings]
    if checks:
        lines.append("# Check against the spreadsheet, then run brief validate:")
        lines.extend(line for check in checks for line in comment_lines(f"- {check}"))
    return "\n".join(lines) + "\n" + dump(practice.data)


def _schema_line(kind: str) -> str:
    return f"# yaml-language-server: $schema=../{FOLDER}/{file_name(kind)}"


def _check(problem: Problem) -> str:
    where = f"line {problem.line}: " if problem.line is not None else ""
    field_name = f"{problem.field}: " if problem.field else ""
    return f"{where}{field_name}{problem.message}"
