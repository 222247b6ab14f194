"""Turn the ``[lint]`` table of brief.toml and a brief's ``lint:`` mapping into each rule's settings.

Both are written alike: ``rule-id: off | error | warning`` or a mapping of ``severity`` and
the rule's options (``sentence-length: {max: 30}``). A brief's settings are laid over the
project's, which are laid over the rules' defaults; every unknown rule, option or value is a
problem located by the caller's ``locate`` (a key path and a message in, a Problem out).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from brief_builder.errors import Problem, Severity, describe

OFF = "off"
SEVERITIES = ("error", "warning", OFF)

Locate = Callable[[tuple[str, ...], str], Problem]
"""A key path below the lint table (``("sentence-length", "max")``) and a message -> its Problem."""


@dataclass(frozen=True)
class RuleSpec:
    """What a rule is called, how severe its findings are and the options it reads, by default."""

    id: str
    severity: str
    summary: str
    """One line for the README and ``brief lint --help``: what the rule checks."""
    options: Mapping[str, int | tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Setting:
    """A rule's settings once the project's and the brief's are applied."""

    severity: str
    options: Mapping[str, Any]

    @property
    def enabled(self) -> bool:
        return self.severity != OFF

    @property
    def level(self) -> Severity:
        return Severity.ERROR if self.severity == "error" else Severity.WARNING


def defaults(specs: Mapping[str, RuleSpec]) -> dict[str, Setting]:
    return {rule_id: Setting(spec.severity, dict(spec.options)) for rule_id, spec in specs.items()}


def apply(
    settings: Mapping[str, Setting],
    raw: object,
    specs: Mapping[str, RuleSpec],
    locate: Locate,
) -> tuple[dict[str, Setting], list[Problem]]:
    """``settings`` with those of ``raw`` (a lint table or mapping) laid over them, and its problems.

    A value with a problem leaves the rule's setting as it was.
    """
    result = dict(settings)
    problems: list[Problem] = []
    if raw is None:
        return result, problems
    if not isinstance(raw, Mapping):
        return result, [locate((), f"expected a mapping of rule ids to settings, got {describe(raw)}")]
    for rule_id, value in raw.items():
        spec = specs.get(rule_id)
        if spec is None:
            problems.append(locate((str(rule_id),), _unknown("a rule", str(rule_id), sorted(specs))))
            continue
        current = result[rule_id]
        if value is False or isinstance(value, str):
            severity = OFF if value is False else value
            if severity not in SEVERITIES:
                problems.append(locate((rule_id,), _expected_severity(value)))
                continue
            result[rule_id] = Setting(severity, current.options)
            continue
        if not isinstance(value, Mapping):
            message = (
                f"expected off, error, warning or a mapping of severity and options, got {describe(value)}"
            )
            problems.append(locate((rule_id,), message))
            continue
        severity, options, bad = current.severity, dict(current.options), False
        for name, option in value.items():
            if name == "severity":
                if option is False:
                    option = OFF
                if option not in SEVERITIES:
                    problems.append(locate((rule_id, "severity"), _expected_severity(option)))
                    bad = True
                else:
                    severity = option
            elif name not in spec.options:
                known = ["severity", *sorted(spec.options)]
                problems.append(
                    locate((rule_id, str(name)), _unknown(f"an option of {rule_id}", str(name), known))
                )
                bad = True
            else:
                checked = _option(spec.options[name], option)
                if checked is None:
                    default = spec.options[name]
                    expected = (
                        "a list of words" if isinstance(default, tuple) else "a whole number of at least 0"
                    )
                    problems.append(locate((rule_id, name), f"expected {expected}, got {describe(option)}"))
                    bad = True
                else:
                    options[name] = checked
        if not bad:
            result[rule_id] = Setting(severity, options)
    return result, problems


def _option(default: int | tuple[str, ...], value: object) -> int | tuple[str, ...] | None:
    """``value`` checked against the type of the option's default; None when it does not fit."""
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _expected_severity(value: object) -> str:
    return f"expected one of {', '.join(SEVERITIES)}, got {describe(value)}"


def _unknown(what: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"expected {what} among {', '.join(known)}, got {name!r}{hint}"
