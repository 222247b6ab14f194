"""Turn a layout's name into the Layout: its theme, labels, templates and files, following ``extends``.

A layout is a folder ``layouts/<name>/`` holding ``layout.yaml`` (theme values, labels
per language and, optionally, the section rules of briefs that have none), Jinja2 templates
and the files they use (CSS, fonts, logo). A layout may ``extend`` another: it then inherits
its theme, labels, rules, templates and files and overrides only what it holds itself.
Folders given with ``--layouts`` (or brief.toml's ``layouts``) are searched before the
built-in ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief_builder.errors import Problem, ProblemsError, closest, listed, shortened
from brief_builder.layouts import BUILTIN_LAYOUTS, shown
from brief_builder.layouts.theme import (
    DEFAULTS,
    FILE_KINDS,
    Origin,
    Theme,
    as_text,
    contrast_problems,
    kind_of,
    resolve_theme,
    value_error,
)
from brief_builder.sources.yaml import YamlDocument, read_yaml

LAYOUT_FILE = "layout.yaml"
PAGE_TEMPLATE = "brief.html.jinja"
"""The template of the HTML page (and of the PDF) every layout has or inherits."""
ALLOWED_KEYS = {"description", "extends", "theme", "labels", "sections", "fallback_fonts", "pages"}


@dataclass(frozen=True)
class LayoutKind:
    """What a kind of layout is found by and holds: briefs' layouts, or the downloads page's."""

    file: str
    """The file that makes a folder a layout of this kind."""
    page: str
    """The template every layout of the kind has or inherits."""
    keys: frozenset[str]
    """What that file may hold."""


BRIEF_LAYOUT = LayoutKind(LAYOUT_FILE, PAGE_TEMPLATE, frozenset(ALLOWED_KEYS))
SITE_LAYOUT = LayoutKind("site.yaml", "index.html.jinja", frozenset({"description", "extends"}))
"""The downloads page (``layouts/site/``): ``index.html.jinja`` and the files it uses."""


@dataclass(frozen=True)
class PageRange:
    """``pages: {min: 4, max: 8}`` of a layout.yaml: the page budget ``brief lint`` checks."""

    min: int | None
    max: int | None
    path: str
    """The layout.yaml that sets it, as messages show it."""
    line: int | None


@dataclass(frozen=True)
class Layout:
    """A loaded layout with everything inherited from the layouts it extends."""

    name: str
    folders: tuple[Path, ...]
    """This layout's folder first, then those of the layouts it extends."""
    theme: Mapping[str, Any] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    theme_origins: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)
    """Theme key -> the file and line that set its value."""
    rules: YamlDocument | None = None
    """The ``layout.yaml`` whose ``sections`` are the rules of briefs without any (this layout's,
    or that of the nearest layout it extends that has them); None when no layout has them.
    Plain data, checked when loaded: a stored validation is read back without the models."""
    rules_layout: str | None = None
    """The name of the layout whose file holds ``rules``."""
    kind: LayoutKind = BRIEF_LAYOUT
    fallback_fonts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """ISO 15924 script code (``Hani``, ``Hira``, ``Kana``, ``Hang``) -> the font families that draw
    its characters when the layout's own fonts cannot (``fallback_fonts:`` of ``layout.yaml``)."""
    pages: PageRange | None = None
    """The pages a brief of this layout should take (this layout's, or the nearest it extends)."""

    @property
    def display(self) -> str:
        """This layout's ``layout.yaml`` as messages show it (``layouts/policy-brief/layout.yaml``)."""
        if not self.folders:
            return self.name
        return shown(self.folders[0] / self.kind.file, self.folders[0].parent)

    def problems(self) -> list[Problem]:
        """What keeps the layout from rendering: a missing page template, unusable theme values."""
        problems = []
        if self.find(self.kind.page) is None:
            message = f"expected a {self.kind.page} in the layout or in a layout it extends, got none"
            problems.append(Problem(self.display, None, "", message))
        problems.extend(self.theme_problems(self.theme, self.origin))
        problems.extend(self.contrast_problems(self.theme, self.origin))
        return problems

    def origin(self, key: str) -> Origin:
        """The file and line that set theme value ``key``."""
        return self.theme_origins.get(key, (self.display, None))

    def theme_problems(self, values: Mapping[str, Any], where: Callable[[str], Origin]) -> list[Problem]:
        """What keeps ``values`` (the layout's, or a brief's overrides) from rendering: a value no
        format can read, or a file the layout does not hold."""
        problems = []
        for key, value in values.items():
            message = value_error(key, value)
            name = as_text(value)
            if message is None and kind_of(key) in FILE_KINDS and name and not self.find(name):
                message = f"expected a file of the layout {self.name}, got {name!r}"
            if message is not None:
                path, line = where(key)
                problems.append(Problem(path, line, f"theme.{key}", message))
        return problems

    def contrast_problems(
        self, overrides: Mapping[str, Any], where: Callable[[str], Origin]
    ) -> list[Problem]:
        """Warnings for the text colours below WCAG AA in this layout's theme with ``overrides`` (a
        brief's, or the layout's own values) laid over it, each at the line of an override (of
        this layout's own file rather than of one it extends)."""
        texts = {key: as_text(value) for key, value in {**DEFAULTS, **self.theme, **overrides}.items()}
        return contrast_problems(texts, {key: where(key) for key in overrides}, prefer=self.display)

    def resolve_theme(self, overrides: Mapping[str, Any], overrides_at: Origin) -> Theme:
        """The theme a brief renders with: defaults, then this layout's values, then ``overrides``."""
        return resolve_theme([(self.theme, self.origin), (overrides, lambda key: overrides_at)])

    def labels_for(self, language: str) -> dict[str, str]:
        """Labels in ``language``, falling back to English for any missing one."""
        merged = dict(self.labels.get("en", {}))
        merged.update(self.labels.get(language.split("-")[0], {}))
        merged.update(self.labels.get(language, {}))
        return merged

    def untranslated(self, language: str) -> list[str]:
        """The labels that have no text in ``language`` (nor in its base language) and show in English."""
        if language.split("-")[0] == "en":
            return []
        known = {*self.labels.get(language.split("-")[0], {}), *self.labels.get(language, {})}
        return [key for key in self.labels.get("en", {}) if key not in known]

    def find(self, name: str) -> Path | None:
        """The first file called ``name`` in this layout or the ones it extends."""
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        return None

    def files(self) -> list[Path]:
        """Every file the layout can use, for hashing and for the URL fetcher's allow-list."""
        return sorted(p for folder in self.folders for p in folder.rglob("*") if p.is_file())


def search_path(extra: Sequence[Path] = ()) -> list[Path]:
    """Folders that hold layouts, user folders first."""
    return [*extra, BUILTIN_LAYOUTS]


def available(extra: Sequence[Path] = (), kind: LayoutKind = BRIEF_LAYOUT) -> list[str]:
    """The names of the layouts of ``kind`` in the user folders ``extra`` and the built-in ones."""
    names = {
        p.parent.name for root in search_path(extra) if root.is_dir() for p in root.glob(f"*/{kind.file}")
    }
    return sorted(names)


def unknown_layout(name: str, names: list[str], what: str = "the layouts ") -> str:
    """``expected one of the layouts a, b, got 'x' (did you mean 'a'?)``, the list cut when long."""
    return f"expected one of {what}{listed(names)}, got {shortened(name)!r}{closest(name, names)}"


def load_layout(name: str, extra: Sequence[Path] = (), kind: LayoutKind = BRIEF_LAYOUT) -> Layout:
    """Load layout ``name`` (of ``kind``), following ``extends``; raise ProblemsError on any problem."""
    chain: list[tuple[Path, dict[str, Any], YamlDocument]] = []
    problems: list[Problem] = []
    current: str | None = name
    while current is not None:
        # a layout may extend another of the same name further down the search path
        folder = _find_folder(current, extra, skip=[f for f, _, _ in chain], kind=kind)
        if folder is None:
            names = [f.name for f, _, _ in chain]
            message = (
                f"layouts extend each other in a loop: {' -> '.join([*names, current])}"
                if current in names
                else unknown_layout(current, available(extra, kind), "")
            )
            if chain:  # the file that names it
                problems.append(chain[-1][2].problem(("extends",), message))
            else:
                problems.append(Problem(name, None, "layout", message))
            break
        path = folder / kind.file
        document = read_yaml(path, root=folder.parent, display=shown(path, folder.parent))
        problems.extend(document.problems)
        data = document.data if isinstance(document.data, dict) else {}
        for key in data:
            if key not in kind.keys:
                problems.append(
                    Problem(
                        document.display,
                        document.line_of((key,)),
                        key,
                        f"expected one of {', '.join(sorted(kind.keys))}, got unknown key {key!r}",
                    )
                )
        chain.append((folder, data, document))
        current = data.get("extends")
    rules = next(((folder.name, doc) for folder, data, doc in chain if "sections" in data), None)
    if rules is not None:
        problems.extend(_rule_problems(rules[1]))
    budget = next(((data["pages"], doc) for _, data, doc in chain if "pages" in data), None)
    pages = None
    if budget is not None:
        pages, found = _page_range(*budget)
        problems.extend(found)
    if problems:
        raise ProblemsError(problems)
    theme: dict[str, Any] = {}
    origins: dict[str, tuple[str, int | None]] = {}
    labels: dict[str, dict[str, str]] = {}
    fallbacks: dict[str, tuple[str, ...]] = {}
    for _, data, document in reversed(chain):
        for script, families in _fallback_fonts(data, document, problems).items():
            fallbacks[script] = families
        for key, value in (data.get("theme") or {}).items():
            theme[key] = value
            origins[key] = (document.display, document.line_of(("theme", key)))
        for language, texts in (data.get("labels") or {}).items():
            labels.setdefault(language, {}).update(texts or {})
    if problems:
        raise ProblemsError(problems)
    return Layout(
        name=name,
        folders=tuple(f for f, _, _ in chain),
        theme=theme,
        labels=labels,
        theme_origins=origins,
        rules=rules[1] if rules is not None else None,
        rules_layout=rules[0] if rules is not None else None,
        kind=kind,
        fallback_fonts=fallbacks,
        pages=pages,
    )


def _fallback_fonts(
    data: Mapping[str, Any], document: YamlDocument, problems: list[Problem]
) -> dict[str, tuple[str, ...]]:
    """``fallback_fonts:`` of one layout file: script code -> font families (one name or a list)."""
    import re

    value = data.get("fallback_fonts")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.append(
            document.problem(
                ("fallback_fonts",),
                f"expected a mapping of script codes to font families, got {type(value).__name__}",
            )
        )
        return {}
    found = {}
    for script, families in value.items():
        names = [families] if isinstance(families, str) else families
        if not (isinstance(script, str) and re.fullmatch(r"[A-Z][a-z]{3}", script)):
            problems.append(
                document.problem(
                    ("fallback_fonts", script),
                    f"expected an ISO 15924 script code such as Hani, Hira or Hang, got {script!r}",
                )
            )
        elif (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            problems.append(
                document.problem(
                    ("fallback_fonts", script),
                    f"expected a font family name or a list of them, got {families!r}",
                )
            )
        else:
            found[script] = tuple(n.strip() for n in names)
    return found


def _page_range(value: Any, document: YamlDocument) -> tuple[PageRange | None, list[Problem]]:
    """A layout's ``pages``: a mapping of ``min`` and ``max``, whole numbers of at least 1."""
    from brief_builder.errors import describe

    if not isinstance(value, dict) or not value or set(value) - {"min", "max"}:
        got = describe(value) if not isinstance(value, dict) else f"the keys {', '.join(map(str, value))}"
        message = f"expected a mapping of min and max (pages: {{min: 4, max: 8}}), got {got}"
        return None, [document.problem(("pages",), message)]
    problems = []
    for key, number in value.items():
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            expected = "a whole number of at least 1"
            problems.append(document.problem(("pages", key), f"expected {expected}, got {describe(number)}"))
    low, high = value.get("min"), value.get("max")
    if not problems and low is not None and high is not None and low > high:
        problems.append(document.problem(("pages",), f"expected min <= max, got min {low} and max {high}"))
    if problems:
        return None, problems
    return PageRange(low, high, document.display, document.line_of(("pages",))), []


def _rule_problems(document: YamlDocument) -> list[Problem]:
    """What is wrong with a layout's ``sections``, checked as a brief's are, at their lines."""
    from pydantic import ValidationError

    from brief_builder.sources.messages import validation_problems
    from brief_builder.sources.models import LayoutRules

    try:
        LayoutRules.model_validate({"sections": document.data["sections"]})
    except ValidationError as exc:
        return validation_problems(document, LayoutRules, exc)
    return []


def _find_folder(name: str, extra: Sequence[Path], skip: Sequence[Path], kind: LayoutKind) -> Path | None:
    """A layout's folder; a layout may extend a built-in one of the same name."""
    for root in search_path(extra):
        folder = root / name
        if (folder / kind.file).is_file() and folder.resolve() not in {s.resolve() for s in skip}:
            return folder
    return None
