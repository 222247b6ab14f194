"""Read the translations beside the sources (gettext PO files) into a Catalog, every problem located.

The source reader of ``sources/translations/``: one PO file per source item and language,
``translations/<language>/<kind>/<id>.po`` beside ``<kind>/<id>.yaml``, and one
``translations/<language>/terms.po`` for the terms of the whole library. Each entry is
one unit: ``msgctxt`` its key, ``msgid`` the source text it translates, ``msgstr`` the
translation, ``#, fuzzy`` when it needs review. polib parses the files; this module checks
what polib lets through and says where.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from brief_builder.errors import Problem, Severity, relative
from brief_builder.sources.yaml import MAX_BYTES, MB, XML_FORBIDDEN
from brief_builder.translations.fields import ITEM_KINDS, TERMS, parse_key

FOLDER = "translations"
"""The folder of ``sources/`` that holds the translations."""
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""A BCP 47 tag as briefs write it (``fr``, ``de-AT``): the same pattern as ``Brief.language``."""
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
KEYWORD_LINE = re.compile(r"^(?:#~\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
OPEN_STRING = re.compile(r'^"')
BROKEN_STRING = re.compile(
    r"^[ \t]*(?:#~[ \t]*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"
    r'"(?!(?:[^"\\\n]|\\.)*"[ \t]*\r?$)',
    re.M,
)
"""A line whose string is not closed at its end (polib would read it as empty, or not at all)."""


@dataclass(frozen=True)
class Translation:
    """One entry of a PO file: the translation of one unit."""

    key: str
    source: str
    """``msgid``: the source text the translation was made from."""
    text: str
    """``msgstr``: the translation ("" when there is none)."""
    fuzzy: bool
    previous: str | None
    """``#| msgid``: the source text before it changed, when the entry says."""
    path: str
    """The PO file as shown in messages."""
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Catalog:
    """Every translation into one language that was read, by unit key, and what was wrong with the files."""

    root: Path
    """The sources folder."""
    language: str
    translations: dict[str, Translation] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    """Each PO file read -> its text (import rewrites files from these, never from a second read)."""
    problems: list[Problem] = field(default_factory=list)
    _by_source: dict[tuple[str, str], dict[str, Translation]] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def get(self, key: str) -> Translation | None:
        return self.translations.get(key)

    def by_source(self, kind: str, item: str) -> dict[str, Translation]:
        """Source text -> an up-to-date translation of it among one item's units (a field that moved)."""
        cache = self._by_source
        if (kind, item) not in cache:
            prefix = f"{kind}/{item}:"
            cache[(kind, item)] = {
                t.source: t
                for key, t in sorted(self.translations.items())
                if key.startswith(prefix) and t.text and not t.fuzzy
            }
        return cache[(kind, item)]


def language_folder(root: Path, language: str) -> Path:
    return root / FOLDER / language


def po_path(root: Path, language: str, kind: str, item: str) -> Path:
    """Where the translations of one item (or, for kind ``terms``, of the terms) into ``language`` live."""
    if kind == TERMS:
        return language_folder(root, language) / "terms.po"
    return language_folder(root, language) / kind / f"{item}.po"


def catalog_languages(root: Path) -> list[str]:
    """The languages that have a folder under ``sources/translations/``."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


class CatalogCache(Protocol):
    """Where the readings of PO files are kept between runs, by a key of everything they depend on.

    A reading is plain data (tuples of strings and numbers): the source cache's store of
    readings (``pipeline.memo.Readings``: ``key`` mixes in brief-builder's code) can keep them
    as it keeps those of YAML files.
    """

    def key(self, kind: str, display: str, raw: bytes) -> str: ...

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


def read_catalog(
    root: Path,
    language: str,
    items: Iterable[tuple[str, str]] | None = None,
    cache: CatalogCache | None = None,
) -> Catalog:
    """Read the translations into ``language``: every file of its folder, or only those of ``items``.

    ``items`` are ``(kind, id)`` pairs (the owners of the units a build needs); the terms
    file is always read. With a ``cache``, a file whose bytes were read before is not parsed
    again. Problems are collected in the catalog, never raised.
    """
    catalog = Catalog(root=root, language=language)
    folder = language_folder(root, language)
    if not LANGUAGE_TAG.match(language):
        catalog.problems.append(
            Problem(
                relative(folder, root),
                None,
                "",
                f"expected a language tag like fr or de-AT as the folder's name, got {language!r}",
            )
        )
        return catalog
    if not folder.is_dir():
        return catalog
    if items is None:
        paths = _every_file(catalog, folder)
    else:
        wanted = {po_path(root, language, kind, item) for kind, item in items if kind != TERMS}
        paths = [po_path(root, language, TERMS, ""), *sorted(wanted)]
    shown = relative(folder, root)  # each file shows as its language folder's path and its own
    for path in paths:
        display = f"{shown}/{path.relative_to(folder).as_posix()}"
        try:
            size = path.stat().st_size
            raw = path.read_bytes() if size <= MAX_BYTES else None
        except FileNotFoundError:
            continue
        except OSError as exc:
            catalog.problems.append(Problem(display, None, "", f"cannot read the file: {exc.strerror}"))
            continue
        if raw is None:
            message = f"expected a file of at most {MAX_BYTES / MB:.0f} MB, got {size / MB:.1f} MB"
            catalog.problems.append(Problem(display, None, "", message))
            continue
        key = cache.key(f"translations/{language}", display, raw) if cache is not None else ""
        reading = cache.get(key) if cache is not None else None
        if not _usable(reading):
            reading = parse_file(display, raw, language, _owner(path))
            if cache is not None:
                cache.put(key, reading)
        translations, problems, text = reading
        catalog.problems.extend(Problem(*problem) for problem in problems)
        for values in translations:
            translation = Translation(*values)
            catalog.translations[translation.key] = translation
        if text is not None:
            catalog.texts[path] = text
    return catalog


Reading = tuple[list[tuple], list[tuple], "str | None"]
"""What parsing one PO file gives, as plain tuples: its translations, its problems, and its text
(None when it cannot be parsed: import then refuses to rewrite it)."""


def _usable(reading: Any) -> bool:
    return isinstance(reading, tuple) and len(reading) == 3 and isinstance(reading[0], list)


def _every_file(catalog: Catalog, folder: Path) -> list[Path]:
    paths: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir() and child.name in ITEM_KINDS:
            for path in sorted(child.iterdir()):
                if path.name.startswith("."):
                    continue
                if path.suffix == ".po" and path.is_file():
                    paths.append(path)
                else:
                    message = f"expected a .po file, got {path.name!r}; ignored"
                    catalog.problems.append(_warning(catalog, path, message))
        elif child.name == "terms.po" and child.is_file():
            paths.insert(0, child)
        else:
            expected = f"terms.po or one of the folders {', '.join(ITEM_KINDS)}"
            message = f"expected {expected}, got {child.name!r}; ignored"
            catalog.problems.append(_warning(catalog, child, message))
    return paths


def _warning(catalog: Catalog, path: Path, message: str) -> Problem:
    return Problem(relative(path, catalog.root), None, "", message, Severity.WARNING)


def _owner(path: Path) -> tuple[str, str]:
    """``(kind, id)`` whose units a PO file holds (``("terms", "")`` for terms.po)."""
    if path.name == "terms.po":
        return TERMS, ""
    return path.parent.name, path.stem


def parse_file(display: str, raw: bytes, language: str, owner: tuple[str, str]) -> Reading:
    """Parse the bytes of one PO file of ``language`` holding the units of ``owner`` (``(kind, id)``)."""
    import polib

    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(display, line, "", f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x}"))
        return [], _plain(problems), None
    lines = text.splitlines()
    if BROKEN_STRING.search(text):
        problems.extend(Problem(display, line, "", message) for line, message in unterminated(lines))
        return [], _plain(problems), None
    try:
        # polib takes a string without a line break for a file name: give it one
        po = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=0, encoding="utf-8")
    except (OSError, ValueError) as exc:
        return [], _plain([syntax_problem(display, str(exc))]), None
    problems.extend(_header_problems(po.metadata, display, language))
    starts = [n for n, line in enumerate(lines, 1) if line.startswith(("msgctxt ", "msgid "))]
    seen: dict[str, int] = {}
    covered: set[int] = set()
    translations: list[Translation] = []
    for entry in po:
        if entry.obsolete:
            continue
        # polib gives the line an entry starts on (its first comment); messages point at
        # its msgctxt, or at its msgid when it has none.
        index = bisect.bisect_left(starts, max(entry.linenum, 1))
        line = starts[index] if index < len(starts) else max(entry.linenum, 1)
        if index < len(starts):
            covered.add(starts[index])
            if lines[starts[index] - 1].startswith("msgctxt ") and index + 1 < len(starts):
                covered.add(starts[index + 1])
        translation = _entry(entry, display, line, owner, seen, problems)
        if translation is not None:
            translations.append(translation)
    header = next((n for n in starts if lines[n - 1].strip() == 'msgid ""'), None) if po.metadata else None
    for n in starts:
        if n not in covered and n != header and lines[n - 1].startswith("msgid "):
            message = "expected an entry with msgid and msgstr, got an incomplete one"
            problems.append(Problem(display, n, "msgid", message))
    return (
        [(t.key, t.source, t.text, t.fuzzy, t.previous, t.path, t.line) for t in translations],
        _plain(problems),
        text,
    )


def _plain(problems: list[Problem]) -> list[tuple]:
    return [(p.path, p.line, p.field, p.message, p.severity, p.column) for p in problems]


def unterminated(lines: list[str]) -> list[tuple[int, str]]:
    """Lines whose string does not end where it should (polib would read them as empty)."""
    found = []
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        match = KEYWORD_LINE.match(stripped)
        value = match[2].strip() if match else (stripped if OPEN_STRING.match(stripped) else None)
        if value is None:
            continue
        if not QUOTED.fullmatch(value):
            found.append((n, f'expected a string in double quotes (with \\" inside), got {value[:40]!r}'))
    return found


def syntax_problem(display: str, message: str) -> Problem:
    match = re.search(r"\(line (\d+)\)(?::\s*(.*))?", message)
    if match is None:
        return Problem(display, None, "", f"expected a gettext PO file, got an error: {message}")
    detail = match[2] or "a line that is not a comment, keyword or string"
    return Problem(display, int(match[1]), "", f"expected a gettext PO file, got {detail}")


def _header_problems(metadata: dict[str, str], display: str, language: str) -> list[Problem]:
    problems = []
    declared = metadata.get("Language", "").strip()
    if declared and declared.replace("_", "-").lower() != language.lower():
        message = f"expected {language!r} (the language of the folder), got {declared!r}"
        problems.append(Problem(display, 1, "Language", message))
    charset = re.search(r"charset=([\w-]+)", metadata.get("Content-Type", ""))
    if charset and charset[1].lower().replace("-", "") != "utf8":
        message = f"expected charset=UTF-8, got charset={charset[1]}"
        problems.append(Problem(display, 1, "Content-Type", message))
    return problems


def _entry(
    entry: Any,
    display: str,
    line: int,
    owner: tuple[str, str],
    seen: dict[str, int],
    problems: list[Problem],
) -> Translation | None:
    """The translation one PO entry holds, or None (its problem added) when it cannot be used."""
    key = entry.msgctxt
    if not key:
        message = "expected the unit key (like practices/<id>:<field>), got nothing"
        problems.append(Problem(display, line, "msgctxt", message))
        return None
    parsed = parse_key(key)
    if isinstance(parsed, str):
        problems.append(Problem(display, line, "msgctxt", parsed))
        return None
    kind, item = owner
    if parsed.kind != kind or (kind != TERMS and parsed.item != item):
        expected = "a term (terms/<vocabulary>:<term>)" if kind == TERMS else f"a unit of {kind}/{item}"
        problems.append(Problem(display, line, "msgctxt", f"expected {expected} in this file, got {key!r}"))
        return None
    if entry.msgid_plural:
        message = "expected one msgstr per unit, got plural forms"
        problems.append(Problem(display, line, "msgid_plural", message))
        return None
    if key in seen:
        message = f"expected each unit once, got {key!r} again (first on line {seen[key]})"
        problems.append(Problem(display, line, "msgctxt", message))
        return None
    seen[key] = line
    text = entry.msgstr
    forbidden = XML_FORBIDDEN.findall(text)
    if forbidden:
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in forbidden}))
        message = f"removed {len(forbidden)} character(s) no document can hold ({codes})"
        problems.append(Problem(display, line, "msgstr", message, Severity.WARNING))
        text = XML_FORBIDDEN.sub("", text)
    return Translation(
        key=key,
        source=entry.msgid.strip(),
        text=text.strip(),
        fuzzy="fuzzy" in entry.flags,
        previous=entry.previous_msgid or None,
        path=display,
        line=line,
    )
