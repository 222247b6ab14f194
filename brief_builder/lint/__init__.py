"""Turn a merged brief and its lint settings into the problems of the house rules (``brief lint``).

Each problem reads ``path:line: rule-id: message`` at the field or rule concerned, with the
rule's severity. The rules are pure functions in ``rules.py``; ``config.py`` lays a brief's
``lint:`` mapping over brief.toml's ``[lint]`` table over the rules' defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from brief_builder.errors import Problem
from brief_builder.lint.config import Locate, Setting, apply, defaults
from brief_builder.lint.rules import RULES, SPECS, PageBudget, Subject


def settings_for(
    layers: Iterable[tuple[object, Locate]],
) -> tuple[dict[str, Setting], list[Problem]]:
    """The rules' settings with each ``(raw table, locate)`` laid over the last, and their problems."""
    settings = defaults(SPECS)
    problems: list[Problem] = []
    for raw, locate in layers:
        settings, found = apply(settings, raw, SPECS, locate)
        problems.extend(found)
    return settings, problems


def lint(
    subject: Subject, settings: Mapping[str, Setting], only: Iterable[str] | None = None
) -> list[Problem]:
    """Every finding of the enabled rules (of ``only``, when given) on ``subject``, as Problems."""
    chosen = set(RULES) if only is None else set(only)
    problems = []
    for rule_id, (_, check) in RULES.items():
        setting = settings[rule_id]
        if rule_id not in chosen or not setting.enabled:
            continue
        for where, message in check(subject, setting.options):
            text = f"{where.field}: {message}" if rule_id == "todo" and where.field else message
            problems.append(Problem(where.path, where.line, rule_id, text, setting.level))
    return problems


__all__ = ["RULES", "SPECS", "PageBudget", "Setting", "Subject", "lint", "settings_for"]
