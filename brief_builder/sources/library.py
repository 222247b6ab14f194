"""Read every source file under a sources folder into validated models: the Library."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from brief_builder.errors import Problem, Severity, relative
from brief_builder.richtext import MARKDOWN_NESTING, MEASURED_NESTING, too_deep
from brief_builder.sources.messages import validation_problems
from brief_builder.sources.models import (
    ID_PATTERN,
    KINDS,
    Brief,
    Practice,
    Project,
    Recommendation,
    Session,
    markdown_texts,
)
from brief_builder.sources.references import check_references
from brief_builder.sources.yaml import YamlDocument, read_yaml

if TYPE_CHECKING:
    from brief_builder.sources.snapshot import Snapshot

M = TypeVar("M", bound=BaseModel)
ID_RE = re.compile(ID_PATTERN)
OTHER_FOLDERS = ("translations",)
"""Folders of ``sources/`` that hold no items: their own readers read them (brief_builder.translations)."""


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

    def counts(self) -> dict[str, int]:
        """Kind -> number of valid items."""
        return {kind: len(getattr(self, kind)) for kind in KINDS}


class ReadingStore(Protocol):
    """Where earlier readings of source files are kept (the pipeline's source cache)."""

    def key(self, kind: str, display: str, raw: bytes) -> str: ...

    def get(self, key: str, path: Path) -> Reading | None: ...

    def put(self, key: str, reading: Reading) -> None: ...

    def save(self) -> None: ...


def load_library(
    root: Path, readings: ReadingStore | None = None, snapshot: Snapshot | None = None
) -> Library:
    """Read and validate every file of every kind under ``root``, then check references.

    With a store of ``readings`` (and the ``snapshot`` of ``root``), a file whose bytes were
    read before gives its stored reading instead of being parsed again.
    """
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
        if child.name.startswith(".") or child.name in OTHER_FOLDERS:
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
    if snapshot is None:
        readings = None
    root_resolved = root.resolve()
    for kind, model in KINDS.items():
        folder = root / kind
        if folder.is_symlink() and resolved(folder) is None:
            loop = "expected a folder, got a loop of symbolic links"
            library.problems.append(Problem(library.display(folder), None, "", loop))
            continue
        if not folder.is_dir():
            continue
        entries: dict[str, Entry] = getattr(library, kind)
        # A file shows as its folder's path and its name; only links need resolving to
        # check they stay inside the sources folder.
        shown = library.display(folder)
        folder_inside = resolved(folder) == root_resolved / kind
        with os.scandir(folder) as listing:
            found = sorted((item.name, item.is_symlink()) for item in listing)
        for name, is_link in found:
            if name.startswith("."):
                continue
            path = folder / name
            inside = folder_inside and not is_link
            display = f"{shown}/{name}"
            raw = snapshot.raw.get(f"{kind}/{name}") if snapshot is not None and inside else None
            key = readings.key(kind, display, raw) if readings is not None and raw is not None else None
            reading = readings.get(key, path) if readings is not None and key is not None else None
            if reading is None:
                reading = read_source(library, path, display, model, inside, raw)
                if readings is not None and key is not None and reading is not None:
                    readings.put(key, reading)
            if reading is not None:
                _add(library, kind, entries, reading, model)
    if readings is not None:
        readings.save()
    library.problems.extend(check_references(library))
    return library


def resolved(path: Path) -> Path | None:
    """``path`` with every symbolic link followed, or None when the links loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop, 3.13 OSError
        return None


@dataclass
class Reading:
    """What reading one source file gave: its item id, document, problems and whether it validated.

    Plain data (the model is validated again from ``doc.data`` when a reading is reused:
    unpickling pydantic models costs more than validating dicts).
    """

    item_id: str
    doc: YamlDocument
    problems: list[Problem]
    registered: bool
    """Whether the file holds a mapping (its references are checked, valid or not)."""
    valid: bool
    model: BaseModel | None = None
    """The validated model, when just validated (never stored in the cache)."""


def read_source(
    library: Library, path: Path, display: str, model: type[BaseModel], inside: bool, raw: bytes | None
) -> Reading | None:
    """Read one entry of a kind folder; None when it is no source file (its problem is in ``library``)."""
    if path.suffix == ".yml":
        library.problems.append(Problem(display, None, "", "expected the extension .yaml, got .yml"))
        return None
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
        return None
    real = None if inside else resolved(path)
    if not inside and real is None:
        library.problems.append(Problem(display, None, "", "expected a file, got a loop of symbolic links"))
        return None
    if real is not None and not real.is_relative_to(library.root.resolve()):
        library.problems.append(
            Problem(display, None, "", f"expected a file inside the sources folder, got a link to {real}")
        )
        return None
    doc = read_yaml(path, library.root, display=display, raw=raw)
    item_id = path.stem if path.suffix == ".yaml" else path.name
    problems = []
    if not ID_RE.match(item_id):
        problems.append(
            Problem(
                display,
                None,
                "id",
                f"expected a file name of lowercase letters, digits and hyphens, got {item_id!r}",
            )
        )
    problems.extend(doc.problems)
    if any(problem.is_error for problem in doc.problems):
        return Reading(item_id, doc, problems, registered=False, valid=False)
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                display,
                1,
                "",
                f"expected a mapping of keys to values, got {type(doc.data).__name__}",
            )
        )
        return Reading(item_id, doc, problems, registered=False, valid=False)
    problems.extend(nesting_warnings(doc, model))
    try:
        validated = model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(validation_problems(doc, model, exc))
        return Reading(item_id, doc, problems, registered=True, valid=False)
    return Reading(item_id, doc, problems, registered=True, valid=True, model=validated)


def nesting_warnings(doc: YamlDocument, model: type[BaseModel]) -> Iterator[Problem]:
    """A warning at each Markdown field nested deeper than the outputs show as written."""
    for path, text in markdown_texts(model, doc.data):
        depth = too_deep(text)
        if depth is None:
            continue
        unmeasured = depth >= MEASURED_NESTING
        kept = (
            "the text is kept as plain text, its Markdown unread"
            if unmeasured
            else "the text is kept, the deeper part flattened into the deepest level shown"
        )
        message = (
            f"expected Markdown nested at most {MARKDOWN_NESTING} levels deep (quotes, lists and the items "
            f"and paragraphs in them), got {'at least ' if unmeasured else ''}{depth} levels; {kept}"
        )
        yield doc.problem(path, message, Severity.WARNING)


def _add(
    library: Library, kind: str, entries: dict[str, Entry], reading: Reading, model: type[BaseModel]
) -> None:
    library.problems.extend(reading.problems)
    if reading.registered:
        library.documents.setdefault(kind, {})[reading.item_id] = reading.doc
    if reading.valid:
        validated = reading.model if reading.model is not None else model.model_validate(reading.doc.data)
        entries[reading.item_id] = Entry(reading.item_id, validated, reading.doc)
    else:
        library.broken.setdefault(kind, set()).add(reading.item_id)
