"""Read every source file under a sources folder into validated models: the Library."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from brief_builder.errors import Problem, Severity, relative
from brief_builder.sources.messages import validation_problems
from brief_builder.sources.models import (
    ID_PATTERN,
    KINDS,
    Brief,
    Practice,
    Project,
    Recommendation,
    Session,
)
from brief_builder.sources.references import check_references
from brief_builder.sources.yaml import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Entry(Generic[M]):
    """A validated source item with the document it came from (for line numbers)."""

    id: str
    model: M
    doc: YamlDocument

    @property
    def path(self) -> str:
        return self.doc.display

    def line(self, *path: str | int) -> int | None:
        return self.doc.line_of(tuple(path))


@dataclass
class Library:
    """Every source item, by kind and id, and every problem met while reading them."""

    root: Path
    projects: dict[str, Entry[Project]] = field(default_factory=dict)
    sessions: dict[str, Entry[Session]] = field(default_factory=dict)
    practices: dict[str, Entry[Practice]] = field(default_factory=dict)
    recommendations: dict[str, Entry[Recommendation]] = field(default_factory=dict)
    briefs: dict[str, Entry[Brief]] = field(default_factory=dict)
    documents: dict[str, dict[str, YamlDocument]] = field(default_factory=dict)
    """Kind -> id -> every file that holds a mapping, valid or not (for reference checks)."""
    broken: dict[str, set[str]] = field(default_factory=dict)
    """Kind -> ids of the files that have errors: their items exist but could not be read."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def display(self, path: Path) -> str:
        return relative(path, self.root)


def load_library(root: Path) -> Library:
    """Read and validate every file of every kind under ``root``, then check references."""
    library = Library(root=root)
    if not root.is_dir():
        library.problems.append(
            Problem(
                root.as_posix(),
                None,
                "",
                "expected a sources folder, got nothing at this path"
                if not root.exists()
                else "expected a sources folder, got a file",
            )
        )
        return library
    for child in sorted(root.iterdir()):
        if child.name.startswith("."):
            continue
        if child.name not in KINDS:
            library.problems.append(
                Problem(
                    library.display(child),
                    None,
                    "",
                    f"expected one of the folders {', '.join(KINDS)}, got {child.name!r}; ignored",
                    Severity.WARNING,
                )
            )
    for kind, model in KINDS.items():
        folder = root / kind
        if not folder.is_dir():
            continue
        entries: dict[str, Entry] = getattr(library, kind)
        for path in sorted(folder.iterdir()):
            _load_file(library, path, model, entries)
    library.problems.extend(check_references(library))
    return library


def _load_file(library: Library, path: Path, model: type[BaseModel], entries: dict[str, Entry]) -> None:
    display = library.display(path)
    if path.name.startswith("."):
        return
    if path.suffix == ".yml":
        library.problems.append(Problem(display, None, "", "expected the extension .yaml, got .yml"))
        return
    if path.suffix != ".yaml" and not path.is_dir():
        library.problems.append(
            Problem(
                display,
                None,
                "",
                f"expected a .yaml file, got {path.name!r}; ignored",
                Severity.WARNING,
            )
        )
        return
    if not path.resolve().is_relative_to(library.root.resolve()):
        library.problems.append(
            Problem(
                display,
                None,
                "",
                f"expected a file inside the sources folder, got a link to {path.resolve()}",
            )
        )
        return
    doc = read_yaml(path, library.root)
    item_id = path.stem if path.suffix == ".yaml" else path.name
    if not re.match(ID_PATTERN, item_id):
        library.problems.append(
            Problem(
                display,
                None,
                "id",
                f"expected a file name of lowercase letters, digits and hyphens, got {item_id!r}",
            )
        )
    library.problems.extend(doc.problems)
    kind = path.parent.name
    if any(problem.is_error for problem in doc.problems):
        library.broken.setdefault(kind, set()).add(item_id)
        return
    if not isinstance(doc.data, dict):
        library.broken.setdefault(kind, set()).add(item_id)
        library.problems.append(
            Problem(
                display,
                1,
                "",
                f"expected a mapping of keys to values, got {type(doc.data).__name__}",
            )
        )
        return
    library.documents.setdefault(kind, {})[item_id] = doc
    try:
        entries[item_id] = Entry(item_id, model.model_validate(doc.data), doc)
    except ValidationError as exc:
        library.broken.setdefault(kind, set()).add(item_id)
        library.problems.extend(validation_problems(doc, model, exc))
