"""Turn the bytes of source files into cache keys, and keep what reading and validating them gave.

Under ``<cache folder>/sources/``, for each sources folder:

- ``files-<folder key>.pickle``: each file's reading (data, line numbers, problems) under
  sha256(brief-builder's code + kind + the path shown + the file's bytes). A changed file
  is read again; a file that goes back to earlier content finds its earlier reading.
- ``<what>-<folder key>.pickle``: a whole validation (its problems; for compile, the
  outlines too) with the digest of everything it depends on: the name and bytes of every
  source file, every layout file, brief-builder's code and the briefs asked for. It is
  reused only while that digest is unchanged, without parsing any YAML.

Pickle runs code while loading, so these files are only ever read from brief-builder's own
cache folder, where only brief-builder writes them: treat a cache folder like the code
itself. An entry that cannot be loaded (damaged, cut short, from other code) is ignored with
a logged warning. Nothing here imports pydantic or ruamel, so that the warm ``brief
validate`` costs little more than ``brief --help``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from brief_builder import __version__
from brief_builder.errors import OutputError, Problem
from brief_builder.layouts import BUILTIN_LAYOUTS
from brief_builder.pipeline.output import write_atomic
from brief_builder.sources.snapshot import Snapshot, files_digest, take_snapshot

if TYPE_CHECKING:
    from brief_builder.pipeline.project import Project
    from brief_builder.sources.library import Reading

LOGGER = logging.getLogger(__name__)
T = TypeVar("T")

CACHE_FOLDER = ".brief-cache"
"""Name of the cache folder, made beside the sources folder unless ``--cache-dir`` says otherwise."""
PACKAGE = Path(__file__).resolve().parent.parent
SHARDS = 32
"""Files of readings per sources folder."""
KEEP_EARLIER = 64
"""Readings of earlier contents of current files kept per shard (for edits undone)."""


def default_cache_folder(sources: Path) -> Path:
    """``.brief-cache`` beside the sources folder (``sources/`` -> ``./.brief-cache``), for every command."""
    return sources.absolute().parent / CACHE_FOLDER


@lru_cache(maxsize=1)
def code_key() -> str:
    """brief-builder's version, Python's, and the bytes of every module of the package.

    Editing the code (an editable install, an upgrade from a git ref) gives new keys, so no
    reading or rendering made by other code is ever reused; the same code installed again
    (a CI job's fresh environment) keeps them. Hashing the modules' bytes costs about as much
    as asking for their times (10 ms).
    """
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(f"{path.relative_to(PACKAGE)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def layouts_digest(folders: Sequence[Path]) -> str:
    """sha256 of where the layout folders are (user ones, then built-in) and of all their files."""
    searched = [*folders, BUILTIN_LAYOUTS]
    places = "\0".join(str(folder.absolute()) for folder in searched)
    return hashlib.sha256(f"{places}\0{files_digest(searched)}".encode()).hexdigest()


def _folder_key(root: Path) -> str:
    return hashlib.sha256(str(root.absolute()).encode()).hexdigest()[:24]


def _load(path: Path) -> Any | None:
    """The object pickled in ``path`` (a file this module wrote), or None when it is missing or unusable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        # Safe only because ``path`` lies in brief-builder's own cache folder and was written by
        # ``_store`` below: never point this at a file from anywhere else.
        return pickle.loads(data)
    except Exception as exc:  # a damaged entry costs only the time to rebuild it
        LOGGER.warning("source cache entry %s cannot be read (%r); ignored", path, exc)
        return None


def _store(path: Path, value: Any) -> None:
    try:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), sync=False)
    except (OutputError, pickle.PicklingError, TypeError, AttributeError) as exc:
        LOGGER.warning("cannot store in the source cache: %s", exc)


class Readings:
    """The stored readings of one sources folder's files, by key, in shards saved back after reading.

    A file's shard follows from its path, so an edit rewrites one shard, not every reading.
    Each reading is stored as a plain tuple (no paths, no models: both are slow to unpickle).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stored: dict[str, dict[str, tuple]] = {}
        """Shard -> key -> the stored tuple (shards loaded as first asked for)."""
        self.used: dict[str, dict[str, tuple]] = {}
        self.changed: set[str] = set()

    @staticmethod
    def key(kind: str, display: str, raw: bytes) -> str:
        """Two hex digits naming the shard of ``display``, then sha256 of all the reading depends on."""
        shard = hashlib.sha256(display.encode()).digest()[0] % SHARDS
        digest = hashlib.sha256(f"{code_key()}\0{kind}\0{display}\0".encode())
        digest.update(raw)
        return f"{shard:02x}{digest.hexdigest()}"

    def _shard(self, shard: str) -> dict[str, tuple]:
        if shard not in self.stored:
            path = self.folder / f"{shard}.pickle"
            stored = _load(path)
            if stored is not None and not isinstance(stored, dict):
                LOGGER.warning("source cache entry %s is not a set of readings; ignored", path)
                stored = None
            self.stored[shard] = stored or {}
            self.used[shard] = {}
        return self.stored[shard]

    def get(self, key: str, path: Path) -> Reading | None:
        """The reading stored under ``key``, as if ``path`` had just been read."""
        from brief_builder.sources.library import Reading
        from brief_builder.sources.yaml import YamlDocument

        stored = self._shard(key[:2]).get(key)
        if stored is None:
            return None
        try:
            item_id, display, data, lines, doc_problems, problems, registered, valid = stored
            doc = YamlDocument(path=path, display=display, data=data, lines=lines, problems=doc_problems)
            reading = Reading(item_id, doc, problems, registered, valid)
        except (TypeError, ValueError) as exc:
            LOGGER.warning("source cache entry %s holds an unusable reading (%s); ignored", self.folder, exc)
            return None
        self.used[key[:2]][key] = stored
        return reading

    def put(self, key: str, reading: Reading) -> None:
        doc = reading.doc
        self._shard(key[:2])
        self.used[key[:2]][key] = (
            reading.item_id,
            doc.display,
            doc.data,
            doc.lines,
            doc.problems,
            reading.problems,
            reading.registered,
            reading.valid,
        )
        self.changed.add(key[:2])

    def save(self) -> None:
        """Store the shards whose readings changed, keeping a few earlier readings of the same files
        (an edit undone finds its reading)."""
        for shard, used in self.used.items():
            stored = self.stored[shard]
            shown = {entry[1] for entry in used.values()}
            earlier = [
                (key, entry)
                for key, entry in stored.items()
                if key not in used and isinstance(entry, tuple) and len(entry) > 1 and entry[1] in shown
            ]
            kept = {**used, **dict(earlier[-KEEP_EARLIER:])}
            if shard in self.changed or kept.keys() != stored.keys():
                _store(self.folder / f"{shard}.pickle", kept)


@dataclass(frozen=True)
class SourceCache:
    """The source cache under ``folder`` (the cache folder; entries go in its ``sources/``)."""

    folder: Path

    def readings(self, root: Path) -> Readings:
        return Readings(self.folder / "sources" / f"files-{_folder_key(root)}")

    def digest(self, snapshot: Snapshot, layouts: Sequence[Path], what: Any, depends: str = "") -> str | None:
        """The digest a whole validation of ``snapshot`` depends on (and ``depends``, the digest of
        anything else it read); None when it cannot be trusted."""
        if snapshot.digest is None:
            return None
        parts = [code_key(), snapshot.digest, layouts_digest(layouts), json.dumps(what), depends]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _whole(self, what: Any, root: Path) -> Path:
        """One file per sources folder and question (``validate``, or compile and the briefs asked for)."""
        asked = hashlib.sha256(f"{root.absolute()}\0{json.dumps(what)}".encode()).hexdigest()[:24]
        kind = what if isinstance(what, str) else what[0]
        return self.folder / "sources" / f"{kind}-{asked}.pickle"

    def load(self, what: Any, root: Path, digest: str) -> Any | None:
        """The value stored by ``store`` for the same question with the same ``digest``, else None."""
        stored = _load(self._whole(what, root))
        if not (isinstance(stored, tuple) and len(stored) == 2):
            return None
        return stored[1] if stored[0] == digest else None

    def store(self, what: Any, root: Path, digest: str, value: Any) -> None:
        _store(self._whole(what, root), (digest, value))


def remembered(
    cache: SourceCache | None,
    snapshot: Snapshot,
    layouts: Sequence[Path],
    what: Any,
    expected: type[T],
    compute: Callable[[], T],
    depends: str = "",
) -> T:
    """The value stored for ``what`` while nothing it depends on changed, else ``compute()``, stored.

    ``depends`` is the digest of what ``compute`` reads beyond the snapshot and the layouts.
    Without a cache, or with a snapshot not worth trusting, it is always computed.
    """
    digest = cache.digest(snapshot, layouts, what, depends) if cache is not None else None
    if cache is not None and digest is not None:
        stored = cache.load(what, snapshot.root, digest)
        if isinstance(stored, expected):
            return stored
    value = compute()
    if cache is not None and digest is not None:
        cache.store(what, snapshot.root, digest, value)
    return value


@dataclass(frozen=True)
class Checked:
    """What ``brief validate`` reports: every problem and the number of items of each kind."""

    problems: list[Problem]
    counts: dict[str, int]


def check_sources(project: Project, cache: SourceCache | None) -> Checked:
    """Validate every source and brief, or give the stored result when nothing it depends on changed.

    The validation stage is imported only when it has to run: a stored result is read back
    without the source models, the rules or the layouts.
    """
    snapshot = take_snapshot(project.sources)

    def check() -> Checked:
        from brief_builder.pipeline.editions import translation_problems
        from brief_builder.pipeline.validate import validate

        validation = validate(project, cache=cache, snapshot=snapshot)
        problems = [*validation.problems, *translation_problems(project, validation, cache, snapshot)]
        return Checked(problems=problems, counts=validation.counts)

    from brief_builder.translations.catalog import FOLDER

    # The snapshot holds the YAML sources; the translation files are hashed beside it.
    translations = files_digest([project.sources / FOLDER])
    return remembered(cache, snapshot, project.layouts, "validate", Checked, check, translations)
